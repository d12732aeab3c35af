import type { MessengerChannel } from '../../core/vocabulary/channels.js';
import { eq } from 'drizzle-orm';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { contactsOf, linkContact } from '../../core/directory/contacts.js';
import { issueLinkCode, linkCodeTtlMs, redeemLinkCode } from '../../core/directory/link-codes.js';
import { markBlockedByChat } from '../../core/deliveries/recipients.js';
import { getPerson } from '../../core/directory/people.js';
import type { Messenger, SendResult } from '../../core/deliveries/messenger.js';
import { enqueueDeliveries } from '../../core/deliveries/outbox.js';
import { maxLimits, Pacer } from '../../core/deliveries/pacer.js';
import type { OutgoingMessage } from '../../core/vocabulary/message.js';
import { applyMigrations, readMigrations } from '../../db/migrate.js';
import { migrationsFolder } from '../../db/node.js';
import { auditLog, contacts, deliveries } from '../../db/schema/index.js';
import { Harness, user } from '../support/harness.js';
import { PanelClient } from '../support/panel.js';
import { findPersonByTelegramId } from '../support/people.js';

/** A second messenger for the outbox to drain through: records what it was asked to send, answers 403 for chosen chats. */
class RecordingMessenger implements Messenger {
  readonly sent: { chatId: string; html: string }[] = [];
  readonly blocked = new Set<string>();
  constructor(readonly channel: MessengerChannel) {}
  async send(chatId: string, message: OutgoingMessage): Promise<SendResult> {
    if (this.blocked.has(chatId)) return { ok: false, reason: 'blocked', description: 'Forbidden: the user blocked the bot' };
    this.sent.push({ chatId, html: message.html });
    return { ok: true, externalId: `m${this.sent.length}` };
  }
}

const teacher = user(demoTelegramIdBase + 5, 'Елена');
const maxUser = '555000777';

describe('a person reached by contacts: Telegram, MAX or both', () => {
  let h: Harness;
  let max: RecordingMessenger;
  let personId: number;

  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
    max = new RecordingMessenger('max');
    h.app.tickDeps.senders = { ...h.app.tickDeps.senders, max: { messenger: max, pacer: new Pacer(maxLimits) } };
    personId = (await findPersonByTelegramId(h.core, teacher.id))!.id;
  });
  afterEach(() => h.close());

  const notice = (html: string) => enqueueDeliveries(h.core, [{ personId, purpose: 'test.notice', urgent: true, message: { html } }]);
  const rows = () => h.core.database.db.select().from(deliveries).where(eq(deliveries.purpose, 'test.notice'));

  it('a person with two contacts gets one delivery, to the preferred one', async () => {
    const added = await linkContact(h.core, personId, 'max', maxUser, maxUser);
    expect(added.preferred).toBe(false);
    await notice('Один раз');
    await h.drain();
    expect(h.botTexts(teacher)).toEqual(['Один раз']);
    expect(max.sent).toEqual([]);
    expect((await rows()).map((r) => [r.channel, r.chatId, r.status])).toEqual([['telegram', String(teacher.id), 'sent']]);
  });

  it('blocked on the preferred messenger: the same row goes to the other one, delivered once', async () => {
    await linkContact(h.core, personId, 'max', maxUser, maxUser);
    h.fake.blockChat(teacher.id);
    await notice('Через MAX');
    await h.drain();
    expect(h.botTexts(teacher)).toEqual([]);
    expect(max.sent).toEqual([{ chatId: maxUser, html: 'Через MAX' }]);
    const [row, ...more] = await rows();
    expect(more).toEqual([]);
    expect(row).toMatchObject({ channel: 'max', chatId: maxUser, status: 'sent' });
    expect((await contactsOf(h.core, personId)).map((c) => [c.channel, c.status])).toEqual([
      ['telegram', 'blocked'],
      ['max', 'active'],
    ]);
    // Still reachable: not blocked as a person, and the next message goes straight to MAX.
    expect((await getPerson(h.core, personId))?.status).toBe('active');
    await notice('Снова');
    await h.drain();
    expect(max.sent.map((m) => m.html)).toEqual(['Через MAX', 'Снова']);
    expect(h.fake.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === teacher.id)).toHaveLength(1);
  });

  it('a person whose only contact is blocked is blocked, and later messages are skipped', async () => {
    h.fake.blockChat(teacher.id);
    await notice('Первое');
    await h.drain();
    expect((await getPerson(h.core, personId))?.status).toBe('blocked');
    await notice('Второе');
    expect((await rows()).map((r) => [r.status, r.error])).toEqual([
      ['blocked', expect.stringContaining('blocked')],
      ['skipped', 'recipient-blocked'],
    ]);
  });

  it('a person with no contact at all gets a skipped row that says why', async () => {
    await h.core.database.db.delete(contacts).where(eq(contacts.personId, personId));
    await notice('Никуда');
    expect((await rows()).map((r) => [r.status, r.error, r.chatId])).toEqual([['skipped', 'recipient-no-contact', '']]);
  });

  it('rows of a channel with no messenger configured wait, and go once it is', async () => {
    await linkContact(h.core, personId, 'max', maxUser, maxUser);
    await h.core.database.db.update(contacts).set({ preferred: true }).where(eq(contacts.channel, 'max'));
    await h.core.database.db.update(contacts).set({ preferred: false }).where(eq(contacts.channel, 'telegram'));
    const { max: _max, ...telegramOnly } = h.app.tickDeps.senders;
    h.app.tickDeps.senders = telegramOnly;
    await notice('Ждёт MAX');
    await h.drain();
    expect((await rows()).map((r) => [r.channel, r.status])).toEqual([['max', 'pending']]);
    h.app.tickDeps.senders = { ...telegramOnly, max: { messenger: max, pacer: new Pacer(maxLimits) } };
    await h.drain();
    expect(max.sent.map((m) => m.html)).toEqual(['Ждёт MAX']);
  });

  it('the preferred messenger chosen in the panel is where the next delivery goes; a stranger contact is refused', async () => {
    const maxContact = await linkContact(h.core, personId, 'max', maxUser, maxUser);
    const editor = await PanelClient.signedIn(h, 'editor');
    const page = await editor.html(`/people/${personId}`);
    expect(page).toContain('Как с ним связаться');
    expect(page).toContain('Сделать основным');
    expect((await editor.post(`/people/${personId}/preferred-contact`, { contactId: 'x' })).status).toBe(400);
    expect((await editor.post(`/people/${personId}/preferred-contact`, { contactId: String(maxContact.id) })).status).toBe(303);
    expect((await contactsOf(h.core, personId)).map((c) => [c.channel, c.preferred])).toEqual([
      ['max', true],
      ['telegram', false],
    ]);
    await notice('В MAX');
    await h.drain();
    expect(max.sent.map((m) => m.html)).toEqual(['В MAX']);
    expect(h.botTexts(teacher)).toEqual([]);
    const [entry] = await h.core.database.db.select().from(auditLog).where(eq(auditLog.action, 'person.preferred-contact'));
    expect(entry?.entityId).toBe(String(personId));
    expect(JSON.stringify(entry?.after)).toContain('max');
  });

  it('erasure deletes every contact', async () => {
    await linkContact(h.core, personId, 'max', maxUser, maxUser);
    await h.send(teacher, '/delete_me');
    await h.press(teacher, 'Да, удалить');
    expect(await contactsOf(h.core, personId)).toEqual([]);
  });
});

describe('migration 0017', () => {
  it('moves each Telegram id to a preferred Telegram contact (blocked for a blocked person) and drops the column', () => {
    const migrations = readMigrations(migrationsFolder);
    const at = migrations.findIndex((m) => m.tag === '0017_contacts');
    expect(at).toBeGreaterThan(0);
    const sqlite = new Database(':memory:');
    applyMigrations(sqlite, migrations.slice(0, at));
    sqlite.exec(`INSERT INTO municipalities (name, created_at) VALUES ('Светлогорск', 1)`);
    const insert = sqlite.prepare(
      `INSERT INTO people (telegram_id, full_name, roles, municipality_id, status, created_at, updated_at) VALUES (?, ?, '["teacher"]', 1, ?, 1, 2)`,
    );
    insert.run(111, 'Активная', 'active');
    insert.run(222, 'Заблокировавшая', 'blocked');
    insert.run(null, 'Загруженная', 'imported');
    applyMigrations(sqlite, migrations.slice(at));
    expect(sqlite.prepare('SELECT person_id, channel, user_id, chat_id, status, preferred FROM contacts ORDER BY person_id').all()).toEqual([
      { person_id: 1, channel: 'telegram', user_id: '111', chat_id: '111', status: 'active', preferred: 1 },
      { person_id: 2, channel: 'telegram', user_id: '222', chat_id: '222', status: 'blocked', preferred: 1 },
    ]);
    const columns = (sqlite.prepare(`PRAGMA table_info(people)`).all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('telegram_id');
    sqlite.close();
  });
});

describe('linking a second messenger with a one-time code', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('a code from one messenger, redeemed in the other, adds the contact once; a blocked person is reachable again', async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
    const personId = (await findPersonByTelegramId(h.core, teacher.id))!.id;
    await markBlockedByChat(h.core, personId, 'telegram');
    expect((await getPerson(h.core, personId))?.status).toBe('blocked');
    const { code } = await issueLinkCode(h.core, personId);
    expect(code).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const contact = await redeemLinkCode(h.core, code, 'max', maxUser, maxUser);
    expect(contact).toMatchObject({ personId, channel: 'max', status: 'active' });
    expect((await getPerson(h.core, personId))?.status).toBe('active');
    await expect(redeemLinkCode(h.core, code, 'max', '42', '42')).rejects.toThrow(/link-code-invalid/);
    const late = await issueLinkCode(h.core, personId);
    h.clock.advance(linkCodeTtlMs);
    await expect(redeemLinkCode(h.core, late.code, 'max', '43', '43')).rejects.toThrow(/link-code-invalid/);
  });
});
