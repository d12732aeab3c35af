import { like } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/admins/access.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { findPersonByTelegramId } from '../support/people.js';
import { createEvent } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { createTopic } from '../../core/subscriptions/admin.js';
import { setOwnSubscription } from '../../core/subscriptions/subscriptions.js';
import { systemState } from '../../db/schema/index.js';
import { hour, webinar } from '../support/events.js';
import { Harness, user } from '../support/harness.js';

const editor: Actor = { kind: 'token', id: 1, label: 'api:test', role: 'editor', municipalityIds: [] };
/** Demo 5: a maths teacher of municipality 1; demo 4: the lead of the same school. */
const teacher = user(demoTelegramIdBase + 5, 'Елена');
const lead = user(demoTelegramIdBase + 4, 'Павел');
const why = 'приходит и тем, кто отписался от тем';

describe('a required message to someone who unsubscribed', () => {
  let h: Harness;
  let maths: number;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
    maths = (await createTopic(h.core, editor, { name: 'Математика', description: '', kind: 'subject', defaultRoles: ['teacher'] })).id;
  });
  afterEach(() => h.close());

  async function announce(title: string, topicIds?: number[]): Promise<void> {
    const event = await createEvent(
      h.core,
      editor,
      webinar({ title, audience: { roles: ['teacher', 'school_lead'], municipalityIds: [1], ...(topicIds ? { topicIds } : {}) } }),
    );
    await publishEvent(h.core, editor, event.id);
    await h.drain();
  }

  it('says in one line why it came, once per kind of message; others never see the line', async () => {
    const person = (await findPersonByTelegramId(h.core, teacher.id))!;
    await setOwnSubscription(h.core, person, maths, false);

    await announce('Первый обязательный вебинар');
    expect(h.lastText(teacher)).toContain('Первый обязательный вебинар');
    expect(h.lastText(teacher)).toContain(why);
    // The lead never unsubscribed: nothing to explain.
    expect(h.lastText(lead)).toContain('Первый обязательный вебинар');
    expect(h.lastText(lead)).not.toContain(why);

    h.clock.advance(hour);
    await announce('Второй обязательный вебинар');
    expect(h.lastText(teacher)).toContain('Второй обязательный вебинар');
    expect(h.lastText(teacher)).not.toContain(why);
    expect(h.countTexts(teacher, why)).toBe(1);
  });

  it('forgets whom it told when the person erases themselves', async () => {
    const person = (await findPersonByTelegramId(h.core, teacher.id))!;
    await setOwnSubscription(h.core, person, maths, false);
    await announce('Обязательный вебинар');
    const notes = () => h.core.database.db.select().from(systemState).where(like(systemState.key, 'required-note:%'));
    expect((await notes()).map((r) => r.key)).toEqual([`required-note:event:${person.id}`]);
    await h.send(teacher, '/delete_me');
    await h.press(teacher, 'Да, удалить');
    expect(await notes()).toEqual([]);
  });
});
