import { Hono } from 'hono';
import { calendarFeedFor } from '../../core/events/calendar-feed.js';
import type { AdminEnv } from '../env.js';

/**
 * A person's private calendar feed, which their calendar app fetches without a session: the link's secret is the
 * only key. A wrong or old link is a bare 404, saying nothing about whether the person exists.
 */
export function calendarRoutes() {
  const app = new Hono<AdminEnv>();
  app.get('/:personId{[0-9]{1,12}}/:file{[A-Za-z0-9_-]{1,64}\\.ics}', async (c) => {
    const secret = c.req.param('file').slice(0, -'.ics'.length);
    const feed = await calendarFeedFor(c.get('core'), Number(c.req.param('personId')), secret);
    if (feed === null) return c.text('Not found', 404);
    return c.body(feed, 200, { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, max-age=300' });
  });
  return app;
}
