/**
 * The HTTP side of the fake Telegram: routes `/bot<token>/<method>` and file downloads, records every call and
 * its answer, applies the faults and the latency, and posts updates to a webhook as Telegram does.
 * Built on bare `node:http` to stay fast and dependency-free.
 */
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Faults } from './faults.js';
import type { FileStore } from './files.js';
import type { Handler } from './message-methods.js';
import { BotApiError, parseParams, type Json, type Params } from './params.js';
import type { Settle, UpdateQueue } from './updates.js';

export interface RecordedCall {
  seq: number;
  method: string;
  token: string;
  params: Record<string, unknown>;
  /** Date.now() when the request was received. */
  at: number;
  /** What was answered: the `result` on success, the error body on failure, `undefined` if no answer was sent (dropped connection, aborted long poll). */
  response: unknown;
}

const ROUTE = /^\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/;

export class FakeServer {
  readonly calls: RecordedCall[] = [];
  private seq = 0;
  private server: Server | undefined;
  private root: string | undefined;
  private readonly delayed = new Map<NodeJS.Timeout, ServerResponse>();
  private readonly listeners = new Set<(call: RecordedCall) => void>();
  /** Calls that will never be answered ('hang'), ended by close(). */
  private readonly hung = new Set<ServerResponse>();
  /** While refusing connections: nothing listens on the port, as when Telegram cannot be reached at all. */
  private refusing: { port: number } | undefined;
  // Keep-alive for webhook posts (benchmarks send many); idle agent sockets are unref'd, so they never hold the process.
  private readonly agent = new Agent({ keepAlive: true });
  // Telegram method names are case-insensitive.
  private readonly canonical: Map<string, string>;

  constructor(
    private readonly handlers: ReadonlyMap<string, Handler>,
    private readonly updates: UpdateQueue,
    private readonly faults: Faults,
    private readonly files: FileStore,
  ) {
    this.canonical = new Map([...handlers.keys(), 'getUpdates'].map((name) => [name.toLowerCase(), name] as const));
  }

  async listen(port: number): Promise<string> {
    if (this.server) throw new Error('FakeBotApi is already listening');
    const server = createServer((req, res) => this.onRequest(req, res));
    // grammY keeps connections alive without an idle limit; a server-side idle timeout would race with reuse (ECONNRESET).
    server.keepAliveTimeout = 0;
    await this.listenOn(server, port);
    this.server = server;
    this.root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.root;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    // Unset first: answers given while closing are written at once, so nothing outlives close().
    this.server = undefined;
    this.root = undefined;
    const answered = this.updates.endPolls();
    for (const [timer, res] of this.delayed) {
      clearTimeout(timer);
      res.destroy();
    }
    this.delayed.clear();
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    await answered;
    if (this.refusing) this.refusing = undefined;
    else {
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    }
    this.agent.destroy();
  }

  get apiRoot(): string {
    if (this.root === undefined) throw new Error('FakeBotApi is not listening; call listen() first');
    return this.root;
  }

  async refuseConnections(): Promise<void> {
    const server = this.server;
    if (!server || this.refusing) return;
    this.refusing = { port: (server.address() as AddressInfo).port };
    this.updates.destroyPolls();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    // Let clients see their idle keep-alive connections close, as they would long before a real outage is noticed.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  async acceptConnections(): Promise<void> {
    const server = this.server;
    const refusing = this.refusing;
    if (!server || !refusing) return;
    this.refusing = undefined;
    await this.listenOn(server, refusing.port);
  }

  /** POSTs an update to a webhook (http only) the way Telegram does; resolves with the HTTP status. */
  postToWebhook(url: string, update: Record<string, unknown>, secretToken?: string): Promise<number> {
    const body = JSON.stringify(update);
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    };
    if (secretToken !== undefined) headers['x-telegram-bot-api-secret-token'] = secretToken;
    return new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST', headers, agent: this.agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs: number): Promise<void> {
    if (predicate(this.calls)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        const last = this.calls.slice(-10).map(describeCall).join('\n');
        reject(new Error(`FakeBotApi.waitFor timed out after ${timeoutMs} ms; last calls:\n${last || '(none)'}`));
      }, timeoutMs);
      const unsubscribe = this.onCall(() => {
        let done: boolean;
        try {
          done = predicate(this.calls);
        } catch (err) {
          clearTimeout(timer);
          unsubscribe();
          reject(err);
          return;
        }
        if (done) {
          clearTimeout(timer);
          unsubscribe();
          resolve();
        }
      });
    });
  }

  onCall(listener: (call: RecordedCall) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private listenOn(server: Server, port: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const at = Date.now();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const route = ROUTE.exec(q === -1 ? url : url.slice(0, q));
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      // File downloads (after getFile): a file never uploaded here comes back as its file_id, so a test can tell which it got.
      const file = /^\/file\/bot[^/]+\/files\/(.+)$/.exec(url);
      if (file) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(this.files.download(decodeURIComponent(file[1]!)));
        return;
      }
      if (!route) {
        this.answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
        return;
      }
      const body = chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks);
      this.dispatch(route[1] ?? '', route[2] ?? '', req, body, q === -1 ? '' : url.slice(q + 1), at, res);
    });
  }

  private dispatch(token: string, name: string, req: IncomingMessage, body: Buffer, query: string, at: number, res: ServerResponse): void {
    const method = this.canonical.get(name.toLowerCase()) ?? name;
    let params: Params = {};
    const settle: Settle = (status, payload, response) => {
      this.record({ seq: ++this.seq, method, token, params, at, response });
      this.answer(res, status, payload);
    };
    try {
      params = parseParams(req.headers['content-type'] ?? '', body, query);
      const fault = this.faults.take(method);
      if (fault?.kind === 'drop') return settle(0, null, undefined);
      if (fault?.kind === 'hang') {
        this.record({ seq: ++this.seq, method, token, params, at, response: undefined });
        this.hung.add(res);
        res.on('close', () => this.hung.delete(res));
        return;
      }
      if (fault?.kind === 502 || fault?.kind === 503 || fault?.kind === 504) {
        this.record({ seq: ++this.seq, method, token, params, at, response: undefined });
        const page = `<html><head><title>${fault.kind} Bad Gateway</title></head><body><center><h1>${fault.kind}</h1></center><hr><center>nginx</center></body></html>`;
        return this.answerRaw(res, fault.kind, page);
      }
      const dropAnswer = this.faults.losesAnswer(method, fault);
      if (fault?.kind === 429) {
        throw new BotApiError(429, `Too Many Requests: retry after ${fault.retryAfter}`, { retry_after: fault.retryAfter });
      }
      if (fault?.kind === 500) throw new BotApiError(500, 'Internal Server Error');
      if (method === 'getUpdates') return this.updates.getUpdates(params, res, settle);
      const handler = this.handlers.get(method);
      if (!handler) throw new BotApiError(404, 'Not Found: method not found');
      const result = handler(params);
      if (dropAnswer) return settle(0, null, undefined);
      settle(200, { ok: true, result }, result);
    } catch (err) {
      // Anything but a BotApiError is a bug in this fake; surface it to the caller instead of hanging.
      const error = err instanceof BotApiError ? err : new BotApiError(500, `Internal Server Error: ${String(err)}`);
      const errorBody = error.body();
      settle(error.code, errorBody, errorBody);
    }
  }

  private answer(res: ServerResponse, status: number, payload: Json | null): void {
    this.later(res, () => {
      if (res.destroyed) return;
      if (payload === null) {
        res.destroy();
        return;
      }
      const json = JSON.stringify(payload);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) }).end(json);
    });
  }

  /** A non-JSON answer (what a gateway in front of the Bot API sends), after the same latency. */
  private answerRaw(res: ServerResponse, status: number, html: string): void {
    this.later(res, () => {
      if (!res.destroyed) res.writeHead(status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(html) }).end(html);
    });
  }

  /** Writes after the latency; once closing, at once so nothing outlives close(). */
  private later(res: ServerResponse, write: () => void): void {
    if (this.faults.latencyMs <= 0 || !this.server) return write();
    const timer = setTimeout(() => {
      this.delayed.delete(timer);
      write();
    }, this.faults.latencyMs);
    this.delayed.set(timer, res);
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    for (const listener of this.listeners) {
      try {
        listener(call);
      } catch (err) {
        // A broken observer must not turn into a failed Bot API call for the bot.
        console.error('FakeBotApi: onCall listener failed', err);
      }
    }
  }
}

function describeCall(call: RecordedCall): string {
  const line = `#${call.seq} ${call.method} ${JSON.stringify(call.params)} -> ${call.response === undefined ? '(no answer)' : JSON.stringify(call.response)}`;
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
