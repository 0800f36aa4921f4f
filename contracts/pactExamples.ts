import { encodeParams } from '../harness/wire/percentEncode.ts';
import type { WireRequest, WireResponse } from '../harness/wire/WireMessage.ts';
import type { PactInteraction } from './pactFiles.ts';

/**
 * The example request and response of a pact interaction as the wire layer sees them: what Pact's verifier
 * sends for the interaction (before the provider side re-signs it) and what the consumer's mock server
 * answered. Both read V3 and V4 pact files (V4 wraps bodies as `{ content, contentType, encoded }`, V4
 * header and query values are lists).
 */

/** A pact body: a V4 wrapper, or (V3) the body itself (an object for JSON, a string for anything else). */
type PactBody = { content?: unknown; contentType?: string; encoded?: unknown } | string | undefined;

/** The request or response part of a pact interaction, as far as the examples go. */
type PactMessage = {
  method?: string;
  path?: string;
  query?: Record<string, string | string[]>;
  status?: number;
  headers?: Record<string, string | string[]>;
  body?: unknown;
};

const encoder = new TextEncoder();

/** Header names lower-cased, list values joined as HTTP joins repeated headers. */
function headersOf(message: PactMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(message.headers ?? {}).map(([name, value]) => [
      name.toLowerCase(),
      Array.isArray(value) ? value.join(', ') : value,
    ]),
  );
}

/** The body's bytes, and its content type when only the V4 wrapper names it. */
function bodyOf(body: unknown): { bytes: Uint8Array; contentType?: string } {
  if (body === undefined || body === null) return { bytes: new Uint8Array() };
  if (typeof body === 'string') return { bytes: encoder.encode(body) };
  const wrapped = body as Exclude<PactBody, string | undefined>;
  if (typeof body === 'object' && 'content' in wrapped && 'contentType' in wrapped) {
    const { content, contentType, encoded } = wrapped;
    const bytes =
      typeof content === 'string'
        ? encoded === 'base64'
          ? new Uint8Array(Buffer.from(content, 'base64'))
          : encoder.encode(content)
        : encoder.encode(JSON.stringify(content));
    return { bytes, ...(contentType === undefined ? {} : { contentType }) };
  }
  return { bytes: encoder.encode(JSON.stringify(body)) };
}

/**
 * The request Pact's verifier sends for `interaction`: its method, path, query and headers, and its body,
 * with the example values the consumer recorded (stale signatures included).
 */
export function exampleRequest(interaction: PactInteraction): WireRequest {
  const request = (interaction.request ?? {}) as PactMessage;
  const query = Object.entries(request.query ?? {}).flatMap(([name, values]) =>
    (Array.isArray(values) ? values : [values]).map((value) => [name, value] as const),
  );
  const rawQuery = encodeParams(query);
  const path = request.path ?? '/';
  const headers = headersOf(request);
  const body = bodyOf(request.body);
  if (body.contentType !== undefined && headers['content-type'] === undefined && body.bytes.length > 0) {
    headers['content-type'] = body.contentType;
  }
  return {
    method: (request.method ?? 'GET').toUpperCase(),
    target: rawQuery === '' ? path : `${path}?${rawQuery}`,
    headers,
    body: body.bytes,
  };
}

/** The response the consumer's mock server answered for `interaction`: the example status, headers and body. */
export function exampleResponse(interaction: PactInteraction): WireResponse {
  const response = (interaction.response ?? {}) as PactMessage;
  const headers = headersOf(response);
  const body = bodyOf(response.body);
  if (body.contentType !== undefined && headers['content-type'] === undefined) {
    headers['content-type'] = body.contentType;
  }
  return { status: response.status ?? 200, headers, body: body.bytes };
}
