import fc from 'fast-check';
import { weightedChoice } from './weightedChoice.ts';

/**
 * How a near miss differs from the identifier it imitates: surrounding whitespace, letter case, a Unicode
 * look-alike (a Cyrillic letter for a Latin one, or an invisible zero-width space where no letter has
 * one), or a proper prefix.
 */
export type NearMissVariant = 'leading-space' | 'trailing-space' | 'upper-case' | 'look-alike' | 'prefix';

/** What a scenario's near miss imitates: an instance bound to K, the key pair K, or the region R. */
type NearMissOf = 'instance' | 'key-pair' | 'region';

/** One near miss of a scenario: which identifier it imitates and how it differs. */
export type NearMiss = { of: NearMissOf; variant: NearMissVariant };

/** Every {@link NearMissVariant}. */
export const nearMissVariants: readonly NearMissVariant[] = [
  'leading-space',
  'trailing-space',
  'upper-case',
  'look-alike',
  'prefix',
];

// Latin letters and their Cyrillic look-alikes.
const lookAlikes: Readonly<Record<string, string>> = {
  a: 'а',
  c: 'с',
  e: 'е',
  i: 'і',
  o: 'о',
  p: 'р',
  x: 'х',
  y: 'у',
  A: 'А',
  B: 'В',
  C: 'С',
  E: 'Е',
  H: 'Н',
  K: 'К',
  M: 'М',
  O: 'О',
  P: 'Р',
  T: 'Т',
  X: 'Х',
};

/**
 * An identifier that differs from `value` only as `variant` says, and never equals it: exact matching
 * (ST-3, KP-1, RQ-5) must not read it as `value`. `upper-case` of a value with no lower-case letter
 * is its lower case (a look-alike when it has no letter at all); `prefix` of a one-character value appends instead (a value of which it is the
 * prefix).
 */
export function nearMissOf(value: string, variant: NearMissVariant): string {
  switch (variant) {
    case 'leading-space':
      return ` ${value}`;
    case 'trailing-space':
      return `${value} `;
    case 'upper-case': {
      const upper = value.toUpperCase();
      if (upper !== value) return upper;
      const lower = value.toLowerCase();
      return lower !== value ? lower : nearMissOf(value, 'look-alike');
    }
    case 'look-alike': {
      const chars = [...value];
      const at = chars.findIndex((ch) => lookAlikes[ch] !== undefined);
      if (at < 0) return `${value}\u200b`;
      chars[at] = lookAlikes[chars[at] as string] as string;
      return chars.join('');
    }
    case 'prefix':
      return [...value].length > 1 ? [...value].slice(0, -1).join('') : `${value}${value}`;
  }
}

/**
 * A near miss of an existing, bound identifier: an instance ID (twice as often), the key pair name or the
 * region. Shrinks towards an instance ID with a leading space.
 */
export function nearMiss(): fc.Arbitrary<NearMiss> {
  return fc.record({
    of: weightedChoice<NearMissOf>([
      ['instance', 2],
      ['key-pair', 1],
      ['region', 1],
    ]),
    variant: fc.constantFrom(...nearMissVariants),
  });
}
