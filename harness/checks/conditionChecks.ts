import type { RuleId } from '../spec/rules.ts';
import type { Check, CheckOutcome } from './CheckOutcome.ts';
import type { Exchange } from './Exchange.ts';
import { outcomeIsAcceptable } from './outcomeIsAcceptable.ts';

// These checks are views of one judgement — is the answer one the oracle's conditions accept? — so they
// share this file: each is the slice of `outcomeIsAcceptable` that names its rule, computed once per
// exchange. A check that threw is still reported per rule by runChecks.
// Kept by rule, so that each of the 28 views takes its slice without scanning the whole judgement.
const judged = new WeakMap<Exchange, Map<RuleId, CheckOutcome[]>>();

function judgement(exchange: Exchange): Map<RuleId, CheckOutcome[]> {
  let byRule = judged.get(exchange);
  if (byRule === undefined) {
    byRule = new Map();
    for (const outcome of outcomeIsAcceptable.run(exchange)) {
      const slice = byRule.get(outcome.rule);
      if (slice === undefined) byRule.set(outcome.rule, [outcome]);
      else slice.push(outcome);
    }
    judged.set(exchange, byRule);
  }
  return byRule;
}

function conditionCheck(name: string, rule: RuleId): Check {
  // A fresh array each time, as `filter` gave: a caller may keep or change what it got.
  return { name, rules: [rule], run: (exchange) => [...(judgement(exchange).get(rule) ?? [])] };
}

/** GEN-1: an empty value counts as missing (its not-found or invalid code accepted too). */
const emptyValueCountsAsMissing = conditionCheck('emptyValueCountsAsMissing', 'GEN-1');
/** GEN-5: a V3 request's action and version are its `x-acs-action`/`x-acs-version` headers. */
const v3ActionAndVersionFromHeaders = conditionCheck('v3ActionAndVersionFromHeaders', 'GEN-5');
/** TR-1: parameters are accepted in a GET query, a POST query and a form body. */
const everyTransportAccepted = conditionCheck('everyTransportAccepted', 'TR-1');
/** AU-1: a correct V1 signature is accepted, whatever the parameter order and unsigned headers. */
const v1SignatureAccepted = conditionCheck('v1SignatureAccepted', 'AU-1');
/** AU-2: a correct V3 signature is accepted; a body whose hash is not `x-acs-content-sha256` is not. */
const v3SignatureAccepted = conditionCheck('v3SignatureAccepted', 'AU-2');
/** AU-3: a wrong signature gets 400 `SignatureDoesNotMatch` (or `IncompleteSignature`). */
const wrongSignatureRejected = conditionCheck('wrongSignatureRejected', 'AU-3');
/** AU-4: an unknown AccessKeyId gets `InvalidAccessKeyId.NotFound` (400 or 404). */
const unknownAccessKeyRejected = conditionCheck('unknownAccessKeyRejected', 'AU-4');
/** AU-5: a missing signature element gets 400 `MissingParameter*`, `IncompleteSignature` or `IllegalTimestamp`. */
const missingSignatureElementRejected = conditionCheck('missingSignatureElementRejected', 'AU-5');
/** AU-6: a timestamp 16 minutes off, or malformed, is rejected. */
const staleTimestampRejected = conditionCheck('staleTimestampRejected', 'AU-6');
/** AU-7: a nonce reused within 15 minutes gets 400 `SignatureNonceUsed`. */
const replayedNonceRejected = conditionCheck('replayedNonceRejected', 'AU-7');
/** AU-8: authentication is judged before the business parameters. */
const authenticationJudgedFirst = conditionCheck('authenticationJudgedFirst', 'AU-8');
/** RQ-1: a missing `Action` gets 400 `MissingParameter*`. */
const missingActionRejected = conditionCheck('missingActionRejected', 'RQ-1');
/** RQ-2: an unknown `Action` gets `InvalidAction.NotFound` 404 (or 403 `InvalidAction`, 400 `InvalidParameter`). */
const unknownActionRejected = conditionCheck('unknownActionRejected', 'RQ-2');
/** RQ-3: a missing or unsupported `Version` gets 400. */
const versionRequired = conditionCheck('versionRequired', 'RQ-3');
/** RQ-4: a missing `RegionId`, `KeyPairName` or `InstanceIds` gets 400 `MissingParameter*`. */
const requiredParametersEnforced = conditionCheck('requiredParametersEnforced', 'RQ-4');
/** RQ-5: an unknown `RegionId` gets 404 `InvalidRegionId.NotFound` (or 400 `InvalidRegionId.MalFormed`). */
const unknownRegionRejected = conditionCheck('unknownRegionRejected', 'RQ-5');
/** ID-1: a JSON array with any JSON whitespace is accepted. */
const jsonWhitespaceAccepted = conditionCheck('jsonWhitespaceAccepted', 'ID-1');
/** ID-2: 1 to 50 IDs are accepted; exactly 50 works. */
const upToFiftyIdsAccepted = conditionCheck('upToFiftyIdsAccepted', 'ID-2');
/** ID-3: more than 50 distinct IDs reject the whole request. */
const overFiftyIdsRejected = conditionCheck('overFiftyIdsRejected', 'ID-3');
/** ID-4: a value that is not an array of non-empty strings gets 400 `InvalidInstanceIds.ValueNotSupported`. */
const invalidInstanceIdsRejected = conditionCheck('invalidInstanceIdsRejected', 'ID-4');
/** ID-5 (SHOULD): `[]` is rejected. */
const emptyListRejected = conditionCheck('emptyListRejected', 'ID-5');
/** ID-6 (REPORT): bare text is read as a comma list or rejected; which is recorded. */
const bareTextReadOrRejected = conditionCheck('bareTextReadOrRejected', 'ID-6');
/** KP-1: a key pair that does not exist in the region gets 400 `InvalidKeyPairName.NotFound` (404 warns). */
const unknownKeyPairRejected = conditionCheck('unknownKeyPairRejected', 'KP-1');
/** KP-2: a key pair of another region is not found. */
const keyPairScopedToRegion = conditionCheck('keyPairScopedToRegion', 'KP-2');
/** KP-3 (SHOULD): key pair names are case-sensitive. */
const keyPairNameCaseSensitive = conditionCheck('keyPairNameCaseSensitive', 'KP-3');
/** WIN-1: any Windows instance of the region in the list gets 403 `DependencyViolation.WindowsInstance`. */
const windowsInstanceRejected = conditionCheck('windowsInstanceRejected', 'WIN-1');
/** ST-5 (REPORT): whether unknown instances reject the whole request is recorded. */
const unknownInstanceRejectionRecorded = conditionCheck('unknownInstanceRejectionRecorded', 'ST-5');
/** ST-0: a request no whole-request error applies to is not rejected. */
const operationNotRefused = conditionCheck('operationNotRefused', 'ST-0');

/** Every condition check, one per rule, in rules-file order. */
export const conditionChecks: readonly Check[] = [
  emptyValueCountsAsMissing,
  v3ActionAndVersionFromHeaders,
  everyTransportAccepted,
  v1SignatureAccepted,
  v3SignatureAccepted,
  wrongSignatureRejected,
  unknownAccessKeyRejected,
  missingSignatureElementRejected,
  staleTimestampRejected,
  replayedNonceRejected,
  authenticationJudgedFirst,
  missingActionRejected,
  unknownActionRejected,
  versionRequired,
  requiredParametersEnforced,
  unknownRegionRejected,
  jsonWhitespaceAccepted,
  upToFiftyIdsAccepted,
  overFiftyIdsRejected,
  invalidInstanceIdsRejected,
  emptyListRejected,
  bareTextReadOrRejected,
  unknownKeyPairRejected,
  keyPairScopedToRegion,
  keyPairNameCaseSensitive,
  windowsInstanceRejected,
  operationNotRefused,
  unknownInstanceRejectionRecorded,
];
