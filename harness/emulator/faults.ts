import type { RuleId } from '../spec/rules.ts';

/**
 * The named faults the emulator can be started with (`emulate --fault NAME`, target-protocol §4). Each
 * makes the emulator break exactly one MUST rule the way a real implementation plausibly would, so that
 * the suite can be shown to catch it; every other behaviour stays that of the chosen profile. Faults are
 * defined on the `reference` profile; a few (noted in their description) have nothing to act on under
 * `flipped`.
 */
export type FaultName =
  | 'limit-off-by-one'
  | 'over-limit-accepted'
  | 'spaced-json-rejected'
  | 'non-array-accepted'
  | 'empty-value-not-missing'
  | 'v3-routed-by-query'
  | 'missing-action-wrong-code'
  | 'unknown-action-accepted'
  | 'version-ignored'
  | 'missing-param-wrong-code'
  | 'unknown-region-accepted'
  | 'key-pair-not-found-wrong-code'
  | 'region-scoping-ignored'
  | 'windows-accepted'
  | 'windows-partial-change'
  | 'v1-acs-headers-rejected'
  | 'v3-unsupported'
  | 'body-hash-not-verified'
  | 'no-signature-check'
  | 'unknown-access-key-wrong-code'
  | 'missing-nonce-accepted'
  | 'timestamp-not-checked'
  | 'replayed-nonce-accepted'
  | 'auth-after-business'
  | 'form-body-ignored'
  | 'format-case-sensitive'
  | 'v1-default-json'
  | 'wrong-content-type'
  | 'xml-root-renamed'
  | 'missing-request-id'
  | 'single-result-as-object'
  | 'result-missing-message'
  | 'total-count-wrong'
  | 'fail-count-wrong'
  | 'unrequested-result'
  | 'success-code-mismatch'
  | 'scalar-forms-wrong'
  | 'key-pair-name-echo-wrong'
  | 'top-level-code-in-success'
  | 'errors-with-200'
  | 'error-body-missing-request-id'
  | 'error-changes-world'
  | 'server-error-on-malformed'
  | 'nothing-detached'
  | 'success-not-applied'
  | 'failed-result-changes'
  | 'collateral-detach'
  | 'unbinds-other-key-pair'
  | 'xml-differs-from-json'
  | 'permutation-sensitive'
  | 'transport-dependent'
  | 'scheme-dependent'
  | 'whitespace-dependent';

/** What a fault breaks and how: the rule it is meant to fail, and the plausible real-world bug it mimics. */
export type FaultInfo = { breaks: RuleId; description: string };

/**
 * Every fault, in rule-file order of the rule it breaks. Where breaking the rule necessarily breaks a
 * second one too (a rule that restates another, e.g. MR-2 restating TR-1), the description says so.
 */
export const faults: Readonly<Record<FaultName, FaultInfo>> = {
  'v3-routed-by-query': {
    breaks: 'GEN-5',
    description:
      'A router written for V1: a V3 request is routed by `Action`/`Version` parameters and its `x-acs-action`/`x-acs-version` headers are ignored, so a V3 request as SDKs send it (action and version in headers only) → 400 `MissingParameter`.',
  },
  'empty-value-not-missing': {
    breaks: 'GEN-1',
    description:
      "Presence is tested with `!== undefined`, so an empty `RegionId`, `KeyPairName` or `InstanceIds` reaches a generic validator: 400 `InvalidParameter` instead of `MissingParameter` or the parameter's own code. Absent parameters still get `MissingParameter`.",
  },
  'form-body-ignored': {
    breaks: 'TR-1',
    description:
      'Only the query is read: parameters in an `application/x-www-form-urlencoded` POST body are ignored (the request then misses them). Necessarily breaks MR-2 too, which restates TR-1.',
  },
  'format-case-sensitive': {
    breaks: 'TR-2',
    description:
      "`Format` is compared case-sensitively: `json` and `xml` are not recognised and the scheme's default format is used (V1 `Format=json` answers XML).",
  },
  'v1-default-json': {
    breaks: 'TR-3',
    description: 'A V1 request without `Format` is answered in JSON instead of the documented XML default.',
  },
  'wrong-content-type': {
    breaks: 'TR-4',
    description:
      'JSON bodies, success and error, are served as `text/plain;charset=utf-8` (a framework default left in place).',
  },
  'v1-acs-headers-rejected': {
    breaks: 'AU-1',
    description:
      "A V1 request that also carries `x-acs-*` headers (the official SDK's V1 mode sends them unsigned) is refused with 400 `IncompleteSignature`, as if it were a broken V3 request.",
  },
  'v3-unsupported': {
    breaks: 'AU-2',
    description:
      'An endpoint that only knows V1: every V3-signed request → 400 `IncompleteSignature`. Necessarily breaks MR-3 and GEN-5 too, and every check that sends V3.',
  },
  'body-hash-not-verified': {
    breaks: 'AU-2',
    description:
      '`x-acs-content-sha256` is trusted: it feeds the canonical request but is never compared with the body, so a correctly signed V3 request whose claimed body hash is wrong is accepted.',
  },
  'no-signature-check': {
    breaks: 'AU-3',
    description:
      'Signatures are parsed but never compared (V1 and V3): a wrong signature is accepted. Missing elements, the clock window, the V3 body hash, access keys and nonces are still judged.',
  },
  'unknown-access-key-wrong-code': {
    breaks: 'AU-4',
    description:
      'An unknown AccessKeyId is looked up as an empty secret, so the request fails as 400 `SignatureDoesNotMatch` instead of `InvalidAccessKeyId.NotFound`.',
  },
  'missing-nonce-accepted': {
    breaks: 'AU-5',
    description:
      'The nonce is optional: a request signed without `SignatureNonce` (V3: without `x-acs-signature-nonce`) skips the nonce logic and is accepted; one whose nonce was dropped after signing fails as `SignatureDoesNotMatch`, not a code AU-5 allows. (A V3 request whose `SignedHeaders` still lists the dropped header gets `IncompleteSignature`, which AU-5 allows.)',
  },
  'timestamp-not-checked': {
    breaks: 'AU-6',
    description:
      'The 15-minute clock window is not enforced: stale and future timestamps are accepted (malformed ones are still refused).',
  },
  'replayed-nonce-accepted': {
    breaks: 'AU-7',
    description: 'The nonce log is never consulted: a replayed `SignatureNonce` is accepted.',
  },
  'auth-after-business': {
    breaks: 'AU-8',
    description:
      'Business parameters are judged before authentication: a request with a broken signature, timestamp, key or nonce and also a missing parameter, bad `InstanceIds`, unknown region or key pair, or a Windows instance gets the business error. Requests whose business parameters are fine are authenticated as usual.',
  },
  'missing-action-wrong-code': {
    breaks: 'RQ-1',
    description:
      'A missing `Action` (V3: `x-acs-action`) → 400 `InvalidParameter` instead of `MissingParameter`.',
  },
  'unknown-action-accepted': {
    breaks: 'RQ-2',
    description:
      'The router does not look at `Action`: any non-empty action (V3: `x-acs-action`) is served as DetachKeyPair.',
  },
  'version-ignored': {
    breaks: 'RQ-3',
    description:
      '`Version` (V3: `x-acs-version`) is not checked: missing or unsupported versions are served.',
  },
  'missing-param-wrong-code': {
    breaks: 'RQ-4',
    description:
      'An absent `RegionId`, `KeyPairName` or `InstanceIds` → 400 `InvalidParameter` from a generic validator instead of `MissingParameter`. Empty values still get `MissingParameter`, so GEN-1 holds.',
  },
  'unknown-region-accepted': {
    breaks: 'RQ-5',
    description:
      "The `RegionId` is not checked against the region list: an unknown region is served as an empty region whose (absent) key-pair index is not consulted, so the call succeeds with every instance `InvalidInstanceId.NotFound` and changes nothing. (Answering `InvalidKeyPairName.NotFound` was avoided: in a region that does not exist the key pair does not exist either, so KP-1's code may be acceptable there.)",
  },
  'spaced-json-rejected': {
    breaks: 'ID-1',
    description:
      '`InstanceIds` is validated by a compact-only pattern: a JSON array with whitespace outside its strings (the reference\'s own `["a", "b"]`) → 400 `InvalidInstanceIds.ValueNotSupported`. Necessarily breaks MR-4 too (compact and spaced lists differ).',
  },
  'limit-off-by-one': {
    breaks: 'ID-2',
    description:
      'The limit check uses `>=` instead of `>`: exactly 50 IDs are refused as over the limit (400 `InvalidInstanceIds.ValueNotSupported`); 1–49 and 51+ behave as usual.',
  },
  'over-limit-accepted': {
    breaks: 'ID-3',
    description: 'No limit check: 51 or more distinct IDs are processed per instance like any other list.',
  },
  'non-array-accepted': {
    breaks: 'ID-4',
    description:
      'A JSON value that is not an array (object, number, string, boolean, `null`) is coerced to an empty list: 200 with `TotalCount` 0 and no results. Arrays with bad elements and malformed JSON are still refused.',
  },
  'key-pair-not-found-wrong-code': {
    breaks: 'KP-1',
    description:
      'A `KeyPairName` that exists in no region gets the legacy 404 `InvalidKeyPair.NotFound` from a global name index; a name that exists only in another region still gets 400 `InvalidKeyPairName.NotFound`, so KP-2 holds.',
  },
  'region-scoping-ignored': {
    breaks: 'KP-2',
    description:
      "The key-pair check searches every region: a key pair that exists only in another region is found and the call proceeds (instances are still looked up in the request's region, so they fail per instance and nothing changes).",
  },
  'windows-accepted': {
    breaks: 'WIN-1',
    description:
      'No OS check: Windows instances are treated like Linux ones (bound ones are detached, `Success` true).',
  },
  'windows-partial-change': {
    breaks: 'WIN-2',
    description:
      'The OS check runs while detaching: the named Linux instances bound to the key pair are unbound, then 403 `DependencyViolation.WindowsInstance` is returned. Necessarily breaks ERR-3 too (an error that changed the world).',
  },
  'xml-root-renamed': {
    breaks: 'OK-1',
    description:
      'XML success bodies use the root element `DetachKeyPairResult` instead of `DetachKeyPairResponse`.',
  },
  'missing-request-id': {
    breaks: 'OK-2',
    description: 'Success bodies carry no `RequestId` (error bodies still do).',
  },
  'single-result-as-object': {
    breaks: 'OK-3',
    description:
      'JSON `Results.Result` is an object, not a list, when there is exactly one result (the classic XML-to-JSON converter bug that crashes the Node and Python SDKs).',
  },
  'result-missing-message': {
    breaks: 'OK-4',
    description: 'Every `Result` omits `Message`, in both formats.',
  },
  'total-count-wrong': {
    breaks: 'OK-5',
    description: '`TotalCount` is one more than the number of `Result` entries (an off-by-one counter).',
  },
  'fail-count-wrong': {
    breaks: 'OK-6',
    description: '`FailCount` is always 0, whatever failed.',
  },
  'unrequested-result': {
    breaks: 'OK-7',
    description:
      'The result list comes from a scan of the region and leaks one instance that was not named: an extra `Result` with `Success` false (the counts include it, so OK-5 and OK-6 hold; the instance is not changed).',
  },
  'success-code-mismatch': {
    breaks: 'OK-8',
    description: 'Successful results carry `Code` `Success` instead of `200`.',
  },
  'scalar-forms-wrong': {
    breaks: 'OK-9',
    description:
      'The JSON `Code` of a failed result is the boolean `false` (the JavaScript idiom `ok && code`); XML writes it as the text `false`, so both formats agree by value. (Odd `TotalCount` or `Success` forms were avoided: changing their values would break OK-5, OK-6 or OK-8 too.)',
  },
  'key-pair-name-echo-wrong': {
    breaks: 'OK-10',
    description:
      'Success bodies echo `KeyPairName` as the stored key file name `<name>.pub`, which never equals the requested name. Inert under `flipped`, which omits `KeyPairName`.',
  },
  'top-level-code-in-success': {
    breaks: 'OK-11',
    description:
      "When any result failed, the first failure's `Code` is hoisted to a top-level `Code` of the 200 body (Terraform and the legacy Node client then treat the call as failed).",
  },
  'errors-with-200': {
    breaks: 'ERR-1',
    description:
      "Error bodies are sent with status 200 (the framework's default status). Every rule that fixes an error's status fails with it.",
  },
  'error-body-missing-request-id': {
    breaks: 'ERR-2',
    description: 'Error bodies omit `RequestId`, in both formats.',
  },
  'error-changes-world': {
    breaks: 'ERR-3',
    description:
      "A get-or-create key-pair index: a `KeyPairName` that exists in no region is created in the request's region while 400 `InvalidKeyPairName.NotFound` is still returned; only the world (and later requests) show it.",
  },
  'server-error-on-malformed': {
    breaks: 'ERR-4',
    description:
      'Bare-text `InstanceIds` (not JSON, e.g. `i-a,i-b`) crashes the parser: 500 `InternalError`. (Malformed JSON was avoided: ID-4 itself forbids a 5xx there; bare text is REPORT-level ID-6, so only ERR-4 judges the 5xx.)',
  },
  'nothing-detached': {
    breaks: 'ST-0',
    description:
      'The binding comparison never matches (say, key pair ID against name): every named instance bound to the key pair is reported `InvalidKeyPair.NotBound` and nothing changes.',
  },
  'success-not-applied': {
    breaks: 'ST-1',
    description:
      'Results say `Success` true but the change is never committed: the world is unchanged. Necessarily breaks ST-0\'s "ends unbound" clause too.',
  },
  'failed-result-changes': {
    breaks: 'ST-2',
    description:
      'A compensating "rollback" binds the requested key pair to every named instance of the region that has no key pair and whose results all failed (`InvalidKeyPair.NotBound`). (Unbinding a failed instance bound to another key pair was avoided: that also breaks ST-4.) Inert under `flipped`, which reports such instances as successful no-ops.',
  },
  'collateral-detach': {
    breaks: 'ST-3',
    description:
      'The update is region-wide (`UPDATE ... WHERE keyPair = name`): every instance of the region bound to the key pair is unbound, named or not; results still cover only the named ones.',
  },
  'unbinds-other-key-pair': {
    breaks: 'ST-4',
    description:
      'The binding check is missing: a named instance bound to another key pair is unbound and reported `Success` true.',
  },
  'xml-differs-from-json': {
    breaks: 'FM-1',
    description:
      "The XML serializer writes a failed result's `Code` as the HTTP-style `400` while JSON carries the error code (e.g. `InvalidKeyPair.NotBound`); each body alone is valid.",
  },
  'permutation-sensitive': {
    breaks: 'MR-1',
    description:
      'Only the first ID is looked up eagerly: when it is unknown in the region the whole request is rejected (404 `InvalidInstanceId.NotFound`); unknown IDs elsewhere are per-instance failures. Each answer alone is allowed by ST-5.',
  },
  'transport-dependent': {
    breaks: 'MR-2',
    description:
      'The form-body path uses another parser: duplicate IDs are de-duplicated when `InstanceIds` arrives in a POST form body and reported per occurrence otherwise. Each alone is allowed by ID-7.',
  },
  'scheme-dependent': {
    breaks: 'MR-3',
    description:
      'The V3 code path validates instance IDs up front: a V3 request naming an unknown instance is rejected (404 `InvalidInstanceId.NotFound`) while V1 reports it per instance. Each alone is allowed by ST-5.',
  },
  'whitespace-dependent': {
    breaks: 'MR-4',
    description:
      'A compact-JSON fast path de-duplicates: compact lists are de-duplicated, lists with whitespace are reported per occurrence. Each alone is allowed by ID-7.',
  },
};

/** Whether `s` names a fault of {@link faults}. */
export function isFaultName(s: string): s is FaultName {
  return Object.hasOwn(faults, s);
}

/** Every fault name, in the order of {@link faults}. */
export const faultNames: readonly FaultName[] = Object.keys(faults) as FaultName[];
