import { z } from 'zod';
import { isValidTimezone } from '../core/directory/vocabulary.js';

/**
 * A token of the right shape where there is no real one: the sandbox's fake Telegram, or MAX alone (grammY's bot
 * still serves the panel's Telegram parts, and nothing is sent to Telegram with it).
 */
export const placeholderBotToken = '1000000001:sandbox-token-not-for-telegram';

const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

/** Every setting the product reads from the environment, with its default. `.env.example` documents each. */
export const configSchema = z
  .object({
    BOT_TOKEN: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .regex(/^\d+:[\w-]{20,}$/, 'must look like 123456:ABC… as BotFather gives it')
        .optional(),
    ),
    TELEGRAM_API_ROOT: z.url({ message: 'must be a URL such as https://api.telegram.org' }).default('https://api.telegram.org'),
    TELEGRAM_PROXY: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .url({ message: 'must be a proxy URL such as http://proxy.example.ru:3128' })
        .refine((v) => /^https?:/.test(v), 'must be an http:// or https:// proxy URL (user:password@ allowed)')
        .optional(),
    ),
    /** The MAX bot's token (business.max.ru → Чат-боты → Интеграция); absent: no MAX. */
    MAX_BOT_TOKEN: optionalText.pipe(
      z
        .string()
        .regex(/^[\w.:-]{20,512}$/, 'must be the token MAX gives the bot (letters, digits, - _ . :; no spaces)')
        .optional(),
    ),
    MAX_API_ROOT: z.url({ message: 'must be a URL such as https://platform-api2.max.ru' }).default('https://platform-api2.max.ru'),
    /** MAX sends it back in X-Max-Bot-Api-Secret with every update, so the webhook knows the caller is MAX. */
    MAX_WEBHOOK_SECRET: optionalText.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16–256 characters of A–Z, a–z, 0–9, _ and -')
        .optional(),
    ),
    /** MAX allows about 30 requests a second (not in its schema): the MAX pacer's rate. */
    MAX_SEND_RATE_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(30),
    DATABASE_PATH: z.string().min(1).default('./data/mayak.db'),
    ADMIN_PORT: z.coerce.number({ message: 'must be a port number' }).int().min(1).max(65535).default(8080),
    PUBLIC_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ message: 'must be a URL such as https://mayak.example.ru' }).optional()),
    WEBHOOK_SECRET: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16–256 characters of A–Z, a–z, 0–9, _ and -')
        .optional(),
    ),
    COOKIE_SECURE: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
        .transform((v) => v === 'true' || v === '1' || v === 'yes')
        .optional(),
    ),
    DEFAULT_TIMEZONE: z.string().refine(isValidTimezone, 'must be an IANA time zone such as Europe/Moscow').default('Europe/Moscow'),
    ADMIN_EMAIL: optionalText.pipe(z.email({ message: 'must be an e-mail address' }).optional()),
    ADMIN_PASSWORD: optionalText.pipe(z.string().min(10, 'must be at least 10 characters').optional()),
    OPERATOR_NAME: z.string().min(1).default('Оператор персональных данных (укажите в OPERATOR_NAME)'),
    PRIVACY_POLICY_URL: z.url({ message: 'must be a URL of the personal data policy' }).default('https://example.org/privacy'),
    CONSENT_VERSION: z.string().min(1).default('1'),
    /** Behind a reverse proxy: take the client's address for the login limits from X-Forwarded-For. */
    TRUST_PROXY: z
      .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
      .default('false')
      .transform((v) => v === 'true' || v === '1'),
    /**
     * Telegram allows 30 a second, up to 1,000 with paid broadcasts; above that only a fake Bot API answers (the
     * bench lifts the limit past 1,000 to show the engine's own ceiling).
     */
    SEND_RATE_PER_SECOND: z.coerce.number().int().min(1).max(5000).default(30),
    BACKUP_DIR: optionalText,
    BACKUP_KEY: optionalText.pipe(z.string().min(16, 'must be at least 16 characters (a long random phrase; keep a copy away from the server)').optional()),
    BACKUP_INTERVAL_HOURS: z.coerce
      .number({ message: 'must be a number of hours (0 turns scheduled backups off)' })
      .min(0)
      .max(24 * 7)
      .default(24),
    /** Peppers admin passwords; kept outside the database so a copy of it alone cannot be guessed at. */
    PASSWORD_PEPPER: optionalText.pipe(
      z.string().min(32, 'must be at least 32 characters (a long random secret; changing it invalidates every password)').optional(),
    ),
    METRICS_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'must be one of fatal, error, warn, info, debug, trace, silent' })
      .default('info'),
  })
  // A MAX-only deployment has a PUBLIC_URL for MAX's webhook and no Telegram secret.
  .refine((c) => (c.MAX_BOT_TOKEN !== undefined && c.BOT_TOKEN === undefined) || (c.PUBLIC_URL === undefined) === (c.WEBHOOK_SECRET === undefined), {
    message: 'PUBLIC_URL and WEBHOOK_SECRET go together: set both for webhook mode, or neither for long polling',
    path: ['WEBHOOK_SECRET'],
  })
  .refine((c) => c.MAX_BOT_TOKEN === undefined || (c.PUBLIC_URL !== undefined && c.MAX_WEBHOOK_SECRET !== undefined), {
    message: 'MAX_BOT_TOKEN needs PUBLIC_URL and MAX_WEBHOOK_SECRET: MAX delivers updates to a webhook (long polling is unfit for production)',
    path: ['MAX_WEBHOOK_SECRET'],
  })
  .refine((c) => (c.ADMIN_EMAIL === undefined) === (c.ADMIN_PASSWORD === undefined), {
    message: 'ADMIN_EMAIL and ADMIN_PASSWORD go together',
    path: ['ADMIN_PASSWORD'],
  });

export type Config = z.infer<typeof configSchema>;

/**
 * Whether the session cookie gets `Secure`: said outright by COOKIE_SECURE (TLS in front of long polling, where
 * PUBLIC_URL stays empty), else when the panel's public address is https.
 */
export function cookiesSecure(config: Config): boolean {
  return config.COOKIE_SECURE ?? config.PUBLIC_URL?.startsWith('https:') ?? false;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Reads the environment; on failure returns one line per bad or missing value, naming it. */
export function readConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return { ok: true, config: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`) };
}
