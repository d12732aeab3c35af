import { createServer } from 'node:http';
import { connect, type Socket } from 'node:net';

/** An HTTP proxy as organisations run them: CONNECT host:port, then bytes both ways; `delayMs` before each tunnel opens. */
export async function startConnectProxy(options: { delayMs?: number } = {}) {
  /** Where each tunnel was asked for (host:port), in order. */
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  let forwardedBytes = 0;
  const server = createServer();
  server.on('connect', (req, socket: Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    sockets.add(socket);
    const [host, port] = (req.url ?? '').split(':');
    setTimeout(() => {
      const upstream = connect(Number(port), host!, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        socket.on('data', (chunk: Buffer) => {
          forwardedBytes += chunk.length;
        });
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      sockets.add(upstream);
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    }, options.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    tunnels,
    /** Bytes the clients sent through the tunnels so far. */
    forwarded: () => forwardedBytes,
    /** Closes the tunnels too (kept-alive ones would hold the server open). */
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
