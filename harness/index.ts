/**
 * The library API of `detach-key-pair-conformance` (the package's main export): the three commands as
 * functions that return the `report.json` object, the bundled reference emulator, the rule registry, the
 * World and report types, and the fast-check arbitraries the suite draws its requests from, for SDK teams
 * and emulator authors to reuse in their own property tests.
 *
 * ```ts
 * import { verify } from 'detach-key-pair-conformance';
 * const report = await verify({ runs: 20 }); // the bundled emulator, rule by rule
 * ```
 *
 * The vitest helper lives in its own entry, `detach-key-pair-conformance/vitest`, so that importing this
 * one never loads vitest.
 *
 * @packageDocumentation
 */

import { readExpectations as readExpectationsFile } from './cli/commandKit.ts';
import type { Report } from './reports/Report.ts';
import type { Expectation } from './reports/summarise.ts';
import { type AuditOptions, type AuditResult, audit as runAudit } from './runner/audit.ts';
import { sdk as runSdk, type SdkOptions, type SdkResult } from './runner/sdk.ts';
import { verify as runVerify, type VerifyOptions, type VerifyResult } from './runner/verify.ts';

// The commands: each resolves to the report; the `…WithSecrets` forms keep the runner's whole result.

/**
 * `dkp-conformance verify` as a function: judges a DetachKeyPair implementation rule by rule (the bundled
 * reference emulator when `target` is absent) and resolves to the report, the same object `--report-dir`
 * writes to `report.json`. `report.exitCode` is the exit code the CLI would give (0 conformant, 1 a MUST
 * failure or a stale expectation, 3 inconclusive). Usage and configuration problems reject with a
 * {@link HarnessError} (`exitCode` 2); an unreachable target rejects with `TARGET_UNREACHABLE` (3).
 *
 * @example
 * ```ts
 * const report = await verify({ target: 'http://127.0.0.1:4000', runs: 200, seed: 42 });
 * if (report.verdict !== 'conformant') process.exitCode = report.exitCode;
 * ```
 */
export async function verify(options: VerifyOptions = {}): Promise<Report> {
  return (await runVerify(options)).report;
}

/**
 * {@link verify} with the secrets of the run (the credentials it loaded into the target's World): pass them
 * to {@link writeReports}, which then refuses to write any file that would carry one.
 */
export function verifyWithSecrets(options: VerifyOptions = {}): Promise<VerifyResult> {
  return runVerify(options);
}

/**
 * `dkp-conformance sdk` as a function: judges a DetachKeyPair client (CL-1..CL-8) through an adapter — a
 * module path, a package name, or an adapter object in this process — or a testee command speaking JSON
 * lines (target-protocol §3), and resolves to the report (`report.json`). Every server rule is `skip`.
 *
 * @example
 * ```ts
 * const report = await sdk({ adapter: './conformance/adapter.js', runs: 100 });
 * ```
 */
export async function sdk(options: SdkOptions): Promise<Report> {
  return (await runSdk(options)).report;
}

/** {@link sdk} with the secrets of the run (the fresh credentials the client was given), for {@link writeReports}. */
export function sdkWithSecrets(options: SdkOptions): Promise<SdkResult> {
  return runSdk(options);
}

/**
 * `dkp-conformance audit` as a function: probes a live endpoint with requests that cannot change anything
 * (and, with `allowMutation` and a sandbox manifest, detaches and restores the sandbox's own resources), and
 * resolves to the report (`report.json`, with its `audit` section). Credentials are read from `env`
 * (default `process.env`): `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, optionally
 * `ALIBABA_CLOUD_SECURITY_TOKEN`.
 */
export async function audit(options: AuditOptions): Promise<Report> {
  return (await runAudit(options)).report;
}

/**
 * {@link audit} with everything else the run produced: the secrets no output may carry (for
 * {@link writeReports}), the sandbox resources it could not restore (each with its restore command), and the
 * redacted recording when `record` was given.
 */
export function auditWithSecrets(options: AuditOptions): Promise<AuditResult> {
  return runAudit(options);
}

/**
 * Reads an expectations file (`{"failures": [{"rule": "OK-6", "reason": "…"}]}`, target-protocol §4) into
 * the `expectations` option of {@link verify}, {@link sdk} and {@link audit}. An unreadable or malformed
 * file, or an unknown rule ID, rejects with a {@link HarnessError} (exit code 2).
 */
export function readExpectations(file: string): Promise<Expectation[]> {
  return readExpectationsFile(file);
}

// Re-exports, sorted by module: the arbitraries (properties/arbitraries), the
// adapter and testee shapes (clients/ClientUnderTest, target-protocol §3), the reference emulator, its
// profiles and faults (emulator/), recordings and drift, reports (reports/), command option types (runner/),
// the rule registry (spec/rules), the World (spec/World, target-protocol §1),
// errors (util/HarnessError) and the request model (wire/).
export { clientInput } from '../properties/arbitraries/clientInput.ts';
export { defaultAccessKey } from '../properties/arbitraries/defaultAccessKey.ts';
export { detachKeyPairRequest } from '../properties/arbitraries/detachKeyPairRequest.ts';
export { instanceId } from '../properties/arbitraries/instanceId.ts';
export type { InstanceIdListConstraints } from '../properties/arbitraries/instanceIdList.ts';
export { instanceIdList, maxInstanceIds } from '../properties/arbitraries/instanceIdList.ts';
export { keyPairName } from '../properties/arbitraries/keyPairName.ts';
export { malformedInstanceId } from '../properties/arbitraries/malformedInstanceId.ts';
export { regionId } from '../properties/arbitraries/regionId.ts';
export type { InstanceSlot, Scenario, ScenarioConstraints } from '../properties/arbitraries/scenario.ts';
export { detachScenario } from '../properties/arbitraries/scenario.ts';
export { unicodeKeyPairName } from '../properties/arbitraries/unicodeKeyPairName.ts';
export type { WorldConstraints } from '../properties/arbitraries/world.ts';
export { world } from '../properties/arbitraries/world.ts';
export type {
  AdapterCall,
  ClientAdapter,
  ClientCall,
  ClientCredentials,
  ClientError,
  ClientInput,
  ClientOutput,
  ClientReply,
} from './clients/ClientUnderTest.ts';
export { transportErrorCode } from './clients/ClientUnderTest.ts';
export type { EmulatorProfile } from './emulator/EmulatorProfile.ts';
export { emulatorProfiles, flippedProfile, referenceProfile } from './emulator/EmulatorProfile.ts';
export type { FaultInfo, FaultName } from './emulator/faults.ts';
export { faultNames, faults, isFaultName } from './emulator/faults.ts';
export type { EmulatorOptions, EmulatorServer } from './emulator/startEmulator.ts';
export { emptyWorld, startEmulator, worldPath } from './emulator/startEmulator.ts';
export { specDocuments } from './packageFiles.ts';
export type { RecordedExchange, Recording } from './recordings/Recording.ts';
export { readRecording } from './recordings/readRecording.ts';
export type { DriftInput, DriftReport, DriftRow, DriftVerdict } from './reports/driftReport.ts';
export { buildDrift, writeDrift } from './reports/driftReport.ts';
export { mergeReports } from './reports/mergeReports.ts';
export type {
  AuditSection,
  Report,
  RuleFailure,
  RuleStatus,
  RuleVerdict,
  UnrestoredResource,
} from './reports/Report.ts';
export type { Expectation } from './reports/summarise.ts';
export type { WrittenReports } from './reports/writeReports.ts';
export { writeReports } from './reports/writeReports.ts';
export type { AuditOptions, AuditProgress, AuditResult } from './runner/audit.ts';
export type { CaseFile, KeptCase, WrittenCase } from './runner/caseFiles.ts';
export { writeCaseFiles } from './runner/caseFiles.ts';
export type { SandboxManifest } from './runner/readSandboxManifest.ts';
export { readSandboxManifest, validateSandboxManifest } from './runner/readSandboxManifest.ts';
export type { SdkOptions, SdkProgress, SdkResult } from './runner/sdk.ts';
export { suiteVersion } from './runner/suiteVersion.ts';
export type { VerifyOptions, VerifyProgress, VerifyResult } from './runner/verify.ts';
export type {
  Basis,
  RuleClause,
  RuleDefinition,
  RuleFamily,
  RuleId,
  RuleLevel,
  RuleOf,
} from './spec/rules.ts';
export { expandRuleSelection, isRuleId, ruleById, ruleFamilies, rules, rulesVersion } from './spec/rules.ts';
export type { WorldValidation } from './spec/validateWorld.ts';
export { validateWorld } from './spec/validateWorld.ts';
export type { AccessKey, Instance, KeyPair, World } from './spec/World.ts';
export type { HarnessErrorCode } from './util/HarnessError.ts';
export { HarnessError } from './util/HarnessError.ts';
export type { Transport } from './wire/encodeRequest.ts';
export type { InstanceIdsStyle } from './wire/instanceIdsCodec.ts';
export type { Breakage, FormatParam, Probe } from './wire/Probe.ts';
