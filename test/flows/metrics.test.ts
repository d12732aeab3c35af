import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBroadcast } from '../../core/broadcasts/broadcasts.js';
import { broadcastReport } from '../../core/broadcasts/report.js';
import { startBroadcast } from '../../core/broadcasts/sending.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { Metrics } from '../../runtime/metrics.js';
import { addTeachers, notice } from '../support/broadcasts.js';
import { Harness, user } from '../support/harness.js';
import { ownerActor } from '../support/panel.js';

const token = 'metrics-token-0123456789';

/** One figure of a Prometheus text page, by its name and labels as written. */
function figure(page: string, series: string): number {
  const line = page.split('\n').find((l) => l.startsWith(`${series} `));
  if (!line) throw new Error(`no ${series} in:\n${page}`);
  return Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  let h: Harness;
  let metrics: Metrics;
  let http: ReturnType<Metrics['serve']>;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
    metrics = new Metrics(h.core, h.database, h.app.scheduler);
    metrics.instrumentBot(h.app.bot);
    http = metrics.serve(h.app.admin, token);
  });
  afterEach(() => h.close());

  const scrape = async () => {
    const response = await http.request('/metrics', { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return response.text();
  };

  it('needs the token, and is off without one', async () => {
    expect((await http.request('/metrics')).status).toBe(401);
    expect((await http.request('/metrics', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await metrics.serve(h.app.admin, undefined).request('/metrics', { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
  });

  it('counts sent messages from the database, as the broadcast report does, during and after the broadcast', async () => {
    await addTeachers(h.core, 60);
    const b = await createBroadcast(h.core, ownerActor, notice());
    await startBroadcast(h.core, ownerActor, b.id);
    await h.tick();
    h.clock.advance(1000);
    await h.tick();
    const during = await scrape();
    const reportDuring = await broadcastReport(h.core, ownerActor, b.id);
    expect(reportDuring.remaining).toBeGreaterThan(0);
    expect(figure(during, 'mayak_messages{channel="telegram",status="sent"}')).toBe(reportDuring.sent);
    expect(figure(during, 'mayak_outbox_backlog')).toBeGreaterThan(0);
    await h.drain();
    const after = await scrape();
    const report = await broadcastReport(h.core, ownerActor, b.id);
    expect(report.sent).toBe(61);
    expect(figure(after, 'mayak_messages{channel="telegram",status="sent"}')).toBe(61);
    expect(figure(after, 'mayak_outbox_backlog')).toBe(0);
    expect(figure(after, 'mayak_database_bytes')).toBeGreaterThan(0);
    expect(figure(after, 'mayak_backup_age_seconds')).toBe(-1);
  });

  it('times updates and panel requests, the webhook not counted as the panel', async () => {
    await h.app.bot.handleUpdate({
      update_id: 1,
      message: { message_id: 1, date: 0, chat: { id: 5001, type: 'private', first_name: 'A' }, from: user(5001), text: '/start' },
    } as never);
    expect((await http.request('/login')).status).toBe(200);
    const page = await scrape();
    expect(figure(page, 'mayak_bot_update_seconds_count{outcome="ok"}')).toBe(1);
    expect(figure(page, 'mayak_panel_request_seconds_count{method="GET",status="200"}')).toBe(1);
    expect(page).toContain('mayak_process_resident_memory_bytes');
    // The chat id as a number of its own: a timing such as 0.0071115950010 holds the same digits.
    expect(page).not.toMatch(/Учитель|(?<![\d.])5001(?![\d.])/);
  });
});
