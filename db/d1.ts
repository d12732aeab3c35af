import type { D1Database } from '@cloudflare/workers-types/latest/index.js';
import type { BatchItem } from 'drizzle-orm/batch';
import { drizzle } from 'drizzle-orm/d1';
import type { Database, Db } from './database.js';
import * as schema from './schema/index.js';

/**
 * The database on Cloudflare D1. D1 has no interactive transactions, so `atomic` is one `batch([...])`: D1 runs a
 * batch as a single transaction, all or none. Migrations are not applied here: `wrangler d1 migrations apply`
 * does it from the same drizzle-kit folder (db/migrations) before a deploy.
 */
export function openD1Database(binding: D1Database): Database {
  const db = drizzle(binding as never, { schema });
  return {
    db: db as unknown as Db,
    async atomic(queries) {
      const [first, ...rest] = queries as unknown as BatchItem<'sqlite'>[];
      if (first) await db.batch([first, ...rest]);
    },
  };
}
