import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { getPerson } from '../../core/directory/people.js';
import { findPersonByTelegramId, withTelegramId } from '../support/people.js';
import { createEvent } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { rateEvent, recordAttendance, takeComment } from '../../core/events/feedback.js';
import { answerQuestion, startSurvey, submitSurvey } from '../../core/surveys/answering.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { confirmTask, reportProblem } from '../../core/tasks/confirmations.js';
import { createTask } from '../../core/tasks/tasks.js';
import { webinar, webinarStart, hour } from '../support/events.js';
import { Harness, user } from '../support/harness.js';
import { q, surveyWith } from '../support/surveys.js';
import { editorActor, schoolTask } from '../support/tasks.js';

const surname = 'Щукинзельдер';
const fullName = `${surname} Варвара Петровна`;
/** Above 2^32, so SQLite stores it in six bytes: a pattern that does not occur by chance. */
const telegramId = 5_123_456_789;
const varvara = user(telegramId, 'Варвара');
const coordinator = user(demoTelegramIdBase + 1, 'Ирина');

function bigEndian(n: number, bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  out.writeUIntBE(n, 0, bytes);
  return out;
}

describe('/delete_me erases the person from every table and from the file', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('after registration, an event, a task, a named survey and settings, neither the surname nor the Telegram id is left in the database file', async () => {
    await h.send(varvara, '/start');
    await h.press(varvara, 'Согласен');
    await h.send(varvara, 'светлогорск');
    await h.send(varvara, 'сош 5');
    await h.press(varvara, 'СОШ № 5');
    await h.press(varvara, 'Учитель');
    await h.press(varvara, 'Математика');
    await h.press(varvara, 'Готово');
    await h.send(varvara, fullName);
    await h.press(varvara, 'Отправить');
    await h.drain();
    expect(h.lastText(coordinator)).toContain(fullName);
    await h.press(coordinator, 'Одобрить');
    await h.drain();
    const person = (await findPersonByTelegramId(h.core, telegramId))!;
    expect(person.status).toBe('active');

    const event = await createEvent(h.core, editorActor, webinar({ audience: { roles: ['teacher'], municipalityIds: [1] } }));
    await publishEvent(h.core, editorActor, event.id);
    await h.drain();
    await h.press(varvara, 'Пойду');
    const task = await createTask(
      h.core,
      editorActor,
      schoolTask({
        assignment: 'person',
        audience: { roles: ['teacher'], municipalityIds: [1] },
        evidence: 'text',
        verifier: 'coordinator',
        municipalityId: 1,
      }),
    );
    await publishTask(h.core, editorActor, task.id);
    await reportProblem(h.core, person, task.id, `Не открывается сайт, ${surname}`);
    await confirmTask(h.core, person, task.id, { kind: 'text', text: `Разместила, ${surname}` });
    const { survey, questionIds } = await surveyWith(h.core, [q.short({ required: true })], { audience: { roles: ['teacher'] } });
    await startSurvey(h.core, person.id, survey.id);
    await answerQuestion(h.core, person.id, survey.id, questionIds[0]!, { text: `Учитель ${surname}` });
    await submitSurvey(h.core, person.id, survey.id);
    await h.send(varvara, '/calendar');
    await h.send(varvara, '/profile');
    await h.press(varvara, 'Тихие часы');
    await h.press(varvara, '22:00–09:00');
    await h.drain();
    h.clock.set(webinarStart + 2 * hour);
    await recordAttendance(h.core, person, event.id, true);
    await rateEvent(h.core, person, event.id, 5);
    await takeComment(h.core, person, `Спасибо от ${surname}`);
    // A registration left half-way keeps its conversation state.
    await h.send(varvara, '/profile');

    await h.send(varvara, '/delete_me');
    await h.press(varvara, 'Да, удалить');
    expect(h.lastText(varvara)).toContain('Ваши данные удалены');
    await h.drain();
    expect(await withTelegramId(h.core, await getPerson(h.core, person.id))).toMatchObject({
      status: 'deleted',
      fullName: null,
      telegramId: null,
      roles: ['teacher'],
      schoolId: person.schoolId,
    });

    const file = join(h.dir, 'mayak.db');
    const checkpoint = new BetterSqlite3(file);
    // First by table and column, so a failure names where the person was left.
    const left: string[] = [];
    for (const { name } of checkpoint.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]) {
      for (const { name: column } of checkpoint.prepare(`pragma table_info("${name}")`).all() as { name: string }[]) {
        const hits = checkpoint
          .prepare(`select count(*) as n from "${name}" where instr(cast("${column}" as text), ?) > 0 or instr(cast("${column}" as text), ?) > 0`)
          .get(surname, String(telegramId)) as { n: number };
        if (hits.n > 0) left.push(`${name}.${column}`);
      }
    }
    expect(left).toEqual([]);
    checkpoint.pragma('wal_checkpoint(TRUNCATE)');
    checkpoint.close();
    const bytes = Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
    expect(bytes.indexOf(Buffer.from(surname, 'utf8'))).toBe(-1);
    expect(bytes.indexOf(Buffer.from(surname.toLowerCase(), 'utf8'))).toBe(-1);
    expect(bytes.indexOf(Buffer.from(String(telegramId), 'utf8'))).toBe(-1);
    expect(bytes.indexOf(bigEndian(telegramId, 6))).toBe(-1);
  });
});
