import { Composer, InlineKeyboard } from 'grammy';
import { DomainError } from '../../core/errors.js';
import { personZone } from '../../core/directory/zones.js';
import { offsetAt } from '../../core/time/time.js';
import { escapeHtml } from '../../core/text/html.js';
import { clearPrompt, currentPrompt, setPrompt } from '../../core/tasks/prompts.js';
import { curatedSchools, recordVisit } from '../../core/tasks/visits.js';
import { visitKinds, type VisitKind } from '../../core/vocabulary/tasks.js';
import { visitButton, type VisitButtonAction } from '../callback-data/tasks.js';
import type { BotContext } from '../context.js';

/**
 * /visit (and the button under /tasks): a curator records a visit, school (from their list) → date (today by
 * default) → kind → short result → optional photo. Each step is stored (a prompt row), so a restart half-way
 * continues at the same step; a button of an earlier step is answered, not taken for this one.
 */
export const visitsFeature = new Composer<BotContext>();

type Draft = { step: 'school' | 'date' | 'kind' | 'result' | 'photo'; schoolId?: number; visitedOn?: string; kind?: VisitKind; result?: string };

const day = 86_400_000;

/** A local day in the curator's zone, `days` before the instant. */
function localDay(now: number, zone: string, daysBack = 0): string {
  const at = now - daysBack * day;
  return new Date(at + offsetAt(at, zone)).toISOString().slice(0, 10);
}

async function start(ctx: BotContext): Promise<void> {
  const person = ctx.person;
  if (!person) {
    await ctx.reply(ctx.t('not-registered'));
    return;
  }
  const schools = person.status === 'active' ? await curatedSchools(ctx.core, person.id) : [];
  if (schools.length === 0) {
    await ctx.reply(ctx.t('visit-no-schools'));
    return;
  }
  await setPrompt(ctx.core, person.id, ctx.chat!.id, 'visit', { step: 'school' } satisfies Draft);
  const kb = new InlineKeyboard();
  for (const s of schools.slice(0, 40)) kb.text(s.shortName, visitButton.encode('s', s.id)).row();
  await ctx.reply(ctx.t('visit-ask-school'), { reply_markup: kb });
}

async function askDate(ctx: BotContext): Promise<void> {
  const zone = await personZone(ctx.core, ctx.person!);
  const now = ctx.core.clock.now();
  const kb = new InlineKeyboard()
    .text(ctx.t('visit-today'), visitButton.encode('d', localDay(now, zone)))
    .text(ctx.t('visit-yesterday'), visitButton.encode('d', localDay(now, zone, 1)));
  await ctx.reply(ctx.t('visit-ask-date'), { reply_markup: kb });
}

async function askKind(ctx: BotContext): Promise<void> {
  const kb = new InlineKeyboard();
  visitKinds.forEach((k, i) => {
    kb.text(ctx.t(`visit-kind-${k}`), visitButton.encode('k', k));
    if (i % 2 === 1) kb.row();
  });
  await ctx.reply(ctx.t('visit-ask-kind'), { reply_markup: kb });
}

async function save(ctx: BotContext, draft: Draft, photoFileId: string | null): Promise<void> {
  const person = ctx.person!;
  try {
    const visit = await recordVisit(ctx.core, person, {
      schoolId: draft.schoolId!,
      visitedOn: draft.visitedOn!,
      kind: draft.kind!,
      result: draft.result!,
      photoFileId,
    });
    await clearPrompt(ctx.core, person.id);
    const school = (await curatedSchools(ctx.core, person.id)).find((s) => s.id === visit.schoolId);
    await ctx.reply(ctx.t('visit-saved', { school: escapeHtml(school?.shortName ?? ''), date: visit.visitedOn.split('-').reverse().join('.') }), {
      parse_mode: 'HTML',
    });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await clearPrompt(ctx.core, person.id);
    await ctx.reply(ctx.t(`error-${error.code}`));
  }
}

visitsFeature.chatType('private').command('visit', start);

visitsFeature.callbackQuery(visitButton.pattern, async (ctx) => {
  const action = visitButton.parse(ctx.callbackQuery.data);
  const person = ctx.person;
  if (!person) return ctx.answerCallbackQuery({ text: ctx.t('not-registered') });
  if (!action) return ctx.answerCallbackQuery({ text: ctx.t('button-outdated') });
  if (action.step === 'go') {
    await ctx.answerCallbackQuery();
    await start(ctx);
    return;
  }
  const prompt = await currentPrompt(ctx.core, person.id, ctx.chat?.id ?? ctx.from.id);
  const draft = prompt?.kind === 'visit' ? (prompt.payload as Draft) : undefined;
  if (!draft || !stepMatches(draft, action)) return ctx.answerCallbackQuery({ text: ctx.t('button-outdated') });
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
  const chatId = ctx.chat?.id ?? ctx.from.id;
  switch (action.step) {
    case 's': {
      if (!(await curatedSchools(ctx.core, person.id)).some((s) => s.id === action.value)) return ctx.reply(ctx.t('error-not-allowed'));
      await setPrompt(ctx.core, person.id, chatId, 'visit', { ...draft, step: 'date', schoolId: action.value });
      return askDate(ctx);
    }
    case 'd':
      await setPrompt(ctx.core, person.id, chatId, 'visit', { ...draft, step: 'kind', visitedOn: action.value });
      return askKind(ctx);
    case 'k':
      await setPrompt(ctx.core, person.id, chatId, 'visit', { ...draft, step: 'result', kind: action.value });
      return ctx.reply(ctx.t('visit-ask-result'));
    case 'p':
      return save(ctx, draft, null);
  }
});

function stepMatches(draft: Draft, action: Exclude<VisitButtonAction, { step: 'go' }>): boolean {
  return { s: 'school', d: 'date', k: 'kind', p: 'photo' }[action.step] === draft.step;
}

/** Typed answers: a date as ДД.ММ or ДД.ММ.ГГГГ, the result, the photo. Anything else gets the step's hint again. */
visitsFeature.on('message', async (ctx, next) => {
  const person = ctx.person;
  if (!person || ctx.message.text?.startsWith('/')) return next();
  const prompt = await currentPrompt(ctx.core, person.id, ctx.chat.id);
  if (!prompt || prompt.kind !== 'visit') return next();
  const draft = prompt.payload as Draft;
  const text = ctx.message.text?.trim();
  switch (draft.step) {
    case 'date': {
      const date = text ? typedDate(text, localDay(ctx.core.clock.now(), await personZone(ctx.core, person))) : null;
      if (!date) return ctx.reply(ctx.t('visit-bad-date'));
      await setPrompt(ctx.core, person.id, ctx.chat.id, 'visit', { ...draft, step: 'kind', visitedOn: date });
      return askKind(ctx);
    }
    case 'result': {
      if (!text || text.length < 2) return ctx.reply(ctx.t('visit-ask-result'));
      await setPrompt(ctx.core, person.id, ctx.chat.id, 'visit', { ...draft, step: 'photo', result: text.slice(0, 1000) });
      return ctx.reply(ctx.t('visit-ask-photo'), { reply_markup: new InlineKeyboard().text(ctx.t('visit-skip-photo'), visitButton.encode('p', 'skip')) });
    }
    case 'photo': {
      const photo = ctx.message.photo?.at(-1)?.file_id;
      if (!photo) return ctx.reply(ctx.t('visit-photo-only'));
      return save(ctx, draft, photo);
    }
    default:
      return ctx.reply(ctx.t('visit-press-button'));
  }
});

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
