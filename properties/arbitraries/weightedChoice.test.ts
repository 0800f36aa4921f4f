import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { weightedChoice } from './weightedChoice.ts';

describe('weightedChoice', () => {
  it('draws only the given values, roughly by weight', () => {
    const values = fc.sample(
      weightedChoice([
        ['a', 9],
        ['b', 1],
      ]),
      { numRuns: 2000, seed: 42 },
    );
    const a = values.filter((v) => v === 'a').length;
    expect(values.every((v) => v === 'a' || v === 'b')).toBe(true);
    expect(a).toBeGreaterThan(1600);
    expect(a).toBeLessThan(1990);
  });

  it('shrinks towards the first entry', () => {
    const out = fc.check(
      fc.property(
        weightedChoice([
          ['ordinary', 1],
          ['odd', 5],
        ]),
        fc.nat(),
        (_choice, n) => n < 10,
      ),
      { seed: 7 },
    );
    expect(out.counterexample?.[0]).toBe('ordinary');
  });

  it('refuses an empty list', () => {
    expect(() => weightedChoice([])).toThrow(/at least one/);
  });
});
