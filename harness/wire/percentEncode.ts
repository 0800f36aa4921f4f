import type { ParamList } from './WireMessage.ts';

const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;
const ALL_UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const utf8Encoder = new TextEncoder();

/**
 * Percent-encodes `s` per RFC 3986 over UTF-8 exactly as Alibaba Cloud signs it (AU-1, AU-2):
 * `A-Z a-z 0-9 - _ . ~` stay literal, every other byte becomes upper-case `%XY`
 * (space → `%20`, `*` → `%2A`, `~` literal).
 *
 * Lone surrogates are out of scope (CL-3); `TextEncoder` turns them into U+FFFD.
 */
export function percentEncode(s: string): string {
  if (ALL_UNRESERVED.test(s)) return s;
  let encoded: string;
  try {
    // encodeURIComponent throws on a lone surrogate (then the byte loop below), and leaves `! ' ( ) *`
    // literal: RFC 3986 (and the signature) escapes them too.
    encoded = encodeURIComponent(s);
  } catch {
    return encodeBytes(s);
  }
  return RFC3986_RESERVED.test(encoded) ? encoded.replace(RFC3986_RESERVED_ALL, reservedEscape) : encoded;
}

const RFC3986_RESERVED = /[!'()*]/;
const RFC3986_RESERVED_ALL = /[!'()*]/g;
const reservedEscape = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;

/** {@link percentEncode} byte by byte: for text holding a lone surrogate (which becomes U+FFFD). */
function encodeBytes(s: string): string {
  let out = '';
  for (const byte of utf8Encoder.encode(s)) {
    const ch = String.fromCharCode(byte);
    out += UNRESERVED.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Decodes percent-escapes in `s` as UTF-8, returning `undefined` for any malformed input: a `%` not
 * followed by two hex digits, or a byte sequence that is not valid UTF-8. With `plusIsSpace`, a literal
 * `+` decodes to a space (form and query encoding); otherwise it stays `+`.
 */
export function percentDecode(s: string, plusIsSpace: boolean): string | undefined {
  if (!LONE_SURROGATE.test(s)) {
    const spaced = plusIsSpace ? s.replace(/\+/g, ' ') : s;
    if (!spaced.includes('%')) return spaced;
    try {
      // Throws on a `%` without two hex digits and on bytes that are not valid UTF-8, like the slow path.
      return decodeURIComponent(spaced);
    } catch {
      return undefined;
    }
  }
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        return undefined;
      }
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (ch === '+' && plusIsSpace) {
      bytes.push(0x20);
    } else {
      // Literal characters (possibly non-ASCII in a raw query) join the byte stream as UTF-8.
      const code = s.codePointAt(i) as number;
      const literal = String.fromCodePoint(code);
      bytes.push(...utf8Encoder.encode(literal));
      i += literal.length - 1;
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

/** The result of {@link parseParams}: decoded parameters in arrival order, and the raw parts that failed. */
export type ParsedParams = {
  /** Decoded `[name, value]` pairs, order and duplicates kept. */
  params: [string, string][];
  /** Raw `&`-separated parts whose name or value failed to decode; they are not in `params`. */
  malformed: string[];
};

/**
 * Parses a query string or `application/x-www-form-urlencoded` body (TR-1) into decoded parameters,
 * keeping order and duplicates (GEN-2). Empty parts are skipped; each part splits on its first `=`
 * (no `=` → value `''`); `+` decodes as a space. A part that fails {@link percentDecode} lands in
 * `malformed` verbatim and never in `params`.
 */
export function parseParams(raw: string): ParsedParams {
  const params: [string, string][] = [];
  const malformed: string[] = [];
  for (const part of raw.split('&')) {
    if (part === '') {
      continue;
    }
    const eq = part.indexOf('=');
    const rawName = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? '' : part.slice(eq + 1);
    const name = percentDecode(rawName, true);
    const value = percentDecode(rawValue, true);
    if (name === undefined || value === undefined) {
      malformed.push(part);
    } else {
      params.push([name, value]);
    }
  }
  return { params, malformed };
}

/**
 * Encodes parameters as `k=v` pairs joined by `&`, both sides {@link percentEncode}d, in the given order
 * (an empty value gives `k=`). The output round-trips through {@link parseParams}.
 */
export function encodeParams(params: ParamList): string {
  return params.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&');
}

/** Compares two ASCII strings by code unit, which equals byte order for percent-encoded text. */
function byteCompare(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}

/**
 * The canonical query shared by V1 (AU-1) and V3 (AU-2): pairs sorted by percent-encoded name in byte
 * order, ties by encoded value, `k=v` joined by `&`; an empty value gives `k=` (AU-1: "empty values count
 * as `k=`"). Arrival order never changes the result.
 */
export function canonicalQuery(params: ParamList): string {
  return params
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort((a, b) => byteCompare(a[0], b[0]) || byteCompare(a[1], b[1]))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}
