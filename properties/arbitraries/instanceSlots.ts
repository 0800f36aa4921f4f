import fc from 'fast-check';
import type { InstanceSlot } from './scenario.ts';
import { weightedChoice } from './weightedChoice.ts';

/** Constraints for {@link instanceSlots}. */
export type InstanceSlotsConstraints = {
  /** `small` (default): 1 to 8 slots. `all`: 1, 2..49, 50, 51 or 52..200 slots, with weights. */
  sizes?: 'small' | 'all';
  /** With `sizes: 'all'`, sometimes no slot at all (the `[]` of ID-5). Default false. */
  allowEmpty?: boolean;
};

// Per slot, in lists that may hold Windows instances: ~8% Windows, ~10% duplicates; the rest are the
// ordinary cases. A third of the lists are Linux-only, so that even long lists often succeed (ID-2, ST-0)
// instead of being rejected as a whole (WIN-1): overall ~5% of slots are Windows.
const linuxSlots: Array<[InstanceSlot, number]> = [
  ['bound', 34],
  ['bound-other', 14],
  ['unbound', 14],
  ['nonexistent', 14],
  ['other-region', 6],
  ['duplicate', 10],
];
const windowsSlots: Array<[InstanceSlot, number]> = [
  ['windows', 5],
  ['windows-bound', 3],
];

// Simplest first: a counterexample's slots shrink towards the front of this list.
const shrinkOrder: readonly InstanceSlot[] = [
  'bound',
  'unbound',
  'bound-other',
  'nonexistent',
  'duplicate',
  'other-region',
  'windows-bound',
  'windows',
];

function lists(slot: fc.Arbitrary<InstanceSlot>, c: InstanceSlotsConstraints): fc.Arbitrary<InstanceSlot[]> {
  if ((c.sizes ?? 'small') === 'small') return fc.array(slot, { minLength: 1, maxLength: 8 });
  const sized = (
    minLength: number,
    maxLength: number,
    weight: number,
    size: fc.SizeForArbitrary = 'small',
  ) => ({
    weight,
    arbitrary: fc.array(slot, { minLength, maxLength, size }),
  });
  const buckets = [
    sized(1, 1, 25),
    sized(2, 49, 50),
    sized(50, 50, 8),
    sized(51, 51, 6),
    sized(52, 200, 4, 'max'),
  ];
  if (c.allowEmpty === true) buckets.push({ weight: 2, arbitrary: fc.constant<InstanceSlot[]>([]) });
  return fc.oneof(...buckets);
}

/**
 * Generates with `generator` but shrinks with `shrinker`, starting without context: the size buckets pick
 * exact lengths (50, 51) that a plain `fc.oneof` could never shrink out of, while a counterexample that does
 * not depend on its length should still shrink to a short list. A failure that needs exactly 50 or 51 IDs
 * stays there, since shorter lists pass.
 */
class ShrinkAcross<T> extends fc.Arbitrary<T> {
  constructor(
    private readonly generator: fc.Arbitrary<T>,
    private readonly shrinker: fc.Arbitrary<T>,
  ) {
    super();
  }
  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    return new fc.Value(this.generator.generate(mrng, biasFactor).value_, undefined);
  }
  canShrinkWithoutContext(value: unknown): value is T {
    return this.shrinker.canShrinkWithoutContext(value);
  }
  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    return this.shrinker.shrink(value, context);
  }
}

/**
 * The list of requested-instance slots a scenario is built from, one {@link InstanceSlot} per requested
 * ID: mostly `bound`, `bound-other`, `unbound` and `nonexistent`, ~5% Windows, ~10% `duplicate`. The
 * length follows `sizes`; a counterexample shrinks to fewer slots (across size buckets) and towards `bound`.
 */
export function instanceSlots(constraints: InstanceSlotsConstraints = {}): fc.Arbitrary<InstanceSlot[]> {
  const anySlot = weightedChoice([...linuxSlots, ...windowsSlots]);
  const generator = fc.oneof(
    { weight: 2, arbitrary: lists(anySlot, constraints) },
    { weight: 1, arbitrary: lists(weightedChoice(linuxSlots), constraints) },
  );
  const minLength = constraints.sizes === 'all' && constraints.allowEmpty === true ? 0 : 1;
  // Shrinking starts without context, which a `fc.constant` arm cannot shrink from: an index into
  // `shrinkOrder` (with its unmapper) can, towards `bound`.
  const slot = fc.integer({ min: 0, max: shrinkOrder.length - 1 }).map(
    (i) => shrinkOrder[i] as InstanceSlot,
    (s) => shrinkOrder.indexOf(s as InstanceSlot),
  );
  return new ShrinkAcross(generator, fc.array(slot, { minLength, maxLength: 200 }));
}
