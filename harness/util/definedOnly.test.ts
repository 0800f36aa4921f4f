import { describe, expect, expectTypeOf, it } from 'vitest';
import { definedOnly } from './definedOnly.ts';

describe('definedOnly', () => {
  it('drops the keys whose value is undefined and keeps the others, in order, falsy ones included', () => {
    const result = definedOnly({ a: 1, b: undefined, c: '', d: null, e: 0, f: false });
    expect(result).toEqual({ a: 1, c: '', d: null, e: 0, f: false });
    expect(Object.keys(result)).toEqual(['a', 'c', 'd', 'e', 'f']);
    expect('b' in result).toBe(false);
  });

  it('spreads as the conditional spread of each key does', () => {
    const seed: number | undefined = undefined;
    const runs: number | undefined = 5;
    expect({ x: 1, ...definedOnly({ seed, runs }) }).toStrictEqual({
      x: 1,
      ...(seed === undefined ? {} : { seed }),
      ...(runs === undefined ? {} : { runs }),
    });
  });

  it('types a maybe-undefined key as optional without undefined (exactOptionalPropertyTypes)', () => {
    const options: { runs?: number; name: string } = { name: 'n' };
    const result = definedOnly({ runs: options.runs, name: options.name });
    expectTypeOf(result).toMatchTypeOf<{ runs?: number; name: string }>();
    const target: { runs?: number; name: string } = { ...result };
    expect(target).toEqual({ name: 'n' });
  });
});
