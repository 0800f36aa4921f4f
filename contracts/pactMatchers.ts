import { type Matcher, MatchersV3, type V3RegexMatcher, XmlElement } from '@pact-foundation/pact';

/**
 * Pact matchers for DetachKeyPair that accept every legal form of a value and nothing else. Pact's regex
 * matcher sees the raw text of a value (a JSON number or boolean is matched by its text), which is what
 * lets one matcher accept both scalar forms of OK-9.
 */

/** Escapes `text` for use inside a regular expression (Rust `regex` syntax, which Pact runs). */
function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, (c) => `\\${c}`);
}

/** A whole-value regex accepting exactly one of `values`. */
export function oneOf(values: readonly string[]): string {
  return `^(${values.map(escapeRegex).join('|')})$`;
}

/**
 * A scalar that may arrive as a JSON string or as a JSON number or boolean (OK-9: the table says String, the
 * samples show numbers and booleans), matched by its text. `example` is the form the mock server returns;
 * the pact accepts both forms from a provider. MatchersV3.regex only takes string examples, so the matcher
 * is built by hand (the FFI accepts any JSON example).
 */
export function scalarForms(pattern: string, example: string | number | boolean): Matcher<unknown> {
  return { 'pact:matcher:type': 'regex', regex: pattern, value: example } as Matcher<unknown>;
}

/** The documented sample request ID (upper-case UUID, OK-2): `MatchersV3.uuid()` only takes lower-case hex. */
export const sampleRequestId = '473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E';

/**
 * OK-2, ERR-2: `RequestId` is a non-empty string with a non-blank character; any case, any shape (a UUID is
 * only a SHOULD). Pact matches a regex against the whole value.
 */
export function requestIdMatcher(): V3RegexMatcher {
  return MatchersV3.regex('^[\\s\\S]*\\S[\\s\\S]*$', sampleRequestId);
}

/** TR-4: a JSON `Content-Type`, charset optional, media type case-insensitive. */
export function jsonContentType(): V3RegexMatcher {
  return MatchersV3.regex('(?i)^application/json\\s*(;.*)?$', 'application/json;charset=utf-8');
}

/** TR-4: an XML `Content-Type` (`text/xml` or `application/xml`), charset optional. */
export function xmlContentType(): V3RegexMatcher {
  return MatchersV3.regex('(?i)^(text|application)/xml\\s*(;.*)?$', 'text/xml;charset=utf-8');
}

/**
 * ID-1, CL-2: an `InstanceIds` query value that is the JSON array of exactly `ids`, in this order, with any
 * JSON whitespace around the brackets, strings and commas (the reference's own example is spaced, Terraform
 * sends none). The regex sees the decoded query value.
 */
export function instanceIdsMatcher(ids: readonly string[], example: string): V3RegexMatcher {
  const ws = '[ \\t\\n\\r]*';
  const items = ids.map((id) => `${ws}${escapeRegex(JSON.stringify(id))}${ws}`).join(',');
  return MatchersV3.regex(`^${ws}\\[${items}\\]${ws}$`, example);
}

/** CL-4: the volatile V1 signing parameters, matched by shape so that any fresh value is accepted. */
export const v1SigningMatchers = {
  /** ISO 8601 UTC without milliseconds, as every client sends it. */
  Timestamp: () => MatchersV3.regex('^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$', '2016-02-23T12:46:24Z'),
  /** A UUID (the project client) or 64 hex characters (the official SDK). */
  SignatureNonce: () => MatchersV3.regex('^[0-9A-Za-z-]{16,128}$', '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf'),
  /** base64 of an HMAC-SHA1 digest: 27 characters and one `=`. */
  Signature: () => MatchersV3.regex('^[A-Za-z0-9+/]{27}=$', 'OLeaidS1JvxuMvnyHOwuJ+uX5qY='),
  /** Whatever key the client is configured with; the provider side substitutes the run's key. */
  AccessKeyId: () => MatchersV3.regex('^\\S+$', 'LTAI-contract-consumer'),
};

/** CL-4: the volatile V3 signing headers, matched by shape. */
export const v3SigningMatchers = {
  'x-acs-date': () =>
    MatchersV3.regex('^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$', '2023-10-26T10:22:32Z'),
  'x-acs-signature-nonce': () =>
    MatchersV3.regex('^[0-9A-Za-z-]{16,128}$', '3156853299f313e23d1673dc12e1703d'),
  authorization: () =>
    MatchersV3.regex(
      '^ACS3-HMAC-SHA256 Credential=[^,]+,SignedHeaders=[a-z0-9;-]+,Signature=[0-9a-f]{64}$',
      'ACS3-HMAC-SHA256 Credential=LTAI-contract-consumer,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
    ),
};

/**
 * OK-3: a JSON array of exactly `entries.length` elements, each matched by type against the first (what
 * `constrainedArrayLike` with min = max writes), whose example is `entries` themselves: distinct entries,
 * where `constrainedArrayLike` repeats one template (an example with one ID n times is an answer no
 * conforming provider gives, OK-7). Built by hand like {@link scalarForms}.
 */
export function exactListOf(entries: readonly unknown[]): Matcher<unknown> {
  return {
    'pact:matcher:type': 'type',
    min: entries.length,
    max: entries.length,
    value: entries,
  } as unknown as Matcher<unknown>;
}

/**
 * Appends a `<listName>` element holding exactly `count` `<itemName>` elements, the k-th built by
 * `build(item, k)` (OK-3 in XML: one element per entry). In Pact's XML matching a type matcher's
 * `min`/`max` bound an element's number of children, so the bound sits on the list element, and each item
 * is matched by type against the template (XmlElement.eachLike, whose own `min`/`max` options Pact JS 16.5
 * drops anyway). Each item is its own one-example `eachLike`, so that the example holds `count` distinct
 * items (each requested ID once, OK-7) where `examples: count` would repeat one.
 */
export function xmlListOf(
  parent: XmlElement,
  listName: string,
  itemName: string,
  count: number,
  build: (item: XmlElement, k: number) => void,
): void {
  const list = new XmlElement(listName).setAttributes(new Map());
  for (let k = 0; k < count; k++)
    list.eachLike(itemName, new Map(), (item) => build(item, k), { examples: 1 });
  parent.children.push({
    'pact:matcher:type': 'type',
    value: list,
    examples: 1,
    min: count,
    max: count,
  } as unknown as XmlElement);
}
