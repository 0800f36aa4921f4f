/**
 * The two readers of `InstanceIds` agree: the reference emulator's parser (`parseInstanceIds`, wire) and
 * the oracle's classifier (`classifyInstanceIds`, its own JSON reader) reach the same verdict on every
 * generated value (GEN-1, RQ-4, ID-1, ID-4..ID-6). Written apart and in different shapes, a bug in one
 * shows here, or in `verify` as a rule the emulator breaks; it hides only if it is made twice.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instanceId } from '../properties/arbitraries/instanceId.ts';
import {
  type InvalidInstanceIdsKind,
  invalidInstanceIdsValue,
} from '../properties/arbitraries/invalidInstanceIdsValue.ts';
import { malformedInstanceId } from '../properties/arbitraries/malformedInstanceId.ts';
import { detachScenario } from '../properties/arbitraries/scenario.ts';
import { classifyInstanceIds, type InstanceIdsClass } from './oracle/classifyInstanceIds.ts';
import { encodeInstanceIds, instanceIdsStyles, parseInstanceIds } from './wire/instanceIdsCodec.ts';

/** A verdict both readers can state: the rule, the IDs a list names, whether ID-4's value is JSON or `null`. */
type Verdict =
  | { rule: 'GEN-1' }
  | { rule: 'ID-1' | 'ID-5' | 'ID-6'; ids: readonly string[] }
  | { rule: 'ID-4'; json: boolean; isNull: boolean };

function byEmulator(value: string): Verdict {
  const parsed = parseInstanceIds(value);
  switch (parsed.kind) {
    case 'empty':
      return { rule: 'GEN-1' };
    case 'json-array':
      return { rule: parsed.ids.length === 0 ? 'ID-5' : 'ID-1', ids: parsed.ids };
    case 'json-invalid':
      return { rule: 'ID-4', json: true, isNull: parsed.isNull };
    case 'malformed-json':
      return { rule: 'ID-4', json: false, isNull: false };
    case 'bare-text':
      return { rule: 'ID-6', ids: parsed.ids };
  }
}

function byOracle(value: string): Verdict {
  const read: InstanceIdsClass = classifyInstanceIds(value);
  return read.rule === 'ID-4' ? { rule: 'ID-4', json: read.json, isNull: read.isNull } : read;
}

// Every kind, by name: a new kind does not compile until it is listed here.
const invalidKinds = Object.keys({
  missing: true,
  empty: true,
  whitespace: true,
  'malformed-json': true,
  'malformed-object': true,
  'malformed-string': true,
  'json-string': true,
  object: true,
  number: true,
  nested: true,
  'number-element': true,
  'null-element': true,
  'boolean-element': true,
  'object-element': true,
  'array-element': true,
  'empty-element': true,
  'non-string-element': true,
  null: true,
  'empty-array': true,
  'bare-commas': true,
} satisfies Record<InvalidInstanceIdsKind, true>) as InvalidInstanceIdsKind[];

const someIds = fc.array(fc.oneof(instanceId(), malformedInstanceId()), { maxLength: 6 });

/** The suite's own values: every list style and every invalid kind, around realistic and malformed IDs. */
const suiteValues = fc.oneof(
  fc
    .tuple(someIds, fc.constantFrom(...instanceIdsStyles))
    .map(([ids, style]) => encodeInstanceIds(ids, style)),
  fc
    .tuple(fc.constantFrom(...invalidKinds), someIds)
    .map(([kind, ids]) => invalidInstanceIdsValue(kind, ids) ?? ''), // `missing` sends nothing: read ''
  detachScenario({ sizes: 'all' }).map((s) => s.probe.instanceIds ?? ''),
);

/** Any JSON value, written compactly, indented, or with JSON whitespace around it. */
const jsonTexts = fc
  .tuple(
    fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.array(fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 1 })))),
    fc.constantFrom(undefined, 1, '\t', '\r\n'),
    fc.stringMatching(/^[ \t\n\r]{0,2}$/),
  )
  .map(([value, indent, pad]) => `${pad}${JSON.stringify(value, null, indent)}${pad}`);

/** JSON punctuation, digits, literals and escapes, and whitespace inside and outside JSON's. */
const tokens = [
  ...'[]{}",:\\ \t\n\r0123456789-+.eEi',
  'null',
  'true',
  'false',
  'i-a',
  'i-bp1d6tsvznfghy7yk4q2',
  '\\u0069',
  '\\"',
  '""',
  '[]',
  '1e5',
  '\u00a0',
  '\u000b',
  '\u000c',
  '\u2028',
  '\ufeff',
  'é',
];
const tokenTexts = fc.array(fc.constantFrom(...tokens), { maxLength: 10 }).map((parts) => parts.join(''));

/** A valid list one edit away from itself: a character inserted, deleted or replaced. */
const nearMisses = fc
  .tuple(someIds, fc.constantFrom(...instanceIdsStyles), fc.nat(), fc.constantFrom('', ...tokens))
  .map(([ids, style, at, insert]) => {
    const text = encodeInstanceIds(ids, style);
    const cut = text.length === 0 ? 0 : at % text.length;
    return `${text.slice(0, cut)}${insert}${text.slice(cut + (insert === '' ? 1 : at % 2))}`;
  });

describe('parseInstanceIds (emulator) and classifyInstanceIds (oracle) agree', () => {
  it('on the suite generators, JSON values, token soup and near misses', () => {
    const reached = new Map<string, number>();
    fc.assert(
      fc.property(
        fc.oneof(
          { weight: 3, arbitrary: suiteValues },
          { weight: 2, arbitrary: jsonTexts },
          { weight: 3, arbitrary: tokenTexts },
          { weight: 2, arbitrary: nearMisses },
        ),
        (value) => {
          const verdict = byOracle(value);
          expect(byEmulator(value)).toEqual(verdict);
          const name = verdict.rule === 'ID-4' ? `ID-4 ${verdict.json ? 'json' : 'malformed'}` : verdict.rule;
          reached.set(name, (reached.get(name) ?? 0) + 1);
        },
      ),
      { seed: 20261206, numRuns: 2000 },
    );
    // The values reach every verdict, each many times: agreement is not vacuous.
    expect([...reached.keys()].sort()).toEqual([
      'GEN-1',
      'ID-1',
      'ID-4 json',
      'ID-4 malformed',
      'ID-5',
      'ID-6',
    ]);
    for (const [name, count] of reached) expect(count, name).toBeGreaterThan(20);
  });
});
