/** A broadcast composed in the bot by a linked editor: the audiences they may pick, and the broadcast started at once. */
import { owningScope, type Actor } from '../admins/access.js';
import { countAudience } from '../audiences/audiences.js';
import { listSavedAudiences } from '../audiences/saved.js';
import type { Core } from '../core.js';
import { DomainError } from '../errors.js';
import { createBroadcast, type Broadcast } from './broadcasts.js';
import { startBroadcast } from './sending.js';

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
 * A broadcast composed in the bot: a message in the editor's chat (typed or forwarded) copied to everyone as it is,
 * to a saved audience (or everyone in the editor's scope), started at once. The message's chat and id are the
 * idempotency key, so a confirmation pressed twice is one broadcast.
 */
export async function broadcastFromBot(
  core: Core,
  actor: Actor,
  input: { chatId: string; messageId: number; summary: string; audienceId: number },
): Promise<Broadcast> {
  const saved = input.audienceId ? (await listSavedAudiences(core, actor)).find((s) => s.id === input.audienceId) : undefined;
  if (input.audienceId && !saved) throw new DomainError('not-found');
  const b = await createBroadcast(core, actor, {
    html: input.summary,
    copyOf: { chatId: input.chatId, messageId: input.messageId },
    audience: saved?.rule ?? {},
    municipalityId: ownerMunicipality(actor, saved?.municipalityId ?? null),
    sendAt: null,
    idempotencyKey: `bot:${input.chatId}:${input.messageId}`,
  });
  return startBroadcast(core, actor, b.id);
}
