import type { RuleId } from '../spec/rules.ts';
import { type EmulatorSteps, extendSteps } from './EmulatorSteps.ts';
import type { Fault } from './faultKit.ts';
import { authAfterBusiness } from './faults/auth-after-business.ts';
import { bodyHashNotVerified } from './faults/body-hash-not-verified.ts';
import { collateralDetach } from './faults/collateral-detach.ts';
import { emptyValueNotMissing } from './faults/empty-value-not-missing.ts';
import { errorBodyMissingRequestId } from './faults/error-body-missing-request-id.ts';
import { errorChangesWorld } from './faults/error-changes-world.ts';
import { errorsWith200 } from './faults/errors-with-200.ts';
import { failCountWrong } from './faults/fail-count-wrong.ts';
import { failedResultChanges } from './faults/failed-result-changes.ts';
import { formBodyIgnored } from './faults/form-body-ignored.ts';
import { formCharsetIgnored } from './faults/form-charset-ignored.ts';
import { formatCaseSensitive } from './faults/format-case-sensitive.ts';
import { instanceIdsNormalized } from './faults/instance-ids-normalized.ts';
import { keyPairNameEchoWrong } from './faults/key-pair-name-echo-wrong.ts';
import { keyPairNameTrimmed } from './faults/key-pair-name-trimmed.ts';
import { keyPairNotFoundWrongCode } from './faults/key-pair-not-found-wrong-code.ts';
import { limitOffByOne } from './faults/limit-off-by-one.ts';
import { missingActionWrongCode } from './faults/missing-action-wrong-code.ts';
import { missingNonceAccepted } from './faults/missing-nonce-accepted.ts';
import { missingParamWrongCode } from './faults/missing-param-wrong-code.ts';
import { missingRequestId } from './faults/missing-request-id.ts';
import { noSignatureCheck } from './faults/no-signature-check.ts';
import { nonArrayAccepted } from './faults/non-array-accepted.ts';
import { nonceLogKeepsLast } from './faults/nonce-log-keeps-last.ts';
import { nothingDetached } from './faults/nothing-detached.ts';
import { numberElementsStringified } from './faults/number-elements-stringified.ts';
import { overLimitAccepted } from './faults/over-limit-accepted.ts';
import { percentDecodingThrows } from './faults/percent-decoding-throws.ts';
import { permutationSensitive } from './faults/permutation-sensitive.ts';
import { regionIdNormalized } from './faults/region-id-normalized.ts';
import { regionScopingIgnored } from './faults/region-scoping-ignored.ts';
import { replayedNonceAccepted } from './faults/replayed-nonce-accepted.ts';
import { requestIdConstant } from './faults/request-id-constant.ts';
import { resultMissingMessage } from './faults/result-missing-message.ts';
import { scalarFormsWrong } from './faults/scalar-forms-wrong.ts';
import { schemeDependent } from './faults/scheme-dependent.ts';
import { serverErrorOnMalformed } from './faults/server-error-on-malformed.ts';
import { singleResultAsObject } from './faults/single-result-as-object.ts';
import { spacedJsonRejected } from './faults/spaced-json-rejected.ts';
import { successCodeMismatch } from './faults/success-code-mismatch.ts';
import { successNotApplied } from './faults/success-not-applied.ts';
import { timestampNotChecked } from './faults/timestamp-not-checked.ts';
import { timestampSearched } from './faults/timestamp-searched.ts';
import { topLevelCodeInSuccess } from './faults/top-level-code-in-success.ts';
import { totalCountWrong } from './faults/total-count-wrong.ts';
import { transportDependent } from './faults/transport-dependent.ts';
import { unbindsOtherKeyPair } from './faults/unbinds-other-key-pair.ts';
import { unknownAccessKeyWrongCode } from './faults/unknown-access-key-wrong-code.ts';
import { unknownActionAccepted } from './faults/unknown-action-accepted.ts';
import { unknownRegionAccepted } from './faults/unknown-region-accepted.ts';
import { unrequestedResult } from './faults/unrequested-result.ts';
import { v1AcsHeadersRejected } from './faults/v1-acs-headers-rejected.ts';
import { v1DefaultJson } from './faults/v1-default-json.ts';
import { v3RoutedByQuery } from './faults/v3-routed-by-query.ts';
import { v3Unsupported } from './faults/v3-unsupported.ts';
import { versionIgnored } from './faults/version-ignored.ts';
import { whitespaceDependent } from './faults/whitespace-dependent.ts';
import { windowsAccepted } from './faults/windows-accepted.ts';
import { windowsPartialChange } from './faults/windows-partial-change.ts';
import { wrongContentType } from './faults/wrong-content-type.ts';
import { xmlDiffersFromJson } from './faults/xml-differs-from-json.ts';
import { xmlRootRenamed } from './faults/xml-root-renamed.ts';
import { referenceSteps } from './handleRequest.ts';

/**
 * Every fault module (`faults/<name>.ts`, one per fault), by name, in rule-file order of the rule it
 * breaks. A new fault is one new module and its line here.
 */
export const faultModules = {
  'v3-routed-by-query': v3RoutedByQuery,
  'empty-value-not-missing': emptyValueNotMissing,
  'form-body-ignored': formBodyIgnored,
  'form-charset-ignored': formCharsetIgnored,
  'format-case-sensitive': formatCaseSensitive,
  'v1-default-json': v1DefaultJson,
  'wrong-content-type': wrongContentType,
  'v1-acs-headers-rejected': v1AcsHeadersRejected,
  'v3-unsupported': v3Unsupported,
  'body-hash-not-verified': bodyHashNotVerified,
  'no-signature-check': noSignatureCheck,
  'unknown-access-key-wrong-code': unknownAccessKeyWrongCode,
  'missing-nonce-accepted': missingNonceAccepted,
  'timestamp-not-checked': timestampNotChecked,
  'timestamp-searched': timestampSearched,
  'replayed-nonce-accepted': replayedNonceAccepted,
  'nonce-log-keeps-last': nonceLogKeepsLast,
  'auth-after-business': authAfterBusiness,
  'missing-action-wrong-code': missingActionWrongCode,
  'unknown-action-accepted': unknownActionAccepted,
  'version-ignored': versionIgnored,
  'missing-param-wrong-code': missingParamWrongCode,
  'unknown-region-accepted': unknownRegionAccepted,
  'region-id-normalized': regionIdNormalized,
  'spaced-json-rejected': spacedJsonRejected,
  'limit-off-by-one': limitOffByOne,
  'over-limit-accepted': overLimitAccepted,
  'non-array-accepted': nonArrayAccepted,
  'number-elements-stringified': numberElementsStringified,
  'key-pair-not-found-wrong-code': keyPairNotFoundWrongCode,
  'key-pair-name-trimmed': keyPairNameTrimmed,
  'region-scoping-ignored': regionScopingIgnored,
  'windows-accepted': windowsAccepted,
  'windows-partial-change': windowsPartialChange,
  'xml-root-renamed': xmlRootRenamed,
  'missing-request-id': missingRequestId,
  'request-id-constant': requestIdConstant,
  'single-result-as-object': singleResultAsObject,
  'result-missing-message': resultMissingMessage,
  'total-count-wrong': totalCountWrong,
  'fail-count-wrong': failCountWrong,
  'unrequested-result': unrequestedResult,
  'success-code-mismatch': successCodeMismatch,
  'scalar-forms-wrong': scalarFormsWrong,
  'key-pair-name-echo-wrong': keyPairNameEchoWrong,
  'top-level-code-in-success': topLevelCodeInSuccess,
  'errors-with-200': errorsWith200,
  'error-body-missing-request-id': errorBodyMissingRequestId,
  'error-changes-world': errorChangesWorld,
  'server-error-on-malformed': serverErrorOnMalformed,
  'percent-decoding-throws': percentDecodingThrows,
  'nothing-detached': nothingDetached,
  'success-not-applied': successNotApplied,
  'failed-result-changes': failedResultChanges,
  'collateral-detach': collateralDetach,
  'instance-ids-normalized': instanceIdsNormalized,
  'unbinds-other-key-pair': unbindsOtherKeyPair,
  'xml-differs-from-json': xmlDiffersFromJson,
  'permutation-sensitive': permutationSensitive,
  'transport-dependent': transportDependent,
  'scheme-dependent': schemeDependent,
  'whitespace-dependent': whitespaceDependent,
} as const satisfies Record<string, Fault>;

/**
 * The named faults the emulator can be started with (`emulate --fault NAME`, target-protocol §4). Each
 * makes the emulator break exactly one MUST rule (or, marked `clause: 'SHOULD'`, one SHOULD clause) the
 * way a real implementation plausibly would, so that the suite can be shown to catch it; every other
 * behaviour stays that of the chosen profile. Faults are defined on the `reference` profile; a few (noted
 * in their description) have nothing to act on under `flipped`.
 */
export type FaultName = keyof typeof faultModules;

/**
 * What a fault breaks and how: the rule it is meant to fail, and the plausible real-world bug it mimics;
 * `clause: 'SHOULD'` when it breaks only a SHOULD clause of the rule (it fails the rule under `--strict`).
 */
export type FaultInfo = { breaks: RuleId; description: string; clause?: 'SHOULD' };

/**
 * Every fault, in rule-file order of the rule it breaks. Where breaking the rule necessarily breaks a
 * second one too (a rule that restates another, e.g. MR-2 restating TR-1), the description says so.
 */
export const faults: Readonly<Record<FaultName, FaultInfo>> = Object.fromEntries(
  Object.entries(faultModules).map(([name, fault]: [string, Fault]) => [
    name,
    {
      breaks: fault.breaks,
      description: fault.description,
      ...(fault.clause ? { clause: fault.clause } : {}),
    },
  ]),
) as Record<FaultName, FaultInfo>;

/** Whether `s` names a fault of {@link faults}. */
export function isFaultName(s: string): s is FaultName {
  return Object.hasOwn(faults, s);
}

/** Every fault name, in the order of {@link faults}. */
export const faultNames: readonly FaultName[] = Object.keys(faults) as FaultName[];

/**
 * The steps of an emulator started with `fault` (the reference steps without one): composed once, when
 * the emulator starts, so that a request pays nothing for faults it is not built with.
 */
export function emulatorSteps(fault: FaultName | undefined): EmulatorSteps {
  return fault === undefined ? referenceSteps : extendSteps(referenceSteps, faultModules[fault].hooks);
}
