import { parseParams } from '../wire/percentEncode.ts';
import type { ParamList, WireRequest } from '../wire/WireMessage.ts';

/** A request as the emulator reads it: the parameters of query ∪ form body, and what it needs to authenticate. */
export type Incoming = {
  method: string;
  path: string;
  /** Query parameters alone (the V3 canonical query is built from these). */
  query: ParamList;
  /** Query ∪ form body, query first, in arrival order (TR-1). */
  params: ParamList;
  headers: Record<string, string>;
  body: Uint8Array;
  /** Raw `name=value` parts whose percent-encoding is broken. */
  malformed: string[];
};

const decoder = new TextDecoder();

/**
 * Splits a wire request into the parameters of its query and, for an `application/x-www-form-urlencoded`
 * POST, its body (TR-1: query ∪ body). Never throws: broken encodings are listed in `malformed`.
 */
export function readIncoming(request: WireRequest): Incoming {
  const queryAt = request.target.indexOf('?');
  const path = queryAt < 0 ? request.target : request.target.slice(0, queryAt);
  const rawQuery = queryAt < 0 ? '' : request.target.slice(queryAt + 1);
  const query = parseParams(rawQuery);
  const malformed = [...query.malformed];
  const params: Array<[string, string]> = [...query.params];
  const contentType = (request.headers['content-type'] ?? '').toLowerCase();
  if (request.body.length > 0 && contentType.startsWith('application/x-www-form-urlencoded')) {
    const form = parseParams(decoder.decode(request.body));
    params.push(...form.params);
    malformed.push(...form.malformed);
  }
  return {
    method: request.method.toUpperCase(),
    path,
    query: query.params,
    params,
    headers: request.headers,
    body: request.body,
    malformed,
  };
}

/**
 * The value of a parameter. When a parameter is sent more than once (GEN-2, REPORT), the last occurrence
 * wins, reading the query first and then the form body: a body value overrides a query value.
 */
export function paramValue(params: ParamList, name: string): string | undefined {
  let found: string | undefined;
  for (const [key, value] of params) if (key === name) found = value;
  return found;
}
