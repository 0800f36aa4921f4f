import { parseParams } from '../wire/percentEncode.ts';
import type { WireRequest } from '../wire/WireMessage.ts';
import type { ServedFormat } from './renderServed.ts';

/** A request a client sent, as the stub received it, with the stub's clock at receipt (CL-4). */
export type RecordedRequest = WireRequest & { receivedAt: number };

/**
 * A recorded request read the way a server reads it: the signing scheme, the path, and the decoded
 * parameters of the query and of an `application/x-www-form-urlencoded` body (TR-1: query ∪ body).
 */
export type RequestView = {
  /** `v3` when `Authorization` names ACS3-HMAC-SHA256; `v1` when a `Signature` parameter is present. */
  scheme: 'v1' | 'v3' | 'unsigned';
  path: string;
  query: [string, string][];
  form: [string, string][];
  /** Query then form, in arrival order, duplicates kept. */
  params: [string, string][];
  /** Raw parts that did not percent-decode. */
  malformed: string[];
};

const utf8 = new TextDecoder('utf-8');

/** Reads a recorded request as a server does (TR-1, AU-1, AU-2). Never throws. */
export function viewRequest(request: WireRequest): RequestView {
  const at = request.target.indexOf('?');
  const path = at === -1 ? request.target : request.target.slice(0, at);
  const query = parseParams(at === -1 ? '' : request.target.slice(at + 1));
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const form =
    contentType === 'application/x-www-form-urlencoded'
      ? parseParams(utf8.decode(request.body))
      : { params: [], malformed: [] };
  const params = [...query.params, ...form.params];
  const authorization = request.headers.authorization ?? '';
  const scheme = /^\s*ACS3-HMAC-SHA256\s/.test(authorization)
    ? 'v3'
    : params.some(([name]) => name === 'Signature')
      ? 'v1'
      : 'unsigned';
  return {
    scheme,
    path,
    query: query.params,
    form: form.params,
    params,
    malformed: [...query.malformed, ...form.malformed],
  };
}

/** Every value of parameter `name`, in arrival order. */
export function paramValues(view: RequestView, name: string): string[] {
  return view.params.filter(([n]) => n === name).map(([, v]) => v);
}

/**
 * The format a request asks for (TR-2, TR-3, target-protocol §3): a `Format` parameter decides
 * (case-insensitive); otherwise a V3 request gets JSON unless its `Accept` names only XML, and a V1
 * request gets the documented default, XML.
 */
export function requestedFormat(request: WireRequest): ServedFormat {
  const view = viewRequest(request);
  const format = paramValues(view, 'Format')[0]?.toLowerCase();
  if (format === 'json') return 'json';
  if (format === 'xml') return 'xml';
  if (view.scheme === 'v3') {
    const accept = (request.headers.accept ?? '').toLowerCase();
    return accept.includes('xml') && !accept.includes('json') ? 'xml' : 'json';
  }
  return 'xml';
}
