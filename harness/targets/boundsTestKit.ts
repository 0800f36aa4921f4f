import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback test server and how to stop it (open connections included). */
export type TestServer = { origin: string; close: () => Promise<void> };

/** Starts `handler` on a loopback port. */
export async function serveLoopback(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Answers 200 with a chunked body that goes on until the client goes away — bounded all the same, so that
 * it stops by itself: at most `maxChunks` chunks of 16 KiB (default 4096: 64 MiB), written as the client
 * reads them (back-pressure), never all buffered.
 */
export function hugeChunkedBody(res: ServerResponse, maxChunks = 4096): void {
  const chunk = Buffer.alloc(16 * 1024, 0x61);
  let sent = 0;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"pad":"');
  const pump = (): void => {
    while (sent < maxChunks) {
      if (res.destroyed) return;
      sent++;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end('"}');
  };
  pump();
}

/**
 * Answers 200 and then sends one byte every `everyMs` ms (an endless slow body), stopping by itself after
 * `maxBytes` bytes or when the client goes away.
 */
export function endlessSlowBody(res: ServerResponse, everyMs = 20, maxBytes = 500): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{');
  let sent = 0;
  const timer = setInterval(() => {
    if (res.destroyed || sent >= maxBytes) {
      clearInterval(timer);
      if (!res.destroyed) res.end('}');
      return;
    }
    sent++;
    res.write(' ');
  }, everyMs);
  res.on('close', () => clearInterval(timer));
}

/**
 * Sends the status line and headers, and then nothing (a body that never starts) until the client goes
 * away or the server closes its connections. No timer of its own: however stalled the machine, only the
 * client's time bound can end the exchange.
 */
export function bodyNeverStarts(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.flushHeaders();
}
