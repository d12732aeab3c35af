import { and, eq, gt, isNull, lte } from 'drizzle-orm';
import { z } from 'zod';
import { eventParticipants, people, surveyParticipants, surveys } from '../../db/schema/index.js';
import { inAudience, resolveAudience, type AudienceMember, type AudienceRule } from '../audiences/audiences.js';
import type { Core } from '../core.js';
import { hasAnyContact, hasContact } from '../directory/contacts.js';
import type { MessageButton, OutgoingMessage } from '../vocabulary/message.js';
import { enqueueDeliveries, type NewDelivery } from '../deliveries/outbox.js';
import { zoneResolver } from '../directory/zones.js';
import { formatInstant } from '../time/time.js';
import { escapeHtml } from '../text/html.js';
import type { Locale } from '../../locales/translator.js';
import { closeSurveyNow, getSurvey, listQuestions, surveyAudienceScope, type Survey } from './surveys.js';
import { explainRequired } from '../subscriptions/required-note.js';
import type { Question } from './questions.js';

/** Callback data of the invitation's buttons: `sv:<id>:go|later` (validated in bot/callback-data/surveys.ts). */
export const surveyAction = (surveyId: number, action: 'go' | 'later') => `sv:${surveyId}:${action}`;

function buttons(core: Core, survey: Survey, locale: Locale, started: boolean): MessageButton[][] {
  return [
    [
      { text: core.translate(locale, started ? 'survey-button-continue' : 'survey-button-start'), action: surveyAction(survey.id, 'go') },
      { text: core.translate(locale, 'survey-button-later'), action: surveyAction(survey.id, 'later') },
    ],
  ];
}

/**
 * The invitation: what the survey is, how long, until when; «Начать» / «Позже». With questions asked only after some
 * answers it says «до 6», the number the first question's counter starts from («Вопрос 1 из 6»).
 */
export function invitationMessage(
  core: Core,
  survey: Survey,
  questions: readonly Pick<Question, 'condition'>[],
  locale: Locale,
  zone: string,
): OutgoingMessage {
  const t = (key: string, args?: Record<string, string | number>) => core.translate(locale, key, args);
  const lines = [t('survey-invitation-head'), `<b>${escapeHtml(survey.title)}</b>`];
  if (survey.intro) lines.push('', escapeHtml(survey.intro));
  const facts = { count: questions.length, upTo: questions.some((q) => q.condition) ? 'yes' : 'no', until: formatInstant(survey.closesAt, zone, locale) };
  lines.push('', t('survey-invitation-facts', facts));
  if (survey.anonymous) lines.push(t('survey-invitation-anonymous'));
  return { html: lines.join('\n'), buttons: buttons(core, survey, locale, false), noPreview: true };
}

export function reminderMessage(core: Core, survey: Survey, locale: Locale, zone: string, started: boolean): OutgoingMessage {
  const html = core.translate(locale, started ? 'survey-reminder-started' : 'survey-reminder', {
    title: escapeHtml(survey.title),
    until: formatInstant(survey.closesAt, zone, locale),
  });
  return { html, buttons: buttons(core, survey, locale, started), noPreview: true };
}

/** The people a survey is for now: its audience, or, for feedback on an event, those who were going to it. */
async function surveyAudience(core: Core, survey: Survey): Promise<AudienceMember[]> {
  if (survey.eventId === null) return resolveAudience(core, survey.audience as AudienceRule, surveyAudienceScope(survey));
  const rows = await core.database.db
    .select({
      id: people.id,
      language: people.language,
      timezone: people.timezone,
      municipalityId: people.municipalityId,
      attended: eventParticipants.attended,
    })
    .from(eventParticipants)
    .innerJoin(people, eq(people.id, eventParticipants.personId))
    .where(and(eq(eventParticipants.eventId, survey.eventId), eq(eventParticipants.status, 'going'), eq(people.status, 'active'), hasAnyContact(people.id)));
  // Those who said they did not come are not asked about it.
  return rows.flatMap((r) => (r.attended === false ? [] : [{ id: r.id, language: r.language, timezone: r.timezone, municipalityId: r.municipalityId }]));
}

const isOpen = (survey: Survey | undefined, now: number): survey is Survey =>
  !!survey && survey.status === 'published' && survey.opensAt <= now && now < survey.closesAt;

function invitation(
  core: Core,
  survey: Survey,
  questions: readonly Pick<Question, 'condition'>[],
  p: Pick<AudienceMember, 'id' | 'language'>,
  zone: string,
  now: number,
): NewDelivery {
  return {
    personId: p.id,
    purpose: 'survey-invitation',
    dedupeKey: `survey:${survey.id}:invite:${p.id}`,
    priority: 9,
    notBefore: now,
    sendBy: survey.closesAt,
    message: invitationMessage(core, survey, questions, p.language, zone),
  };
}

const payloadSchema = z.object({ surveyId: z.number().int(), hours: z.number().int().optional() });

/**
 * When a survey opens: each person of its audience gets the invitation once (the delivery's key), in their waking
 * hours, and is marked invited (the reminders and /surveys go by it). Safe to run twice.
 */
export async function inviteAudience(core: Core, payload: Record<string, unknown>, now: number): Promise<number> {
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) return 0;
  const survey = await getSurvey(core, parsed.data.surveyId);
  if (!isOpen(survey, now)) return 0;
  const audience = await surveyAudience(core, survey);
  return invite(core, survey, audience, now);
}

async function invite(core: Core, survey: Survey, audience: AudienceMember[], now: number): Promise<number> {
  if (audience.length === 0) return 0;
  const { db } = core.database;
  const questions = await listQuestions(core, survey.id);
  const statements = [];
  for (let i = 0; i < audience.length; i += 25) {
    statements.push(
      db
        .insert(surveyParticipants)
        .values(audience.slice(i, i + 25).map((p) => ({ surveyId: survey.id, personId: p.id, invitedAt: now })))
        .onConflictDoNothing(),
    );
  }
  await core.database.atomic(statements);
  const done = new Set(
    (
      await db
        .select({ personId: surveyParticipants.personId })
        .from(surveyParticipants)
        .where(and(eq(surveyParticipants.surveyId, survey.id), gt(surveyParticipants.doneAt, 0)))
    ).map((r) => r.personId),
  );
  const zoneOf = await zoneResolver(core);
  const items = audience.flatMap((p) => (done.has(p.id) ? [] : [invitation(core, survey, questions, p, zoneOf(p), now)]));
  await enqueueDeliveries(core, survey.eventId === null ? await explainRequired(core, survey.audience as AudienceRule, 'survey', items) : items);
  return items.length;
}

/** A reminder round: to those the survey is for who have not finished it (started or not), once per planned hour. */
export async function remindUnfinished(core: Core, payload: Record<string, unknown>, now: number): Promise<number> {
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success || parsed.data.hours === undefined) return 0;
  const survey = await getSurvey(core, parsed.data.surveyId);
  if (!isOpen(survey, now)) return 0;
  const { db } = core.database;
  const marks = new Map((await db.select().from(surveyParticipants).where(eq(surveyParticipants.surveyId, survey.id))).map((p) => [p.personId, p]));
  const zoneOf = await zoneResolver(core);
  const items: NewDelivery[] = [];
  for (const p of await surveyAudience(core, survey)) {
    const mark = marks.get(p.id);
    if (mark?.doneAt) continue;
    const zone = zoneOf(p);
    items.push({
      personId: p.id,
      purpose: 'survey-reminder',
      dedupeKey: `survey:${survey.id}:remind:${parsed.data.hours}:${p.id}`,
      priority: 6,
      notBefore: now,
      sendBy: survey.closesAt,
      message: reminderMessage(core, survey, p.language, zone, !!mark?.responseId),
    });
  }
  await enqueueDeliveries(core, items);
  return items.length;
}

export async function closeSurveyJob(core: Core, payload: Record<string, unknown>, now: number): Promise<void> {
  const parsed = payloadSchema.safeParse(payload);
  const survey = parsed.success ? await getSurvey(core, parsed.data.surveyId) : undefined;
  if (survey && survey.status === 'published' && now >= survey.closesAt) await closeSurveyNow(core, survey.id);
}

/**
 * An audience is a rule: a person who becomes active later gets the invitations of the open surveys whose audience
 * now matches them (like announceOpenEventsTo for events). Safe to call for anyone at any time.
 */
export async function inviteToOpenSurveys(core: Core, personId: number): Promise<number> {
  const { db } = core.database;
  const now = core.clock.now();
  const person = await db.select().from(people).where(eq(people.id, personId)).get();
  if (!person || person.status !== 'active' || person.consentAt === null || !(await hasContact(core, personId))) return 0;
  const open = await db
    .select({ survey: surveys })
    .from(surveys)
    .leftJoin(surveyParticipants, and(eq(surveyParticipants.surveyId, surveys.id), eq(surveyParticipants.personId, personId)))
    .where(and(eq(surveys.status, 'published'), lte(surveys.opensAt, now), gt(surveys.closesAt, now), isNull(surveys.eventId), isNull(surveyParticipants.id)))
    .limit(100);
  let sent = 0;
  for (const { survey } of open) {
    if (!(await inAudience(core, survey.audience as AudienceRule, personId, surveyAudienceScope(survey)))) continue;
    sent += await invite(core, survey, [{ id: person.id, language: person.language, timezone: person.timezone, municipalityId: person.municipalityId }], now);
  }
  return sent;
}
