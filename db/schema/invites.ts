import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { municipalities, schools } from './directory.js';

/** A deep-link code that binds a role to a school or municipality; registering through it needs no approval. */
export const invites = sqliteTable('invites', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** At least 128 random bits, base64url. */
  code: text('code').notNull().unique(),
  role: text('role').notNull(),
  municipalityId: integer('municipality_id').references(() => municipalities.id),
  schoolId: integer('school_id').references(() => schools.id),
  maxUses: integer('max_uses').notNull(),
  uses: integer('uses').notNull().default(0),
  expiresAt: integer('expires_at').notNull(),
  revokedAt: integer('revoked_at'),
  createdBy: text('created_by').notNull(),
  createdAt: integer('created_at').notNull(),
});
