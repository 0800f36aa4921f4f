import fc from 'fast-check';

// Names people and tools really give key pairs; all within the creation rules below.
const commonNames = [
  'my-key',
  'deploy',
  'ops_key',
  'terraform-kp',
  'KeyPair1',
  'prod:web.key',
  'ab',
] as const;
const letter = fc.stringMatching(/^[A-Za-z]$/);
const rest = (maxLength: number, size: fc.SizeForArbitrary) =>
  fc.string({ unit: fc.stringMatching(/^[A-Za-z0-9._:-]$/), minLength: 1, maxLength, size });

/**
 * A key pair name that CreateKeyPair accepts: a letter, then 1 to 127 letters, digits, `.`, `_`, `:` or
 * `-` (2–128 characters in all), so a target may never answer `InvalidKeyPairName.Malformed` for it (KP-1).
 * Mostly short; now and then close to the 128-character limit.
 */
export function keyPairName(): fc.Arbitrary<string> {
  return anyKeyPairName;
}

// Built once and shared: an arbitrary keeps no state between draws, and building a `stringMatching` one
// costs milliseconds, paid again by every property that asked for a fresh one (issue 19).
const anyKeyPairName = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(letter, rest(127, 'small')).map(([a, b]) => a + b) },
  { weight: 2, arbitrary: fc.constantFrom(...commonNames) },
  { weight: 1, arbitrary: fc.tuple(letter, rest(127, 'max')).map(([a, b]) => a + b) },
);
