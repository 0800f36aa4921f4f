import fc from 'fast-check';
import { instanceId } from './instanceId.ts';

/** The most instance IDs one DetachKeyPair request may name (ID-2; more is ID-3's error). */
export const maxInstanceIds = 50;

/** Constraints for {@link instanceIdList}. */
export type InstanceIdListConstraints = {
  /** At least this many IDs (default 1: the API refuses an empty list, ID-5). */
  minLength?: number;
  /** At most this many IDs (default {@link maxInstanceIds}, the API's limit; larger values probe ID-3). */
  maxLength?: number;
  /** Default true: no ID twice. False lets duplicates occur (ID-7), now and then. */
  unique?: boolean;
  /** fast-check's size of the lists (default `'small'`: mostly short, sometimes up to `maxLength`). */
  size?: fc.SizeForArbitrary;
};

/**
 * A list of realistic ECS instance IDs as a caller passes it to DetachKeyPair's `InstanceIds` (before it is
 * JSON-encoded): each ID is an {@link instanceId} (`i-` and 20 lower-case alphanumerics), the length is within
 * `minLength..maxLength` (default 1..50, the API's limits, ID-2), and with `unique: false` an ID sometimes
 * repeats. Shrinks towards short lists of simple IDs. Throws a `RangeError` for impossible constraints.
 */
export function instanceIdList(constraints: InstanceIdListConstraints = {}): fc.Arbitrary<string[]> {
  const minLength = constraints.minLength ?? 1;
  const maxLength = constraints.maxLength ?? maxInstanceIds;
  if (!Number.isInteger(minLength) || !Number.isInteger(maxLength) || minLength < 0 || maxLength < minLength)
    throw new RangeError(
      `instanceIdList: need integers 0 <= minLength <= maxLength, got ${minLength}..${maxLength}`,
    );
  const size = constraints.size ?? 'small';
  if (constraints.unique !== false) return fc.uniqueArray(instanceId(), { minLength, maxLength, size });
  // Duplicates: draw distinct IDs, then let some entries repeat an earlier one (ID-7).
  return fc
    .tuple(
      fc.uniqueArray(instanceId(), { minLength, maxLength, size }),
      fc.array(fc.option(fc.nat(), { freq: 5, nil: null }), { minLength: maxLength, maxLength }),
    )
    .map(([ids, repeats]) =>
      ids.map((id, i) => {
        const from = repeats[i];
        return i === 0 || from === null || from === undefined ? id : (ids[from % i] as string);
      }),
    );
}
