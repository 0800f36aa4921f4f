import { readFile } from 'node:fs/promises';
import type { Recording } from '../recordings/Recording.ts';
import { readRecording } from '../recordings/readRecording.ts';
import { buildDrift, writeDrift } from '../reports/driftReport.ts';
import type { Report } from '../reports/Report.ts';
import { HarnessError } from '../util/HarnessError.ts';
import { parseCommandOptions } from './CommandSchema.ts';
import type { Io } from './commandKit.ts';
import { commandSchemas } from './commandSchemas.ts';

/**
 * Reads a `report.json` an `audit` or `verify` run wrote. An unreadable file, or one that is not a
 * schemaVersion 1 report of `audit` or `verify`, is a configuration error (exit 2) naming the file.
 */
async function readReport(file: string): Promise<Report> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new HarnessError('CONFIG', `cannot read --report ${file}: ${(error as Error).message}`);
  }
  const r = json as Partial<Report> | null;
  if (r === null || typeof r !== 'object' || r.schemaVersion !== 1 || !Array.isArray(r.rules))
    throw new HarnessError('CONFIG', `--report ${file} is not a report.json (schemaVersion 1, with rules)`);
  if (r.command !== 'audit' && r.command !== 'verify')
    throw new HarnessError(
      'CONFIG',
      `--report ${file} is a ${String(r.command)} report; drift reads audit or verify`,
    );
  return json as Report;
}

/**
 * `dkp-conformance drift --report FILE [--recording DIR] --report-dir DIR`: builds the drift report from an
 * audit or verify `report.json` and, when given, the recording the run wrote or replayed, and writes
 * `drift.json` and `drift.html` into the report directory. Drift is information: the exit code is 0 once
 * written; bad flags or files are exit 2. The caller's `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and
 * `ALIBABA_CLOUD_SECURITY_TOKEN`, when set, are refused in the output like every report's secrets.
 */
export async function runDriftCommand(
  args: readonly string[],
  io: Io,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const { values } = parseCommandOptions(commandSchemas.drift, args);
  if (values.report === undefined || values['report-dir'] === undefined)
    throw new HarnessError(
      'USAGE',
      `drift needs --report FILE and --report-dir DIR\n${commandSchemas.drift.usage}`,
    );
  const report = await readReport(values.report);
  const recording: Recording | undefined =
    values.recording === undefined ? undefined : await readRecording(values.recording);
  const drift = buildDrift({ report, ...(recording === undefined ? {} : { recording }) });
  const secrets = [env.ALIBABA_CLOUD_ACCESS_KEY_SECRET, env.ALIBABA_CLOUD_SECURITY_TOKEN].filter(
    (s): s is string => s !== undefined && s !== '',
  );
  const written = await writeDrift(drift, values['report-dir'], secrets);
  const { agree, drift: drifted, risk, unobserved } = drift.summary;
  io.out(`drift: ${risk} risk, ${drifted} drift, ${agree} agree, ${unobserved} unobserved`);
  // The rows that matter, risk first, each with what the documentation, the SDKs and the endpoint say.
  const shown = [...drift.rows.filter((r) => r.risk), ...drift.rows.filter((r) => !r.risk && r.drift)];
  for (const row of shown) {
    io.out(`${row.risk ? 'risk ' : 'drift'} ${row.rule}: ${inert(row.fact)}`);
    io.out(`  documentation: ${inert(row.reference.says)}`);
    if (row.sdk !== null) io.out(`  SDKs expect:   ${inert(row.sdk.expects)}`);
    io.out(`  endpoint:      ${inert(row.target ?? 'nothing observed')}`);
    if (row.recorded !== undefined) io.out(`  recorded:      ${inert(row.recorded ?? 'nothing observed')}`);
  }
  io.out(`drift.html: ${written.html}`);
  io.out(`drift.json: ${written.json}`);
  return 0;
}

/** Endpoint text on one line, its control characters made visible (they must not drive the terminal). */
function inert(text: string): string {
  return text
    .replace(/\r\n|[\r\n\t]/g, ' ')
    .replace(/\p{Cc}/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
