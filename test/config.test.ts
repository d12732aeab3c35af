import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../runtime/config.js';

describe('configuration from the environment', () => {
  it('has working defaults', () => {
    const result = readConfig({});
    expect(result).toMatchObject({
      ok: true,
      config: { DATABASE_PATH: './data/mayak.db', ADMIN_PORT: 8080, DEFAULT_TIMEZONE: 'Europe/Moscow', TELEGRAM_API_ROOT: 'https://api.telegram.org' },
    });
  });

  it('names every bad value in one line each', () => {
    const result = readConfig({
      BOT_TOKEN: 'nonsense',
      ADMIN_PORT: 'eighty',
      DEFAULT_TIMEZONE: 'Europe/Atlantis',
      PUBLIC_URL: 'https://x.ru',
      ADMIN_EMAIL: 'not-an-email',
      ADMIN_PASSWORD: 'short',
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^BOT_TOKEN: must look like/),
        'ADMIN_PORT: must be a port number',
        expect.stringMatching(/^DEFAULT_TIMEZONE: must be an IANA time zone/),
        expect.stringMatching(/^ADMIN_EMAIL: must be an e-mail/),
        expect.stringMatching(/^ADMIN_PASSWORD: must be at least 10/),
      ]),
    );
  });

  it('reads TELEGRAM_PROXY and COOKIE_SECURE, naming a bad value', async () => {
    const { cookiesSecure } = await import('../runtime/config.js');
    const good = readConfig({ TELEGRAM_PROXY: 'http://user:secret@proxy.example.ru:3128', COOKIE_SECURE: 'true' });
    expect(good).toMatchObject({ ok: true, config: { TELEGRAM_PROXY: 'http://user:secret@proxy.example.ru:3128', COOKIE_SECURE: true } });
    expect(good.ok && cookiesSecure(good.config)).toBe(true);
    const https = readConfig({ PUBLIC_URL: 'https://mayak.example.ru', WEBHOOK_SECRET: 'a-secret-of-16-chars' });
    expect(https.ok && cookiesSecure(https.config)).toBe(true);
    const plain = readConfig({});
    expect(plain.ok && cookiesSecure(plain.config)).toBe(false);
    const bad = readConfig({ TELEGRAM_PROXY: 'socks5://proxy:1080', COOKIE_SECURE: 'maybe' });
    expect(bad.ok ? [] : bad.problems).toEqual([
      expect.stringMatching(/^TELEGRAM_PROXY: must be an http:\/\/ or https:\/\/ proxy URL/),
      'COOKIE_SECURE: must be true or false',
    ]);
  });

  it('takes a send rate above the 1,000 a second of Telegram paid broadcasts (a fake Bot API, the bench) but not a runaway one', () => {
    expect(readConfig({ SEND_RATE_PER_SECOND: '1200' })).toMatchObject({ ok: true, config: { SEND_RATE_PER_SECOND: 1200 } });
    const result = readConfig({ SEND_RATE_PER_SECOND: '50000' });
    expect(result.ok ? [] : result.problems).toEqual([expect.stringMatching(/^SEND_RATE_PER_SECOND: /)]);
  });

  it('requires PUBLIC_URL and WEBHOOK_SECRET together', () => {
    const result = readConfig({ PUBLIC_URL: 'https://mayak.example.ru' });
    expect(result.ok ? [] : result.problems).toEqual([expect.stringMatching(/^WEBHOOK_SECRET: PUBLIC_URL and WEBHOOK_SECRET go together/)]);
  });

  it('reads MAX: a token needs PUBLIC_URL and MAX_WEBHOOK_SECRET; MAX alone needs no Telegram secret', () => {
    expect(readConfig({})).toMatchObject({ ok: true, config: { MAX_API_ROOT: 'https://platform-api2.max.ru', MAX_SEND_RATE_PER_SECOND: 30 } });
    const alone = readConfig({
      MAX_BOT_TOKEN: 'f9LHodD0cOI-max-token-of-the-bot',
      PUBLIC_URL: 'https://mayak.example.ru',
      MAX_WEBHOOK_SECRET: 'a-max-secret-16-chars',
    });
    expect(alone).toMatchObject({ ok: true, config: { MAX_BOT_TOKEN: 'f9LHodD0cOI-max-token-of-the-bot' } });
    expect(alone.ok && alone.config.BOT_TOKEN).toBeUndefined();
    const noWebhook = readConfig({ MAX_BOT_TOKEN: 'f9LHodD0cOI-max-token-of-the-bot' });
    expect(noWebhook.ok ? [] : noWebhook.problems).toEqual([
      expect.stringMatching(/^MAX_WEBHOOK_SECRET: MAX_BOT_TOKEN needs PUBLIC_URL and MAX_WEBHOOK_SECRET/),
    ]);
    const bad = readConfig({ MAX_BOT_TOKEN: 'short token', MAX_WEBHOOK_SECRET: 'x' });
    expect(bad.ok ? [] : bad.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^MAX_BOT_TOKEN: must be the token/), expect.stringMatching(/^MAX_WEBHOOK_SECRET: must be 16–256/)]),
    );
  });

  it('npm start with a bad value exits with code 1 and a clear line, no stack trace', () => {
    const root = join(import.meta.dirname, '..');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'runtime/node.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, ADMIN_PORT: '99999', DEFAULT_TIMEZONE: 'Mars/Base' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('config: ADMIN_PORT');
    expect(run.stderr).toContain('config: DEFAULT_TIMEZONE: must be an IANA time zone');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
