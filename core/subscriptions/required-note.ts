import { and, eq, inArray, like } from 'drizzle-orm';
import { people, subscriptions, systemState } from '../../db/schema/index.js';
import type { AudienceRule } from '../audiences/audiences.js';
import type { Core } from '../core.js';
import type { NewDelivery } from '../deliveries/outbox.js';

/** The kinds of required message, each explained once: `required-note-<kind>` in locales/…/subscriptions.ftl. */
export type RequiredKind = 'event' | 'task' | 'survey' | 'broadcast';

const noteKey = (kind: RequiredKind, personId: number): string => `required-note:${kind}:${personId}`;
// D1 binds at most 100 parameters per statement.
const chunk = 90;

/**
 * A required message (an audience without topics) reaches those who unsubscribed from topics too; the first one of
 * each kind says in one line why it came anyway. Returns the items with that line added where it is due, and
 * remembers whom it told. A copied message or one with an attachment is left as it is (its caption has no room).
 */
export async function explainRequired(core: Core, rule: AudienceRule, kind: RequiredKind, items: NewDelivery[]): Promise<NewDelivery[]> {
  if ((rule.topicIds?.length ?? 0) > 0) return items;
  const candidates = [...new Set(items.flatMap((i) => (i.personId && !i.message.copyOf && !i.message.attachment ? [i.personId] : [])))];
  if (candidates.length === 0) return items;
  const { db } = core.database;
  const language = new Map<number, 'ru' | 'en'>();
  for (let i = 0; i < candidates.length; i += chunk) {
    const ids = candidates.slice(i, i + chunk);
    const unsubscribed = await db
      .selectDistinct({ id: people.id, language: people.language })
      .from(subscriptions)
      .innerJoin(people, eq(people.id, subscriptions.personId))
      .where(and(inArray(subscriptions.personId, ids), eq(subscriptions.subscribed, false)));
    if (unsubscribed.length === 0) continue;
    const told = new Set(
      (await db.select({ key: systemState.key }).from(systemState).where(and(like(systemState.key, `required-note:${kind}:%`), inArray(systemState.key, unsubscribed.map((p) => noteKey(kind, p.id)))))).map((r) => r.key),
    );
    for (const p of unsubscribed) if (!told.has(noteKey(kind, p.id))) language.set(p.id, p.language);
  }
  if (language.size === 0) return items;
  const now = core.clock.now();
  const toTell = [...language.keys()];
  for (let i = 0; i < toTell.length; i += 30) {
    await db.insert(systemState).values(toTell.slice(i, i + 30).map((id) => ({ key: noteKey(kind, id), value: '1', updatedAt: now }))).onConflictDoNothing();
  }
  return items.map((item) => {
    const locale = item.personId ? language.get(item.personId) : undefined;
    if (!locale) return item;
    return { ...item, message: { ...item.message, html: `${item.message.html}\n\n<i>${core.translate(locale, `required-note-${kind}`)}</i>` } };
  });
}
