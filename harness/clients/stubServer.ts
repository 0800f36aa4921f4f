import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WireResponse } from '../wire/WireMessage.ts';
import type { RecordedRequest } from './viewRequest.ts';

/** One request a client sent during a case, and what the stub answered. */
export type StubExchange = { request: RecordedRequest; response: WireResponse };

/** Chooses the answer to one request; called once per request, retries included. */
type Responder = (request: RecordedRequest) => WireResponse;

/**
 * The loopback endpoint the suite points a client at (target-protocol §3): it records every request
 * (method, target, headers, body, the stub's clock at receipt) and answers what the current case chose.
 */
export type StubServer = {
  /** `http://127.0.0.1:<port>`: what a call's `endpoint` carries. */
  readonly origin: string;
  /** Starts a case: requests from now on are answered by `responder` and recorded for the case. */
  begin(responder: Responder): void;
  /** Ends the case and returns its exchanges in arrival order. */
  end(): StubExchange[];
  /** Requests that arrived outside any case (a late retry, a stray call), bounded. */
  strays(): number;
  close(): Promise<void>;
};

const idleAnswer: WireResponse = {
  status: 503,
  headers: { 'content-type': 'application/json;charset=utf-8' },
  body: new TextEncoder().encode(
    JSON.stringify({
      RequestId: '00000000-0000-0000-0000-000000000000',
      Code: 'ServiceUnavailable',
      Message: 'The request has failed due to a temporary failure of the server.',
    }),
  ),
};

/** Largest request body recorded; a bigger one is answered 413 and recorded cut to this size. */
const maxBody = 1 << 20;

function record(req: IncomingMessage, body: Uint8Array): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { method: req.method ?? '', target: req.url ?? '', headers, body, receivedAt: Date.now() };
}

function answer(res: ServerResponse, response: WireResponse): void {
  res.writeHead(response.status, { ...response.headers, 'content-length': String(response.body.length) });
  res.end(Buffer.from(response.body));
}

/** Starts the stub on `127.0.0.1`, an ephemeral port. */
export async function startStubServer(): Promise<StubServer> {
  let responder: Responder | null = null;
  let exchanges: StubExchange[] = [];
  let strays = 0;
  // Request lines of long GET queries (TR-1 allows 8 KiB; clients may send more) must not be cut at 16 KiB.
  const server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBody) chunks.push(chunk);
    });
    req.on('end', () => {
      const request = record(req, new Uint8Array(Buffer.concat(chunks)));
      if (responder === null) {
        strays++;
        answer(res, idleAnswer);
        return;
      }
      const response =
        size > maxBody
          ? {
              status: 413,
              headers: { 'content-type': 'text/plain' },
              body: new TextEncoder().encode('too large'),
            }
          : responder(request);
      exchanges.push({ request, response });
      answer(res, response);
    });
    req.on('error', () => res.destroy());
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    begin(next) {
      responder = next;
      exchanges = [];
    },
    end() {
      responder = null;
      const out = exchanges;
      exchanges = [];
      return out;
    },
    strays: () => strays,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
