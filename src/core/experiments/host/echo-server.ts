import { createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback echo server standing for a slow remote service: every line it receives is
 * echoed back after a set latency. It listens on 127.0.0.1, port 0 (the OS picks a free one).
 */
export interface EchoServer {
  port: number;
  close(): Promise<void>;
}

/** Starts the echo server; every reply waits `latencyMs`. */
export async function startEchoServer(latencyMs: number): Promise<EchoServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      pending += chunk;
      let end = pending.indexOf('\n');
      while (end >= 0) {
        const line = pending.slice(0, end + 1);
        pending = pending.slice(end + 1);
        setTimeout(() => {
          if (!socket.destroyed) socket.write(line);
        }, latencyMs);
        end = pending.indexOf('\n');
      }
    });
  });
  // Requests at concurrency 1000 would overflow a default backlog of 511 on a busy machine.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('echo server has no port');
  return {
    port: address.port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
