import { type Dispatcher, request } from 'undici';
import type { WireRequest, WireResponse } from '../wire/WireMessage.ts';

/**
 * Sends a wire request to `origin` over real HTTP (undici) and returns the response as received.
 * Transport failures reject with undici's error (stable `code`, e.g. `UND_ERR_SOCKET`); HTTP errors resolve.
 * `signal` aborts the request, body included (`withTimeout`).
 */
export async function sendWire(
  origin: string,
  wire: WireRequest,
  options: { dispatcher?: Dispatcher; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<WireResponse> {
  const headers = { ...wire.headers };
  const timeout = options.timeoutMs ?? 30_000;
  const response = await request(new URL(wire.target, origin), {
    method: wire.method as Dispatcher.HttpMethod,
    headers,
    ...(wire.body.length > 0 || wire.method === 'POST' ? { body: Buffer.from(wire.body) } : {}),
    ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    headersTimeout: timeout,
    bodyTimeout: timeout,
  });
  const body = new Uint8Array(await response.body.arrayBuffer());
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { status: response.statusCode, headers: out, body };
}
