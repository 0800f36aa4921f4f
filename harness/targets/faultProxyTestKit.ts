import { randomUUID } from 'node:crypto';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseParams } from '../wire/percentEncode.ts';

/**
 * A transport fault the proxy can inject: `latency` delays the request before forwarding it (the answer
 * is the target's own); `reset` destroys the connection (see {@link ResetPhase}); `truncate` forwards,
 * then sends a `Content-Length` larger than the body it sends and closes; `503` answers
 * `ServiceUnavailable` with `Retry-After: 0` without forwarding; `throttle` answers 400 `Throttling.User`
 * without forwarding (XML when the request asked for XML).
 */
export type InjectedFault = 'latency' | 'reset' | 'truncate' | '503' | 'throttle';

/** Every {@link InjectedFault}, in the order the proxy draws from by default. */
const injectedFaults: readonly InjectedFault[] = ['latency', 'reset', 'truncate', '503', 'throttle'];

/**
 * When a `reset` strikes: `before-forward` (the request never reaches the target), `before-headers` (the
 * target answered, but not one byte of the answer reaches the client) or `after-headers` (status and
 * headers were sent, then the connection dies). The last two leave the target's state changed.
 */
type ResetPhase = 'before-forward' | 'before-headers' | 'after-headers';

/** Options of {@link startFaultProxy}. */
export type FaultProxyOptions = {
  /** The target's origin (`scheme://host:port`; plain HTTP). */
  upstream: string;
  /** Probability (0..1) that an API request meets a fault. */
  rate: number;
  /** Faults to draw from, uniformly; default all of {@link injectedFaults}. */
  faults?: readonly InjectedFault[];
  /** Seed of the fault sequence: the n-th API request always gets the same decision. Default 1. */
  seed?: number;
  /** Base delay of a `latency` fault (ms; the delay drawn is 0.5 to 1.5 times it). Default 50. */
  latencyMs?: number;
  /**
   * Inject faults into world-URL requests too. Default false: world control belongs to the harness, not
   * to the target under test, so a fault there would test the harness's plumbing instead of the target.
   */
  faultWorldUrl?: boolean;
  /** The world URL's path on the upstream; default `/_conformance/world` (target-protocol §1). */
  worldPath?: string;
};

/** What happened to one API request that crossed the proxy, in arrival order. */
type ProxiedRequest = {
  /** 0-based arrival index among API requests (world-URL requests count only with `faultWorldUrl`). */
  index: number;
  method: string;
  /** The request path without its query. */
  path: string;
  /** `null`: passed through untouched. */
  fault: InjectedFault | null;
  /** Set for `reset`. */
  phase?: ResetPhase;
  /** Set for `latency`: the delay applied (ms). */
  delayMs?: number;
};

/** Counters of a running proxy. */
type FaultProxyStats = {
  /** API requests seen (each retry counts): the requests eligible for a fault. */
  requests: number;
  /** API requests passed through without a fault. */
  clean: number;
  /** Faults injected, per kind. */
  injected: Record<InjectedFault, number>;
  /** World-URL requests passed through untouched (not in `requests`). */
  worldRequests: number;
  /** Requests whose upstream could not be reached (the client then sees its connection dropped). */
  upstreamFailures: number;
};

/** A running fault proxy. */
export type FaultProxy = {
  /** The proxy's origin: point the suite at it instead of the target. */
  origin: string;
  stats(): FaultProxyStats;
  /** Every API request so far, in arrival order, with the fault it met. */
  log(): readonly ProxiedRequest[];
  close(): Promise<void>;
};

/** Headers that belong to one connection and are never forwarded as they are. */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'content-length',
]);

/**
 * Starts a loopback HTTP proxy between the suite and a target that injects, per API request with
 * probability `rate`, one transport fault ({@link InjectedFault}), so that the suite's handling of an
 * unreliable network can be tested: an injected fault must end retried to a clean answer or inconclusive,
 * never a pass or a failure (target-protocol §2). The decisions are deterministic given `seed`: the n-th
 * API request to arrive always gets the same one. World-URL requests (`/_conformance/world`) pass through
 * untouched unless `faultWorldUrl` is set: world control is the harness's, not the target's. Requests are
 * forwarded byte for byte (the `Host` header included, so V3 signatures and `HostId` are as sent).
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  if (!(options.rate >= 0 && options.rate <= 1))
    throw new RangeError(`rate must be within 0..1, got ${options.rate}`);
  const faults = options.faults ?? injectedFaults;
  if (faults.length === 0 && options.rate > 0) throw new RangeError('faults must not be empty');
  const upstream = new URL(options.upstream);
  if (upstream.protocol !== 'http:')
    throw new RangeError(`upstream must be http://, got ${options.upstream}`);
  const worldPath = options.worldPath ?? '/_conformance/world';
  const latencyMs = options.latencyMs ?? 50;
  const random = mulberry32(options.seed ?? 1);
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const entries: ProxiedRequest[] = [];
  const stats: FaultProxyStats = {
    requests: 0,
    clean: 0,
    injected: { latency: 0, reset: 0, truncate: 0, '503': 0, throttle: 0 },
    worldRequests: 0,
    upstreamFailures: 0,
  };

  // Three draws per request whatever the outcome, so that one decision never shifts the next ones.
  const decide = (entry: Omit<ProxiedRequest, 'fault'>): ProxiedRequest => {
    const roll = random();
    const pick = random();
    const detail = random();
    const fault = roll < options.rate ? (faults[Math.floor(pick * faults.length)] ?? null) : null;
    if (fault === 'reset') {
      const phases: ResetPhase[] = ['before-forward', 'before-headers', 'after-headers'];
      return { ...entry, fault, phase: phases[Math.floor(detail * 3)] ?? 'before-forward' };
    }
    if (fault === 'latency') return { ...entry, fault, delayMs: Math.round(latencyMs * (0.5 + detail)) };
    return { ...entry, fault };
  };

  const server = createServer((req, res) => {
    // A client that went away mid-answer is not the proxy's problem: drop its connection and go on.
    readAll(req)
      .then((body) => handle(req, res, body))
      .catch(() => drop(req.socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const url = req.url ?? '/';
    const path = url.split('?', 1)[0] ?? '/';
    const method = req.method ?? 'GET';
    if (path === worldPath && options.faultWorldUrl !== true) {
      stats.worldRequests++;
      const answer = await forward(req, body);
      if (answer === undefined) return drop(req.socket);
      return reply(res, answer.status, answer.headers, answer.body);
    }
    const entry = decide({ index: stats.requests++, method, path });
    entries.push(entry);
    if (entry.fault === null) stats.clean++;
    else stats.injected[entry.fault]++;

    switch (entry.fault) {
      case '503':
      case 'throttle': {
        const answer = injectedError(entry.fault, req, body);
        return reply(res, answer.status, answer.headers, answer.body);
      }
      case 'reset':
        if (entry.phase === 'before-forward') return drop(req.socket);
        break;
      case 'latency':
        await sleep(entry.delayMs ?? latencyMs);
        break;
      default:
        break;
    }
    const answer = await forward(req, body);
    if (answer === undefined) return drop(req.socket);
    if (entry.fault === 'reset') {
      if (entry.phase === 'before-headers') return drop(req.socket);
      // after-headers: the status line and headers leave, the body never does.
      res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
      res.flushHeaders();
      setImmediate(() => drop(req.socket));
      return;
    }
    if (entry.fault === 'truncate') {
      // A Content-Length larger than what is sent, then the connection ends: a cut-off body.
      const sent = answer.body.subarray(0, Math.floor(answer.body.length / 2));
      res.writeHead(answer.status, {
        ...answer.headers,
        'content-length': String(answer.body.length + 16),
        connection: 'close',
      });
      res.flushHeaders();
      res.write(sent, () => req.socket.end());
      return;
    }
    reply(res, answer.status, answer.headers, answer.body);
  }

  function forward(
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: OutgoingHttpHeaders; body: Buffer } | undefined> {
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers as IncomingHttpHeaders)) {
      if (value !== undefined && !hopByHop.has(name)) headers[name] = value;
    }
    if (body.length > 0 || req.headers['content-length'] !== undefined)
      headers['content-length'] = String(body.length);
    return new Promise((resolve) => {
      const outgoing = httpRequest(
        {
          agent,
          host: upstream.hostname.replace(/^\[|\]$/g, ''),
          port: upstream.port === '' ? 80 : Number(upstream.port),
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          headers,
          // Keep the client's Host header exactly: V3 signs it and GEN-4 echoes it.
          setHost: false,
        },
        (incoming) => {
          readAll(incoming).then(
            (answer) => {
              const out: OutgoingHttpHeaders = {};
              for (const [name, value] of Object.entries(incoming.headers)) {
                if (value !== undefined && !hopByHop.has(name)) out[name] = value;
              }
              resolve({ status: incoming.statusCode ?? 502, headers: out, body: answer });
            },
            () => {
              stats.upstreamFailures++;
              resolve(undefined);
            },
          );
        },
      );
      outgoing.on('error', () => {
        stats.upstreamFailures++;
        resolve(undefined);
      });
      outgoing.end(body);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    stats: () => ({ ...stats, injected: { ...stats.injected } }),
    log: () => entries,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

/** The 503 or throttling answer, in the format the request asked for (TR-2, TR-3). */
function injectedError(
  fault: '503' | 'throttle',
  req: IncomingMessage,
  body: Buffer,
): { status: number; headers: OutgoingHttpHeaders; body: Buffer } {
  const [status, code, message] =
    fault === '503'
      ? [503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.']
      : [400, 'Throttling.User', 'Request was denied due to user flow control.'];
  const fields = {
    RequestId: randomUUID().toUpperCase(),
    HostId: req.headers.host ?? '',
    Code: code,
    Message: message,
  };
  const headers: OutgoingHttpHeaders = fault === '503' ? { 'retry-after': '0' } : {};
  if (asksXml(req, body)) {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><Error>${Object.entries(fields)
      .map(([k, v]) => `<${k}>${escapeText(v)}</${k}>`)
      .join('')}</Error>`;
    return {
      status,
      headers: { ...headers, 'content-type': 'text/xml;charset=utf-8' },
      body: Buffer.from(xml),
    };
  }
  return {
    status,
    headers: { ...headers, 'content-type': 'application/json;charset=utf-8' },
    body: Buffer.from(JSON.stringify(fields)),
  };
}

/**
 * Whether a request asked for XML: its `Format` parameter (query or form body, any case, TR-2) when sent;
 * otherwise XML for V1 (TR-3's documented default) and the `Accept` header for V3.
 */
function asksXml(req: IncomingMessage, body: Buffer): boolean {
  const query = (req.url ?? '').split('?')[1] ?? '';
  const form = /application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')
    ? body.toString('utf8')
    : '';
  const params = [...parseParams(query).params, ...parseParams(form).params];
  const format = params.find(([name]) => name === 'Format')?.[1];
  if (format !== undefined && format !== '') return format.toLowerCase() === 'xml';
  const v3 =
    (req.headers.authorization ?? '').startsWith('ACS3-') || req.headers['x-acs-action'] !== undefined;
  return v3 ? /xml/i.test(req.headers.accept ?? '') && !/json/i.test(req.headers.accept ?? '') : true;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function reply(res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: Buffer): void {
  res.writeHead(status, { ...headers, 'content-length': String(body.length) });
  res.end(body);
}

/** Drops a connection abruptly: a TCP reset where the platform allows it. */
function drop(socket: Socket): void {
  if (typeof socket.resetAndDestroy === 'function' && !socket.destroyed) socket.resetAndDestroy();
  else socket.destroy();
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
    stream.on('aborted', () => reject(new Error('aborted')));
  });
}

/** A small seeded PRNG (mulberry32): uniform in [0, 1), the same sequence for the same seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
