import type { MarkupElement } from '@maxhub/max-bot-api/types';
import type { Core } from '../core/core.js';
import { audienceChoices, broadcastFromBot, editorByContact } from '../core/broadcasts/from-bot.js';
import { DomainError } from '../core/errors.js';
import { escapeAttribute, escapeHtml } from '../core/text/html.js';
import type { MessageButton } from '../core/vocabulary/message.js';
import { conversationStore } from '../db/conversation-store.js';
import type { MaxTurn } from './turn.js';

/**
 * /broadcast on MAX for an editor, the same steps and words as Telegram's (bot/conversations/broadcast.ts): the text
 * → an audience (saved audiences as buttons) → a preview (the very message recipients will get) → confirm. MAX
 * cannot copy a message, so its text goes, with MAX's formatting turned into our HTML. Each step is a row of `conversation_state` (key
 * `max-broadcast:<user id>`), as registration's is, so a restart half-way continues at the same step. The buttons
 * carry Telegram's payloads (`bc:aud:<id>`, `bc:go:yes|no`); one of a step already past is refused.
 */
type State =
  | { step: 'text' }
  | { step: 'audience'; html: string; mid: string }
  | { step: 'confirm'; html: string; mid: string; audienceId: number; count: number };

/** The conversation's buttons: `bc:aud:<saved audience id or 0>` and `bc:go:<yes|no>`. */
export const broadcastPayloads = /^bc:(aud:\d{1,9}|go:(yes|no))$/;

const key = (turn: MaxTurn) => `max-broadcast:${turn.userId}`;
const store = (core: Core) => conversationStore<State>(core.database, () => core.clock.now());
const editorOf = (turn: MaxTurn) => editorByContact(turn.core, 'max', turn.userId);

/** /broadcast: an editor starts (again, dropping one half-composed); anyone else is told who may. */
export async function beginBroadcast(turn: MaxTurn): Promise<void> {
  if (!(await editorOf(turn))) return void (await turn.reply(turn.t('max-broadcast-bot-not-editor')));
  await store(turn.core).write(key(turn), { step: 'text' });
  await turn.reply(turn.t('max-broadcast-bot-ask'));
}

/** /cancel: whether there was a broadcast being composed (now dropped). */
export async function cancelBroadcast(turn: MaxTurn): Promise<boolean> {
  if (!(await store(turn.core).read(key(turn)))) return false;
  await store(turn.core).delete(key(turn));
  return true;
}

/** A message while composing: the text (at the first step) or a hint; false when nothing is being composed. */
export async function broadcastText(turn: MaxTurn, text: string): Promise<boolean> {
  const state = await store(turn.core).read(key(turn));
  if (!state) return false;
  await composed(turn, state, text);
  return true;
}

/** The text to send, at the first step: the audiences to pick from come next. */
async function composed(turn: MaxTurn, state: State, text: string): Promise<void> {
  if (state.step !== 'text') return void (await turn.reply(turn.t('broadcast-bot-press-button')));
  const body = turn.update.update_type === 'message_created' ? turn.update.message.body : undefined;
  if (!text || text.startsWith('/') || !body) return void (await turn.reply(turn.t('max-broadcast-bot-ask')));
  const actor = await editorOf(turn);
  if (!actor) return refuse(turn);
  const choices = await audienceChoices(turn.core, actor);
  await store(turn.core).write(key(turn), { step: 'audience', html: markupHtml(body.text ?? '', body.markup ?? []), mid: body.mid });
  await turn.reply({
    html: escapeHtml(turn.t('broadcast-bot-audience')),
    buttons: choices.map((choice) => [{ text: `${choice.name ?? turn.t('broadcast-bot-everyone')} (${choice.count})`, action: `bc:aud:${choice.id}` }]),
  });
}

/** A button of the conversation: the audience, then send or cancel. */
export async function broadcastPress(turn: MaxTurn, payload: string): Promise<void> {
  const state = await store(turn.core).read(key(turn));
  const audience = /^bc:aud:(\d+)$/.exec(payload);
  if (!state || state.step === 'text' || state.step !== (audience ? 'audience' : 'confirm')) return turn.answer({ notification: turn.t('button-outdated') });
  await turn.answer();
  await turn.dropButtons();
  const actor = await editorOf(turn);
  if (!actor) return refuse(turn);
  if (state.step === 'audience') {
    const audienceId = Number(audience![1]);
    const choice = (await audienceChoices(turn.core, actor)).find((c) => c.id === audienceId);
    if (!choice || choice.count === 0) {
      await store(turn.core).delete(key(turn));
      return void (await turn.reply(turn.t('broadcast-bot-nobody')));
    }
    await store(turn.core).write(key(turn), { ...state, step: 'confirm', audienceId, count: choice.count });
    await turn.reply(turn.t('broadcast-bot-preview'));
    await turn.reply({ html: state.html });
    const buttons: MessageButton[][] = [
      [
        { text: turn.t('broadcast-bot-send'), action: 'bc:go:yes' },
        { text: turn.t('broadcast-bot-cancel'), action: 'bc:go:no' },
      ],
    ];
    const audienceName = choice.name ?? turn.t('broadcast-bot-everyone');
    return void (await turn.reply({ html: escapeHtml(turn.t('broadcast-bot-confirm', { count: choice.count, audience: audienceName })), buttons }));
  }
  await store(turn.core).delete(key(turn));
  if (payload === 'bc:go:no') return void (await turn.reply(turn.t('broadcast-bot-cancelled')));
  try {
    const b = await broadcastFromBot(turn.core, actor, {
      channel: 'max',
      chatId: turn.chatId,
      messageId: state.mid,
      html: state.html,
      audienceId: state.audienceId,
    });
    await turn.reply(turn.t('broadcast-bot-started', { id: b.id, count: state.count }));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const reason = error.issues[0]?.reason ?? error.code;
    const words = turn.t(`validation-${reason}`);
    await turn.reply(turn.t('broadcast-bot-refused', { reason: words === `validation-${reason}` ? reason : words }));
  }
}

/** Someone no longer an editor half-way (the admin account disabled, the link undone): what they composed is dropped. */
async function refuse(turn: MaxTurn): Promise<void> {
  await store(turn.core).delete(key(turn));
  await turn.reply(turn.t('max-broadcast-bot-not-editor'));
}

const markupTags: Partial<Record<MarkupElement['type'], string>> = {
  strong: 'b',
  emphasized: 'i',
  underline: 'u',
  strikethrough: 's',
  monospaced: 'code',
  quote: 'blockquote',
  heading: 'b',
};

/**
 * A MAX message's text with its formatting (`markup`: ranges of the text in UTF-16 units) as our HTML: bold, italic,
 * underline, strikethrough, code, quotes, links; highlights and mentions stay plain text. Ranges that cross are
 * closed and opened again, so the tags always nest.
 */
export function markupHtml(text: string, markup: readonly MarkupElement[]): string {
  const tags = markup
    .flatMap((m) => {
      const url = m.type === 'link' ? (m as { url?: unknown }).url : undefined;
      const name = typeof url === 'string' && /^https?:\/\//.test(url) ? 'a' : markupTags[m.type];
      const end = Math.min(m.from + m.length, text.length);
      if (!name || m.from < 0 || end <= m.from) return [];
      const open = name === 'a' ? `<a href="${escapeAttribute(url as string)}">` : `<${name}>`;
      return [{ from: m.from, end, open, close: `</${name}>` }];
    })
    .sort((a, b) => a.from - b.from || b.end - a.end);
  const stack: typeof tags = [];
  let out = '';
  for (let i = 0; i <= text.length; i++) {
    const deepest = stack.findIndex((t) => t.end <= i);
    if (deepest >= 0) {
      const closed = stack.splice(deepest);
      out += closed
        .map((t) => t.close)
        .reverse()
        .join('');
      for (const t of closed.filter((t) => t.end > i)) {
        out += t.open;
        stack.push(t);
      }
    }
    for (const t of tags.filter((t) => t.from === i)) {
      out += t.open;
      stack.push(t);
    }
    if (i < text.length) out += escapeHtml(text[i]!);
  }
  return out;
}
