import { timingSafeEqual } from 'node:crypto';

/**
 * How a verifier compares a received signature with the one it computed (AU-3). `exact`: as text, byte
 * for byte. `by-value`: as the value the text encodes — V3 hex without regard to letter case, V1 base64
 * as decoded bytes (so bits a base64 decoder drops, such as the padding bits of the last character before
 * `=`, do not count). AU-3 lets a server compare either way.
 */
export type SignatureComparison = 'exact' | 'by-value';

const hexText = /^[0-9a-fA-F]*$/;
const base64Text = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Whether `received` is the signature `expected` (AU-3), compared the given way; timing-safe once the
 * lengths agree. `expected` is the verifier's own signature in its canonical form (lower-case hex, padded
 * base64). Under `by-value`, a received text outside the encoding's alphabet never matches.
 */
export function sameSignature(
  received: string,
  expected: string,
  encoding: 'hex' | 'base64',
  comparison: SignatureComparison = 'exact',
): boolean {
  if (comparison === 'exact') return equalBytes(Buffer.from(received, 'utf8'), Buffer.from(expected, 'utf8'));
  if (encoding === 'hex') {
    return hexText.test(received) && equalBytes(Buffer.from(received.toLowerCase()), Buffer.from(expected));
  }
  return (
    base64Text.test(received) && equalBytes(Buffer.from(received, 'base64'), Buffer.from(expected, 'base64'))
  );
}

function equalBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
