import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readRecording } from '../recordings/readRecording.ts';
import { type AuditSnapshot, type Changes, compareAudits } from '../reports/compareAudits.ts';
import { formatChanges } from '../reports/formatChanges.ts';
import type { Report } from '../reports/Report.ts';
import { renderHtml } from '../reports/renderHtml.ts';
import { assertNoSecrets } from '../util/assertNoSecrets.ts';
import { HarnessError } from '../util/HarnessError.ts';
import { parseCommandOptions } from './CommandSchema.ts';
import type { Io } from './commandKit.ts';
import { commandSchemas } from './commandSchemas.ts';

/** A file of an audit directory, read as JSON, or why not. */
type Read = { ok: true; json: Record<string, unknown> } | { ok: false; why: string };

async function readJson(path: string): Promise<Read> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, why: `cannot read ${path}: ${(error as Error).message}` };
  }
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      return { ok: false, why: `${path} is not a JSON object` };
    return { ok: true, json: json as Record<string, unknown> };
  } catch (error) {
    return { ok: false, why: `${path} is not JSON: ${(error as Error).message}` };
  }
}

/** Whether `dir` is absent or empty: no earlier audit (the first night, a cache not restored yet). */
async function isMissingOrEmpty(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw new HarnessError('CONFIG', `cannot read ${dir}: ${(error as Error).message}`);
  }
}

/** The two audits cannot be compared, or one cannot be read: exit 2, nothing written. */
function fail(message: string): never {
  throw new HarnessError('CONFIG', message);
}

/** The two files of an audit directory, parsed; a missing or malformed one is exit 2 naming it. */
async function readAuditFiles(flag: string, dir: string): Promise<{ report: Read; recording: Read }> {
  const report = await readJson(join(dir, 'report.json'));
  if (!report.ok) fail(`--${flag} ${dir} holds no audit report: ${report.why}`);
  const recording = await readJson(join(dir, 'recording.json'));
  if (!recording.ok)
    fail(
      `--${flag} ${dir} holds no recording: ${recording.why} (run audit with --record DIR and --report-dir ` +
        'DIR; with both, the recording is also written into the report directory)',
    );
  return { report, recording };
}

/** Validates one side once the two are known to be comparable (schema 1 reports of `audit`). */
async function snapshot(
  flag: string,
  dir: string,
  files: { report: Read; recording: Read },
): Promise<AuditSnapshot> {
  const report = (files.report.ok ? files.report.json : {}) as Partial<Report>;
  if (report.schemaVersion !== 1 || !Array.isArray(report.rules))
    fail(`--${flag} ${dir}/report.json is not a report.json (schemaVersion 1, with rules)`);
  if (report.command !== 'audit')
    fail(`--${flag} ${dir}/report.json is a ${String(report.command)} report; compare reads audit reports`);
  // Read again through the recording's own validation: a malformed one is exit 2 naming each problem.
  return { dir, report: report as Report, recording: await readRecording(dir) };
}

/**
 * `dkp-conformance compare --before DIR --after DIR [--report-dir DIR]` (issue 18, target-protocol §4):
 * compares two audit directories (each a `report.json` and the `recording.json` of `audit --record`),
 * prints each change with both sides, and writes `changes.json` and `report.html` (the `--after` report
 * with a "Changes since the last audit" section) into `--report-dir` (default: the `--after` directory).
 * Resolves to 0 (no behavioural change, or no `--before` audit yet: the first night) or 1 (the service
 * changed its behaviour). Two audits that cannot be compared — another region, another report or
 * recording `schemaVersion`, a directory without its files, a malformed file — are exit 2 saying why,
 * with nothing written. The caller's `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and `ALIBABA_CLOUD_SECURITY_TOKEN`,
 * when set, are refused in the output like every report's secrets.
 */
export async function runCompareCommand(
  args: readonly string[],
  io: Io,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const { values } = parseCommandOptions(commandSchemas.compare, args);
  if (values.before === undefined || values.after === undefined)
    throw new HarnessError(
      'USAGE',
      `compare needs --before DIR and --after DIR\n${commandSchemas.compare.usage}`,
    );
  const afterFiles = await readAuditFiles('after', values.after);
  const firstNight = await isMissingOrEmpty(values.before);
  let before: AuditSnapshot | null = null;
  if (!firstNight) {
    const beforeFiles = await readAuditFiles('before', values.before);
    comparable(beforeFiles, afterFiles);
    before = await snapshot('before', values.before, beforeFiles);
  }
  const after = await snapshot('after', values.after, afterFiles);
  if (before !== null) {
    const region = (s: AuditSnapshot) => s.report.audit?.region ?? s.recording.region;
    if (region(before) !== region(after))
      fail(
        `cannot compare: the audits are of different regions (before ${region(before)}, after ${region(after)})`,
      );
  }
  const changes = compareAudits(before, after);
  const secrets = [env.ALIBABA_CLOUD_ACCESS_KEY_SECRET, env.ALIBABA_CLOUD_SECURITY_TOKEN].filter(
    (s): s is string => s !== undefined && s !== '',
  );
  const written = await writeChanges(changes, after.report, values['report-dir'] ?? values.after, secrets);
  for (const line of formatChanges(changes)) io.out(line);
  io.out(`reports: ${written.json}, ${written.html}`);
  return changes.exitCode;
}

/** Exit 2 when the two audits' report or recording `schemaVersion` differ: their fields may mean other things. */
function comparable(
  before: { report: Read; recording: Read },
  after: { report: Read; recording: Read },
): void {
  for (const file of ['report', 'recording'] as const) {
    const b = before[file];
    const a = after[file];
    const version = (r: Read) => (r.ok ? JSON.stringify(r.json.schemaVersion ?? null) : 'unknown');
    if (version(b) !== version(a))
      fail(
        `cannot compare: ${file}.json schemaVersion ${version(b)} (before) vs ${version(a)} (after); ` +
          'audit both with the same suite major version, or start a new baseline',
      );
  }
}

/** Writes `changes.json` and `report.html` into `dir`, both checked for secrets first (nothing written on a leak). */
async function writeChanges(
  changes: Changes,
  report: Report,
  dir: string,
  secrets: readonly string[],
): Promise<{ json: string; html: string }> {
  const paths = { json: join(dir, 'changes.json'), html: join(dir, 'report.html') };
  const outputs: [string, string][] = [
    [paths.json, `${JSON.stringify(changes, null, 2)}\n`],
    [paths.html, renderHtml(report, changes)],
  ];
  for (const [path, text] of outputs) assertNoSecrets(text, secrets, path);
  await mkdir(dir, { recursive: true });
  await Promise.all(outputs.map(([path, text]) => writeFile(path, text, 'utf8')));
  return paths;
}
