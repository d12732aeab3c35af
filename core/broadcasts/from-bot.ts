/** A broadcast composed in the bot by a linked editor: the audiences they may pick, and the broadcast started at once. */
import { owningScope, type Actor } from '../admins/access.js';
import { countAudience } from '../audiences/audiences.js';
import { listSavedAudiences } from '../audiences/saved.js';
import type { Core } from '../core.js';
import { contactOn, personByContact } from '../directory/contacts.js';
import { DomainError } from '../errors.js';
import type { MessengerChannel } from '../vocabulary/channels.js';
import { createBroadcast, type Broadcast } from './broadcasts.js';
import { startBroadcast } from './sending.js';
import { actorByTelegramId } from './telegram-link.js';

export interface AudienceChoice {
  /** A saved audience's id, or 0 for everyone the actor may reach. */
  id: number;
  name: string | null;
  count: number;
}

/** The audiences an editor may pick in the bot: their saved audiences with live counts, then everyone in their scope. */
export async function audienceChoices(core: Core, actor: Actor): Promise<AudienceChoice[]> {
  const saved = await listSavedAudiences(core, actor);
  const choices: AudienceChoice[] = [];
  for (const s of saved.slice(0, 12)) {
    choices.push({ id: s.id, name: s.name, count: await countAudience(core, s.rule, owningScope(ownerMunicipality(actor, s.municipalityId))) });
  }
  choices.push({ id: 0, name: null, count: await countAudience(core, {}, owningScope(ownerMunicipality(actor, null))) });
  return choices;
}

/** A coordinator's broadcast belongs to their (first) municipality unless the audience names one of theirs. */
function ownerMunicipality(actor: Actor, municipalityId: number | null): number | null {
  if (actor.role !== 'coordinator') return municipalityId;
  return municipalityId ?? actor.municipalityIds[0] ?? null;
}

/**
 * Who may /broadcast from a messenger account: the admin account (enabled, allowed to write) linked in the panel to
 * this Telegram account; on MAX, the one linked to the Telegram account of the same person. A person's second
 * contact is added only by a one-time code sent from the first, so that is the same proof the panel's code gives.
 */
export async function editorByContact(core: Core, channel: MessengerChannel, userId: string): Promise<Actor | null> {
  if (channel === 'telegram') return actorByTelegramId(core, Number(userId));
  const person = await personByContact(core, channel, userId);
  const telegram = person ? await contactOn(core, person.id, 'telegram') : undefined;
  return telegram ? actorByTelegramId(core, Number(telegram.userId)) : null;
}

/** The message a broadcast composed in the bot sends: where the editor wrote it, and our HTML of it. */
export interface BotBroadcastSource {
  channel: MessengerChannel;
  chatId: string;
  messageId: string;
  /** On Telegram a summary of the copied message (what MAX recipients and reports get); on MAX the message itself. */
  html: string;
}

/**
 * A broadcast composed in the bot, to a saved audience (or everyone in the editor's scope), started at once. A
 * Telegram message (typed or forwarded) is copied to everyone as it is; MAX cannot copy, so a message written there
 * goes as its text. The message's chat and id are the idempotency key, so a confirmation pressed twice is one broadcast.
 */
export async function broadcastFromBot(core: Core, actor: Actor, input: BotBroadcastSource & { audienceId: number }): Promise<Broadcast> {
  const saved = input.audienceId ? (await listSavedAudiences(core, actor)).find((s) => s.id === input.audienceId) : undefined;
  if (input.audienceId && !saved) throw new DomainError('not-found');
  const telegram = input.channel === 'telegram';
  const b = await createBroadcast(core, actor, {
    html: input.html,
    ...(telegram ? { copyOf: { chatId: input.chatId, messageId: Number(input.messageId) } } : {}),
    audience: saved?.rule ?? {},
    municipalityId: ownerMunicipality(actor, saved?.municipalityId ?? null),
    sendAt: null,
    // A MAX message id names its message on the whole platform.
    idempotencyKey: telegram ? `bot:${input.chatId}:${input.messageId}` : `bot:${input.channel}:${input.messageId}`,
  });
  return startBroadcast(core, actor, b.id);
}
