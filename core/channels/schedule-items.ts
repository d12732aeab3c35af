import { eq, inArray } from 'drizzle-orm';
import { channelPosts, channels } from '../../db/schema/index.js';
import { excerpt } from '../text/telegram-html.js';
import type { DescribeDue } from '../scheduler/due.js';

/** A scheduled channel post is one item with one recipient, the channel; it links to the channel's page. */
export const describeChannelPosts: DescribeDue = async (core, rows, locale) => {
  const ids = [...new Set(rows.map((r) => Number(r.payload['postId'])).filter(Number.isInteger))];
  const found = new Map<number, { channelId: number; channel: string; text: string; scheduled: boolean }>();
  for (let i = 0; i < ids.length; i += 90) {
    const list = await core.database.db
      .select({ id: channelPosts.id, channelId: channelPosts.channelId, html: channelPosts.html, status: channelPosts.status, channel: channels.title })
      .from(channelPosts)
      .innerJoin(channels, eq(channels.id, channelPosts.channelId))
      .where(inArray(channelPosts.id, ids.slice(i, i + 90)));
    for (const p of list) found.set(p.id, { channelId: p.channelId, channel: p.channel, text: excerpt(p.html, 60), scheduled: p.status === 'scheduled' });
  }
  return rows.map((r) => {
    const id = Number(r.payload['postId']);
    const p = found.get(id);
    if (!p) return { title: core.translate(locale, 'channel-schedule-post', { channel: '—', text: `#${id}` }), recipients: 0, link: null, group: String(id) };
    return {
      title: core.translate(locale, 'channel-schedule-post', { channel: p.channel, text: p.text }),
      recipients: p.scheduled ? 1 : 0,
      link: `/channels/${p.channelId}`,
      group: String(id),
    };
  });
};
