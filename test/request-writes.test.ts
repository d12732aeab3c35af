import { Agent, createServer, get } from 'node:http';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { describe, expect, it } from 'vitest';
import { freePort } from '../bench/product-process.js';
import { followed, requestWrites } from '../runtime/request-writes.js';
import { startConnectProxy } from './support/proxy.js';

/** A GET through the agent: how long until `allWritten` (asked as it is made) resolved, and until it ended. */
async function timesOf(url: string, agent: Agent): Promise<{ written: number; ended: number }> {
  const started = Date.now();
  const ended = new Promise<number>((resolve) => {
    get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(Date.now() - started));
    }).on('error', () => resolve(Date.now() - started));
  });
  const written = await requestWrites.allWritten().then(() => Date.now() - started);
  return { written, ended: await ended };
}

describe('requests followed to the wire', () => {
  it('are written once their tunnel is open, not when they are made', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = await startConnectProxy({ delayMs: 200 });
    const agent = followed(new HttpsProxyAgent(proxy.url, { keepAlive: true }));
    try {
      const { written, ended } = await timesOf(`http://127.0.0.1:${(server.address() as { port: number }).port}/`, agent);
      expect(written).toBeGreaterThanOrEqual(195);
      expect(written).toBeLessThanOrEqual(ended);
    } finally {
      agent.destroy();
      await proxy.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('are done with when the connection is refused, never written', async () => {
    const agent = followed(new Agent({ keepAlive: true }));
    const { written } = await timesOf(`http://127.0.0.1:${await freePort()}/`, agent);
    expect(written).toBeLessThan(1000);
    // Nothing left waiting: the next question is answered at once.
    expect(await Promise.race([requestWrites.allWritten().then(() => 'written'), new Promise((r) => setTimeout(() => r('waiting'), 50))])).toBe('written');
  });
});
