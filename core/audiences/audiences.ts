import { and, count, desc, eq, gt, inArray, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { municipalities, people, schools } from '../../db/schema/index.js';
import { scopeWhere, type Scope } from '../admins/access.js';
import type { Core } from '../core.js';
import { hasActiveContact } from '../directory/contacts.js';
import { personRoles, subjects } from '../directory/vocabulary.js';
import { subscribedToAny } from './subscribed.js';

/**
 * Who something is for, as a rule over the directory (not a snapshot): evaluated each time it is used, so a person
 * who registers later and matches is included. Each list narrows the audience; an empty or omitted list means "any".
 * Events use it now; broadcasts, confirmations and surveys reuse the same type.
 */
export const audienceRuleSchema = z.object({
  roles: z.array(z.enum(personRoles)).max(personRoles.length).optional(),
  municipalityIds: z.array(z.number().int().positive()).max(90).optional(),
  schoolTags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  schoolIds: z.array(z.number().int().positive()).max(90).optional(),
  subjects: z.array(z.enum(subjects)).max(subjects.length).optional(),
  /** Subscribers of any of these topics (their own choice, or their role's default). Without it a message is required. */
  topicIds: z.array(z.number().int().positive()).max(20).optional(),
});
export type AudienceRule = z.infer<typeof audienceRuleSchema>;

export interface AudienceMember {
  id: number;
  language: 'ru' | 'en';
  timezone: string | null;
  municipalityId: number | null;
}

function anyOf(values: readonly unknown[] | undefined): boolean {
  return values !== undefined && values.length > 0;
}

/** The SQL of a rule within a scope: active people who consented (152-ФЗ) and have a messenger contact that is not blocked. */
export function audienceConditions(rule: AudienceRule, scope: Scope = { all: true }): SQL[] {
  const c: SQL[] = [eq(people.status, 'active'), isNotNull(people.consentAt), hasActiveContact(people.id)];
  const inScope = scopeWhere(scope, people.municipalityId);
  if (inScope) c.push(inScope);
  if (anyOf(rule.municipalityIds)) c.push(inArray(people.municipalityId, rule.municipalityIds!));
  if (anyOf(rule.schoolIds)) c.push(inArray(people.schoolId, rule.schoolIds!));
  if (anyOf(rule.roles)) c.push(sql`exists (select 1 from json_each(${people.roles}) where value in ${rule.roles!})`);
  if (anyOf(rule.subjects)) c.push(sql`exists (select 1 from json_each(${people.subjects}) where value in ${rule.subjects!})`);
  if (anyOf(rule.schoolTags)) {
    c.push(sql`exists (select 1 from ${schools}, json_each(${schools.tags}) where ${schools.id} = ${people.schoolId} and value in ${rule.schoolTags!})`);
  }
  if (anyOf(rule.topicIds)) c.push(subscribedToAny(rule.topicIds!));
  return c;
}

/** How many people the rule reaches now (the live count an admin sees while composing). */
export async function countAudience(core: Core, rule: AudienceRule, scope: Scope = { all: true }): Promise<number> {
  const row = await core.database.db
    .select({ n: count() })
    .from(people)
    .where(and(...audienceConditions(rule, scope)))
    .get();
  return row?.n ?? 0;
}

/** One recipient as the panel lists them: who they are and where, not how to reach them. */
export interface AudienceRecipient {
  id: number;
  fullName: string | null;
  roles: string[];
  schoolName: string | null;
  municipalityName: string | null;
}

/**
 * The people behind a live count, newest first, a page at a time (keyset: `before` is the last id of the previous
 * page). The same conditions as `countAudience`, so the list and the figure agree.
 */
export async function listAudienceRecipients(
  core: Core,
  rule: AudienceRule,
  scope: Scope,
  options: { before?: number; pageSize?: number } = {},
): Promise<{ rows: AudienceRecipient[]; total: number; nextBefore: number | null }> {
  const pageSize = options.pageSize ?? 50;
  const conditions = audienceConditions(rule, scope);
  const [rows, total] = await Promise.all([
    core.database.db
      .select({ id: people.id, fullName: people.fullName, roles: people.roles, schoolName: schools.shortName, municipalityName: municipalities.name })
      .from(people)
      .leftJoin(schools, eq(schools.id, people.schoolId))
      .leftJoin(municipalities, eq(municipalities.id, people.municipalityId))
      .where(and(...conditions, options.before ? lt(people.id, options.before) : undefined))
      .orderBy(desc(people.id))
      .limit(pageSize + 1),
    countAudience(core, rule, scope),
  ]);
  const page = rows.slice(0, pageSize);
  return { rows: page, total, nextBefore: rows.length > pageSize ? page[page.length - 1]!.id : null };
}

const memberColumns = {
  id: people.id,
  language: people.language,
  timezone: people.timezone,
  municipalityId: people.municipalityId,
};

/** The people the rule reaches now, in id order. */
export async function resolveAudience(core: Core, rule: AudienceRule, scope: Scope = { all: true }): Promise<AudienceMember[]> {
  const rows = await core.database.db
    .select(memberColumns)
    .from(people)
    .where(and(...audienceConditions(rule, scope)))
    .orderBy(people.id);
  return rows;
}

/**
 * The same people in pages of `pageSize`, by id (keyset: each page starts after the last id of the one before), so a
 * broadcast to a whole region never holds its audience in memory at once.
 */
export async function* audiencePages(core: Core, rule: AudienceRule, scope: Scope = { all: true }, pageSize = 2000): AsyncGenerator<AudienceMember[]> {
  const conditions = audienceConditions(rule, scope);
  for (let after = 0; ; ) {
    const rows = await core.database.db
      .select(memberColumns)
      .from(people)
      .where(and(gt(people.id, after), ...conditions))
      .orderBy(people.id)
      .limit(pageSize);
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** One person as the rule reaches them now, or undefined when it does not (a late registration). */
export async function audienceMember(core: Core, rule: AudienceRule, personId: number, scope: Scope = { all: true }): Promise<AudienceMember | undefined> {
  const row = await core.database.db
    .select(memberColumns)
    .from(people)
    .where(and(eq(people.id, personId), ...audienceConditions(rule, scope)))
    .get();
  return row;
}

/** Whether one person matches the rule now (a deep link or a late registration). */
export async function inAudience(core: Core, rule: AudienceRule, personId: number, scope: Scope = { all: true }): Promise<boolean> {
  return (await audienceMember(core, rule, personId, scope)) !== undefined;
}
