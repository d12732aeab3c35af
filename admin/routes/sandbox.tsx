import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { html } from 'hono/html';
import { z } from 'zod';
import { sandboxAssets } from '../assets/served.js';
import type { SandboxChat, SandboxUser } from '../sandbox-port.js';
import { buttonsOf, isRecord } from '../views/sandbox/messages.js';
import { SandboxPage } from '../views/sandbox/page.js';
import {
  BadInput,
  badInput,
  channelSchema,
  chatIdOf,
  chatsQuery,
  fileQuery,
  forwardSchema,
  groupActionSchema,
  mediaSchema,
  messagesQuery,
  newcomerSchema,
  parseBody,
  parseQuery,
  pressSchema,
  sendSchema,
  type SandboxEnv,
} from './sandbox/input.js';
import { maxBotUsernameOf, mountMaxSandbox } from './sandbox/max.js';
import { botUsernameOf, ChatObserver, commandsFor } from './sandbox/observer.js';
import { demoFiles, fileType, SandboxWorld } from './sandbox/world.js';

export type { SandboxEnv } from './sandbox/input.js';

/**
 * The page's CSP. Its look and behaviour are served files (sandboxAssets), so neither inline styles nor inline
 * scripts are allowed; it talks only to its own API and shows images from it.
 */
const pagePolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * A kept file opened on its own (an SVG photo, a document). `sandbox` gives it an opaque origin where no script
 * runs, so the inline styles an SVG may carry (style attributes, <style>) are allowed: they cannot reach the page.
 */
const filePolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/**
 * The sandbox web chat, mounted at /sandbox: the page, its script and stylesheet, and a small JSON API over the
 * Telegram it plays (the sandbox port). Updates the page sends are queued there, where the bot's long polling picks
 * them up like Telegram's.
 */
export function sandboxRoutes(sandbox: SandboxChat): Hono<SandboxEnv> {
  const { api } = sandbox;
  const world = new SandboxWorld(api, sandbox.people);
  const observer = new ChatObserver(api);
  const nameOf = (id: number) => world.nameOf(id);

  /** The person the page acts as: one of the sandbox's own, with the names their Telegram profile would carry. */
  function personOf(c: Context<SandboxEnv>, body: { chat: number; firstName: string; lastName?: string | undefined }): SandboxUser {
    if (!world.isPerson(body.chat)) throw badInput(c, 'chat', 'not-a-sandbox-person');
    const user: SandboxUser = { id: body.chat, first_name: body.firstName, language_code: 'ru' };
    if (body.lastName) user.last_name = body.lastName;
    return user;
  }

  /** A chat id the sandbox knows: one of its people's private chats, its groups (before or after migration), its channels. */
  function sandboxChat(c: Context<SandboxEnv>, raw: unknown): number {
    const id = chatIdOf(c, raw);
    if (world.isChat(id)) return id;
    throw badInput(c, 'chat', 'not-a-sandbox-chat');
  }

  /** The group's current id (a migrated group lives on as its supergroup), if `userId` is a member there. */
  function memberGroup(c: Context<SandboxEnv>, raw: unknown, userId: number): number {
    const id = world.currentGroup(sandboxChat(c, raw));
    const status = api.memberStatus(id, userId);
    if (!world.groups.has(id) || status === undefined || status === 'left' || status === 'kicked') throw badInput(c, 'in', 'not-a-member');
    return id;
  }

  const app = new Hono<SandboxEnv>();

  app.onError((error, c) => {
    if (error instanceof BadInput) return c.json({ error: error.message }, 400);
    console.error('sandbox:', error);
    return c.json({ error: `server: ${error instanceof Error ? error.message : String(error)}` }, 500);
  });
  app.notFound((c) => c.json({ error: `path: ${c.get('t')('sandbox-error-no-such-path')}` }, 404));

  app.get('/', (c) => {
    const base = new URL(c.req.url).pathname.replace(/\/+$/, '');
    c.header('content-security-policy', pagePolicy);
    c.header('referrer-policy', 'no-referrer');
    c.header('cache-control', 'no-store');
    const t = c.get('t');
    const { people, newcomers } = world.pickers(t);
    const maxBot = sandbox.max ? maxBotUsernameOf(sandbox.max.api) : undefined;
    return c.html(
      html`<!DOCTYPE html>${<SandboxPage base={base} botUsername={botUsernameOf(api.calls)} maxBotUsername={maxBot} people={people} newcomers={newcomers} t={t} />}`,
    );
  });

  for (const asset of Object.values(sandboxAssets)) {
    app.get(asset.path, (c) => c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'no-cache' }));
  }

  const tooLarge = (c: Context<SandboxEnv>) => c.json({ error: `body: ${c.get('t')('sandbox-error-body-too-large')}` }, 400);
  const smallBody = bodyLimit({ maxSize: 64 * 1024, onError: tooLarge });
  // A photo or document (base64) may be up to about 2 MB.
  const mediaBody = bodyLimit({ maxSize: 3 * 1024 * 1024, onError: tooLarge });
  app.use('/api/*', (c, next) => (c.req.path.endsWith('/api/media') ? mediaBody(c, next) : smallBody(c, next)));
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });

  if (sandbox.max) mountMaxSandbox(app, sandbox.max, personOf);

  app.get('/api/messages', (c) => {
    const query = parseQuery(c, messagesQuery);
    // After a restart of the process a client may come back with a seq from the old one: it gets everything.
    return c.json(observer.since(sandboxChat(c, query.chat), query.after, c.get('t'), nameOf));
  });

  app.post('/api/send', async (c) => {
    const body = await parseBody(c, sendSchema);
    const from = personOf(c, body);
    const update =
      body.in === undefined ? api.userSends(from, body.text) : api.pushUpdate(api.buildGroupText(memberGroup(c, body.in, from.id), from, body.text));
    const message = isRecord(update['message']) ? update['message'] : {};
    return c.json({ ok: true, updateId: update['update_id'], messageId: message['message_id'] });
  });

  app.post('/api/press', async (c) => {
    const body = await parseBody(c, pressSchema);
    const from = personOf(c, body);
    const chatId = body.in === undefined ? body.chat : memberGroup(c, body.in, from.id);
    const message = api.chat(chatId).find((m) => m.message_id === body.messageId && !m.deleted);
    if (!message || !message.from_bot) throw badInput(c, 'messageId', 'no-such-message');
    const buttons = buttonsOf(message.reply_markup).flat();
    if (!buttons.some((b) => b.kind === 'callback' && b.data === body.data)) throw badInput(c, 'data', 'no-such-button');
    let update: Record<string, unknown>;
    try {
      // In a group the press is the member's own: the bot sees who pressed, as in Telegram.
      update =
        body.in === undefined ? api.userPresses(from, body.messageId, body.data) : api.pushUpdate(api.buildPressIn(chatId, from, body.messageId, body.data));
    } catch (error) {
      throw badInput(c, 'messageId', 'press-refused', { detail: error instanceof Error ? error.message : String(error) });
    }
    const query = isRecord(update['callback_query']) ? update['callback_query'] : {};
    const id = String(query['id'] ?? '');
    observer.pressed(id, chatId);
    return c.json({ ok: true, updateId: update['update_id'], callbackQueryId: id });
  });

  app.post('/api/newcomer', async (c) => {
    const body = await parseBody(c, newcomerSchema);
    return c.json(world.addNewcomer(body.firstName, c.get('t')));
  });

  app.get('/api/commands', (c) => {
    const query = parseQuery(c, z.object({ chat: z.unknown() }));
    return c.json({ commands: commandsFor(api.calls, sandboxChat(c, query.chat)) });
  });

  app.get('/api/chats', (c) => {
    const query = parseQuery(c, chatsQuery);
    if (!world.isPerson(query.person)) throw badInput(c, 'person', 'not-a-sandbox-person');
    return c.json({ chats: world.chatsOf(query.person, c.get('t')) });
  });

  app.get('/api/demo-files', (c) => c.json({ files: demoFiles.map(({ id, kind, name }) => ({ id, kind, name })) }));

  /** A photo or document from the person: a demo file, or one of their own (base64), as Telegram would deliver it. */
  app.post('/api/media', async (c) => {
    const body = await parseBody(c, mediaSchema);
    const from = personOf(c, body);
    const chatId = body.in === undefined ? from.id : memberGroup(c, body.in, from.id);
    let file: { name: string; bytes: Buffer };
    if (body.demo !== undefined) {
      const demo = demoFiles.find((f) => f.id === body.demo);
      if (!demo) throw badInput(c, 'demo', 'no-such-demo-file');
      file = { name: demo.name, bytes: demo.bytes() };
    } else {
      if (body.data === undefined || body.name === undefined) throw badInput(c, 'data', 'required');
      const bytes = Buffer.from(body.data, 'base64');
      if (bytes.length === 0) throw badInput(c, 'data', 'empty-file');
      file = { name: body.name, bytes };
    }
    const update = api.pushUpdate(api.buildMedia(chatId, from, { kind: body.kind, name: file.name, bytes: file.bytes, caption: body.caption || undefined }));
    return c.json({ ok: true, updateId: update['update_id'] });
  });

  app.post('/api/forward', async (c) => {
    const body = await parseBody(c, forwardSchema);
    const from = personOf(c, body);
    const source = body.from > 0 ? sandboxChat(c, body.from) : world.channels.has(body.from) ? body.from : memberGroup(c, body.from, from.id);
    if (source > 0 && source !== from.id) throw badInput(c, 'from', 'not-your-chat');
    if (!api.chat(source).some((m) => m.message_id === body.messageId && !m.deleted)) throw badInput(c, 'messageId', 'no-such-message');
    const update = api.pushUpdate(api.buildForward(from, source, body.messageId));
    return c.json({ ok: true, updateId: update['update_id'] });
  });

  app.post('/api/group', async (c) => {
    const body = await parseBody(c, groupActionSchema);
    const from = personOf(c, body);
    const group = memberGroup(c, body.group, from.id);
    const status = api.memberStatus(group, from.id);
    // As in Telegram: only the group's administrators add the bot, promote or upgrade the group.
    if (status !== 'creator' && status !== 'administrator') throw badInput(c, 'group', 'not-a-group-admin');
    const bot = api.botUserId;
    switch (body.action) {
      case 'add-bot':
        api.setMemberStatus(group, bot, 'administrator');
        api.pushUpdate(api.buildMyChatMember(group, from, 'administrator'));
        break;
      case 'remove-bot':
        api.setMemberStatus(group, bot, 'left');
        api.pushUpdate(api.buildMyChatMember(group, from, 'left'));
        break;
      case 'promote':
      case 'demote': {
        const member = body.member;
        const current = member === undefined ? undefined : api.memberStatus(group, member);
        if (member === undefined || current === undefined || current === 'left' || current === 'creator' || member === bot)
          throw badInput(c, 'member', 'not-a-member');
        api.setMemberStatus(group, member, body.action === 'promote' ? 'administrator' : 'member');
        break;
      }
      case 'migrate': {
        if (api.groupState(group)?.type !== 'group') throw badInput(c, 'group', 'already-supergroup');
        const to = -1_000_000_000_000 + group;
        api.pushUpdate(api.buildMigration(group, to, from));
        world.groups.add(to);
        break;
      }
    }
    return c.json({ ok: true, chats: world.chatsOf(from.id, c.get('t')) });
  });

  app.post('/api/channel', async (c) => {
    const body = await parseBody(c, channelSchema);
    const from = personOf(c, body);
    if (!world.channels.has(body.channel)) throw badInput(c, 'channel', 'not-a-sandbox-chat');
    api.setBotAdmin(body.channel, body.admin);
    api.setChannelRights(body.channel, { post: body.post, edit: body.edit, delete: body.delete });
    return c.json({ ok: true, chats: world.chatsOf(from.id, c.get('t')) });
  });

  /** A kept file's bytes (a photo in the chat, a document or .ics to open). */
  app.get('/api/file', (c) => {
    const query = parseQuery(c, fileQuery);
    const file = api.file(query.id);
    if (!file) return c.json({ error: `id: ${c.get('t')('sandbox-error-no-such-file')}` }, 404);
    const name = file.name ?? query.id;
    c.header('content-type', fileType(name));
    c.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(name)}`);
    c.header('x-content-type-options', 'nosniff');
    c.header('content-security-policy', filePolicy);
    return c.body(new Uint8Array(file.bytes));
  });

  return app;
}
