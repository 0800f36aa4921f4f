import { EventEmitter } from 'node:events';
import { type Dispatcher, getGlobalDispatcher } from 'undici';
import type { WireRequest, WireResponse } from '../wire/WireMessage.ts';
import { ResponseBoundError } from './ResponseBoundError.ts';

/** The default bound on a response body: DetachKeyPair answers are a few KB (50 results included). */
const defaultMaxResponseBytes = 1024 * 1024;

/** The default bound on the time one whole answer may take, headers and body (ms). */
const defaultResponseTimeoutMs = 30_000;

/** Options of {@link sendWire}. */
export type SendWireOptions = {
  dispatcher?: Dispatcher;
  /** The whole answer, headers and body, must arrive within this many ms (default {@link defaultResponseTimeoutMs}). */
  timeoutMs?: number;
  /** A body larger than this many bytes is not read further (default {@link defaultMaxResponseBytes}). */
  maxResponseBytes?: number;
  /** The options that set the bounds, named in the bound's message (default `--response-timeout`, `--max-response-bytes`). */
  boundOptions?: { time?: string; size?: string };
  signal?: AbortSignal;
};

/**
 * Sends a wire request to `origin` over real HTTP (undici) and returns the response as received.
 * Transport failures reject with undici's error (stable `code`, e.g. `UND_ERR_SOCKET`); HTTP errors resolve.
 * `signal` aborts the request, body included (`withTimeout`). Memory and time are bounded: a body over
 * `maxResponseBytes` (declared or streamed) is destroyed as soon as the bound is passed, and an answer
 * not complete within `timeoutMs` is aborted; both reject with a {@link ResponseBoundError} naming the
 * bound and its option.
 */
export async function sendWire(
  origin: string,
  wire: WireRequest,
  options: SendWireOptions = {},
): Promise<WireResponse> {
  const headers = { ...wire.headers };
  const timeout = options.timeoutMs ?? defaultResponseTimeoutMs;
  const maxBytes = options.maxResponseBytes ?? defaultMaxResponseBytes;
  const tooLarge = () =>
    new ResponseBoundError('size', maxBytes, options.boundOptions?.size ?? '--max-response-bytes');
  // The total bound's clock. Without a caller's signal it is an EventEmitter, which undici takes as a signal
  // and which costs a fraction of an AbortController and its EventTarget listeners; with one, both are
  // AbortSignals, combined.
  const clock = options.signal === undefined ? new Clock() : new AbortController();
  const timer = setTimeout(() => clock.abort(), timeout);
  const signal =
    options.signal === undefined
      ? (clock.signal as Clock)
      : AbortSignal.any([options.signal, clock.signal as AbortSignal]);
  try {
    const { origin: to, path } = placeTarget(origin, wire.target);
    const response = await (options.dispatcher ?? getGlobalDispatcher()).request({
      origin: to,
      path,
      method: wire.method as Dispatcher.HttpMethod,
      headers,
      // A view of the request's bytes, not a copy: undici has written them before the answer resolves.
      ...(wire.body.length > 0 || wire.method === 'POST'
        ? { body: Buffer.from(wire.body.buffer, wire.body.byteOffset, wire.body.byteLength) }
        : {}),
      signal,
      // undici's own (idle) timeouts sit behind the total bound, so that a slow answer names the bound.
      headersTimeout: timeout + 1000,
      bodyTimeout: timeout + 1000,
    });
    const declared = Number(response.headers['content-length'] ?? Number.NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      abandon(response.body);
      throw tooLarge();
    }
    const body = await readBody(response.body, maxBytes, tooLarge);
    const out: Record<string, string> = {};
    const received = response.headers;
    for (const name in received) {
      const value = received[name];
      if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { status: response.statusCode, headers: out, body };
  } catch (error) {
    if (error instanceof ResponseBoundError) throw error;
    const code = (error as { code?: string }).code;
    const timedOut =
      (clock.signal.aborted && options.signal?.aborted !== true) ||
      code === 'UND_ERR_HEADERS_TIMEOUT' ||
      code === 'UND_ERR_BODY_TIMEOUT';
    if (timedOut)
      throw new ResponseBoundError('time', timeout, options.boundOptions?.time ?? '--response-timeout');
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * An abort signal undici accepts (an EventEmitter with `aborted` and an `abort` event) for the total bound
 * of a request sent without the caller's own signal; `signal` is itself, as an AbortController's is.
 */
class Clock extends EventEmitter {
  aborted = false;
  reason: unknown;
  get signal(): Clock {
    return this;
  }
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.emit('abort');
  }
}

/**
 * Reads a body whole, stopping at once past `maxBytes` (the body is destroyed and `tooLarge()` rejects).
 * Events rather than async iteration: one promise per answer. A body that closes before its end rejects
 * as async iteration would (`ERR_STREAM_PREMATURE_CLOSE`), and an error of the stream rejects with it.
 */
function readBody(
  body: Dispatcher.ResponseData['body'],
  maxBytes: number,
  tooLarge: () => ResponseBoundError,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    body.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) {
        // Stop at once: destroying the body closes the connection, so nothing more is read or kept.
        fail(tooLarge());
        abandon(body);
        return;
      }
      chunks.push(chunk);
    });
    body.on('end', () => {
      if (settled) return;
      settled = true;
      const bytes = new Uint8Array(size);
      let at = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, at);
        at += chunk.length;
      }
      resolve(bytes);
    });
    body.on('error', fail);
    body.on('close', () =>
      fail(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })),
    );
  });
}

/**
 * A request target that WHATWG URL resolution leaves as it is: an absolute path of plain segments (no
 * dot segments, no percent-encoding in the path, not `//`) and no query or a non-empty one of characters
 * the query state never re-encodes (no space, `"`, `#`, `<`, `>`, `'`, backslash or non-ASCII).
 */
const plainTarget = /^(?:\/(?!\/)[A-Za-z0-9\-_~!$&()*+,;=:@]*)+(?:\?[A-Za-z0-9\-._~%!$&()*+,;=:@/?]+)?$/;

/** The origins already normalised (`new URL(origin).origin`); a handful per run. */
const origins = new Map<string, string>();

/**
 * Where a request goes: the origin and the path undici is given, exactly as resolving `target` against
 * `origin` with WHATWG URL gives them (what undici's `request(url)` did). A plain target is taken as it is
 * and the origin's normal form is remembered, which saves parsing a URL per request.
 */
export function placeTarget(origin: string, target: string): { origin: string; path: string } {
  if (plainTarget.test(target)) {
    let normal = origins.get(origin);
    if (normal === undefined) {
      normal = new URL(origin).origin;
      if (origins.size >= 64) origins.clear();
      origins.set(origin, normal);
    }
    return { origin: normal, path: target };
  }
  const url = new URL(target, origin);
  return { origin: url.origin, path: url.search ? `${url.pathname}${url.search}` : url.pathname };
}

// Destroys a body the suite will not read. undici's body then emits an AbortError; nobody listens for it
// any more, and an unheard 'error' event would end the process with a stack trace instead of exit 3.
function abandon(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => {});
  body.destroy();
}
