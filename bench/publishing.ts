/**
 * Publishing an event and a task to 300 people: the SQL statements each publish runs (issue 14's target, ≤ 20, is
 * D1's: an invocation may make at most 1,000 queries, and publishing must not grow with the audience). The outbox's
 * share (core/deliveries: reachability, quiet hours, the daily cap, its inserts) is also measured alone, by enqueueing
 * the same number of messages straight, and logged.
 */
import type { Actor } from '../core/admins/access.js';
import type { Core } from '../core/core.js';
import { enqueueDeliveries, type NewDelivery } from '../core/deliveries/outbox.js';
import { loadDemoRegion } from '../core/directory/demo.js';
import { searchKey } from '../core/directory/places.js';
import { createEvent } from '../core/events/events.js';
import { publishEvent } from '../core/events/publishing.js';
import { publishTask } from '../core/tasks/assignment.js';
import { defaultReminderPlan } from '../core/tasks/reminder-plan.js';
import { createTask } from '../core/tasks/tasks.js';
import { fmt, log, type Row, startFake, startProduct } from './support.js';
import { insertPeople } from '../test/support/people.js';

const target = 20;
const audience = 300;
const editor: Actor = { kind: 'token', id: 1, label: 'api:bench', role: 'editor', municipalityIds: [] };

export async function runPublishingBench(): Promise<Row[]> {
  log(`\n## Publishing: an event and a task to ${audience} people, SQL statements per publish`);
  const fake = await startFake(0);
  const product = await startProduct(fake);
  try {
    // No drain while counting: only what publishing runs is counted.
    const core: Core = { ...product.app.core, outboxChanged: () => undefined };
    await loadDemoRegion(core);
    const now = core.clock.now();
    const rows = Array.from({ length: audience }, (_, i) => {
      const name = `Учитель ${i + 1}`;
      const schoolId = (i % 5) + 1;
      return {
        telegramId: 800_000 + i,
        fullName: name,
        searchName: searchKey(name),
        roles: ['teacher'],
        municipalityId: [1, 1, 2, 2, 3][schoolId - 1]!,
        schoolId,
        status: 'active' as const,
        consentAt: now,
        consentVersion: 'bench',
        createdAt: now,
        updatedAt: now,
      };
    });
    await insertPeople(core, rows);

    // Every statement drizzle runs on better-sqlite3 goes through the client's prepare(): counting those counts queries.
    const client = product.database.sqlite;
    const prepare = client.prepare.bind(client);
    let statements = 0;
    client.prepare = ((sql: string) => {
      statements += 1;
      return prepare(sql);
    }) as typeof client.prepare;
    const counted = async (work: () => Promise<unknown>): Promise<number> => {
      const before = statements;
      await work();
      return statements - before;
    };
    try {
      const start = now + 7 * 86_400_000;
      const event = await createEvent(core, editor, {
        title: 'Вебинар: функциональная грамотность',
        kind: 'webinar',
        description: 'Разбор заданий PISA',
        startsAt: start,
        endsAt: start + 90 * 60_000,
        place: null,
        link: 'https://webinar.example.ru/room/42',
        capacity: null,
        registrationDeadline: null,
        audience: { roles: ['teacher'] },
        municipalityId: null,
      });
      const task = await createTask(core, editor, {
        title: 'Заполнить анкету учителя',
        instructions: 'Ответьте на вопросы анкеты до пятницы.',
        dueAt: start,
        audience: { roles: ['teacher'] },
        assignment: 'person',
        evidence: 'none',
        verifier: 'none',
        reminderPlan: defaultReminderPlan,
        escalateAfterMinutes: null,
        municipalityId: null,
      });
      let reached = 0;
      const eventStatements = await counted(async () => (reached = await publishEvent(core, editor, event.id)));
      const taskStatements = await counted(() => publishTask(core, editor, task.id));
      const items: NewDelivery[] = rows.map((p, i) => ({
        channel: 'telegram',
        chatId: String(p.telegramId),
        personId: i + 1,
        purpose: 'bench',
        dedupeKey: `bench:publishing:${i}`,
        priority: 9,
        notBefore: now,
        message: { html: 'Сообщение' },
      }));
      const outboxStatements = await counted(() => enqueueDeliveries(core, items));
      log(
        `  ${reached} people; event ${eventStatements}, task ${taskStatements} statements; the outbox alone enqueueing ${items.length} messages: ${outboxStatements}`,
      );
      const row = (what: string, total: number): Row[] => [
        {
          case: 'Publishing',
          metric: `${what} to ${fmt.int(reached)} people: SQL statements, the outbox's included`,
          value: fmt.int(total),
          target: `≤ ${target}`,
          ok: total <= target,
        },
      ];
      return [...row('publish an event', eventStatements), ...row('publish a task', taskStatements)];
    } finally {
      client.prepare = prepare;
    }
  } finally {
    await product.close();
    await fake.close();
  }
}
