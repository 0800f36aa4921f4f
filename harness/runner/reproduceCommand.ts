import { isAbsolute, resolve, sep } from 'node:path';
import { type EmulatorProfile, emulatorProfiles } from '../emulator/EmulatorProfile.ts';
import type { FaultName } from '../emulator/faults.ts';

// Every `reproduce` command a report prints is built here (target-protocol §4): it names the same target,
// world URL, region and mode flags as the run that found the failure, in the form the user ran the suite,
// quoted for a POSIX shell, so that running it as printed judges the same implementation again.

/** The package's name, as `npm_package_name` spells it inside its own checkout. */
const packageName = 'detach-key-pair-conformance';

/** The installed bin, as `npx` runs it (README: Getting started). */
const installedForm: readonly string[] = ['npx', 'dkp-conformance'];

/** The checkout's script (`package.json` `scripts.dkp`), as CONTRIBUTING.md and target-protocol §4 run it. */
const checkoutForm: readonly string[] = ['npm', 'run', '--silent', 'dkp', '--'];

let override: readonly string[] | undefined;

/**
 * The words that start a command in the form the user ran the suite (decided from the process, no I/O):
 * `npm run --silent dkp --` in a checkout — the CLI run through this package's own `dkp` or `conformance`
 * script, or its entry (`bin/dkp-conformance.js`, `harness/cli/main.ts`) run from outside any
 * `node_modules` — and `npx dkp-conformance` otherwise: the bin installed from the package (under
 * `node_modules`, wherever npx or npm put it), and library callers, whose process is not the CLI at all.
 */
export function detectInvocation(process: {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
}): readonly string[] {
  const { env } = process;
  if (
    env.npm_package_name === packageName &&
    (env.npm_lifecycle_event === 'dkp' || env.npm_lifecycle_event === 'conformance')
  )
    return checkoutForm;
  const entry = process.argv[1];
  if (entry === undefined) return installedForm;
  const path = entry.split(sep).join('/');
  const isCli = /(?:^|\/)(?:bin\/dkp-conformance(?:\.js)?|harness\/cli\/main\.[jt]s)$/.test(path);
  return isCli && !path.split('/').includes('node_modules') ? checkoutForm : installedForm;
}

/**
 * The words every reproduction of this process starts with: {@link overrideInvocation}'s when set, else
 * {@link detectInvocation} of the running process.
 */
export function invocation(): readonly string[] {
  return override ?? detectInvocation({ argv: globalThis.process.argv, env: globalThis.process.env });
}

/**
 * Makes every later reproduction start with `words` (e.g. `['npx', 'dkp-conformance']`) whatever the
 * process looks like; `undefined` restores detection. For tests, and for tools that run the CLI in-process.
 */
export function overrideInvocation(words: readonly string[] | undefined): void {
  override = words === undefined ? undefined : [...words];
}

/** Characters a POSIX shell reads literally in an unquoted word (no globbing, expansion or splitting). */
const plainWord = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * `word` as one POSIX shell word: unchanged when every character is literal to the shell (URLs, rule IDs,
 * `--path` values), else in single quotes with each `'` written `'\''` (paths with spaces, testee commands).
 */
export function shellQuote(word: string): string {
  return plainWord.test(word) ? word : `'${word.split("'").join(`'\\''`)}'`;
}

/** What names a run's target and mode: the command, its flags, and the directory it must run from. */
export type RunCommand = {
  command: 'verify' | 'sdk' | 'audit';
  /** The flags naming the target and the mode, unquoted (each word one argument). */
  flags: readonly string[];
  /** Set when the run resolved paths or commands somewhere other than `process.cwd()`. */
  cwd?: string;
};

/**
 * One reproduction command line: `[cd DIR && ]<invocation> <command> <flags> <extra>[   # note]`, every
 * word shell-quoted, the note on one line. `extra` names what to replay (`--seed`, `--path`, `--only`).
 */
export function reproduceCommand(run: RunCommand, extra: readonly string[], note?: string): string {
  const words = [...invocation(), run.command, ...run.flags, ...extra].map(shellQuote).join(' ');
  const cd = run.cwd === undefined ? '' : `cd ${shellQuote(run.cwd)} && `;
  const comment = note === undefined ? '' : `   # ${note.replace(/\s+/g, ' ').trim()}`;
  return `${cd}${words}${comment}`;
}

/** The options of a `verify` run that decide what a reproduction of it judges. */
export type VerifyRunFlags = {
  target?: string | undefined;
  worldUrl?: string | undefined;
  region?: string | undefined;
  emulator?: { fault?: FaultName; profile?: EmulatorProfile | string } | undefined;
  strict?: boolean | undefined;
  maxResponseBytes?: number | undefined;
  responseTimeoutMs?: number | undefined;
};

/**
 * `verify`'s flags naming the run's target and mode: `--target`, `--world-url` and `--region` as given;
 * for the bundled emulator (no target) its `--profile` and `--fault`; `--strict` when on; the response
 * bounds when set (a slow target replayed under the default bound would be inconclusive). A profile
 * passed as an object is named by the bundled profile it is, else shown as `<in-process profile>`.
 */
export function verifyRunCommand(options: VerifyRunFlags): RunCommand {
  const flags: string[] = [];
  if (options.target !== undefined) flags.push('--target', options.target);
  if (options.worldUrl !== undefined) flags.push('--world-url', options.worldUrl);
  if (options.region !== undefined) flags.push('--region', options.region);
  if (options.target === undefined) {
    const profile = options.emulator?.profile;
    if (profile !== undefined) flags.push('--profile', profileName(profile));
    const fault = options.emulator?.fault;
    if (fault !== undefined) flags.push('--fault', fault);
  }
  if (options.strict === true) flags.push('--strict');
  flags.push(...responseBounds(options));
  return { command: 'verify', flags };
}

/** `--max-response-bytes` and `--response-timeout`, when the run set them. */
function responseBounds(options: {
  maxResponseBytes?: number | undefined;
  responseTimeoutMs?: number | undefined;
}): string[] {
  return [
    ...(options.maxResponseBytes === undefined
      ? []
      : ['--max-response-bytes', String(options.maxResponseBytes)]),
    ...(options.responseTimeoutMs === undefined
      ? []
      : ['--response-timeout', String(options.responseTimeoutMs)]),
  ];
}

function profileName(profile: EmulatorProfile | string): string {
  if (typeof profile === 'string') return profile;
  const json = JSON.stringify(profile);
  const named = Object.entries(emulatorProfiles).find(
    ([, known]) => known === profile || JSON.stringify(known) === json,
  );
  return named?.[0] ?? '<in-process profile>';
}

/**
 * `sdk`'s flags naming the client: `--adapter MODULE` (an adapter passed as an object shows as
 * `<in-process adapter>`) or `--testee COMMAND`, `--strict` when on, `--max-response-bytes` when set. With a `cwd` other than the
 * process's, the command first changes to it, where the adapter and the testee were resolved.
 */
export function sdkRunCommand(options: {
  adapter?: string | object | undefined;
  testee?: string | undefined;
  strict?: boolean | undefined;
  maxResponseBytes?: number | undefined;
  cwd?: string | undefined;
}): RunCommand {
  const flags: string[] =
    options.testee !== undefined
      ? ['--testee', options.testee]
      : ['--adapter', typeof options.adapter === 'string' ? options.adapter : '<in-process adapter>'];
  if (options.strict === true) flags.push('--strict');
  flags.push(...responseBounds({ maxResponseBytes: options.maxResponseBytes }));
  const cwd =
    options.cwd === undefined || resolve(options.cwd) === globalThis.process.cwd() ? undefined : options.cwd;
  return { command: 'sdk', flags, ...(cwd === undefined ? {} : { cwd: absolute(cwd) }) };
}

function absolute(dir: string): string {
  return isAbsolute(dir) ? dir : resolve(dir);
}

/**
 * `audit`'s flags naming the endpoint and mode: `--endpoint` and `--region`; `--allow-mutation --sandbox
 * FILE` for the sandbox tier (a manifest passed as an object shows as `<manifest>`); `--rate`, `--timeout`
 * and `--max-response-bytes` when given; `--strict` when on. Credentials stay in the environment, never
 * in the command.
 */
export function auditRunCommand(options: {
  endpoint: string;
  region: string;
  sandbox?: string | object | undefined;
  rate?: number | undefined;
  timeoutMs?: number | undefined;
  maxResponseBytes?: number | undefined;
  strict?: boolean | undefined;
}): RunCommand {
  const flags = ['--endpoint', options.endpoint, '--region', options.region];
  if (options.sandbox !== undefined)
    flags.push(
      '--allow-mutation',
      '--sandbox',
      typeof options.sandbox === 'string' ? options.sandbox : '<manifest>',
    );
  if (options.rate !== undefined) flags.push('--rate', String(options.rate));
  if (options.timeoutMs !== undefined) flags.push('--timeout', String(options.timeoutMs));
  flags.push(...responseBounds({ maxResponseBytes: options.maxResponseBytes }));
  if (options.strict === true) flags.push('--strict');
  return { command: 'audit', flags };
}
