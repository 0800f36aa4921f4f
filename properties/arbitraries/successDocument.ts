import fc from 'fast-check';
import type { Member, ServedScalar, SuccessDocument } from '../../harness/clients/ServedDocument.ts';
import { extraMembers } from './extraMembers.ts';
import { instanceId } from './instanceId.ts';

/** An upper-case UUID request ID, as the service writes them (OK-2). */
export function requestId(): fc.Arbitrary<string> {
  return fc.uuid().map((id) => id.toUpperCase());
}

/**
 * A key pair name that any XML or JSON body carries unchanged: letters, digits, `-_.`, the XML specials
 * `&<>"'`, CJK and emoji, never leading or trailing whitespace (CL-3, CL-5).
 */
function servableKeyPairName(): fc.Arbitrary<string> {
  const unit = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.'),
    },
    { weight: 1, arbitrary: fc.constantFrom('&', '<', '>', '"', "'", '键', '对', '🔑') },
  );
  return fc.string({ unit, minLength: 2, maxLength: 40 });
}

/** One `Results.Result` entry before it is written: its outcome and the forms of its scalars (OK-9). */
type ResultSpec = {
  InstanceId: string;
  success: boolean;
  successForm: 'boolean' | 'string';
  /** A failure's code; success always has code 200. */
  failureCode: string | number;
  codeForm: 'string' | 'number';
  failureMessage: string;
  /** Sort keys that shuffle the four fields (all zero: documented order). */
  order: [number, number, number, number];
};

/** The whole success document before it is written (CL-5). */
export type SuccessSpec = {
  RequestId: string;
  /** Present or absent (OK-10); when present it equals the caller's name. */
  KeyPairName: string | undefined;
  countForm: 'number' | 'string';
  failCountForm: 'number' | 'string';
  results: ResultSpec[];
  /** Sort keys that shuffle the top-level members (all zero: documented order). */
  order: [number, number, number, number, number];
};

const failureCodes = [
  'InvalidInstanceId.NotFound',
  'IncorrectInstanceStatus',
  'DependencyViolation',
  404,
  403,
] as const;
const failureMessages = [
  'The specified InstanceId does not exist.',
  'The current status of the resource does not support this operation.',
  'Instance & key pair <mismatch> "quoted"',
  '实例不存在 🚫',
] as const;

const sortKey = fc.nat({ max: 4 });

function resultSpec(): fc.Arbitrary<Omit<ResultSpec, 'InstanceId'>> {
  return fc.record({
    success: fc.oneof(
      { weight: 3, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
    ),
    successForm: fc.constantFrom('boolean', 'string'),
    failureCode: fc.constantFrom(...failureCodes),
    codeForm: fc.constantFrom('string', 'number'),
    failureMessage: fc.constantFrom(...failureMessages),
    order: fc.tuple(sortKey, sortKey, sortKey, sortKey),
  });
}

/**
 * Every success form OK-9 allows, 1 to 50 results with distinct realistic instance IDs, fields in any
 * order, `KeyPairName` present or absent (CL-5). Shrinks towards one result in documented order.
 */
export function successSpec(): fc.Arbitrary<SuccessSpec> {
  return fc.record({
    RequestId: requestId(),
    KeyPairName: fc.option(servableKeyPairName(), { nil: undefined }),
    countForm: fc.constantFrom('number', 'string'),
    failCountForm: fc.constantFrom('number', 'string'),
    results: fc
      .uniqueArray(fc.tuple(instanceId(), resultSpec()), {
        minLength: 1,
        maxLength: 50,
        selector: ([id]) => id,
      })
      .map((entries) => entries.map(([InstanceId, spec]) => ({ InstanceId, ...spec }))),
    order: fc.tuple(sortKey, sortKey, sortKey, sortKey, sortKey),
  });
}

function shuffled<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items
    .map((item, i) => ({ item, key: keys[i] ?? 0, i }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .map(({ item }) => item);
}

function count(n: number, form: 'number' | 'string'): ServedScalar {
  return form === 'number' ? n : String(n);
}

/**
 * Writes a spec as a document: counts that agree with the results (OK-5, OK-6), `Success` true ⇔ `Code`
 * 200 (OK-8), `Message` `successful` on success, each scalar in its chosen form, members in their order.
 */
export function successDocumentOf(spec: SuccessSpec): SuccessDocument {
  const failures = spec.results.filter((r) => !r.success).length;
  const entries = spec.results.map((r) => {
    const code = r.success ? 200 : r.failureCode;
    const fields: Member[] = [
      { kind: 'scalar', name: 'InstanceId', value: r.InstanceId },
      { kind: 'scalar', name: 'Success', value: r.successForm === 'boolean' ? r.success : String(r.success) },
      {
        kind: 'scalar',
        name: 'Code',
        value: r.codeForm === 'number' && typeof code === 'number' ? code : String(code),
      },
      { kind: 'scalar', name: 'Message', value: r.success ? 'successful' : r.failureMessage },
    ];
    return shuffled(fields, r.order);
  });
  const top: Member[] = [
    { kind: 'scalar', name: 'RequestId', value: spec.RequestId },
    { kind: 'scalar', name: 'TotalCount', value: count(spec.results.length, spec.countForm) },
    { kind: 'scalar', name: 'FailCount', value: count(failures, spec.failCountForm) },
    { kind: 'results', before: [], entries, after: [] },
    ...(spec.KeyPairName === undefined
      ? []
      : [{ kind: 'scalar' as const, name: 'KeyPairName', value: spec.KeyPairName }]),
  ];
  return { members: shuffled(top, spec.order) };
}

/** Unknown extra members to weave into a success document (CL-7), with where each goes. */
export type ExtrasSpec = {
  top: { at: number; member: Extract<Member, { kind: 'extra' }> }[];
  before: Extract<Member, { kind: 'extra' }>[];
  after: Extract<Member, { kind: 'extra' }>[];
  /** Per result entry (cycled when shorter), members inserted at `at`. */
  perEntry: { at: number; members: Extract<Member, { kind: 'extra' }>[] }[];
};

/** Unknown extra members at every depth: top level, inside `Results`, inside each `Result` (CL-7). */
export function extrasSpec(): fc.Arbitrary<ExtrasSpec> {
  return fc.record({
    top: extraMembers(3).chain((members) =>
      fc.tuple(...members.map((member) => fc.nat({ max: 5 }).map((at) => ({ at, member })))),
    ),
    before: extraMembers(2, ['Result']),
    after: extraMembers(2, ['Result']),
    perEntry: fc.array(fc.record({ at: fc.nat({ max: 4 }), members: extraMembers(2) }), { maxLength: 3 }),
  });
}

function insertAt<T>(items: readonly T[], at: number, inserted: readonly T[]): T[] {
  const i = Math.min(at, items.length);
  return [...items.slice(0, i), ...inserted, ...items.slice(i)];
}

/**
 * The document with the extra members woven in; when the spec has none at all, one top-level
 * `ExtraInfo` is added, so that the result always carries an unknown member (CL-7).
 */
export function withExtras(document: SuccessDocument, extras: ExtrasSpec): SuccessDocument {
  const topNames = new Set(extras.top.map((t) => t.member.name));
  // Whether a per-entry member was woven in: a spec's entries cycle over the document's results, so an
  // entry with members may fall on no result (two specs, one result) and add nothing.
  let perEntryAdded = false;
  let members = document.members.map((member): Member => {
    if (member.kind !== 'results') return member;
    return {
      kind: 'results',
      before: extras.before,
      after: extras.after.filter((m) => !extras.before.some((b) => b.name === m.name)),
      entries: member.entries.map((entry, i) => {
        const add = extras.perEntry.length === 0 ? undefined : extras.perEntry[i % extras.perEntry.length];
        if (add === undefined) return entry;
        perEntryAdded ||= add.members.length > 0;
        return insertAt(entry, add.at, add.members);
      }),
    };
  });
  for (const { at, member } of extras.top) members = insertAt(members, at, [member]);
  const any = extras.top.length > 0 || extras.before.length > 0 || extras.after.length > 0 || perEntryAdded;
  if (!any && !topNames.has('ExtraInfo'))
    members = [...members, { kind: 'extra', name: 'ExtraInfo', value: { Source: 'conformance', Depth: 1 } }];
  return { members };
}
