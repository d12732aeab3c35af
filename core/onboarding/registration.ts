import { and, eq, gte, inArray, isNull, like, lt, not, sql } from 'drizzle-orm';
import { z } from 'zod';
import { admins, conversationState, deliveries, people } from '../../db/schema/index.js';
import type { PendingQuery } from '../../db/database.js';
import type { Locale } from '../../locales/translator.js';
import { assertCanWrite, assertInScope, type Actor } from '../admins/access.js';
import type { Core } from '../core.js';
import { DomainError, invalidInput, parseInput } from '../errors.js';
import { escapeHtml } from '../text/html.js';
import { messengerChannels } from '../vocabulary/channels.js';
import { enqueueDeliveries } from '../deliveries/outbox.js';
import { hasAnyContact, hasContact, linkContact, personByContact } from '../directory/contacts.js';
import { coordinatorsOf, getPerson, hasRole, type Person } from '../directory/people.js';
import { getMunicipality, getSchool, searchKey } from '../directory/places.js';
import { personRoles, subjects } from '../directory/vocabulary.js';
import { findUsableInvite, giveInviteUseBack, takeInviteUse } from './invites.js';
import { auditEntryWhere } from '../admins/audit.js';
import { sendWhatIsStillOpen } from '../directory/reachable.js';
import { shortPersonName } from '../words/words.js';

/** A full name as people write it: at least two words of letters (Cyrillic or Latin), hyphens, dots, apostrophes. */
export const fullNameSchema = z
  .string()
  .trim()
  .transform((s) => s.replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .min(5, 'too-short')
      .max(120, 'too-long')
      .regex(/^[\p{L}][\p{L}.'’-]*( [\p{L}][\p{L}.'’-]*)+$/u, 'not-a-name'),
  );

export const registrationSchema = z.object({
  /** Where the person registers from: the messenger, their user id there and the private chat. */
  contact: z.object({ channel: z.enum(messengerChannels), userId: z.string().min(1).max(64), chatId: z.string().min(1).max(64) }),
  language: z.enum(['ru', 'en']),
  municipalityId: z.number().int().positive(),
  schoolId: z.number().int().positive().nullable(),
  role: z.enum(personRoles),
  subjects: z.array(z.enum(subjects)),
  fullName: fullNameSchema,
  /** The invite code when the person came by an invite link: then no approval is needed. */
  inviteCode: z.string().optional(),
});
export type Registration = z.input<typeof registrationSchema>;

/**
 * Stores a person who has consented and answered every question. By invite: active at once.
 * Otherwise pending, and the municipality's coordinators are asked in the bot to approve.
 */
export async function submitRegistration(core: Core, input: Registration): Promise<Person> {
  const r = parseInput(registrationSchema, input);
  const existing = await personByContact(core, r.contact.channel, r.contact.userId);
  if (existing && existing.status !== 'rejected') throw new DomainError('already-registered');

  let inviteId: number | null = null;
  let { municipalityId, schoolId, role } = r;
  if (r.inviteCode) {
    const invite = await findUsableInvite(core, r.inviteCode);
    if (!(await takeInviteUse(core, invite.id))) throw new DomainError('invite-used-up');
    inviteId = invite.id;
    role = invite.role as typeof role;
    schoolId = invite.schoolId;
    municipalityId = invite.municipalityId ?? municipalityId;
  }
  if (schoolId !== null) {
    const school = await getSchool(core, schoolId);
    if (!school) throw invalidInput('schoolId', 'no-such-school');
    municipalityId = school.municipalityId;
  }

  const now = core.clock.now();
  const values = {
    fullName: r.fullName,
    searchName: searchKey(r.fullName),
    roles: [role],
    municipalityId,
    schoolId,
    subjects: role === 'teacher' ? r.subjects : [],
    language: r.language,
    status: inviteId === null ? ('pending' as const) : ('active' as const),
    consentAt: now,
    consentVersion: core.config.consentVersion,
    inviteId,
    decidedAt: inviteId === null ? null : now,
    decidedBy: inviteId === null ? null : `invite:${inviteId}`,
    decisionReason: null,
    updatedAt: now,
  };
  // The same person may already be in the directory from an admin's import (no contact yet): fill that row in.
  const row = existing ?? (await findImportedPerson(core, values.searchName, schoolId, municipalityId));
  let person: Person | undefined;
  try {
    person = row
      ? await core.database.db.update(people).set(values).where(eq(people.id, row.id)).returning().get()
      : await core.database.db
          .insert(people)
          .values({ ...values, createdAt: now })
          .returning()
          .get();
  } catch (error) {
    if (inviteId !== null) await giveInviteUseBack(core, inviteId);
    throw error;
  }
  if (!person) throw new DomainError('not-found');
  await linkContact(core, person.id, r.contact.channel, r.contact.userId, r.contact.chatId);
  if (person.status === 'pending') await askCoordinators(core, person);
  if (person.status === 'active') await sendWhatIsStillOpen(core, person.id);
  return person;
}

async function findImportedPerson(core: Core, searchName: string, schoolId: number | null, municipalityId: number | null): Promise<Person | undefined> {
  return core.database.db
    .select()
    .from(people)
    .where(
      and(
        eq(people.status, 'imported'),
        not(hasAnyContact(people.id)),
        eq(people.searchName, searchName),
        schoolId === null
          ? and(isNull(people.schoolId), municipalityId === null ? isNull(people.municipalityId) : eq(people.municipalityId, municipalityId))
          : eq(people.schoolId, schoolId),
      ),
    )
    .get();
}

/** Callback data of the approval buttons, shared by the message the core sends and the bot that reads it. */
export const approvalAction = {
  encode: (personId: number, approve: boolean) => `appr:${personId}:${approve ? 'ok' : 'no'}`,
  pattern: /^appr:(\d+):(ok|no)$/,
};

const approvalRequestPurpose = 'registration.approval-request';

async function askCoordinators(core: Core, applicant: Person): Promise<void> {
  if (applicant.municipalityId === null) return;
  const coordinators = await coordinatorsOf(core, applicant.municipalityId);
  const summary = await describePerson(core, applicant);
  await enqueueDeliveries(
    core,
    coordinators.map((c) => ({
      personId: c.id,
      purpose: approvalRequestPurpose,
      dedupeKey: `approval-request:${applicant.id}:${applicant.updatedAt}:${c.id}`,
      priority: 1,
      message: {
        html: core.translate(c.language, 'approval-request', summary(c.language)),
        buttons: [
          [
            { text: core.translate(c.language, 'approval-approve'), action: approvalAction.encode(applicant.id, true) },
            { text: core.translate(c.language, 'approval-reject'), action: approvalAction.encode(applicant.id, false) },
          ],
        ],
      },
    })),
  );
}

/** The words that describe an applicant in a coordinator's language (escaped for Telegram HTML). */
export async function describePerson(core: Core, person: Person) {
  const school = person.schoolId === null ? undefined : await getSchool(core, person.schoolId);
  const municipality = person.municipalityId === null ? undefined : await getMunicipality(core, person.municipalityId);
  return (locale: Locale) => ({
    name: escapeHtml(person.fullName ?? '—'),
    role: person.roles.map((role) => core.translate(locale, `role-${role}`)).join(', '),
    school: escapeHtml(school?.shortName ?? '—'),
    municipality: escapeHtml(municipality?.name ?? '—'),
    subjects: person.subjects.length ? person.subjects.map((s) => core.translate(locale, `subject-${s}`)).join(', ') : '—',
  });
}

/**
 * Who decides on a registration:
 * - `person`: a coordinator in the bot, for their own municipality only;
 * - `admin`: an admin or API token in the panel: a writing role, the applicant in scope, a reason to reject, audited;
 * - `operator`: whoever runs the server's CLI: no scope, recorded in `decidedBy` only.
 */
export type Decider = { kind: 'person'; person: Person } | { kind: 'admin'; actor: Actor } | { kind: 'operator'; label: string };

/** A decision's reason as it is stored and shown to the person. Admins must give one to reject. */
export const decisionReasonSchema = z.string().trim().min(1, 'reason-required').min(3, 'reason-too-short').max(500, 'reason-too-long');

/**
 * Approves or rejects a pending registration, once: the first decision wins, a second gets `already-decided`.
 * A coordinator in the bot decides only for their own municipality; an admin only in their scope and with a writing role.
 * The person is told the outcome in the bot, in their language.
 */
export async function decideRegistration(core: Core, input: { personId: number; approve: boolean; decider: Decider; reason?: string }): Promise<Person> {
  const { decider } = input;
  if (decider.kind === 'admin') assertCanWrite(decider.actor);
  const applicant = await getPerson(core, input.personId);
  if (!applicant) throw new DomainError('not-found');
  if (decider.kind === 'person') {
    const d = decider.person;
    if (d.status !== 'active' || !hasRole(d, 'coordinator') || d.municipalityId === null || d.municipalityId !== applicant.municipalityId) {
      throw new DomainError('not-allowed');
    }
  }
  if (decider.kind === 'admin') assertInScope(decider.actor, applicant.municipalityId);
  const reason = input.approve
    ? null
    : decider.kind === 'admin' || (input.reason !== undefined && input.reason.trim() !== '')
      ? parseInput(z.object({ reason: decisionReasonSchema }), { reason: input.reason ?? '' }).reason
      : null;
  if (applicant.status !== 'pending') throw new DomainError('already-decided');

  const now = core.clock.now();
  const status = input.approve ? ('active' as const) : ('rejected' as const);
  const decidedBy = decider.kind === 'person' ? `person:${decider.person.id}` : decider.kind === 'admin' ? decider.actor.label : decider.label;
  const stillPending = and(eq(people.id, applicant.id), eq(people.status, 'pending'));
  const queries: PendingQuery[] = [];
  if (decider.kind === 'admin') {
    // Before the update, on the same condition: written only if this decision is the one that takes effect.
    queries.push(
      auditEntryWhere(
        core,
        decider.actor,
        {
          action: input.approve ? 'registration.approve' : 'registration.reject',
          entity: 'person',
          entityId: applicant.id,
          municipalityId: applicant.municipalityId,
          before: { status: 'pending' },
          after: { status, reason },
        },
        sql`exists (select 1 from ${people} where ${stillPending})`,
      ),
    );
  }
  queries.push(core.database.db.update(people).set({ status, decidedAt: now, decidedBy, decisionReason: reason, updatedAt: now }).where(stillPending));
  await core.database.atomic(queries);
  const decided = await getPerson(core, applicant.id);
  // Someone else decided between our read and our write.
  if (!decided || decided.status !== status || decided.decidedAt !== now || decided.decidedBy !== decidedBy) throw new DomainError('already-decided');

  if (await hasContact(core, decided.id)) {
    const lang = decided.language;
    await enqueueDeliveries(core, [
      {
        personId: decided.id,
        // A rejected person is no longer "reachable", but the rejection itself must reach them.
        despiteStatus: true,
        purpose: 'registration.decision',
        dedupeKey: `registration-decision:${decided.id}:${now}`,
        priority: 1,
        message: {
          html: input.approve
            ? core.translate(lang, 'registration-approved')
            : core.translate(lang, 'registration-rejected', { reason: escapeHtml(reason ?? '—') }),
        },
      },
    ]);
  }
  await showVerdictToCoordinators(core, decided, decider, applicant.consentAt ?? 0);
  if (input.approve) await sendWhatIsStillOpen(core, decided.id);
  return decided;
}

/**
 * The coordinators' requests follow the decision, wherever it was taken: one not sent yet is called off; one sent is
 * edited through the outbox (Telegram may be down) to lose its buttons and say who decided what. The coordinator who
 * pressed a button in the bot has their own copy edited by the bot at once. `since` is when this application was
 * made, so the requests of an earlier one (rejected, then sent again) are left as they are.
 */
async function showVerdictToCoordinators(core: Core, decided: Person, decider: Decider, since: number): Promise<void> {
  const { db } = core.database;
  const ofThis = and(
    eq(deliveries.purpose, approvalRequestPurpose),
    like(deliveries.dedupeKey, `approval-request:${decided.id}:%`),
    gte(deliveries.createdAt, since),
    decider.kind === 'person' ? sql`${deliveries.personId} is not ${decider.person.id}` : undefined,
  );
  await db
    .update(deliveries)
    .set({ status: 'skipped', error: 'decided' })
    .where(and(ofThis, eq(deliveries.status, 'pending')));
  const requests = await db
    .select({ id: deliveries.id, channel: deliveries.channel, chatId: deliveries.chatId, personId: deliveries.personId, message: deliveries.message })
    .from(deliveries)
    .where(and(ofThis, inArray(deliveries.status, ['sending', 'sent'])));
  if (requests.length === 0) return;
  const readers = await db
    .select({ id: people.id, language: people.language })
    .from(people)
    .where(
      inArray(
        people.id,
        requests.flatMap((r) => (r.personId === null ? [] : [r.personId])),
      ),
    );
  const who = await deciderName(core, decider);
  const where = decider.kind === 'person' ? 'bot' : decider.kind === 'admin' ? (decider.actor.kind === 'token' ? 'api' : 'panel') : 'other';
  await enqueueDeliveries(
    core,
    requests.map((r) => {
      const language = readers.find((p) => p.id === r.personId)?.language ?? 'ru';
      const verdict = [core.translate(language, 'approval-verdict', { approved: decided.status === 'active' ? 'yes' : 'no', where, who: escapeHtml(who) })];
      if (decided.decisionReason) verdict.push(core.translate(language, 'approval-verdict-reason', { reason: escapeHtml(decided.decisionReason) }));
      // The edit goes where the request went, whatever the coordinator's preferred contact is now.
      return {
        channel: r.channel,
        chatId: r.chatId,
        personId: r.personId,
        purpose: 'registration.approval-verdict',
        // Under the request's own prefix: erasing the applicant empties these too.
        dedupeKey: `approval-request:${decided.id}:verdict:${r.id}`,
        priority: 1,
        message: { html: [r.message.html, '', ...verdict].join('\n'), editOf: r.id },
      };
    }),
  );
}

/** Who decided, as coordinators know them: «Иванова И. И.» (an admin's e-mail when the account has no name). */
async function deciderName(core: Core, decider: Decider): Promise<string> {
  if (decider.kind === 'person') return shortPersonName(decider.person.fullName ?? '—');
  if (decider.kind === 'operator') return decider.label;
  if (decider.actor.kind === 'token') return decider.actor.label;
  const admin = await core.database.db.select({ name: admins.name }).from(admins).where(eq(admins.id, decider.actor.id)).get();
  return admin?.name ? shortPersonName(admin.name) : decider.actor.label;
}

/** Registrations abandoned half-way hold answers of someone who never finished: forget them after a week. */
export async function forgetAbandonedConversations(core: Core, olderThan: number): Promise<number> {
  const rows = await core.database.db.delete(conversationState).where(lt(conversationState.updatedAt, olderThan)).returning({ key: conversationState.key });
  return rows.length;
}
