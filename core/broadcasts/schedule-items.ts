import { inArray } from 'drizzle-orm';
import { broadcasts } from '../../db/schema/index.js';
import type { DescribeDue } from '../scheduler/due.js';
import { countBroadcastAudience } from './broadcasts.js';
import { excerpt } from '../text/telegram-html.js';

/** A scheduled broadcast is one item; its recipients are its audience as it stands now (resolved again at sending). */
export const describeBroadcastSends: DescribeDue = async (core, rows, locale) => {
  const ids = [...new Set(rows.map((r) => Number(r.payload['broadcastId'])).filter(Number.isInteger))];
  const found = new Map<number, { title: string; recipients: number }>();
  for (let i = 0; i < ids.length; i += 90) {
    for (const b of await core.database.db
      .select()
      .from(broadcasts)
      .where(inArray(broadcasts.id, ids.slice(i, i + 90)))) {
      found.set(b.id, { title: excerpt(b.html, 60), recipients: b.status === 'scheduled' ? await countBroadcastAudience(core, b) : 0 });
    }
  }
  return rows.map((r) => {
    const id = Number(r.payload['broadcastId']);
    const b = found.get(id);
    return {
      title: core.translate(locale, 'broadcast-schedule-send', { title: b?.title ?? `#${id}` }),
      recipients: b?.recipients ?? 0,
      link: `/broadcasts/${id}`,
      group: String(id),
    };
  });
};
