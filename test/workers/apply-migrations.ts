import { applyD1Migrations, env } from 'cloudflare:test';

// Applies only what is missing, so running it for every test file is safe.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
