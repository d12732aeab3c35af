/**
 * The Worker of the Workers bench case (bench/workers.ts): runtime/worker.ts as deployed, with its D1 counted (the
 * dispatcher's and the requests' apart) and a few routes under /__bench/ for the bench to set the stage. Bundled and
 * run by wrangler's own local dev server (workerd, local D1, the Durable Object and its alarms); never deployed.
 */
import type { DurableObjectState, ExecutionContext } from '@cloudflare/workers-types/latest/index.js';
import { enqueueDeliveries } from '../core/deliveries/outbox.js';
import { OutboxDispatcher as Dispatcher } from '../runtime/dispatcher.js';
import worker from '../runtime/worker.js';
import { reportReplies, type WorkerEnv, wakeDispatcher, workerConfig, workerCore } from '../runtime/worker-env.js';
import { countingD1 } from '../test/workers/counting-d1.js';

/**
 * When each sendMessage left this isolate, by workerd's clock: the departures the dispatcher's pacer decided, before
 * any delay on the way to the fake Telegram (on a loaded machine, requests can leave workerd late and arrive bunched).
 * grammY looks fetch up when its client is made, at the app's first request, after this module ran.
 */
const departures: number[] = [];
const fetchOfWorkerd = globalThis.fetch;
globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
  if ((input instanceof Request ? input.url : String(input)).endsWith('/sendMessage')) departures.push(Date.now());
  return fetchOfWorkerd(input, init);
}) as typeof fetch;

/** Bound once per isolate (worker.ts builds its app from the first request's bindings). */
let requests: ReturnType<typeof countingD1> | undefined;
let dispatcher: ReturnType<typeof countingD1> | undefined;

function counted(env: WorkerEnv): WorkerEnv {
  requests ??= countingD1(env.DB);
  return { ...env, DB: requests.d1 };
}

/** The dispatcher as deployed, over a counted D1; it also answers how many statements it ran. */
export class OutboxDispatcher extends Dispatcher {
  constructor(state: DurableObjectState, env: WorkerEnv) {
    dispatcher ??= countingD1(env.DB);
    super(state, { ...env, DB: dispatcher.d1 });
  }

  override async fetch(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === '/__bench/statements') return Response.json({ statements: dispatcher?.count() ?? 0 });
    if (pathname === '/__bench/departures') return Response.json({ at: departures });
    return super.fetch(request);
  }
}

const stub = (env: WorkerEnv) => env.OUTBOX.get(env.OUTBOX.idFromName('outbox'));

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    switch (url.pathname) {
      // The drizzle-kit migrations' statements, in order (a fresh local D1 each run).
      case '/__bench/migrate': {
        const statements = (await request.json()) as string[];
        await env.DB.batch(statements.map((sql) => env.DB.prepare(sql)));
        return Response.json({ applied: statements.length });
      }
      case '/__bench/enqueue': {
        const n = Number(url.searchParams.get('n'));
        const first = Number(url.searchParams.get('first'));
        const core = workerCore(env, workerConfig(env), () => undefined);
        const items = Array.from({ length: n }, (_, i) => ({
          channel: 'telegram' as const,
          chatId: String(first + i),
          purpose: 'bench',
          priority: 9,
          message: { html: `Сообщение ${i}` },
        }));
        await enqueueDeliveries(core, items);
        return Response.json({ queued: n });
      }
      // As a request that queued something wakes the dispatcher.
      case '/__bench/wake':
        await wakeDispatcher(env);
        return Response.json({ woken: true });
      case '/__bench/departures':
        return stub(env).fetch('https://dispatcher/__bench/departures') as unknown as Response;
      case '/__bench/statements': {
        const ofDispatcher = (await (await stub(env).fetch('https://dispatcher/__bench/statements')).json()) as { statements: number };
        return Response.json({ requests: requests?.count() ?? 0, dispatcher: ofDispatcher.statements });
      }
      // A request that awaits one reply's report to the dispatcher (`?report=1`) or does nothing: the bench times both
      // from outside (workerd's clocks stand still inside a request), the difference being what awaiting it would cost.
      case '/__bench/report':
        if (url.searchParams.get('report') === '1') await reportReplies(env, [String(990_000_000 + Number(url.searchParams.get('i')))]);
        return Response.json({});
      default:
        return worker.fetch(request, counted(env), ctx);
    }
  },
};
