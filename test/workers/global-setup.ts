import { createServer } from 'node:http';
import type { TestProject } from 'vitest/node';
import { FakeBotApi } from '../../sandbox/fake-bot-api.js';
import { FakeMaxApi, type FakeMaxUser } from '../../sandbox/fake-max-api.js';

declare module 'vitest' {
  export interface ProvidedContext {
    telegramApiRoot: string;
    telegramControl: string;
    maxApiRoot: string;
  }
}

/**
 * The fake Telegram and the fake MAX for the Workers lane, in Node (workerd reaches them over 127.0.0.1), with a
 * small control server beside them: the tests in workerd read the recorded calls, set faults and have the fake MAX
 * build the updates its users' actions make (the test posts each to the Worker's webhook) through it.
 */
export default async function setup(project: TestProject) {
  const fake = new FakeBotApi({ botUsername: 'mayak_sandbox_bot', botId: 123456 });
  const apiRoot = await fake.listen(0);
  const max = new FakeMaxApi();
  const maxApiRoot = await max.listen(0);
  const control = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://control');
    const answer = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const param = (name: string) => url.searchParams.get(name) ?? '';
    const maxUser = (): FakeMaxUser => ({ user_id: Number(param('user')), first_name: param('name') || `User${param('user')}` });
    if (url.pathname === '/calls') return answer(fake.callsOf(param('method')).map(({ method, params, at, response }) => ({ method, params, at, response })));
    if (url.pathname === '/reset') {
      fake.reset();
      return answer({ ok: true });
    }
    if (url.pathname === '/429') {
      fake.failWith429(Number(param('retryAfter')), { method: 'sendMessage', times: Number(param('times')) });
      return answer({ ok: true });
    }
    if (url.pathname === '/block') {
      fake.blockChat(Number(param('chat')));
      return answer({ ok: true });
    }
    if (url.pathname === '/max/calls')
      return answer(max.callsOf(param('method')).map(({ method, query, body, at, response }) => ({ method, query, body, at, response })));
    if (url.pathname === '/max/reset') {
      max.reset();
      return answer({ ok: true });
    }
    if (url.pathname === '/max/subscription') return answer(max.subscription ?? null);
    // The update a user's action makes, as MAX would post it (the user becomes known to the fake, which then takes
    // messages to their dialog).
    if (url.pathname === '/max/started') return answer(max.build.started(maxUser(), param('payload') || undefined));
    if (url.pathname === '/max/text') return answer(max.build.text(maxUser(), param('text')));
    if (url.pathname === '/max/press') {
      // A press on a button the message lacks is the test's mistake: said in the answer, not thrown in this process.
      try {
        return answer(max.build.press(maxUser(), param('mid'), param('payload')));
      } catch (error) {
        return res.writeHead(400).end(error instanceof Error ? error.message : String(error));
      }
    }
    if (url.pathname === '/max/users') {
      for (let i = 0; i < Number(param('n')); i++) max.build.started({ user_id: Number(param('first')) + i, first_name: `User${i}` });
      return answer({ ok: true });
    }
    if (url.pathname === '/max/dialog') return answer(max.dialog(Number(param('user'))));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const address = control.address();
  project.provide('telegramApiRoot', apiRoot);
  project.provide('maxApiRoot', maxApiRoot);
  project.provide('telegramControl', `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
  return async () => {
    await new Promise((resolve) => control.close(resolve));
    await fake.close();
    await max.close();
  };
}
