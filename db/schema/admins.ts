import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export type AdminRole = 'owner' | 'editor' | 'coordinator' | 'viewer';

/** People who sign in to the admin panel (institute staff, ministry, municipal coordinators). */
export const admins = sqliteTable('admins', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  name: text('name'),
  /** PBKDF2-SHA256 via WebCrypto, so the same hash verifies on Workers. */
  passwordHash: text('password_hash').notNull(),
  role: text('role').$type<AdminRole>().notNull(),
  /** For coordinators: the municipalities they may see and change. Empty for the other roles (they see all). */
  municipalityIds: text('municipality_ids', { mode: 'json' }).$type<number[]>().notNull(),
  createdAt: integer('created_at').notNull(),
  passwordChangedAt: integer('password_changed_at'),
  disabledAt: integer('disabled_at'),
});

/** A signed-in browser. The cookie carries a random token; only its SHA-256 is stored, so the table leaks no sessions. */
export const adminSessions = sqliteTable(
  'admin_sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tokenHash: text('token_hash').notNull().unique(),
    adminId: integer('admin_id')
      .notNull()
      .references(() => admins.id),
    /** Sent back in every form; a request whose token differs is refused (CSRF). */
    csrfToken: text('csrf_token').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    revokedAt: integer('revoked_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('admin_sessions_admin').on(t.adminId)],
);

/** Recent sign-in failures, to slow down guessing per account and per address. */
export const loginFailures = sqliteTable(
  'login_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** 'email:<address>' or 'ip:<address>'. */
    key: text('key').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('login_failures_key_at').on(t.key, t.at)],
);

/** Every change an admin makes: who, when, what, before and after. Append-only: the panel never edits it. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    adminId: integer('admin_id'),
    /** Kept as text so the entry stays readable after the account is gone. */
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    /** The municipality the change concerns, so coordinators see the entries of their own. */
    municipalityId: integer('municipality_id'),
    before: text('before', { mode: 'json' }).$type<Record<string, unknown> | null>(),
    after: text('after', { mode: 'json' }).$type<Record<string, unknown> | null>(),
  },
  (t) => [index('audit_log_at').on(t.at), index('audit_log_entity').on(t.entity, t.entityId)],
);

/** Bearer tokens for /api/v1, each with a role and scope like an admin. Only the SHA-256 is stored. */
export const apiTokens = sqliteTable('api_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  role: text('role').$type<AdminRole>().notNull(),
  municipalityIds: text('municipality_ids', { mode: 'json' }).$type<number[]>().notNull(),
  createdBy: integer('created_by').notNull(),
  createdAt: integer('created_at').notNull(),
  lastUsedAt: integer('last_used_at'),
  revokedAt: integer('revoked_at'),
});
