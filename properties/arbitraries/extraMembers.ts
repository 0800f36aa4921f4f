import fc from 'fast-check';
import { documentedNames, type ExtraMember, type ExtraValue } from '../../harness/clients/ServedDocument.ts';

/** A name for an unknown extra member: a valid XML name that no documented field uses (CL-7). */
function extraName(): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 2, arbitrary: fc.constantFrom('NextToken', 'Detail', 'PageSize', 'Tags', 'ExtraInfo', 'X') },
      { weight: 1, arbitrary: fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,11}$/) },
    )
    .filter((name) => !documentedNames.has(name));
}

/**
 * A member name inside an unknown object: any {@link extraName}, or a documented name (`Code`, `Result`,
 * ...) — inside an unknown member it is unknown too, and a client must not mistake it for the real one.
 */
function nestedName(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: extraName() },
    {
      weight: 1,
      arbitrary: fc.constantFrom('Code', 'Message', 'RequestId', 'Success', 'Result', 'InstanceId'),
    },
  );
}

const scalarExtra: fc.Arbitrary<ExtraValue> = fc.oneof(
  fc.stringMatching(/^[a-z0-9]{0,10}$/),
  fc.integer({ min: -1000, max: 100000 }),
  fc.boolean(),
  fc.constant(null),
);

/**
 * Any JSON value an unknown member may hold (CL-7): scalars, `null`, objects (whose members may even
 * carry documented names) and arrays of scalars or objects, up to three levels deep. In XML, objects nest
 * and arrays repeat.
 */
function extraValue(): fc.Arbitrary<ExtraValue> {
  const tree = fc.letrec<{ value: ExtraValue; object: ExtraValue; array: ExtraValue }>((tie) => ({
    value: fc.oneof({ maxDepth: 3, withCrossShrink: true }, scalarExtra, tie('object'), tie('array')),
    object: fc
      .uniqueArray(fc.tuple(nestedName(), tie('value')), { minLength: 1, maxLength: 3, selector: ([n]) => n })
      .map((entries) => Object.fromEntries(entries) as ExtraValue),
    array: fc.array(fc.oneof(scalarExtra, tie('object')), { minLength: 1, maxLength: 3 }),
  }));
  return tree.value;
}

/** 0 to `max` unknown extra members with distinct names, none named `exclude`. */
export function extraMembers(max: number, exclude: readonly string[] = []): fc.Arbitrary<ExtraMember[]> {
  return fc
    .uniqueArray(fc.tuple(extraName(), extraValue()), { maxLength: max, selector: ([name]) => name })
    .map((pairs) =>
      pairs
        .filter(([name]) => !exclude.includes(name))
        .map(([name, value]): ExtraMember => ({ kind: 'extra', name, value })),
    );
}
