/**
 * The rule registry: one entry per rule of `spec/DetachKeyPair.rules.md`, in file order, with its
 * ID, family, level, basis tags and a one-line statement. `rules.test.ts` keeps it in step with the file.
 */

/**
 * The version of the rules' meaning (`spec/DetachKeyPair.rules.md`, "Rules version"): every report carries
 * it, and it changes whenever a rule's meaning changes — never for a wording fix — with a CHANGELOG entry
 * listing the rules that may now fail where they passed before (CONTRIBUTING.md, "Compatibility").
 * `rules.test.ts` ties it to the file: the file states it, and the file's text is pinned by `rulesDigest`.
 */
export const rulesVersion = 2;

/**
 * SHA-256 of `spec/DetachKeyPair.rules.md` (whitespace runs collapsed) as of `rulesVersion`: an edit to the
 * file fails `rules.test.ts` until it is recorded here — with a new `rulesVersion` if a rule's meaning
 * changed, alone if the edit is editorial.
 */
export const rulesDigest = 'd55439a413cb4cb3e5b8eed38734edfad0249df2a1fd06885b364d5a657fd0ba';

/** Every rule family of the rules file, in file order; a family is the prefix of its rules' IDs. */
export const ruleFamilies = [
  'GEN',
  'TR',
  'AU',
  'RQ',
  'ID',
  'KP',
  'WIN',
  'OK',
  'ERR',
  'ST',
  'FM',
  'MR',
  'CL',
] as const satisfies readonly string[];

/** A rule family name exactly as the rules file writes it (`GEN`, `TR`, `AU`, ...). */
export type RuleFamily = (typeof ruleFamilies)[number];

/**
 * What a broken rule or clause means for a verdict: MUST fails the run, SHOULD warns (`--strict` fails),
 * REPORT never fails and only records which behaviour the target chose.
 */
export type RuleLevel = 'MUST' | 'SHOULD' | 'REPORT';

/**
 * Where a rule comes from: the API reference (`doc`), its sample payloads (`doc-sample`), Alibaba Cloud
 * RPC conventions (`platform`), what real SDKs and tools depend on (`consumer`), or `inferred`.
 */
export type Basis = 'doc' | 'doc-sample' | 'platform' | 'consumer' | 'inferred';

/** A part of a rule that carries a level other than the rule's own; it keeps that level in verdicts. */
export type RuleClause = {
  readonly level: RuleLevel;
  readonly statement: string;
};

/**
 * The shape of one registry entry; the ID's prefix is always the entry's family.
 * `statement` is one line; `clauses` holds only the parts whose level differs from `level`.
 */
export type RuleDefinition = {
  [F in RuleFamily]: {
    readonly id: `${F}-${number}`;
    readonly family: F;
    readonly level: RuleLevel;
    readonly basis: readonly Basis[];
    readonly statement: string;
    readonly clauses?: readonly RuleClause[];
  };
}[RuleFamily];

/**
 * Every rule of the rules file, in file order (ST-0 included), each with the level and basis tags the file
 * gives it; parenthetical remarks on a basis (`doc ("Required: Yes")`) are dropped, and OK-9/OK-10's
 * `doc vs doc-sample` is recorded as both tags.
 */
export const rules = [
  // GEN — general
  {
    id: 'GEN-1',
    family: 'GEN',
    level: 'MUST',
    basis: ['platform'],
    statement:
      "An empty value (`KeyPairName=`) counts as missing (RQ-4); for it the parameter's not-found or invalid code is accepted too.",
  },
  {
    id: 'GEN-2',
    family: 'GEN',
    level: 'REPORT',
    basis: ['inferred'],
    statement:
      'Which value wins when a parameter is sent twice (query and body); duplicates are sent only in probes meant to observe this.',
  },
  {
    id: 'GEN-3',
    family: 'GEN',
    level: 'REPORT',
    basis: ['inferred'],
    statement:
      'The response format of a V3 request whose `Accept` is not JSON, or that also carries `Format`; OK-1 accepts either format then.',
  },
  {
    id: 'GEN-4',
    family: 'GEN',
    level: 'SHOULD',
    basis: ['platform'],
    statement: '`HostId` in error bodies is the `Host` header value as received.',
  },
  {
    id: 'GEN-5',
    family: 'GEN',
    level: 'MUST',
    basis: ['platform'],
    statement:
      'For V3, `Action` and `Version` are the `x-acs-action` / `x-acs-version` headers, and RQ-1..RQ-3 apply to them.',
  },

  // TR — transport and format
  {
    id: 'TR-1',
    family: 'TR',
    level: 'MUST',
    basis: ['platform', 'consumer'],
    statement:
      'Parameters are accepted in the query of a GET (request lines up to 8 KiB), in the query of a POST, and in an `application/x-www-form-urlencoded` POST body (query ∪ body).',
  },
  {
    id: 'TR-2',
    family: 'TR',
    level: 'MUST',
    basis: ['consumer'],
    statement: '`Format` is case-insensitive (`json`, `JSON`, `xml`, `XML`).',
  },
  {
    id: 'TR-3',
    family: 'TR',
    level: 'MUST',
    basis: ['platform', 'consumer'],
    statement:
      'A V1-signed request without `Format` gets XML; a V3-signed request (no `Format`, `Accept: application/json`) gets JSON.',
  },
  {
    id: 'TR-4',
    family: 'TR',
    level: 'MUST',
    basis: ['platform'],
    statement:
      'JSON bodies carry `Content-Type: application/json` (charset optional); XML bodies `text/xml` or `application/xml`.',
  },
  {
    id: 'TR-5',
    family: 'TR',
    level: 'SHOULD',
    basis: ['consumer'],
    statement:
      'XML error bodies use exactly `text/xml;charset=utf-8` (the only value under which the official Node SDK parses XML errors).',
  },

  // AU — authentication (both signing schemes)
  {
    id: 'AU-1',
    family: 'AU',
    level: 'MUST',
    basis: ['platform', 'consumer'],
    statement:
      'A correct signature V1 (HMAC-SHA1 over the sorted, RFC 3986-encoded query ∪ form parameters, key `secret + "&"`, empty values as `k=`) is accepted in any parameter order, ignoring all headers including unsigned `x-acs-*` ones.',
  },
  {
    id: 'AU-2',
    family: 'AU',
    level: 'MUST',
    basis: ['platform', 'consumer'],
    statement:
      "A correct signature V3 (`ACS3-HMAC-SHA256` over exactly the `SignedHeaders`, which may include extra `x-acs-*` headers; key = raw secret) is accepted; `x-acs-content-sha256` must equal the body's SHA-256, a mismatch judged like AU-3.",
    clauses: [
      {
        level: 'REPORT',
        statement: 'Whether a V3 request that leaves an `x-acs-*` header unsigned is rejected.',
      },
    ],
  },
  {
    id: 'AU-3',
    family: 'AU',
    level: 'MUST',
    basis: ['platform'],
    statement: 'A wrong signature gets 400 `SignatureDoesNotMatch` (`IncompleteSignature` also accepted).',
  },
  {
    id: 'AU-4',
    family: 'AU',
    level: 'MUST',
    basis: ['platform'],
    statement:
      'An unknown AccessKeyId gets `InvalidAccessKeyId.NotFound`, status 400 (documented) or 404 (observed live).',
  },
  {
    id: 'AU-5',
    family: 'AU',
    level: 'MUST',
    basis: ['platform'],
    statement:
      'A missing signature element (V1: `Signature`/`AccessKeyId`/`SignatureNonce`/`Timestamp`; V3: missing or malformed `Authorization`, no `x-acs-date`, no `x-acs-signature-nonce`) gets 400 `MissingParameter*`, `IncompleteSignature` or `IllegalTimestamp`.',
    clauses: [
      {
        level: 'REPORT',
        statement: 'How a V3 request without `x-acs-content-sha256` is treated.',
      },
    ],
  },
  {
    id: 'AU-6',
    family: 'AU',
    level: 'MUST',
    basis: ['platform'],
    statement:
      'A `Timestamp`/`x-acs-date` more than 15 minutes off the server clock (past or future) gets 400 `InvalidTimeStamp.Expired` (`IllegalTimestamp` also accepted); a malformed one gets 400 `IllegalTimestamp`, `InvalidTimeStamp.*`, `MissingParameter*` or `IncompleteSignature` (probes: stale ≥ 16 minutes off, fresh ≤ 14).',
  },
  {
    id: 'AU-7',
    family: 'AU',
    level: 'MUST',
    basis: ['platform'],
    statement:
      'A `SignatureNonce` reused within 15 minutes, with the same AccessKeyId and scheme, after a first use that passed authentication, gets 400 `SignatureNonceUsed`.',
    clauses: [
      {
        level: 'REPORT',
        statement:
          'Nonce reuse in other scopes (first use failed authentication, another AccessKeyId or another scheme).',
      },
    ],
  },
  {
    id: 'AU-8',
    family: 'AU',
    level: 'MUST',
    basis: ['platform', 'inferred'],
    statement:
      'Authentication is judged before RQ-4, RQ-5, ID, KP, WIN and ST: a request failing AU-3..AU-7 gets an authentication error whatever else is wrong, independent of what exists, and changes nothing; for RQ-1..RQ-3 and unparseable requests either error is accepted.',
  },

  // RQ — required and common parameters
  {
    id: 'RQ-1',
    family: 'RQ',
    level: 'MUST',
    basis: ['platform'],
    statement: 'Missing `Action` gets 400 `MissingParameter*`.',
  },
  {
    id: 'RQ-2',
    family: 'RQ',
    level: 'MUST',
    basis: ['platform'],
    statement:
      'Unknown `Action` gets 404 `InvalidAction.NotFound` (observed live); 403 `InvalidAction` or 400 `InvalidParameter` also accepted.',
  },
  {
    id: 'RQ-3',
    family: 'RQ',
    level: 'MUST',
    basis: ['platform'],
    statement:
      'Missing or unsupported `Version` gets 400 with `MissingParameter*`, `InvalidVersion` or `InvalidParameter`.',
  },
  {
    id: 'RQ-4',
    family: 'RQ',
    level: 'MUST',
    basis: ['doc', 'platform'],
    statement:
      'Missing `RegionId`, `KeyPairName` or `InstanceIds` gets 400 `MissingParameter*` (`MissingParameter`, `MissingParameter.<Name>` or `Missing<Name>`); for `InstanceIds`, `InvalidInstanceIds.ValueNotSupported` also accepted.',
  },
  {
    id: 'RQ-5',
    family: 'RQ',
    level: 'MUST',
    basis: ['platform'],
    statement:
      'A `RegionId` that does not exist gets 404 `InvalidRegionId.NotFound` (400 `InvalidRegionId.MalFormed` also accepted).',
  },

  // ID — the InstanceIds value
  {
    id: 'ID-1',
    family: 'ID',
    level: 'MUST',
    basis: ['doc', 'consumer'],
    statement:
      "A JSON array of instance-ID strings is accepted with any JSON whitespace (the reference's example has spaces; Terraform sends none).",
  },
  {
    id: 'ID-2',
    family: 'ID',
    level: 'MUST',
    basis: ['doc'],
    statement: '1 to 50 IDs are accepted; exactly 50 must work.',
  },
  {
    id: 'ID-3',
    family: 'ID',
    level: 'MUST',
    basis: ['doc', 'inferred'],
    statement:
      'More than 50 distinct IDs reject the whole request with 400 `InvalidInstanceIds.ValueNotSupported` or 403 `InstanceKeyPairLimitExceeded`, and nothing changes.',
    clauses: [
      {
        level: 'REPORT',
        statement: 'How more than 50 entries with at most 50 distinct IDs are treated.',
      },
    ],
  },
  {
    id: 'ID-4',
    family: 'ID',
    level: 'MUST',
    basis: ['doc'],
    statement:
      'A value that parses as JSON but is not an array of non-empty strings, or that (after leading whitespace) begins with `[`, `{` or `"` and does not parse, gets 400 `InvalidInstanceIds.ValueNotSupported` (for `null` also `MissingParameter*`), never 5xx.',
  },
  {
    id: 'ID-5',
    family: 'ID',
    level: 'SHOULD',
    basis: ['inferred'],
    statement: '`[]` gets 400 `InvalidInstanceIds.ValueNotSupported` or `MissingParameter*`.',
  },
  {
    id: 'ID-6',
    family: 'ID',
    level: 'REPORT',
    basis: ['doc'],
    statement:
      'Any other value (bare text such as `i-a,i-b`, `i-a` or `foo`) is either read as a comma-separated list (its IDs judged by ST-5) or rejected with 400 `InvalidInstanceIds.ValueNotSupported`.',
  },
  {
    id: 'ID-7',
    family: 'ID',
    level: 'REPORT',
    basis: ['inferred'],
    statement:
      'Duplicate IDs are either de-duplicated or reported once per occurrence; occurrences of one ID may get different outcomes (the first detaches, the next finds it unbound, ST-4).',
    clauses: [
      {
        level: 'MUST',
        statement: 'Either way OK-5..OK-7 hold.',
      },
    ],
  },

  // KP — the key pair
  {
    id: 'KP-1',
    family: 'KP',
    level: 'MUST',
    basis: ['doc'],
    statement:
      'A `KeyPairName` that does not exist in `RegionId` gets `InvalidKeyPairName.NotFound`, status 400; a name that could never be created (outside 2–128 characters or the creation charset) may instead get 400 `InvalidKeyPairName.Malformed`.',
    clauses: [
      {
        level: 'SHOULD',
        statement:
          'Status 404 (the 2018 reference) for `InvalidKeyPairName.NotFound` is a warning, not a failure.',
      },
      {
        level: 'SHOULD',
        statement: 'The message is `The specified KeyPairName does not exist in our records.`',
      },
    ],
  },
  {
    id: 'KP-2',
    family: 'KP',
    level: 'MUST',
    basis: ['platform'],
    statement:
      'Key pairs are scoped to the region: one that exists only in another region is not found (KP-1), and nothing changes.',
  },
  {
    id: 'KP-3',
    family: 'KP',
    level: 'SHOULD',
    basis: ['inferred'],
    statement: 'Key pair names are case-sensitive.',
  },

  // WIN — Windows instances
  {
    id: 'WIN-1',
    family: 'WIN',
    level: 'MUST',
    basis: ['doc'],
    statement:
      "If any named instance of the request's region runs Windows, the request gets 403 `DependencyViolation.WindowsInstance`; a Windows instance of another region counts as nonexistent (ST-5).",
    clauses: [
      {
        level: 'SHOULD',
        statement:
          'The message is `The instance creating is windows, cannot use ssh key pair to login` (a trailing period is accepted).',
      },
    ],
  },
  {
    id: 'WIN-2',
    family: 'WIN',
    level: 'MUST',
    basis: ['doc', 'inferred'],
    statement: 'That rejection is atomic: no instance in the request changes, Linux ones included.',
  },

  // OK — success responses
  {
    id: 'OK-1',
    family: 'OK',
    level: 'MUST',
    basis: ['doc-sample'],
    statement:
      'Status 200, body in the requested format (TR-2..TR-4), XML root element `DetachKeyPairResponse`.',
  },
  {
    id: 'OK-2',
    family: 'OK',
    level: 'MUST',
    basis: ['doc', 'doc-sample'],
    statement: '`RequestId` is a non-empty string.',
    clauses: [
      {
        level: 'SHOULD',
        statement:
          '`RequestId` is a UUID in upper-case hex (`473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E`), unique per response.',
      },
    ],
  },
  {
    id: 'OK-3',
    family: 'OK',
    level: 'MUST',
    basis: ['doc', 'consumer'],
    statement:
      '`Results.Result` is a list: a JSON array even with one element; in XML, one `<Result>` element per entry inside `<Results>`.',
  },
  {
    id: 'OK-4',
    family: 'OK',
    level: 'MUST',
    basis: ['doc'],
    statement: 'Each `Result` has `InstanceId`, `Success`, `Code`, `Message`.',
  },
  {
    id: 'OK-5',
    family: 'OK',
    level: 'MUST',
    basis: ['doc'],
    statement: '`TotalCount` equals the number of `Result` entries.',
  },
  {
    id: 'OK-6',
    family: 'OK',
    level: 'MUST',
    basis: ['doc'],
    statement: '`FailCount` equals the number of entries whose `Success` is false.',
  },
  {
    id: 'OK-7',
    family: 'OK',
    level: 'MUST',
    basis: ['doc', 'inferred'],
    statement:
      'Every `Result.InstanceId` was named in the request and every requested ID has a `Result`; an ID has more than one `Result` only if requested more than once (ID-7); order is free.',
  },
  {
    id: 'OK-8',
    family: 'OK',
    level: 'MUST',
    basis: ['doc'],
    statement: '`Success` true ⇔ `Code` 200.',
    clauses: [
      {
        level: 'SHOULD',
        statement: '`Message` is `successful` when `Success` is true.',
      },
    ],
  },
  {
    id: 'OK-9',
    family: 'OK',
    level: 'MUST',
    basis: ['doc', 'doc-sample'],
    statement:
      'Scalars take a documented form: `TotalCount`/`FailCount` a decimal string or JSON integer; `Success` `"true"`/`"false"` or a JSON boolean; `Code` a string or JSON number.',
    clauses: [
      {
        level: 'REPORT',
        statement:
          'Which form each scalar takes (the table says String; the JSON samples show numbers and booleans).',
      },
    ],
  },
  {
    id: 'OK-10',
    family: 'OK',
    level: 'REPORT',
    basis: ['doc', 'doc-sample'],
    statement:
      'Whether `KeyPairName` is present or absent in the success body (listed in the response table, absent from the samples).',
    clauses: [
      {
        level: 'MUST',
        statement: 'When present, `KeyPairName` equals the requested name.',
      },
    ],
  },
  {
    id: 'OK-11',
    family: 'OK',
    level: 'MUST',
    basis: ['consumer'],
    statement:
      'A success body has no top-level `Code` (other than `200`/`"200"`/`OK`/`Success`/`success`), no top-level `Success` false and no error `Message`.',
  },
  {
    id: 'OK-12',
    family: 'OK',
    level: 'MUST',
    basis: ['platform'],
    statement: 'Unknown extra fields are allowed and ignored by the judge.',
  },

  // ERR — error responses
  {
    id: 'ERR-1',
    family: 'ERR',
    level: 'MUST',
    basis: ['platform'],
    statement: 'Status 4xx or 5xx; never 200 with an error body.',
  },
  {
    id: 'ERR-2',
    family: 'ERR',
    level: 'MUST',
    basis: ['platform'],
    statement:
      'The body has `RequestId`, `Code`, `Message` (a JSON object, or XML root `<Error>`); `Recommend` MAY be present.',
    clauses: [
      {
        level: 'SHOULD',
        statement: '`HostId` is present.',
      },
    ],
  },
  {
    id: 'ERR-3',
    family: 'ERR',
    level: 'MUST',
    basis: ['inferred'],
    statement: 'An error response changes nothing in the world.',
  },
  {
    id: 'ERR-4',
    family: 'ERR',
    level: 'MUST',
    basis: ['platform'],
    statement: 'Malformed input never yields 5xx (5xx is only for genuine server faults).',
  },

  // ST — effects on the world
  {
    id: 'ST-0',
    family: 'ST',
    level: 'MUST',
    basis: ['doc'],
    statement:
      'When no whole-request error applies, every named Linux instance of the region bound to the key pair gets `Success` true and ends unbound from it.',
  },
  {
    id: 'ST-1',
    family: 'ST',
    level: 'MUST',
    basis: ['doc'],
    statement:
      'After a 200, every instance whose `Result.Success` is true is no longer bound to the key pair.',
  },
  {
    id: 'ST-2',
    family: 'ST',
    level: 'MUST',
    basis: ['doc', 'inferred'],
    statement:
      'An instance all of whose `Result` entries have `Success` false is unchanged (ID-7: a later occurrence may fail after an earlier one detached).',
  },
  {
    id: 'ST-3',
    family: 'ST',
    level: 'MUST',
    basis: ['inferred'],
    statement:
      'No collateral change: instances and key pairs not named in the request are unchanged, in every region.',
  },
  {
    id: 'ST-4',
    family: 'ST',
    level: 'MUST',
    basis: ['inferred'],
    statement:
      'Detaching key pair A never unbinds a different key pair B; the entry for an instance bound to B or to nothing is a per-instance failure or a successful no-op.',
    clauses: [
      {
        level: 'REPORT',
        statement: 'Which of the two (per-instance failure or successful no-op) the target chose.',
      },
    ],
  },
  {
    id: 'ST-5',
    family: 'ST',
    level: 'REPORT',
    basis: ['inferred'],
    statement:
      'An instance ID that does not exist in the region (or exists in another region) is a per-instance failure (`Success` false, non-200 `Code`, counted in `FailCount`) or rejects the whole request with 4xx (404 `InvalidInstanceId.NotFound` or 400 `InvalidInstanceIds.ValueNotSupported`).',
    clauses: [
      {
        level: 'MUST',
        statement: 'Either way nothing in another region changes.',
      },
    ],
  },

  // FM, MR — equivalences (metamorphic rules)
  {
    id: 'FM-1',
    family: 'FM',
    level: 'MUST',
    basis: ['doc'],
    statement:
      'The same request on the same world with `Format=JSON` and `Format=XML` gives the same normalised document (documented fields only, scalars by value, Result order ignored), or for errors the same outcome as defined under GEN.',
  },
  {
    id: 'MR-1',
    family: 'MR',
    level: 'MUST',
    basis: ['inferred'],
    statement: 'Permuting `InstanceIds` does not change any per-instance outcome.',
  },
  {
    id: 'MR-2',
    family: 'MR',
    level: 'MUST',
    basis: ['platform'],
    statement: 'GET-query, POST-query and POST-form transports give the same outcome (TR-1).',
  },
  {
    id: 'MR-3',
    family: 'MR',
    level: 'MUST',
    basis: ['platform'],
    statement: "V1 and V3 signing give the same outcome (apart from TR-3's default format).",
  },
  {
    id: 'MR-4',
    family: 'MR',
    level: 'MUST',
    basis: ['doc'],
    statement: 'JSON whitespace variants of the same `InstanceIds` give the same outcome.',
  },

  // CL — clients and SDKs (consumer side)
  {
    id: 'CL-1',
    family: 'CL',
    level: 'MUST',
    basis: ['platform'],
    statement:
      'The client sends `Action=DetachKeyPair`, `Version=2014-05-26` (query ∪ form body for V1; `x-acs-action`/`x-acs-version` headers for V3); extra headers are allowed, and where both forms are sent they agree.',
  },
  {
    id: 'CL-2',
    family: 'CL',
    level: 'MUST',
    basis: ['doc'],
    statement:
      "`InstanceIds` arrives as a JSON array of strings equal to the caller's list, in the caller's order (whitespace is free).",
  },
  {
    id: 'CL-3',
    family: 'CL',
    level: 'MUST',
    basis: ['platform'],
    statement:
      '`RegionId` and `KeyPairName` arrive exactly as given, for any string of Unicode scalar values (lone surrogates out of scope).',
  },
  {
    id: 'CL-4',
    family: 'CL',
    level: 'MUST',
    basis: ['platform'],
    statement:
      "The request verifies under V1 or V3 with the configured credentials (V3 `SignedHeaders` cover `host`, every `x-acs-*` header sent and `content-type` if sent), with a fresh nonce on every request including retries and a timestamp within 15 minutes of the endpoint's clock.",
  },
  {
    id: 'CL-5',
    family: 'CL',
    level: 'MUST',
    basis: ['doc', 'doc-sample'],
    statement:
      'Every success form allowed by OK-9, with 1 to 50 results and fields in any order, decodes to the same values, in JSON or XML as the client asks.',
  },
  {
    id: 'CL-6',
    family: 'CL',
    level: 'MUST',
    basis: ['platform'],
    statement: 'Every error in the catalogue surfaces its `Code`, `Message` and `RequestId` to the caller.',
    clauses: [
      {
        level: 'SHOULD',
        statement: 'The HTTP status surfaces too.',
      },
    ],
  },
  {
    id: 'CL-7',
    family: 'CL',
    level: 'MUST',
    basis: ['platform'],
    statement:
      'Unknown extra response fields, at any depth, are ignored: the decoded values equal those of the same body without them.',
  },
  {
    id: 'CL-8',
    family: 'CL',
    level: 'SHOULD',
    basis: ['consumer'],
    statement:
      'Throttling (a code containing `Throttling`, or 503 `ServiceUnavailable`) is distinguishable as retryable.',
  },
] as const satisfies readonly RuleDefinition[];

/** A rule ID that exists in the registry; a typo in a literal rule ID is a type error. */
export type RuleId = (typeof rules)[number]['id'];

/** The registry entry for one rule ID, with its literal level, basis and clauses. */
export type RuleOf<I extends RuleId> = Extract<(typeof rules)[number], { readonly id: I }>;

const rulesById: ReadonlyMap<string, (typeof rules)[number]> = new Map(rules.map((rule) => [rule.id, rule]));

/** Returns the registry entry for `id`; every `RuleId` has exactly one. */
export function ruleById<I extends RuleId>(id: I): RuleOf<I> {
  // The map is built from `rules` itself, so every RuleId is present and keyed by its own ID.
  return rulesById.get(id) as RuleOf<I>;
}

/** True exactly when `s` is, character for character, the ID of a rule in the registry. */
export function isRuleId(s: string): s is RuleId {
  return rulesById.has(s);
}

function isRuleFamily(s: string): s is RuleFamily {
  return (ruleFamilies as readonly string[]).includes(s);
}

/**
 * Resolves a `--only` selection to registry IDs, or names every token that is neither a rule ID nor a
 * family. Tokens are comma-separated, trimmed, and case-sensitive as the rules file writes them
 * (`OK`, `OK-5`; not `ok`); an empty token is reported as unknown. The IDs come back deduplicated, in
 * registry (file) order.
 */
export function expandRuleSelection(
  spec: string,
): { ok: true; ids: RuleId[] } | { ok: false; unknown: string[] } {
  const selected = new Set<RuleId>();
  const unknown: string[] = [];
  for (const raw of spec.split(',')) {
    const token = raw.trim();
    if (isRuleId(token)) {
      selected.add(token);
    } else if (isRuleFamily(token)) {
      for (const rule of rules) {
        if (rule.family === token) selected.add(rule.id);
      }
    } else {
      unknown.push(token);
    }
  }
  if (unknown.length > 0) return { ok: false, unknown };
  return { ok: true, ids: rules.map((rule) => rule.id).filter((id) => selected.has(id)) };
}
