/**
 * The HTTP side of the fake MAX: routes each call by its verb and path, checks the `Authorization` token, records
 * the call and its answer, applies the faults and the latency (the Telegram fake's `Faults`), and posts updates to
 * the subscribed webhook with `X-Max-Bot-Api-Secret`, as MAX does.
 */
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Faults } from '../fake/faults.js';
import { MaxApiError, type Route } from './methods.js';

export interface MaxCall {
  seq: number;
  /** The SDK's name of the method: sendMessage, editMessage, answerOnCallback, getMyInfo… */
  method: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  token: string;
  at: number;
  status: number;
  /** What was answered; undefined when no answer was sent (a dropped connection). */
  response: unknown;
}

export class MaxServer {
  readonly calls: MaxCall[] = [];
  private seq = 0;
  private server: Server | undefined;
  private root: string | undefined;
  private refusingPort: number | undefined;
  private readonly listeners = new Set<(call: MaxCall) => void>();
  private readonly hung = new Set<ServerResponse>();
  private readonly agent = new Agent({ keepAlive: true });

  constructor(
    private readonly routes: Route[],
    private readonly faults: Faults,
  ) {}

  async listen(port: number): Promise<string> {
    if (this.server) throw new Error('FakeMaxApi is already listening');
    const server = createServer((req, res) => this.onRequest(req, res));
    server.keepAliveTimeout = 0;
    await listenOn(server, port);
    this.server = server;
    this.root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.root;
  }

  get apiRoot(): string {
    if (this.root === undefined) throw new Error('FakeMaxApi is not listening; call listen() first');
    return this.root;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.root = undefined;
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    if (this.refusingPort === undefined) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    this.refusingPort = undefined;
    this.agent.destroy();
  }

  /** Nothing listens on the port until `acceptConnections()`: calls fail with "connection refused". */
  async refuseConnections(): Promise<void> {
    const server = this.server;
    if (!server || this.refusingPort !== undefined) return;
    this.refusingPort = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  async acceptConnections(): Promise<void> {
    if (!this.server || this.refusingPort === undefined) return;
    const port = this.refusingPort;
    this.refusingPort = undefined;
    await listenOn(this.server, port);
  }

  /** POSTs an update to a webhook as MAX does; resolves with the HTTP status. */
  postToWebhook(url: string, update: Record<string, unknown>, secret: string | undefined): Promise<number> {
    const body = JSON.stringify(update);
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    if (secret !== undefined) headers['x-max-bot-api-secret'] = secret;
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

  onCall(listener: (call: MaxCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  waitFor(predicate: (calls: MaxCall[]) => boolean, timeoutMs: number): Promise<void> {
    if (predicate(this.calls)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        const last = this.calls.slice(-10).map((c) => `#${c.seq} ${c.method} ${JSON.stringify(c.body).slice(0, 200)} -> ${c.status}`);
        reject(new Error(`FakeMaxApi.waitFor timed out after ${timeoutMs} ms; last calls:\n${last.join('\n') || '(none)'}`));
      }, timeoutMs);
      const stop = this.onCall(() => {
        if (!predicate(this.calls)) return;
        clearTimeout(timer);
        stop();
        resolve();
      });
    });
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => this.dispatch(req, Buffer.concat(chunks), res));
  }

  private dispatch(req: IncomingMessage, raw: Buffer, res: ServerResponse): void {
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://fake-max');
    const verb = req.method ?? 'GET';
    let method = `${verb} ${url.pathname}`;
    let body: Record<string, unknown> = {};
    const token = req.headers.authorization ?? '';
    const settle = (status: number, payload: unknown) => {
      const call: MaxCall = { seq: ++this.seq, method, query: Object.fromEntries(url.searchParams), body, token, at, status, response: payload ?? undefined };
      this.calls.push(call);
      for (const listener of this.listeners) listener(call);
      this.answer(res, status, payload);
    };
    try {
      const multipart = (req.headers['content-type'] ?? '').startsWith('multipart/');
      if (raw.length)
        body = multipart
          ? { bytes: raw.length, ...firstPart(raw, req.headers['content-type'] ?? '') }
          : (JSON.parse(raw.toString('utf8')) as Record<string, unknown>);
      let params: string[] = [];
      const route = this.routes.find((r) => {
        const match = r.verb === verb ? r.path.exec(url.pathname) : null;
        if (match) params = match.slice(1);
        return match !== null;
      });
      if (route) method = route.name;
      if (!token && method !== 'upload') throw new MaxApiError(401, 'verify.token', 'Invalid access_token');
      const fault = this.faults.take(method);
      if (fault?.kind === 'drop') return settle(0, null);
      if (fault?.kind === 'hang') {
        this.hung.add(res);
        res.on('close', () => this.hung.delete(res));
        return;
      }
      if (fault?.kind === 502 || fault?.kind === 503 || fault?.kind === 504) {
        return this.later(() =>
          res.writeHead(fault.kind as number, { 'content-type': 'text/html' }).end(`<html><body><h1>${fault.kind}</h1>nginx</body></html>`),
        );
      }
      // MAX names no retry-after: a 429 only says "too many".
      if (fault?.kind === 429) throw new MaxApiError(429, 'too.many.requests', 'Too many requests');
      if (fault?.kind === 500) throw new MaxApiError(500, 'internal.error', 'Internal server error');
      if (!route) throw new MaxApiError(404, 'not.found', `Path ${url.pathname} is not recognized`);
      const result = route.handle({ query: url.searchParams, body, params });
      if (this.faults.losesAnswer(method, fault)) return settle(0, null);
      settle(200, result);
    } catch (error) {
      const e = error instanceof MaxApiError ? error : new MaxApiError(500, 'internal.error', String(error));
      settle(e.status, e.body());
    }
  }

  private answer(res: ServerResponse, status: number, payload: unknown): void {
    this.later(() => {
      if (res.destroyed) return;
      if (payload === null) return void res.destroy();
      const json = JSON.stringify(payload);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) }).end(json);
    });
  }

  private later(write: () => void): void {
    if (this.faults.latencyMs <= 0) return write();
    setTimeout(write, this.faults.latencyMs);
  }
}

/** The first part of a multipart body (the one file an upload URL takes): its file name and bytes. */
function firstPart(raw: Buffer, contentType: string): { name?: string; file?: Uint8Array } {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) return {};
  const start = raw.indexOf(`--${boundary}`);
  const headersEnd = raw.indexOf('\r\n\r\n', start);
  const end = raw.indexOf(`\r\n--${boundary}`, headersEnd);
  if (start < 0 || headersEnd < 0 || end < 0) return {};
  const name = /filename="([^"]*)"/.exec(raw.subarray(start, headersEnd).toString('utf8'))?.[1];
  return { ...(name === undefined ? {} : { name }), file: new Uint8Array(raw.subarray(headersEnd + 4, end)) };
}

function listenOn(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
