import { createServer } from 'node:http';
import type { TestProject } from 'vitest/node';
import { FakeBotApi } from '../../sandbox/fake-bot-api.js';

declare module 'vitest' {
  export interface ProvidedContext {
    telegramApiRoot: string;
    telegramControl: string;
  }
}

/**
 * The fake Telegram for the Workers lane, in Node (workerd reaches it over 127.0.0.1), with a small control
 * server beside it: the tests in workerd read the recorded calls and set faults through it.
 */
export default async function setup(project: TestProject) {
  const fake = new FakeBotApi({ botUsername: 'mayak_sandbox_bot', botId: 123456 });
  const apiRoot = await fake.listen(0);
  const control = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://control');
    const answer = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const param = (name: string) => url.searchParams.get(name) ?? '';
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
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const address = control.address();
  project.provide('telegramApiRoot', apiRoot);
  project.provide('telegramControl', `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
  return async () => {
    await new Promise((resolve) => control.close(resolve));
    await fake.close();
  };
}
