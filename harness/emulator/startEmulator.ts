import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateWorld } from '../spec/validateWorld.ts';
import type { World } from '../spec/World.ts';
import type { WireRequest, WireResponse } from '../wire/WireMessage.ts';
import { apiError } from './apiError.ts';
import { schemeOf } from './authenticate.ts';
import { type EmulatorProfile, emulatorProfiles, referenceProfile } from './EmulatorProfile.ts';
import { emulatorSteps, type FaultName } from './faults.ts';
import { createHandler } from './handleRequest.ts';
import { NonceLog } from './NonceLog.ts';
import { paramValue, readIncoming } from './readIncoming.ts';
import { renderError } from './renderResponse.ts';

/** Where the world-control URL lives on every emulator (target-protocol §1). */
export const worldPath = '/_conformance/world';

/** Options of {@link startEmulator}. */
export type EmulatorOptions = {
  /** 0 or absent: any free port. */
  port?: number;
  host?: string;
  world?: World;
  /** The REPORT-level choices: a profile, or the name of a bundled one (`reference`, the default; `flipped`; …). */
  profile?: EmulatorProfile | string;
  /** An injected fault (`faults.ts`): the emulator then breaks exactly that rule. None by default. */
  fault?: FaultName;
  /** The server clock in ms since the epoch; tests move it to probe AU-6. */
  clock?: () => number;
  /** Cap on API request bodies; larger bodies get 413 with an error body. */
  maxBodyBytes?: number;
  /** Cap on world-URL bodies. */
  maxWorldBytes?: number;
  /** `false` hides the world URL (404), so the emulator stands in for a target without world control. */
  worldControl?: boolean;
  /** Called once per HTTP request received (benchmarks count API and world-URL requests with it). */
  onRequest?: (kind: 'api' | 'world') => void;
};

/** A running emulator. */
export type EmulatorServer = {
  /** Where the API answers: `http://127.0.0.1:<port>`, the `--target` of `verify` (the same as `origin`). */
  url: string;
  /** The same as {@link EmulatorServer.url}. */
  origin: string;
  port: number;
  worldUrl: string;
  /** The current world (what GET on the world URL returns). */
  world(): World;
  close(): Promise<void>;
};

/** A world with no regions, key pairs, instances or credentials. */
export const emptyWorld: World = { accessKeys: [], regions: [], keyPairs: [], instances: [] };

/**
 * Starts the reference emulator on loopback: the API (DetachKeyPair, AttachKeyPair, DescribeInstances) on
 * `/` and world control on {@link worldPath}. Resolves once it is listening. Garbage never crashes it:
 * every failure is a 4xx with an error body (ERR-4).
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorServer> {
  const profile = resolveProfile(options.profile);
  const clock = options.clock ?? Date.now;
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const maxWorld = options.maxWorldBytes ?? 64 * 1024 * 1024;
  const nonces = new NonceLog();
  const handleRequest = createHandler(emulatorSteps(options.fault));
  let world = options.world ?? emptyWorld;

  const server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    const cap = path === worldPath ? maxWorld : maxBody;
    options.onRequest?.(path === worldPath ? 'world' : 'api');
    readBody(req, cap).then(
      (body) => {
        try {
          if (path === worldPath && options.worldControl !== false) {
            send(res, worldControl(req, body));
            return;
          }
          const request = toWireRequest(req, body ?? new Uint8Array());
          if (body === undefined) {
            send(res, tooLarge(request));
            return;
          }
          const now = clock();
          const out = handleRequest({
            world,
            request,
            now,
            profile,
            nonceSeen: (key) => nonces.seen(key, now),
          });
          if (out.rememberNonce !== undefined) nonces.remember(out.rememberNonce, now);
          world = out.world;
          send(res, out.response);
        } catch (error) {
          // A bug of the emulator: answer 500 (a genuine server fault, ERR-4) rather than crash.
          send(res, {
            status: 500,
            headers: { 'content-type': 'application/json;charset=utf-8' },
            body: new TextEncoder().encode(JSON.stringify({ Code: 'InternalError', Message: String(error) })),
          });
        }
      },
      () => res.destroy(),
    );
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  /** target-protocol §1: GET returns the world; POST setup replaces it with a valid World; teardown is a no-op. */
  function worldControl(req: IncomingMessage, body: Uint8Array | undefined): WireResponse {
    const json = (status: number, value: unknown): WireResponse => ({
      status,
      headers: { 'content-type': 'application/json;charset=utf-8' },
      body: new TextEncoder().encode(JSON.stringify(value)),
    });
    const problem = (status: number, code: string, message: string) =>
      json(status, { Code: code, Message: message });
    if (req.method === 'GET') return json(200, world);
    if (req.method !== 'POST')
      return problem(405, 'MethodNotAllowed', 'The world URL takes GET and POST only.');
    if (body === undefined)
      return problem(413, 'WorldTooLarge', `The world body is larger than ${maxWorld} bytes.`);
    let message: unknown;
    try {
      message = JSON.parse(new TextDecoder().decode(body));
    } catch (error) {
      return problem(400, 'MalformedJson', `The world URL body is not JSON: ${(error as Error).message}`);
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      return problem(
        400,
        'InvalidStateChange',
        'Expected {"action": "setup" | "teardown", "state": ..., "params": ...}.',
      );
    }
    const { action, params } = message as { action?: unknown; params?: unknown };
    if (action === 'teardown') return json(200, {});
    if (action !== 'setup')
      return problem(400, 'InvalidStateChange', 'action must be "setup" or "teardown".');
    const candidate =
      typeof params === 'object' && params !== null ? (params as { world?: unknown }).world : undefined;
    if (candidate === undefined) return problem(400, 'InvalidWorld', 'setup needs params.world.');
    const checked = validateWorld(candidate);
    if (!checked.ok) return problem(400, 'InvalidWorld', checked.problems.join('; '));
    world = checked.world;
    return json(200, {});
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address, family } = server.address() as AddressInfo;
  const host = family === 'IPv6' ? `[${address}]` : address;
  const origin = `http://${host}:${port}`;
  return {
    url: origin,
    origin,
    port,
    worldUrl: `${origin}${worldPath}`,
    world: () => world,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A profile, or the bundled profile of that name; an unknown name throws (naming the known ones). */
function resolveProfile(profile: EmulatorProfile | string | undefined): EmulatorProfile {
  if (profile === undefined) return referenceProfile;
  if (typeof profile !== 'string') return profile;
  const named = Object.hasOwn(emulatorProfiles, profile) ? emulatorProfiles[profile] : undefined;
  if (named === undefined)
    throw new TypeError(
      `unknown emulator profile "${profile}"; known: ${Object.keys(emulatorProfiles).join(', ')}`,
    );
  return named;
}

/** Reads the body; resolves `undefined` (after draining) when it exceeds `cap` bytes. */
function readBody(req: IncomingMessage, cap: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? undefined : new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

function toWireRequest(req: IncomingMessage, body: Uint8Array): WireRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { method: req.method ?? 'GET', target: req.url ?? '/', headers, body };
}

function tooLarge(request: WireRequest): WireResponse {
  // TR-2, TR-3: the body is gone, so Format is read from the query; without one V3 answers JSON.
  const incoming = readIncoming(request);
  const requested = paramValue(incoming.params, 'Format')?.toLowerCase();
  const format =
    requested === 'json' || requested === 'xml' ? requested : schemeOf(incoming) === 'v3' ? 'json' : 'xml';
  return renderError(
    apiError(413, 'RequestEntityTooLarge', 'The request body is larger than the emulator accepts.'),
    format,
    crypto.randomUUID().toUpperCase(),
    request.headers.host ?? '',
  );
}

function send(res: ServerResponse, response: WireResponse): void {
  res.writeHead(response.status, { ...response.headers, 'content-length': String(response.body.length) });
  res.end(response.body);
}
