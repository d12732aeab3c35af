import type { Core } from '../core/core.js';
import { audienceChoices, broadcastFromBot, editorByContact } from '../core/broadcasts/from-bot.js';
import { DomainError } from '../core/errors.js';
import { escapeHtml } from '../core/text/html.js';
import type { MessageButton } from '../core/vocabulary/message.js';
import { conversationStore } from '../db/conversation-store.js';
import type { MaxTurn } from './turn.js';

/**
 * /broadcast on MAX for an editor, the same steps and words as Telegram's (bot/conversations/broadcast.ts): the text
 * → an audience (saved audiences as buttons) → a preview (the very message recipients will get) → confirm. MAX
 * cannot copy a message, so the text goes as it is. Each step is a row of `conversation_state` (key
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
  const mid = turn.update.update_type === 'message_created' ? turn.update.message.body.mid : undefined;
  const actor = state.step === 'text' && text && !text.startsWith('/') && mid ? await editorOf(turn) : undefined;
  if (state.step !== 'text') await turn.reply(turn.t('broadcast-bot-press-button'));
  else if (!text || text.startsWith('/') || !mid) await turn.reply(turn.t('max-broadcast-bot-ask'));
  else if (!actor) await refuse(turn);
  if (!actor || !mid) return true;
  const choices = await audienceChoices(turn.core, actor);
  await store(turn.core).write(key(turn), { step: 'audience', html: escapeHtml(text), mid });
  await turn.reply({
    html: escapeHtml(turn.t('broadcast-bot-audience')),
    buttons: choices.map((choice) => [{ text: `${choice.name ?? turn.t('broadcast-bot-everyone')} (${choice.count})`, action: `bc:aud:${choice.id}` }]),
  });
  return true;
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
