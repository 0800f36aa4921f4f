import { resolve } from 'node:path';
import { writeRecording } from '../recordings/writeRecording.ts';
import { writeReports } from '../reports/writeReports.ts';
import { audit } from '../runner/audit.ts';
import { restoreCommands } from '../runner/runSandbox.ts';
import { HarnessError } from '../util/HarnessError.ts';
import { parseCommandOptions } from './CommandSchema.ts';
import { type Io, readExpectations, terminalFor } from './commandKit.ts';
import { commandSchemas } from './commandSchemas.ts';

function number(name: string, text: string | undefined, integer: boolean, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < min || (integer && !Number.isInteger(n)))
    throw new HarnessError(
      'USAGE',
      `--${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, got "${text}"`,
    );
  return n;
}

/**
 * `dkp-conformance audit --endpoint URL --region ID ...` (target-protocol §2, §4): audits a live endpoint
 * with the read-only probes, and with `--allow-mutation --sandbox FILE` the sandbox tier; prints progress,
 * the per-rule table and summary, and — loudly, on stderr — every sandbox resource not restored with the
 * command that restores it. Resolves to the exit code (0 conformant; 1 a failure, a stale expectation or
 * an unrestored resource; 3 inconclusive). Usage and configuration errors (missing credentials, a bad
 * manifest, `--allow-mutation` without `--sandbox`) throw `HarnessError` (exit 2) before anything is sent.
 * Credentials come from `env` (default `process.env`).
 */
export async function runAuditCommand(
  args: readonly string[],
  io: Io,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const { values } = parseCommandOptions(commandSchemas.audit, args);
  if (values.endpoint === undefined || values.region === undefined)
    throw new HarnessError(
      'USAGE',
      `audit needs --endpoint URL and --region ID\n${commandSchemas.audit.usage}`,
    );
  if (values['allow-mutation'] === true && values.sandbox === undefined)
    throw new HarnessError(
      'USAGE',
      '--allow-mutation needs --sandbox FILE (the manifest of what may change)',
    );
  if (values['allow-mutation'] !== true && values.sandbox !== undefined)
    throw new HarnessError('USAGE', '--sandbox needs --allow-mutation: the sandbox tier changes resources');
  const rate = number('rate', values.rate, false, Number.MIN_VALUE);
  const timeoutMs = number('timeout', values.timeout, true, 1);
  const maxResponseBytes = number('max-response-bytes', values['max-response-bytes'], true, 1);
  const seed = number('seed', values.seed, true, 0);
  const expectations =
    values.expectations === undefined ? undefined : await readExpectations(values.expectations);
  const terminal = terminalFor(io, values['progress-interval']);
  const result = await audit({
    endpoint: values.endpoint,
    region: values.region,
    allowMutation: values['allow-mutation'] === true,
    ...(values.sandbox === undefined ? {} : { sandbox: values.sandbox }),
    ...(rate === undefined ? {} : { rate }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }),
    ...(values.record === undefined ? {} : { record: values.record }),
    ...(seed === undefined ? {} : { seed }),
    ...(values.only === undefined ? {} : { only: values.only }),
    ...(expectations === undefined ? {} : { expectations }),
    strict: values.strict === true,
    env,
    onProgress: (event) => terminal.progress(event),
  });
  const { report, secrets, unrestored } = result;
  terminal.finish(report);
  if (result.recordingPath !== undefined) io.out(`recording: ${result.recordingPath}`);
  if (values['report-dir'] !== undefined) {
    const written = await writeReports(report, values['report-dir'], secrets);
    io.out(`reports: ${written.json}, ${written.junit}, ${written.html}`);
    // `compare` reads an audit from its report directory: the recording goes there too (issue 18).
    if (result.recording !== undefined && resolve(values['report-dir']) !== resolve(values.record ?? ''))
      io.out(`recording: ${await writeRecording(result.recording, values['report-dir'], secrets)}`);
  }
  if (unrestored.length > 0) {
    const bar = '!'.repeat(78);
    io.err(bar);
    io.err(`!!! SANDBOX NOT RESTORED: ${unrestored.length} instance(s) are not bound as before the run`);
    for (const u of unrestored) {
      const show = (name: string | null | 'unknown') =>
        name === null ? 'no key pair' : name === 'unknown' ? 'an unknown state' : `"${name}"`;
      io.err(`!!!   ${u.instanceId}: was ${show(u.expectedKeyPairName)}, now ${show(u.observedKeyPairName)}`);
    }
    io.err('!!! Restore with:');
    for (const command of restoreCommands(unrestored)) io.err(command);
    io.err(bar);
  }
  return report.exitCode;
}
