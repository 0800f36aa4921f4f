import { writeReports } from '../reports/writeReports.ts';
import { sdk } from '../runner/sdk.ts';
import { HarnessError } from '../util/HarnessError.ts';
import { parseCommandOptions } from './CommandSchema.ts';
import { type Io, readExpectations, terminalFor } from './commandKit.ts';
import { commandSchemas } from './commandSchemas.ts';

function integer(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new HarnessError('USAGE', `--${name} must be an integer ≥ ${min}, got "${text}"`);
  return n;
}

/**
 * `dkp-conformance sdk (--adapter MODULE | --testee "COMMAND") ...` (target-protocol §3, §4): judges a
 * client rule by rule (CL-1..CL-8), prints the terminal report and resolves to the exit code (0
 * conformant, 1 a failure or a stale expectation, 3 inconclusive). Usage and configuration errors throw
 * `HarnessError` (exit 2) before anything runs; `main` prints them.
 */
export async function runSdkCommand(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommandOptions(commandSchemas.sdk, args);
  if ((values.adapter === undefined) === (values.testee === undefined))
    throw new HarnessError(
      'USAGE',
      `sdk needs exactly one of --adapter MODULE or --testee "COMMAND"\n${commandSchemas.sdk.usage}`,
    );
  const runs = integer('runs', values.runs, 1);
  const seed = integer('seed', values.seed, 0);
  const maxResponseBytes = integer('max-response-bytes', values['max-response-bytes'], 1);
  const callTimeoutMs = integer('response-timeout', values['response-timeout'], 1);
  const expectations =
    values.expectations === undefined ? undefined : await readExpectations(values.expectations);
  const terminal = terminalFor(io, values['progress-interval']);
  const { report, secrets } = await sdk({
    ...(values.adapter === undefined ? {} : { adapter: values.adapter }),
    ...(values.testee === undefined ? {} : { testee: values.testee }),
    ...(runs === undefined ? {} : { runs }),
    ...(seed === undefined ? {} : { seed }),
    ...(values.path === undefined ? {} : { path: values.path }),
    ...(values.only === undefined ? {} : { only: values.only }),
    ...(expectations === undefined ? {} : { expectations }),
    strict: values.strict === true,
    ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }),
    ...(callTimeoutMs === undefined ? {} : { callTimeoutMs }),
    onProgress: (event) => terminal.progress(event),
  });
  terminal.finish(report);
  if (report.clientLog !== undefined && report.clientLog.length > 0) {
    io.out(`client log (${report.clientLog.length} lines kept in report.json): ${report.clientLog[0]}`);
  }
  if (values['report-dir'] !== undefined) {
    const written = await writeReports(report, values['report-dir'], secrets);
    io.out(`reports: ${written.json}, ${written.junit}, ${written.html}`);
  }
  return report.exitCode;
}
