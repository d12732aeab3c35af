import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../../core/admins/accounts.js';
import { storedMessengerIdentity } from '../../core/deliveries/messenger-identity.js';
import { remoteSetup } from '../../runtime/remote-setup.js';
import type { Harness } from '../support/harness.js';
import { webhookSecret } from '../support/harness.js';
import { MaxFlow, maxWebhookSecret } from '../support/max.js';

/**
 * `npm run cli -- setup --remote` against a deployment over HTTP: here the panel served by a harness (the same
 * Hono app the Worker serves) with both messengers, the fake Telegram and the fake MAX recording what the chores asked.
 */
describe('setup --remote', () => {
  let f: MaxFlow;
  let h: Harness;
  let base: string;
  let close: () => Promise<void>;
  const owner = { email: 'owner@example.org', password: 'correct horse battery' };

  beforeAll(async () => {
    f = await MaxFlow.start();
    h = f.h;
    await createAdmin(h.core, { ...owner, role: 'owner', municipalityIds: [] });
    await createAdmin(h.core, { email: 'editor@example.org', password: owner.password, role: 'editor', municipalityIds: [] });
    const server = serve({ fetch: h.app.admin.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });

  afterAll(async () => {
    await close();
    await f.close();
  });

  it('signs in as the owner and runs the chores: the bot remembered, the menus, the webhook with its secret', async () => {
    h.fake.reset();
    expect(await remoteSetup({ base, ...owner })).toBe('Готово. Бот: @mayak_sandbox_bot.');
    const [webhook] = h.fake.callsOf('setWebhook');
    expect(webhook?.params).toMatchObject({ url: 'https://mayak.test/telegram/webhook', secret_token: webhookSecret });
    expect(h.fake.callsOf('setMyCommands').length).toBeGreaterThan(0);
    expect((await storedMessengerIdentity(h.core))?.username).toBe('mayak_sandbox_bot');
  });

  it("with MAX configured, subscribes MAX's webhook with its secret and sets its command menu; MAX refusing is named", async () => {
    f.max.reset();
    expect(await remoteSetup({ base, ...owner })).toBe('Готово. Бот: @mayak_sandbox_bot.');
    expect(f.max.subscription).toMatchObject({ url: 'https://mayak.test/max/webhook', secret: maxWebhookSecret });
    expect(f.max.commands.map((c) => c.name)).toContain('start');
    f.max.failWith500({ times: 1 });
    await expect(remoteSetup({ base, ...owner })).rejects.toThrow('Не получилось: MAX: 500 internal.error: Internal server error');
  });

  it('names what stops it: a wrong password, an admin who is not the owner, Telegram refusing, nobody answering', async () => {
    await expect(remoteSetup({ base, email: owner.email, password: 'wrong password here' })).rejects.toThrow(
      'signing in as owner@example.org was refused (HTTP 401)',
    );
    await expect(remoteSetup({ base, email: 'editor@example.org', password: owner.password })).rejects.toThrow(
      "/setup answered HTTP 403 (an owner's page: is editor@example.org an owner?)",
    );
    h.fake.failWith500({ method: 'getMe', times: 1 });
    await expect(remoteSetup({ base, ...owner })).rejects.toThrow(/^Не получилось: /);
    await expect(remoteSetup({ base: 'http://127.0.0.1:1', ...owner })).rejects.toThrow('http://127.0.0.1:1 did not answer');
  });
});

describe('setup with MAX alone', () => {
  it("sets up MAX's menu and webhook and asks Telegram nothing", async () => {
    const f = await MaxFlow.start({ maxAlone: true });
    try {
      const owner = { email: 'owner@example.org', password: 'correct horse battery' };
      await createAdmin(f.h.core, { ...owner, role: 'owner', municipalityIds: [] });
      const server = serve({ fetch: f.h.app.admin.fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      try {
        f.h.fake.reset();
        expect(await remoteSetup({ base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ...owner })).toBe(
          'Готово: MAX настроен, Telegram не подключён.',
        );
        expect(f.max.subscription).toMatchObject({ url: 'https://mayak.test/max/webhook', secret: maxWebhookSecret });
        expect(f.h.fake.calls).toHaveLength(0);
      } finally {
        await new Promise((resolve) => server.close(() => resolve(undefined)));
      }
    } finally {
      await f.close();
    }
  });
});
