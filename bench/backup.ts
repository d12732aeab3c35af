/**
 * Case 11: a backup of a 200,000-person database while the outbox sends (issue 20): how long the backup takes, and the
 * longest gap between two sends while it runs (the copy is one `VACUUM INTO`, which the process waits for; the
 * checksum and gzip go a piece per turn of the event loop); `/metrics` scraped during the broadcast against the
 * broadcast's own report.
 */
import { join } from 'node:path';
import { createBroadcast } from '../core/broadcasts/broadcasts.js';
import { broadcastReport } from '../core/broadcasts/report.js';
import { cancelBroadcast, startBroadcast } from '../core/broadcasts/sending.js';
import type { Actor } from '../core/admins/access.js';
import { backupDatabase } from '../db/backup.js';
import { readMigrations } from '../db/migrate.js';
import { migrationsFolder } from '../db/node.js';
import { Metrics } from '../runtime/metrics.js';
import { envInt, fmt, log, middayZone, seedRegion, sleep, startFake, startProduct, type Row } from './support.js';

const owner: Actor = { kind: 'admin', id: 0, label: 'bench', role: 'owner', municipalityIds: [] };

export async function runBackupBench(): Promise<Row[]> {
  const n = envInt('BENCH_BACKUP_PEOPLE_N', 200_000);
  const fake = await startFake();
  const product = await startProduct(fake);
  const { core } = product.app;
  const rows: Row[] = [];
  try {
    log(`\n## Backup: ${fmt.int(n)} people, while the outbox sends`);
    await seedRegion(core, 1000, { tagged: true });
    const sqlite = product.database.sqlite;
    const now = Date.now();
    const zone = middayZone(now);
    const insert = sqlite.prepare(
      `INSERT INTO people (full_name, search_name, roles, municipality_id, school_id, subjects, timezone, status, consent_at, consent_version, created_at, updated_at)
       VALUES (?, ?, '["teacher"]', ?, ?, '["math"]', ?, 'active', ?, '1', ?, ?)`,
    );
    // Each reached on Telegram: one active, preferred contact.
    const contact = sqlite.prepare(
      `INSERT INTO contacts (person_id, channel, user_id, chat_id, status, preferred, created_at, updated_at) VALUES (?, 'telegram', ?, ?, 'active', 1, ?, ?)`,
    );
    sqlite.transaction(() => {
      for (let i = 1; i <= n; i++) {
        const school = (i % 1000) + 1;
        const { lastInsertRowid } = insert.run(`Учитель ${i}`, `учитель ${i}`, ((school - 1) % 60) + 1, school, zone, now, now, now);
        contact.run(lastInsertRowid, String(800_000_000 + i), String(800_000_000 + i), now, now);
      }
    })();
    const b = await createBroadcast(core, owner, {
      html: 'Вебинар завтра в 15:00.',
      buttons: [],
      audience: { roles: ['teacher'], municipalityIds: [1] },
      municipalityId: null,
      sendAt: null,
    });
    await startBroadcast(core, owner, b.id);
    product.app.scheduler.start();
    while (fake.callsOf('sendMessage').length < 60) await sleep(50);

    const metrics = new Metrics(core, product.database, product.app.scheduler);
    const page = await metrics.collect();
    const report = await broadcastReport(core, owner, b.id);
    const scraped = Number(/^mayak_messages\{channel="telegram",status="sent"\} (\d+)$/m.exec(page)?.[1] ?? NaN);

    const file = join(product.config.DATABASE_PATH, '..', 'bench.backup');
    const started = performance.now();
    const startedAt = Date.now();
    const made = await backupDatabase(sqlite, file, { migrations: readMigrations(migrationsFolder) });
    const took = performance.now() - started;
    const endedAt = Date.now();
    await sleep(1000);
    const stamps = fake
      .callsOf('sendMessage')
      .map((c) => c.at)
      .filter((at) => at >= startedAt - 1000 && at <= endedAt + 1000);
    let gap = stamps.length ? Math.max(stamps[0]! - (startedAt - 1000), endedAt + 1000 - stamps.at(-1)!) : endedAt - startedAt + 2000;
    for (let i = 1; i < stamps.length; i++) gap = Math.max(gap, stamps[i]! - stamps[i - 1]!);
    await product.app.scheduler.stop();
    await cancelBroadcast(core, owner, b.id);

    rows.push(
      {
        case: 'Backup',
        metric: 'people / database file',
        value: `${fmt.int(made.manifest.tables['people'] ?? 0)} / ${fmt.mib(made.manifest.sqliteBytes / 1048576)}`,
      },
      { case: 'Backup', metric: 'backup while sending (copy, count, gzip)', value: fmt.s(took), target: '< 10 s', ok: took < 10_000 },
      { case: 'Backup', metric: 'backup file (gzip)', value: fmt.mib(made.bytes / 1048576) },
      { case: 'Backup', metric: 'sends while backing up', value: fmt.int(stamps.length) },
      { case: 'Backup', metric: 'longest gap between sends while backing up', value: fmt.ms(gap), target: '≤ 2000 ms', ok: gap <= 2000 },
      {
        case: 'Backup',
        metric: '/metrics sent vs the broadcast report, mid-broadcast',
        value: `${fmt.int(scraped)} / ${fmt.int(report.sent)}`,
        target: 'equal',
        ok: scraped === report.sent,
      },
    );
    for (const r of rows) log(`  ${r.metric}: ${r.value}${r.target ? ` (target ${r.target})` : ''}`);
    return rows;
  } finally {
    await product.close();
    await fake.close();
  }
}
