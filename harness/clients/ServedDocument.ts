/**
 * What the stub serves a client, before it is written as JSON or XML: success and error documents whose
 * members keep their order and their JSON forms (OK-9), with unknown extra members anywhere (CL-7). The
 * checks compute the values a client must decode from the same model (CL-5, CL-6).
 */

/** A documented scalar as served: JSON keeps its type (`2`, `"2"`, `true`, `"true"`); XML writes its text. */
export type ServedScalar = string | number | boolean;

/** The value of an unknown extra member: any JSON value; in XML, objects nest and arrays repeat the element. */
export type ExtraValue = ServedScalar | null | ExtraValue[] | { [name: string]: ExtraValue };

/** One member of a served object, in served order. */
export type Member =
  /** A documented scalar field (`RequestId`, `TotalCount`, `InstanceId`, `Code`, ...). */
  | { kind: 'scalar'; name: string; value: ServedScalar }
  /** An unknown extra field (CL-7): a client must ignore it. */
  | { kind: 'extra'; name: string; value: ExtraValue }
  /** `Results`: the `Result` entries (OK-3), with unknown extra members before and after them. */
  | { kind: 'results'; before: ExtraMember[]; entries: Member[][]; after: ExtraMember[] };

/** An unknown extra member. */
export type ExtraMember = Extract<Member, { kind: 'extra' }>;

/** A DetachKeyPair success body (OK-1..OK-11), members in served order. */
export type SuccessDocument = { members: Member[] };

/** An error body (ERR-2): status and members (`RequestId`, `HostId`, `Code`, `Message`, `Recommend`). */
export type ErrorDocument = { status: number; members: Member[] };

/** The documented top-level fields of a success body. */
export const successFieldNames = ['RequestId', 'KeyPairName', 'TotalCount', 'FailCount'] as const;

/** The documented fields of one `Results.Result` entry (OK-4). */
export const resultFieldNames = ['InstanceId', 'Success', 'Code', 'Message'] as const;

/** Every name the rules document for DetachKeyPair bodies: an unknown extra member never takes one. */
export const documentedNames: ReadonlySet<string> = new Set([
  ...successFieldNames,
  ...resultFieldNames,
  'Results',
  'Result',
  'HostId',
  'Recommend',
  'Error',
  'DetachKeyPairResponse',
]);

/**
 * The by-value text of a served scalar, as `Scalar.value` reads it (OK-9): a number is `String(n)`, a
 * boolean `'true'`/`'false'`, a string itself. XML writes exactly this text.
 */
function servedText(value: ServedScalar): string {
  return typeof value === 'string' ? value : String(value);
}

/** The values a client must decode from a success body, by value (CL-5). */
export type ExpectedSuccess = {
  /** Documented top-level fields that were served, by value. */
  fields: Record<string, string>;
  /** One entry per `Result`, its documented fields by value. */
  results: Record<string, string>[];
};

function scalars(members: readonly Member[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const member of members) if (member.kind === 'scalar') out[member.name] = servedText(member.value);
  return out;
}

/** The by-value content of a success document, unknown extra members left out (CL-5, CL-7). */
export function expectedSuccess(document: SuccessDocument): ExpectedSuccess {
  const results = document.members.find((m) => m.kind === 'results');
  return {
    fields: scalars(document.members),
    results: results?.kind === 'results' ? results.entries.map(scalars) : [],
  };
}

/** The by-value `Code`, `Message`, `RequestId` and status of an error document (CL-6). */
export function expectedError(document: ErrorDocument): {
  status: number;
  Code: string;
  Message: string;
  RequestId: string;
} {
  const fields = scalars(document.members);
  return {
    status: document.status,
    Code: fields.Code ?? '',
    Message: fields.Message ?? '',
    RequestId: fields.RequestId ?? '',
  };
}

/** The same document with every unknown extra member removed, at any depth (CL-7). */
export function withoutExtras(document: SuccessDocument): SuccessDocument {
  return {
    members: document.members.flatMap((member): Member[] => {
      if (member.kind === 'extra') return [];
      if (member.kind === 'results')
        return [
          {
            kind: 'results',
            before: [],
            entries: member.entries.map((entry) => entry.filter((m) => m.kind !== 'extra')),
            after: [],
          },
        ];
      return [member];
    }),
  };
}

/** True when the document carries an unknown extra member anywhere. */
export function hasExtras(document: SuccessDocument): boolean {
  return document.members.some(
    (m) =>
      m.kind === 'extra' ||
      (m.kind === 'results' &&
        (m.before.length > 0 ||
          m.after.length > 0 ||
          m.entries.some((e) => e.some((x) => x.kind === 'extra')))),
  );
}

/**
 * A plain success document for the given instance IDs, every one detached (OK-1..OK-8), scalars typed as
 * the JSON sample shows them: what the stub serves when a case judges only the request (CL-1..CL-4).
 */
export function plainSuccess(requestId: string, instanceIds: readonly string[]): SuccessDocument {
  return {
    members: [
      { kind: 'scalar', name: 'RequestId', value: requestId },
      { kind: 'scalar', name: 'TotalCount', value: instanceIds.length },
      { kind: 'scalar', name: 'FailCount', value: 0 },
      {
        kind: 'results',
        before: [],
        after: [],
        entries: instanceIds.map((id) => [
          { kind: 'scalar', name: 'InstanceId', value: id },
          { kind: 'scalar', name: 'Success', value: true },
          { kind: 'scalar', name: 'Code', value: '200' },
          { kind: 'scalar', name: 'Message', value: 'successful' },
        ]),
      },
    ],
  };
}
