import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyPairName } from './keyPairName.ts';

describe('keyPairName', () => {
  it('is creatable: a letter, then letters, digits or ._:- , 2 to 128 characters', () => {
    fc.assert(
      fc.property(keyPairName(), (name) => {
        expect(name).toMatch(/^[A-Za-z][A-Za-z0-9._:-]{1,127}$/);
      }),
    );
  });

  it('is mostly short but sometimes long', () => {
    const names = fc.sample(keyPairName(), { numRuns: 1000, seed: 5 });
    expect(names.filter((n) => n.length <= 16).length).toBeGreaterThan(700);
    expect(names.some((n) => n.length > 64)).toBe(true);
  });
});
