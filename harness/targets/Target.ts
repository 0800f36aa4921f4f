import { Agent, type Dispatcher } from 'undici';
import { validateWorld } from '../spec/validateWorld.ts';
import type { World } from '../spec/World.ts';
import { definedOnly } from '../util/definedOnly.ts';
import { HarnessError } from '../util/HarnessError.ts';
import type { WireRequest, WireResponse } from '../wire/WireMessage.ts';
import { ResponseBoundError } from './ResponseBoundError.ts';
import { sendWire } from './sendWire.ts';

/** A DetachKeyPair implementation the suite drives: one `send`, and world control when it has some. */
export type Target = {
  origin: string;
  /** `null` without world control (target-protocol §1). */
  worldUrl: string | null;
  /** The `Host` header the target is called with. */
  host: string;
  /** Sends one request as is; `signal` aborts it (interceptors: `harness/targets/interceptors/`). */
  send(request: WireRequest, options?: { signal?: AbortSignal }): Promise<WireResponse>;
  /** Replaces the target's state (POST setup). A refusal throws `WORLD_REFUSED`. */
  loadWorld(world: World, state?: string): Promise<void>;
  /** Reads the target's state back (GET). A failure throws `WORLD_REFUSED`. */
  readWorld(): Promise<World>;
  close(): Promise<void>;
};

/** Options of {@link connectTarget}. */
export type ConnectOptions = {
  origin: string;
  /** An explicit `--world-url`: its first GET must return a World, else exit 2. */
  worldUrl?: string;
  /**
   * The time one whole answer may take, headers and body (ms; default 30 s, `--response-timeout`): every
   * read, the world URL's included, is bounded (`sendWire`).
   */
  timeoutMs?: number;
  /** The largest response body read (bytes; default 1 MiB, `--max-response-bytes`). */
  maxResponseBytes?: number;
  /** Requests in flight at once on the connection pool. */
  connections?: number;
};

/**
 * Connects to a target and detects world control (target-protocol §1): without `--world-url` the
 * default URL is tried once, and anything but a 200 with a valid World means none; an explicit
 * `--world-url` that does not answer a World is a configuration error (exit 2). An unreachable target
 * is `TARGET_UNREACHABLE` (exit 3).
 */
export async function connectTarget(options: ConnectOptions): Promise<Target> {
  const origin = options.origin.replace(/\/$/, '');
  const dispatcher: Dispatcher = new Agent({
    connections: options.connections ?? 8,
    keepAliveTimeout: 10_000,
  });
  const timeoutMs = options.timeoutMs ?? 30_000;
  const bounds = {
    dispatcher,
    timeoutMs,
    ...definedOnly({ maxResponseBytes: options.maxResponseBytes }),
  };
  const host = new URL(origin).host;
  const send = (request: WireRequest, sendOptions: { signal?: AbortSignal } = {}) =>
    sendWire(origin, request, { ...bounds, ...sendOptions });

  const getWorld = async (url: string, request = worldRead(url)): Promise<World | undefined> => {
    const response = await sendWire(url, request, bounds);
    if (response.status !== 200) return undefined;
    try {
      const checked = validateWorld(JSON.parse(utf8Decoder.decode(response.body)));
      return checked.ok ? checked.world : undefined;
    } catch {
      return undefined;
    }
  };

  let worldUrl: string | null = null;
  if (options.worldUrl !== undefined) {
    let found: World | undefined;
    try {
      found = await getWorld(options.worldUrl);
    } catch (error) {
      await dispatcher.close();
      throw new HarnessError(
        'CONFIG',
        error instanceof ResponseBoundError
          ? `--world-url ${options.worldUrl}: GET: ${error.message}`
          : `--world-url ${options.worldUrl} is unreachable: ${(error as Error).message}`,
      );
    }
    if (found === undefined) {
      await dispatcher.close();
      throw new HarnessError('CONFIG', `--world-url ${options.worldUrl} did not return a World on GET`);
    }
    worldUrl = options.worldUrl;
  } else {
    const candidate = `${origin}/_conformance/world`;
    try {
      worldUrl = (await getWorld(candidate)) === undefined ? null : candidate;
    } catch (error) {
      await dispatcher.close();
      throw new HarnessError(
        'TARGET_UNREACHABLE',
        error instanceof ResponseBoundError
          ? `target ${origin}: GET ${candidate}: ${error.message}`
          : `target ${origin} is unreachable: ${(error as Error).message}`,
      );
    }
  }

  const controlUrl = worldUrl;
  // Built once: every case loads a world and reads it back through the same URL.
  const control = controlUrl === null ? null : new URL(controlUrl);
  const controlRead = controlUrl === null ? null : worldRead(controlUrl);
  return {
    origin,
    worldUrl,
    host,
    send,
    async loadWorld(world, state = 'conformance') {
      if (control === null) throw new HarnessError('WORLD_REFUSED', 'the target has no world control');
      let response: WireResponse;
      try {
        response = await sendWire(
          control.origin,
          {
            method: 'POST',
            target: control.pathname + control.search,
            headers: { host: control.host, 'content-type': 'application/json' },
            body: utf8Encoder.encode(JSON.stringify({ action: 'setup', state, params: { world } })),
          },
          bounds,
        );
      } catch (error) {
        throw new HarnessError('WORLD_REFUSED', `the world URL failed mid-run: ${(error as Error).message}`);
      }
      if (response.status < 200 || response.status > 299) {
        const text = utf8Decoder.decode(response.body).slice(0, 300);
        throw new HarnessError(
          'WORLD_REFUSED',
          `the world URL refused a valid World (HTTP ${response.status}): ${text}`,
        );
      }
    },
    async readWorld() {
      if (controlUrl === null || controlRead === null)
        throw new HarnessError('WORLD_REFUSED', 'the target has no world control');
      let world: World | undefined;
      try {
        world = await getWorld(controlUrl, controlRead);
      } catch (error) {
        throw new HarnessError('WORLD_REFUSED', `the world URL failed mid-run: ${(error as Error).message}`);
      }
      if (world === undefined)
        throw new HarnessError('WORLD_REFUSED', 'the world URL stopped returning a valid World');
      return world;
    },
    close: () => dispatcher.close(),
  };
}

const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();

/** The GET that reads a world URL (target-protocol §1); `sendWire` copies its headers, so it can be reused. */
function worldRead(url: string): WireRequest {
  const parsed = new URL(url);
  return {
    method: 'GET',
    target: parsed.pathname + parsed.search,
    headers: { host: parsed.host },
    body: new Uint8Array(),
  };
}
