import { Agent as HttpAgent, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/**
 * When the messengers' requests (grammY's and MAX's, both node-fetch over the agents below) have been written to their
 * sockets. A request is made at once, but a new connection writes it only once connected (a TLS handshake more over
 * the internet, a proxy's tunnel before that), and a busy event loop writes it late: the first sends of a new process
 * reached the fake Telegram 20–60 ms after the pacer had counted them gone, and the next second held 32 (issue 17).
 * Followed from the agent's `addRequest`, called as the request is made, since Node 20's diagnostics channel names a
 * request only once it has a socket: through a proxy, after the tunnel.
 */
class RequestWrites {
  private made = 0;
  /** Requests made but not yet written, by the order they were made in. */
  private readonly unwritten = new Set<number>();
  private waiters: { upTo: number; resolve: () => void }[] = [];

  follow(request: ClientRequest): void {
    const seq = ++this.made;
    this.unwritten.add(seq);
    // A request that never gets written (refused, aborted) closes instead: from then on it is not on its way.
    const done = () => this.written(seq);
    request.once('finish', done);
    request.once('close', done);
  }

  /** Resolves once every request made so far has been written (or closed unwritten). */
  allWritten(): Promise<void> {
    if (this.unwritten.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ upTo: this.made, resolve }));
  }

  private written(seq: number): void {
    if (!this.unwritten.delete(seq)) return;
    let oldest = Number.POSITIVE_INFINITY;
    for (const s of this.unwritten) oldest = Math.min(oldest, s);
    const still: typeof this.waiters = [];
    for (const waiter of this.waiters) {
      if (waiter.upTo < oldest) waiter.resolve();
      else still.push(waiter);
    }
    this.waiters = still;
  }
}

/** The process's one follower: a pacer's sends are the process's requests, whichever client made them. */
export const requestWrites = new RequestWrites();

/** The agent, its requests followed by `requestWrites` from the moment each is made. */
export function followed<A extends HttpAgent>(agent: A): A {
  const withAddRequest = agent as unknown as { addRequest(request: ClientRequest, options: unknown): void };
  const addRequest = withAddRequest.addRequest;
  withAddRequest.addRequest = (request, options) => {
    requestWrites.follow(request);
    addRequest.call(agent, request, options);
  };
  return agent;
}

// Kept-alive connections, as grammY's own agents keep them.
const httpAgent = followed(new HttpAgent({ keepAlive: true }));
const httpsAgent = followed(new HttpsAgent({ keepAlive: true }));

/** node-fetch's `agent` for a messenger's calls without a proxy. */
export function messengerAgent(url: URL): HttpAgent {
  return url.protocol === 'https:' ? httpsAgent : httpAgent;
}
