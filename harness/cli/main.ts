import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { emulatorProfiles } from '../emulator/EmulatorProfile.ts';
import { type FaultName, faultNames, isFaultName } from '../emulator/faults.ts';
import { startEmulator } from '../emulator/startEmulator.ts';
import { specDocuments } from '../packageFiles.ts';
import { readRecording } from '../recordings/readRecording.ts';
import { buildDrift, writeDrift } from '../reports/driftReport.ts';
import { mergeReports } from '../reports/mergeReports.ts';
import type { Report } from '../reports/Report.ts';
import { writeReports } from '../reports/writeReports.ts';
import { withCaseReproductions, writeCaseFiles } from '../runner/caseFiles.ts';
import { invocation, verifyRunCommand } from '../runner/reproduceCommand.ts';
import type { ResponseBounds } from '../runner/runSetup.ts';
import { runSmoke } from '../runner/runSmoke.ts';
import { verify as runVerify, type VerifyOptions, type VerifyProgress } from '../runner/verify.ts';
import { rules, rulesVersion } from '../spec/rules.ts';
import { validateWorld } from '../spec/validateWorld.ts';
import { HarnessError } from '../util/HarnessError.ts';
import { asksForHelp, formatHelp, parseCommandOptions } from './CommandSchema.ts';
import { type Io, readExpectations, terminalFor } from './commandKit.ts';
import { commandSchemas, isCommandName } from './commandSchemas.ts';

// The usage: every command's lines from its schema, then `help`; its first line in the form that runs
// (`npx dkp-conformance`, or `npm run --silent dkp --` in a checkout: reproduceCommand.ts).
const usage = () =>
  [
    `usage: ${invocation().join(' ')} <command> [options]`,
    ...Object.values(commandSchemas).map((schema) => schema.usage),
    `${'  help    [COMMAND]'.padEnd(55)}every option of a command, its description and default (or COMMAND --help)`,
  ].join('\n');

/**
 * Runs one CLI command and resolves to its exit code (target-protocol §4: 0 conformant, 1 failure,
 * 2 usage or configuration error, 3 inconclusive). Long-running commands (`emulate`) resolve on SIGINT/SIGTERM.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command !== undefined && isCommandName(command) && asksForHelp(rest)) {
      io.out(formatHelp(commandSchemas[command]));
      return 0;
    }
    switch (command) {
      case 'emulate':
        return await emulate(rest, io);
      case 'verify':
        return await verify(rest, io);
      // The other commands' modules load when asked for: `verify` (the default run) never pays for them.
      case 'sdk':
        return await (await import('./sdkCommand.ts')).runSdkCommand(rest, io);
      case 'audit':
        return await (await import('./auditCommand.ts')).runAuditCommand(rest, io);
      case 'compare':
        return await (await import('./compareCommand.ts')).runCompareCommand(rest, io);
      case 'drift':
        return await (await import('./driftCommand.ts')).runDriftCommand(rest, io);
      case 'rules':
        return listRules(rest, io);
      case 'merge-reports':
        return await mergeReportsCommand(rest, io);
      case 'help':
        return help(rest, io);
      case undefined:
      case '--help':
      case '-h':
        io.out(usage());
        return command === undefined ? 2 : 0;
      default:
        throw new HarnessError('USAGE', `unknown command "${command}"\n${usage()}`);
    }
  } catch (error) {
    if (error instanceof HarnessError) {
      io.err(`dkp-conformance: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
}

async function emulate(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommandOptions(commandSchemas.emulate, args);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new HarnessError('USAGE', `--port must be an integer 0..65535, got "${values.port}"`);
  }
  const profile = emulatorProfiles[values.profile ?? 'reference'];
  if (profile === undefined) {
    throw new HarnessError(
      'USAGE',
      `unknown --profile "${values.profile}"; known: ${Object.keys(emulatorProfiles).join(', ')}`,
    );
  }
  const fault = values.fault;
  if (fault !== undefined && !isFaultName(fault)) {
    throw new HarnessError('USAGE', `unknown --fault "${fault}"; known: ${faultNames.join(', ')}`);
  }
  let world: ReturnType<typeof validateWorld> | undefined;
  if (values.world !== undefined) {
    let text: string;
    try {
      text = await readFile(values.world, 'utf8');
    } catch (error) {
      throw new HarnessError('CONFIG', `cannot read --world ${values.world}: ${(error as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new HarnessError('CONFIG', `--world ${values.world} is not JSON: ${(error as Error).message}`);
    }
    world = validateWorld(json);
    if (!world.ok)
      throw new HarnessError(
        'CONFIG',
        `--world ${values.world} is not a valid World: ${world.problems.join('; ')}`,
      );
  }
  let server: Awaited<ReturnType<typeof startEmulator>>;
  try {
    server = await startEmulator({
      port,
      profile,
      ...(fault === undefined ? {} : { fault }),
      ...(world?.ok ? { world: world.world } : {}),
    });
  } catch (error) {
    throw new HarnessError('CONFIG', `cannot listen on port ${port}: ${(error as Error).message}`);
  }
  io.out(`LISTENING ${server.port}`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  return 0;
}

async function verify(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandOptions(commandSchemas.verify, args);
  // `--case DIR/*.case.json`: the shell's expansion puts every file after the first one as a positional.
  if (positionals.length > 0 && values.case === undefined)
    throw new HarnessError(
      'USAGE',
      `unexpected argument "${positionals[0]}" (case files follow --case FILE)`,
    );
  const caseFiles = values.case === undefined ? undefined : [...values.case, ...positionals];
  if (values.target !== undefined) checkOrigin(values.target);
  const emulator = bundledEmulator(values.profile, values.fault);
  if (emulator !== undefined && values.target !== undefined)
    throw new HarnessError('USAGE', '--profile and --fault set up the bundled emulator: not with --target');
  const integer = (name: string, text: string | undefined, min: number): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min)
      throw new HarnessError('USAGE', `--${name} must be an integer ≥ ${min}, got "${text}"`);
    return n;
  };
  const maxResponseBytes = integer('max-response-bytes', values['max-response-bytes'], 1);
  const responseTimeoutMs = integer('response-timeout', values['response-timeout'], 1);
  if (values.smoke)
    return smoke(values.target, values['world-url'], { maxResponseBytes, responseTimeoutMs }, io);
  const runs = integer('runs', values.runs, 1);
  const seed = integer('seed', values.seed, 0);
  const expectations =
    values.expectations === undefined ? undefined : await readExpectations(values.expectations);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  const terminal = terminalFor(io, values['progress-interval']);
  const runOptions = {
    ...(caseFiles === undefined ? {} : { cases: caseFiles }),
    ...(values.cases === undefined ? {} : { casesDir: values.cases }),
    ...(shard === undefined ? {} : { shard }),
    ...(values.replay === undefined ? {} : { replay: values.replay }),
    ...(values.target === undefined ? {} : { target: values.target }),
    ...(values['world-url'] === undefined ? {} : { worldUrl: values['world-url'] }),
    ...(values.region === undefined ? {} : { region: values.region }),
    ...(runs === undefined ? {} : { runs }),
    ...(seed === undefined ? {} : { seed }),
    ...(values.path === undefined ? {} : { path: values.path }),
    ...(values.only === undefined ? {} : { only: values.only }),
    ...(expectations === undefined ? {} : { expectations }),
    strict: values.strict === true,
    ...(values['no-contracts'] === true ? { contracts: false } : {}),
    ...(emulator === undefined ? {} : { emulator }),
    ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }),
    ...(responseTimeoutMs === undefined ? {} : { responseTimeoutMs }),
    onProgress: (event: VerifyProgress) => terminal.progress(event),
  } satisfies VerifyOptions;
  const result = await runVerify(runOptions);
  const { secrets } = result;
  const reportDir = values['report-dir'];
  // Each failure kept as a case file (`--report-dir`); its reproduction then replays the file (`--case`).
  const kept = reportDir === undefined ? [] : await writeCaseFiles(reportDir, result.cases, secrets);
  const report = withCaseReproductions(result.report, kept, verifyRunCommand(runOptions));
  terminal.finish(report);
  if (reportDir !== undefined) {
    if (kept.length > 0)
      io.out(`counterexamples: ${kept.length} case files in ${join(reportDir, 'counterexamples')}`);
    const written = await writeReports(report, reportDir, secrets);
    io.out(`reports: ${written.json}, ${written.junit}, ${written.html}`);
    if (values.replay !== undefined) {
      const recording = await readRecording(values.replay);
      const drift = await writeDrift(buildDrift({ report, recording }), reportDir, secrets);
      io.out(`drift: ${drift.json}, ${drift.html}`);
    }
  }
  return report.exitCode;
}

/**
 * `verify --profile NAME --fault NAME`: the bundled emulator's profile and injected fault, as `emulate`
 * takes them (so that a reproduction printed by a run against a faulty bundled emulator judges it again);
 * an unknown name is a usage error (exit 2).
 */
function bundledEmulator(
  profile: string | undefined,
  fault: string | undefined,
): { profile?: string; fault?: FaultName } | undefined {
  if (profile === undefined && fault === undefined) return undefined;
  if (profile !== undefined && !Object.hasOwn(emulatorProfiles, profile))
    throw new HarnessError(
      'USAGE',
      `unknown --profile "${profile}"; known: ${Object.keys(emulatorProfiles).join(', ')}`,
    );
  if (fault !== undefined && !isFaultName(fault))
    throw new HarnessError('USAGE', `unknown --fault "${fault}"; known: ${faultNames.join(', ')}`);
  return { ...(profile === undefined ? {} : { profile }), ...(fault === undefined ? {} : { fault }) };
}

function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (m === null) throw new HarnessError('USAGE', `--shard must look like I/N (e.g. 1/3), got "${text}"`);
  return { index: Number(m[1]), count: Number(m[2]) };
}

/** `merge-reports DIR... --report-dir DIR`: one report from the shards' report.json files (target-protocol §4). */
async function mergeReportsCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandOptions(commandSchemas['merge-reports'], args);
  const reportDir = values['report-dir'];
  if (reportDir === undefined || positionals.length === 0) {
    throw new HarnessError(
      'USAGE',
      'merge-reports needs one or more report directories and --report-dir DIR',
    );
  }
  const expectations =
    values.expectations === undefined ? undefined : await readExpectations(values.expectations);
  const shards: Report[] = [];
  for (const dir of positionals) {
    try {
      shards.push(JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report);
    } catch (error) {
      throw new HarnessError(
        'CONFIG',
        `cannot read ${join(dir, 'report.json')}: ${(error as Error).message}`,
      );
    }
  }
  let merged: Report;
  try {
    merged = mergeReports(shards, {
      ...(values.strict === true ? { strict: true } : {}),
      ...(expectations === undefined ? {} : { expectations }),
    });
  } catch (error) {
    throw new HarnessError('CONFIG', (error as Error).message);
  }
  terminalFor(io).finish(merged);
  const written = await writeReports(merged, reportDir);
  io.out(`reports: ${written.json}, ${written.junit}, ${written.html}`);
  return merged.exitCode;
}

function checkOrigin(target: string): void {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new HarnessError(
      'USAGE',
      `--target must be an origin such as http://127.0.0.1:4000, got "${target}"`,
    );
  }
  if (
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search !== '' ||
    url.hash !== '' ||
    !/^https?:$/.test(url.protocol)
  ) {
    throw new HarnessError('USAGE', `--target must be an origin (scheme://host:port), got "${target}"`);
  }
}

/** `verify --smoke`: four quick requests against a target with world control, within the response bounds. */
async function smoke(
  target: string | undefined,
  worldUrl: string | undefined,
  bounds: ResponseBounds,
  io: Io,
): Promise<number> {
  const steps = await runSmoke({
    target,
    worldUrl,
    bounds,
    onBundled: (origin) => io.out(`bundled reference emulator on ${origin}`),
  });
  for (const step of steps)
    io.out(`${step.ok ? 'ok  ' : 'FAIL'} ${step.name} [${step.rules}] — ${step.detail}`);
  const failed = steps.filter((s) => !s.ok).length;
  io.out(`smoke: ${steps.length - failed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

/** `help [COMMAND]`: a command's help (exit 0), the usage without one; an unknown command is exit 2. */
function help(args: readonly string[], io: Io): number {
  const [name, ...extra] = args;
  if (name === undefined) {
    io.out(usage());
    return 0;
  }
  if (!isCommandName(name) || extra.length > 0)
    throw new HarnessError(
      'USAGE',
      `help takes one command, one of: ${Object.keys(commandSchemas).join(', ')}`,
    );
  io.out(formatHelp(commandSchemas[name]));
  return 0;
}

function listRules(args: readonly string[], io: Io): number {
  const { values } = parseCommandOptions(commandSchemas.rules, args);
  if (values.json) {
    io.out(JSON.stringify(rules, null, 2));
    return 0;
  }
  io.out(`rules (version ${rulesVersion}): ${specDocuments.rules}`);
  io.out(`protocol: ${specDocuments.protocol}`);
  io.out('');
  for (const rule of rules) io.out(`${rule.id.padEnd(6)} ${rule.level.padEnd(6)} ${rule.statement}`);
  return 0;
}

// Run when executed directly (tsx harness/cli/main.ts or the bin), not when imported by tests.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // A closed pipe (`| head`) ends output quietly instead of crashing.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  main(process.argv.slice(2), {
    out: (l) => console.log(l),
    err: (l) => console.error(l),
    write: (text) => process.stdout.write(text),
    isTTY: process.stdout.isTTY === true,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`dkp-conformance: internal error: ${(error as Error).stack ?? String(error)}`);
      process.exitCode = 3;
    },
  );
}
