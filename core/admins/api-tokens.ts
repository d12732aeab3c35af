import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { admins, apiTokens, municipalities, type AdminRole } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { DomainError, invalidInput, parseInput } from '../errors.js';
import { auditEntryWhere } from './audit.js';
import { assertOwner, type Actor } from './access.js';
import { randomToken, sha256 } from './tokens.js';

export type ApiToken = typeof apiTokens.$inferSelect;

export const adminRoles = ['owner', 'editor', 'coordinator', 'viewer'] as const satisfies readonly AdminRole[];

/** Every token starts with this, so secret scanners and people can tell one in a log or a repository. */
export const apiTokenPrefix = 'mayak_';

/** `lastUsedAt` is written at most this often: most requests only read. */
const lastUsedResolutionMs = 60_000;

export const newApiTokenSchema = z
  .object({
    /** Shown in the audit log as "api:<name>", so it names the system that uses the token. */
    name: z.string().trim().min(2).max(60),
    role: z.enum(adminRoles),
    /** Only for coordinators: the municipalities the token may see and change. */
    municipalityIds: z.array(z.coerce.number().int().positive()).default([]),
  })
  .refine((v) => v.role !== 'coordinator' || v.municipalityIds.length > 0, { message: 'token-needs-municipality', path: ['municipalityIds'] });
export type NewApiToken = z.input<typeof newApiTokenSchema>;

/**
 * Issues a bearer token for /api/v1 (owners only). The secret is returned here and nowhere else: only its SHA-256
 * is stored, so whoever loses it makes a new one. Names are unique, since they are how the audit log tells tokens apart.
 */
export async function createApiToken(core: Core, actor: Actor, input: NewApiToken): Promise<{ token: string; record: ApiToken }> {
  assertOwner(actor);
  const valid = parseInput(newApiTokenSchema, input);
  const { db } = core.database;
  const municipalityIds = valid.role === 'coordinator' ? [...new Set(valid.municipalityIds)] : [];
  if (municipalityIds.length) {
    const known = await db.select({ id: municipalities.id }).from(municipalities).where(inArray(municipalities.id, municipalityIds));
    if (known.length !== municipalityIds.length) throw invalidInput('municipalityIds', 'no-such-municipality');
  }
  if (await db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.name, valid.name)).get()) throw invalidInput('name', 'token-name-taken');
  const token = `${apiTokenPrefix}${randomToken(32)}`;
  const tokenHash = await sha256(token);
  await core.database.atomic([
    db.insert(apiTokens).values({ name: valid.name, tokenHash, role: valid.role, municipalityIds, createdBy: actor.id, createdAt: core.clock.now() }),
    auditEntryWhere(core, actor, {
      action: 'api-token.create',
      entity: 'api-token',
      // The id the insert above assigns; neither the token nor its hash goes into the log.
      entityId: sql`select cast(${apiTokens.id} as text) from ${apiTokens} where ${apiTokens.tokenHash} = ${tokenHash}`,
      after: { name: valid.name, role: valid.role, municipalityIds },
    }),
  ]);
  const record = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash)).get();
  if (!record) throw new DomainError('not-found');
  return { token, record };
}

/** Stops a token at once (owners only). Revoking a revoked token changes nothing. */
export async function revokeApiToken(core: Core, actor: Actor, id: number): Promise<ApiToken> {
  assertOwner(actor);
  const { db } = core.database;
  const token = await db.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
  if (!token) throw new DomainError('not-found');
  if (token.revokedAt !== null) return token;
  const now = core.clock.now();
  const live = and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt));
  await core.database.atomic([
    // Before the update, on the same condition: two owners revoking at once leave one entry.
    auditEntryWhere(
      core,
      actor,
      {
        action: 'api-token.revoke',
        entity: 'api-token',
        entityId: id,
        before: { name: token.name, revokedAt: null },
        after: { name: token.name, revokedAt: now },
      },
      sql`exists (select 1 from ${apiTokens} where ${live})`,
    ),
    db.update(apiTokens).set({ revokedAt: now }).where(live),
  ]);
  return { ...token, revokedAt: now };
}

/** Every token, newest first, with the e-mail of the owner who made it (owners only). */
export async function listApiTokens(core: Core, actor: Actor): Promise<{ token: ApiToken; createdByEmail: string | null }[]> {
  assertOwner(actor);
  return core.database.db
    .select({ token: apiTokens, createdByEmail: admins.email })
    .from(apiTokens)
    .leftJoin(admins, eq(admins.id, apiTokens.createdBy))
    .orderBy(desc(apiTokens.id));
}

/** The actor behind a bearer token, or undefined for an unknown or revoked one. Notes the use, at most once a minute. */
export async function actorFromBearer(core: Core, token: string): Promise<Actor | undefined> {
  if (!token || token.length > 200) return undefined;
  const { db } = core.database;
  const row = await db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, await sha256(token)))
    .get();
  if (!row || row.revokedAt !== null) return undefined;
  const now = core.clock.now();
  if (row.lastUsedAt === null || now - row.lastUsedAt >= lastUsedResolutionMs) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return { kind: 'token', id: row.id, label: `api:${row.name}`, role: row.role, municipalityIds: row.municipalityIds };
}
