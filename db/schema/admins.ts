import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export type AdminRole = 'owner' | 'editor' | 'coordinator' | 'viewer';

/** People who sign in to the admin panel (institute staff, ministry, municipal coordinators). */
export const admins = sqliteTable('admins', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  /** PBKDF2-SHA256 via WebCrypto, so the same hash verifies on Workers. */
  passwordHash: text('password_hash').notNull(),
  role: text('role').$type<AdminRole>().notNull(),
  municipalityIds: text('municipality_ids', { mode: 'json' }).$type<number[]>().notNull(),
  createdAt: integer('created_at').notNull(),
  disabledAt: integer('disabled_at'),
});
