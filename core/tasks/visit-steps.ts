import { z } from 'zod';
import type { Locale, TranslateArgs } from '../../locales/translator.js';
import type { Core } from '../core.js';
import type { Person } from '../directory/people.js';
import { personZone } from '../directory/zones.js';
import { DomainError } from '../errors.js';
import { escapeHtml } from '../text/html.js';
import { offsetAt } from '../time/time.js';
import type { MessageButton, OutgoingMessage } from '../vocabulary/message.js';
import { visitKinds, type VisitKind } from '../vocabulary/tasks.js';
import { clearPrompt, currentPrompt, setPrompt } from './prompts.js';
import { curatedSchools, recordVisit } from './visits.js';

/**
 * A curator's /visit, the same on every messenger: school (from their list) → date (today by default) → kind →
 * short result → optional photo. Each step is stored (a prompt row), so a restart half-way continues at the same
 * step; a button of an earlier step is answered as outdated, not taken for this one. The adapters only carry the
 * messages here to the chat and the presses and answers back.
 */

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Steps of /visit: `vis:go` (start), `vis:s:<schoolId>`, `vis:d:<YYYY-MM-DD>`, `vis:k:<kind>`, `vis:p:skip`. */
const visitSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('go') }),
  z.object({ step: z.literal('s'), value: id }),
  z.object({ step: z.literal('d'), value: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  z.object({ step: z.literal('k'), value: z.enum(visitKinds) }),
  z.object({ step: z.literal('p'), value: z.literal('skip') }),
]);
export type VisitButtonAction = z.infer<typeof visitSchema>;

export const visitButton = {
  pattern: /^vis:/,
  encode: (step: VisitButtonAction['step'], value?: string | number) => (value === undefined ? `vis:${step}` : `vis:${step}:${value}`),
  parse(data: string | undefined): VisitButtonAction | undefined {
    const [, step, value, extra] = (data ?? '').split(':');
    if (extra !== undefined) return undefined;
    const parsed = visitSchema.safeParse(value === undefined ? { step } : { step, value });
    return parsed.success ? parsed.data : undefined;
  },
};

type Draft = { step: 'school' | 'date' | 'kind' | 'result' | 'photo'; schoolId?: number; visitedOn?: string; kind?: VisitKind; result?: string };

const day = 86_400_000;

/** A local day in the curator's zone, `days` before the instant. */
function localDay(now: number, zone: string, daysBack = 0): string {
  const at = now - daysBack * day;
  return new Date(at + offsetAt(at, zone)).toISOString().slice(0, 10);
}

/** "12.03" or "12.03.2026" as YYYY-MM-DD (the year of `today` when omitted); null if no such day or in the future. */
export function typedDate(text: string, today: string): string | null {
  const m = /^(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?$/.exec(text);
  if (!m) return null;
  const year = m[3] ?? today.slice(0, 4);
  const iso = `${year}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  const check = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== iso || iso > today) return null;
  return iso;
}

/** Who answers, where, in which language: what every step needs of the adapter. */
export interface VisitTurn {
  core: Core;
  person: Person;
  chatId: number | string;
  locale: Locale;
}

function say(turn: VisitTurn, key: string, args?: TranslateArgs, buttons?: MessageButton[][]): OutgoingMessage {
  return { html: escapeHtml(turn.core.translate(turn.locale, key, args)), ...(buttons ? { buttons } : {}) };
}

const button = (turn: VisitTurn, key: string, action: string): MessageButton => ({ text: turn.core.translate(turn.locale, key), action });

/** /visit or «Записать посещение»: the curator's schools to choose from, or why there are none (not a curator). */
export async function beginVisit(turn: VisitTurn): Promise<OutgoingMessage> {
  const { core, person } = turn;
  const schools = person.status === 'active' ? await curatedSchools(core, person.id) : [];
  if (schools.length === 0) return say(turn, 'visit-no-schools');
  await setPrompt(core, person.id, turn.chatId, 'visit', { step: 'school' } satisfies Draft);
  return say(
    turn,
    'visit-ask-school',
    undefined,
    schools.slice(0, 40).map((s) => [{ text: s.shortName, action: visitButton.encode('s', s.id) }]),
  );
}

async function askDate(turn: VisitTurn): Promise<OutgoingMessage> {
  const zone = await personZone(turn.core, turn.person);
  const now = turn.core.clock.now();
  return say(turn, 'visit-ask-date', undefined, [
    [
      button(turn, 'visit-today', visitButton.encode('d', localDay(now, zone))),
      button(turn, 'visit-yesterday', visitButton.encode('d', localDay(now, zone, 1))),
    ],
  ]);
}

function askKind(turn: VisitTurn): OutgoingMessage {
  const buttons = visitKinds.map((k) => button(turn, `visit-kind-${k}`, visitButton.encode('k', k)));
  const pairs = Array.from({ length: Math.ceil(buttons.length / 2) }, (_, i) => buttons.slice(i * 2, i * 2 + 2));
  return say(turn, 'visit-ask-kind', undefined, pairs);
}

async function draftOf(turn: VisitTurn): Promise<Draft | undefined> {
  const prompt = await currentPrompt(turn.core, turn.person.id, turn.chatId);
  return prompt?.kind === 'visit' ? (prompt.payload as Draft) : undefined;
}

async function save(turn: VisitTurn, draft: Draft, photoFileId: string | null): Promise<OutgoingMessage> {
  const { core, person } = turn;
  try {
    const visit = await recordVisit(core, person, {
      schoolId: draft.schoolId!,
      visitedOn: draft.visitedOn!,
      kind: draft.kind!,
      result: draft.result!,
      photoFileId,
    });
    await clearPrompt(core, person.id);
    const school = (await curatedSchools(core, person.id)).find((s) => s.id === visit.schoolId);
    const words = { school: escapeHtml(school?.shortName ?? ''), date: visit.visitedOn.split('-').reverse().join('.') };
    return { html: core.translate(turn.locale, 'visit-saved', words) };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await clearPrompt(core, person.id);
    return say(turn, `error-${error.code}`);
  }
}

const stepOf = { s: 'school', d: 'date', k: 'kind', p: 'photo' } as const;

/**
 * A step's button: the next question, or 'outdated' when no visit waits at that step (an earlier step's button, a
 * visit saved or cancelled since). «Записать посещение» (`vis:go`) starts anew.
 */
export async function visitPressed(turn: VisitTurn, action: VisitButtonAction): Promise<OutgoingMessage | 'outdated'> {
  if (action.step === 'go') return beginVisit(turn);
  const { core, person, chatId } = turn;
  const draft = await draftOf(turn);
  if (!draft || stepOf[action.step] !== draft.step) return 'outdated';
  switch (action.step) {
    case 's': {
      if (!(await curatedSchools(core, person.id)).some((s) => s.id === action.value)) return say(turn, 'error-not-allowed');
      await setPrompt(core, person.id, chatId, 'visit', { ...draft, step: 'date', schoolId: action.value });
      return askDate(turn);
    }
    case 'd':
      await setPrompt(core, person.id, chatId, 'visit', { ...draft, step: 'kind', visitedOn: action.value });
      return askKind(turn);
    case 'k':
      await setPrompt(core, person.id, chatId, 'visit', { ...draft, step: 'result', kind: action.value });
      return say(turn, 'visit-ask-result');
    case 'p':
      return save(turn, draft, null);
  }
}

/**
 * A message while a visit waits for one: a date as ДД.ММ or ДД.ММ.ГГГГ, the result, the photo (the messenger's
 * file reference). Anything else gets the step's hint again. Null when no visit waits: the message is for others.
 */
export async function visitAnswered(turn: VisitTurn, input: { text?: string; photo?: string }): Promise<OutgoingMessage | null> {
  const { core, person, chatId } = turn;
  if (input.text?.startsWith('/')) return null;
  const draft = await draftOf(turn);
  if (!draft) return null;
  const text = input.text?.trim();
  switch (draft.step) {
    case 'date': {
      const date = text ? typedDate(text, localDay(core.clock.now(), await personZone(core, person))) : null;
      if (!date) return say(turn, 'visit-bad-date');
      await setPrompt(core, person.id, chatId, 'visit', { ...draft, step: 'kind', visitedOn: date });
      return askKind(turn);
    }
    case 'result': {
      if (!text || text.length < 2) return say(turn, 'visit-ask-result');
      await setPrompt(core, person.id, chatId, 'visit', { ...draft, step: 'photo', result: text.slice(0, 1000) });
      return say(turn, 'visit-ask-photo', undefined, [[button(turn, 'visit-skip-photo', visitButton.encode('p', 'skip'))]]);
    }
    case 'photo':
      return input.photo ? save(turn, draft, input.photo) : say(turn, 'visit-photo-only');
    default:
      return say(turn, 'visit-press-button');
  }
}
