import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyPairName } from './keyPairName.ts';
import { nearMiss, nearMissOf, nearMissVariants } from './nearMiss.ts';
import { regionId } from './regionId.ts';

describe('nearMissOf', () => {
  it('differs from the value only as the variant says', () => {
    expect(nearMissVariants.map((v) => nearMissOf('i-bp1abc', v))).toEqual([
      ' i-bp1abc',
      'i-bp1abc ',
      'I-BP1ABC',
      'і-bp1abc', // Cyrillic і
      'i-bp1ab',
    ]);
    expect(nearMissOf('KP1', 'upper-case')).toBe('kp1');
    expect(nearMissOf('12', 'upper-case')).toBe('12\u200b');
    expect(nearMissOf('z', 'prefix')).toBe('zz');
  });

  it('never equals the value it imitates, for names, regions and IDs', () => {
    fc.assert(
      fc.property(
        fc.oneof(keyPairName(), regionId(), fc.string({ minLength: 1 })),
        fc.constantFrom(...nearMissVariants),
        (value, variant) => nearMissOf(value, variant) !== value,
      ),
    );
  });
});

describe('nearMiss', () => {
  it('draws every target and every variant', () => {
    const drawn = fc.sample(nearMiss(), { numRuns: 300, seed: 5 });
    expect(new Set(drawn.map((m) => m.of))).toEqual(new Set(['instance', 'key-pair', 'region']));
    expect(new Set(drawn.map((m) => m.variant))).toEqual(new Set(nearMissVariants));
  });
});
