import { type Dispatcher, request } from 'undici';
import { definedOnly } from '../util/definedOnly.ts';
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
  const clock = new AbortController();
  const timer = setTimeout(() => clock.abort(), timeout);
  const signal =
    options.signal === undefined ? clock.signal : AbortSignal.any([options.signal, clock.signal]);
  try {
    const response = await request(new URL(wire.target, origin), {
      method: wire.method as Dispatcher.HttpMethod,
      headers,
      ...(wire.body.length > 0 || wire.method === 'POST' ? { body: Buffer.from(wire.body) } : {}),
      ...definedOnly({ dispatcher: options.dispatcher }),
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
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop at once: destroying the body closes the connection, so nothing more is read or kept.
        abandon(response.body);
        throw tooLarge();
      }
      chunks.push(chunk);
    }
    const body = new Uint8Array(Buffer.concat(chunks, size));
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
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

// Destroys a body the suite will not read. undici's body then emits an AbortError; nobody listens for it
// any more, and an unheard 'error' event would end the process with a stack trace instead of exit 3.
function abandon(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => {});
  body.destroy();
}
