import fc from 'fast-check';

// Prefixes seen on real ECS instance IDs (they vary by region and zone); any three characters also occur.
const realPrefixes = ['bp1', 'bp1', 'bp1', '2ze', 'uf6', 'wz9', 't4n', 'gw8', 'j6c', '0jl', '8vb'] as const;

/**
 * A realistic ECS instance ID: `i-` followed by exactly 20 lower-case letters and digits, usually with a
 * prefix seen on real instances (`i-bp1…`, `i-2ze…`). Every value matches `/^i-[0-9a-z]{20}$/`.
 */
export function instanceId(): fc.Arbitrary<string> {
  return anyInstanceId;
}

// Built once and shared: an arbitrary keeps no state between draws, and building a `stringMatching` one
// costs milliseconds, paid again by every property that asked for a fresh one (issue 19).
const anyInstanceId = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...realPrefixes) },
      { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-z]{3}$/) },
    ),
    fc.stringMatching(/^[0-9a-z]{17}$/),
  )
  .map(([head, tail]) => `i-${head}${tail}`);
