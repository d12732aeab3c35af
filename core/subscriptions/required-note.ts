import { and, eq, sql } from 'drizzle-orm';
import { people, subscriptions, systemState } from '../../db/schema/index.js';
import type { AudienceRule } from '../audiences/audiences.js';
import type { Core } from '../core.js';
import type { NewDelivery } from '../deliveries/outbox.js';

/** The kinds of required message, each explained once: `required-note-<kind>` in locales/…/subscriptions.ftl. */
export type RequiredKind = 'event' | 'task' | 'survey' | 'broadcast';

const noteKey = (kind: RequiredKind, personId: number): string => `required-note:${kind}:${personId}`;
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
  // The ids go as one JSON list: one statement whatever the audience, within D1's 100 bound parameters.
  const unsubscribed = await db
    .selectDistinct({ id: people.id, language: people.language })
    .from(subscriptions)
    .innerJoin(people, eq(people.id, subscriptions.personId))
    .where(and(sql`${subscriptions.personId} in (select value from json_each(${JSON.stringify(candidates)}))`, eq(subscriptions.subscribed, false)));
  if (unsubscribed.length === 0) return items;
  const told = new Set(
    (
      await db
        .select({ key: systemState.key })
        .from(systemState)
        .where(sql`${systemState.key} in (select value from json_each(${JSON.stringify(unsubscribed.map((p) => noteKey(kind, p.id)))}))`)
    ).map((r) => r.key),
  );
  const language = new Map(unsubscribed.flatMap((p) => (told.has(noteKey(kind, p.id)) ? [] : [[p.id, p.language] as const])));
  if (language.size === 0) return items;
  const now = core.clock.now();
  const toTell = JSON.stringify([...language.keys()].map((id) => noteKey(kind, id)));
  await db.insert(systemState).select(sql`select value, '1', ${now} from json_each(${toTell}) where true`).onConflictDoNothing();
  return items.map((item) => {
    const locale = item.personId ? language.get(item.personId) : undefined;
    if (!locale) return item;
    return { ...item, message: { ...item.message, html: `${item.message.html}\n\n<i>${core.translate(locale, `required-note-${kind}`)}</i>` } };
  });
}
