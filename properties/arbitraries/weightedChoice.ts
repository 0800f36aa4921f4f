import fc from 'fast-check';

/**
 * One of the given values, each drawn with its relative weight; a counterexample shrinks towards the
 * first entry, so list the ordinary choice first and the unusual ones after it.
 */
export function weightedChoice<T>(
  entries: ReadonlyArray<readonly [value: T, weight: number]>,
): fc.Arbitrary<T> {
  if (entries.length === 0) throw new Error('weightedChoice needs at least one entry');
  return fc.oneof(
    { withCrossShrink: true },
    ...entries.map(([value, weight]) => ({ arbitrary: fc.constant(value), weight })),
  );
}
