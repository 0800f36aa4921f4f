import fc from 'fast-check';

const specials = ['&', '<', '>', '"', "'", '%', '+', '=', '/', '?', '#', ' ', ',', ';', '\\', '\t'] as const;
const codePoint = (min: number, max: number) =>
  fc.integer({ min, max }).map((cp) => String.fromCodePoint(cp));

// One Unicode scalar value per unit, biased towards what breaks encoders: URL and XML specials, emoji
// (astral, two UTF-16 units), CJK, and anything else from the whole range (never a lone surrogate).
const unit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...specials) },
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: codePoint(0x1f300, 0x1faff) },
  { weight: 2, arbitrary: codePoint(0x4e00, 0x9fff) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

/**
 * Any non-empty string of 1 to 255 Unicode scalar values (code points, never a lone surrogate): spaces,
 * `&<>"'%+=/?#`, emoji, CJK, controls. Valid as a key pair name in a World (target-protocol §1: any
 * non-empty Unicode), though CreateKeyPair could not create most of them.
 */
export function unicodeKeyPairName(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.string({ unit, minLength: 1, maxLength: 255 }) },
    { weight: 1, arbitrary: fc.string({ unit, minLength: 1, maxLength: 255, size: 'max' }) },
  );
}
