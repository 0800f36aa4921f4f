import type { Probe } from '../wire/Probe.ts';
import { percentEncode } from '../wire/percentEncode.ts';
import type { WireRequest, WireResponse } from '../wire/WireMessage.ts';
import { type RecordedExchange, redacted } from './Recording.ts';

/** One exchange as sent and received, before redaction: it may carry signatures, nonces and tokens. */
export type RawExchange = {
  name: string;
  probe: Probe;
  request: WireRequest;
  response?: WireResponse;
  inconclusive?: string;
};

/** The run's credentials: masked or removed wherever they appear, in any encoding. */
export type RedactionContext = { accessKeyId: string; accessKeySecret: string; securityToken?: string };

/** An AccessKeyId masked to its first 4 and last 2 characters (`LTAI****ab`); short ones entirely. */
export function maskAccessKeyId(accessKeyId: string): string {
  return accessKeyId.length < 8 ? '****' : `${accessKeyId.slice(0, 4)}****${accessKeyId.slice(-2)}`;
}

/** Parameters whose values are volatile or secret, and what replaces them. */
const paramPlaceholders: Readonly<Record<string, string>> = {
  Signature: redacted.signature,
  SignatureNonce: redacted.nonce,
  SecurityToken: redacted.securityToken,
  Timestamp: redacted.timestamp,
};

/** Request headers whose values are volatile or secret, and what replaces them. */
const headerPlaceholders: Readonly<Record<string, string>> = {
  'x-acs-signature-nonce': redacted.nonce,
  'x-acs-security-token': redacted.securityToken,
  'x-acs-date': redacted.timestamp,
};

/** Response headers that differ on every answer. */
const responseHeaderPlaceholders: Readonly<Record<string, string>> = {
  'x-acs-request-id': redacted.requestId,
  date: redacted.timestamp,
};

/** Values shorter than this are not scrubbed from free text: they would match by chance. */
const minimumScrubbed = 4;

/**
 * Redacts one exchange for a recording (target-protocol §2, §4): the AccessKeyId is masked, the
 * AccessKeySecret never appears, signatures, nonces, security tokens and timestamps become the fixed
 * placeholders of `Recording.ts` — in the query, the form body, the headers and anywhere the answer
 * quotes them (a live `SignatureDoesNotMatch` message quotes the string to sign), raw or percent-encoded
 * once or twice — and request IDs in the answer are normalised.
 */
export function redactExchange(raw: RawExchange, context: RedactionContext): RecordedExchange {
  const found = new Map<string, string>();
  const remember = (value: string, placeholder: string) => {
    if (value.length >= minimumScrubbed && value !== placeholder) found.set(value, placeholder);
  };
  remember(context.accessKeyId, maskAccessKeyId(context.accessKeyId));
  remember(context.accessKeySecret, '<redacted>');
  if (context.securityToken !== undefined) remember(context.securityToken, redacted.securityToken);

  const params = (text: string): string =>
    text === ''
      ? text
      : text
          .split('&')
          .map((segment) => {
            const eq = segment.indexOf('=');
            if (eq < 0) return segment;
            const name = decode(segment.slice(0, eq));
            const value = decode(segment.slice(eq + 1));
            const placeholder = name === 'AccessKeyId' ? maskAccessKeyId(value) : paramPlaceholders[name];
            if (placeholder === undefined) return segment;
            remember(value, placeholder);
            return `${segment.slice(0, eq)}=${placeholder}`;
          })
          .join('&');

  const { request } = raw;
  const at = request.target.indexOf('?');
  const target =
    at < 0 ? request.target : `${request.target.slice(0, at)}?${params(request.target.slice(at + 1))}`;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const placeholder = headerPlaceholders[name];
    if (placeholder !== undefined) {
      remember(value, placeholder);
      headers[name] = placeholder;
    } else if (name === 'authorization') {
      headers[name] = value
        .replace(/Credential=([^,\s]*)/, (_m, id: string) => {
          remember(id, maskAccessKeyId(id));
          return `Credential=${maskAccessKeyId(id)}`;
        })
        .replace(/Signature=([^,\s]*)/, (_m, signature: string) => {
          remember(signature, redacted.signature);
          return `Signature=${redacted.signature}`;
        });
    } else headers[name] = value;
  }
  const bodyText = new TextDecoder().decode(request.body);
  const body = request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')
    ? params(bodyText)
    : bodyText;

  // Longest first, so that a value containing another is replaced whole.
  const replacements = [...found].sort(([a], [b]) => b.length - a.length);
  const scrub = (text: string): string => {
    let out = text;
    for (const [value, placeholder] of replacements)
      for (const form of renderings(value)) out = out.split(form).join(placeholder);
    return out;
  };
  const scrubAll = (record: Record<string, string>) =>
    Object.fromEntries(Object.entries(record).map(([k, v]) => [k, scrub(v)]));

  const recorded: RecordedExchange = {
    name: raw.name,
    probe: raw.probe,
    request: { method: request.method, target: scrub(target), headers: scrubAll(headers), body: scrub(body) },
  };
  if (raw.response !== undefined) {
    const responseHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw.response.headers))
      responseHeaders[name] = responseHeaderPlaceholders[name] ?? scrub(value);
    recorded.response = {
      status: raw.response.status,
      headers: responseHeaders,
      body: normaliseRequestIds(scrub(new TextDecoder().decode(raw.response.body))),
    };
  }
  if (raw.inconclusive !== undefined) recorded.inconclusive = scrub(raw.inconclusive);
  return recorded;
}

/** `RequestId` values in a JSON or XML body replaced by the placeholder. */
function normaliseRequestIds(body: string): string {
  return body
    .replace(/("RequestId"\s*:\s*)"(?:[^"\\]|\\.)*"/g, `$1"${redacted.requestId}"`)
    .replace(/<RequestId>[^<]*<\/RequestId>/g, `<RequestId>${escapeXmlText(redacted.requestId)}</RequestId>`);
}

/** The forms a value takes on the wire and in messages: raw, percent-encoded once or twice (string to sign). */
function renderings(value: string): string[] {
  const once = percentEncode(value);
  return [
    ...new Set([
      value,
      once,
      percentEncode(once),
      encodeURIComponent(value),
      encodeURIComponent(encodeURIComponent(value)),
      JSON.stringify(value).slice(1, -1),
    ]),
  ].sort((a, b) => b.length - a.length);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** A placeholder as XML element text: `<request-id>` must be written `&lt;request-id&gt;` to stay well-formed. */
function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
