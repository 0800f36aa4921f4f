import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../cli/main.ts';
import { flippedProfile, liveLikeProfile } from '../emulator/EmulatorProfile.ts';
import type { FaultName } from '../emulator/faults.ts';
import { type EmulatorServer, startEmulator } from '../emulator/startEmulator.ts';
import type { Report } from '../reports/Report.ts';
import { writeReports } from '../reports/writeReports.ts';
import type { RuleId } from '../spec/rules.ts';
import { env as auditEnv, region, sandboxWorld } from './auditTestKit.ts';
import {
  auditRunCommand,
  detectInvocation,
  invocation,
  overrideInvocation,
  reproduceCommand,
  sdkRunCommand,
  shellQuote,
  verifyRunCommand,
} from './reproduceCommand.ts';
import { verify } from './verify.ts';
import { verifyReplay } from './verifyReplay.ts';

// Every printed reproduction names the target, world URL, region and mode flags of the run that found the
// failure, in the form the user ran (target-protocol §4). The replay tests below take the command a run
// printed, split it as a shell would, run it through the CLI's main() in this process against the same
// faulty target, and require the same rule to fail again.

const root = fileURLToPath(new URL('../../', import.meta.url));
const npx = ['npx', 'dkp-conformance'];
const checkout = ['npm', 'run', '--silent', 'dkp', '--'];

/** A command line split into words as a POSIX shell would (quotes, backslashes), up to a `#` comment. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated quote in ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '\\') {
      word = (word ?? '') + (line[++i] ?? '');
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '#' && word === undefined) {
      break;
    } else if (c === '"' || c === '$' || c === '`' || c === '*' || c === '?') {
      throw new Error(`a printed command must not rely on ${c}: ${line}`);
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The CLI arguments of a printed reproduction: its invocation words checked and removed. */
function cliArgs(printed: string, form: readonly string[] = npx): string[] {
  const words = shellWords(printed);
  expect(words.slice(0, form.length)).toEqual(form);
  return words.slice(form.length);
}

type Ran = { code: number; out: string };

/** Runs the CLI in this process, as the bin would. */
async function cli(args: readonly string[]): Promise<Ran> {
  const lines: string[] = [];
  const code = await main(args, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, out: lines.join('\n') };
}

/** The reproduction the terminal printed under `rule`'s finding. */
function printedReproduction(out: string, rule: RuleId): string {
  const at = out.search(new RegExp(`^${rule} (MUST|SHOULD) (fail|warn)`, 'm'));
  expect(at, out).toBeGreaterThanOrEqual(0);
  const line = /^ {4}reproduce: (.*)$/m.exec(out.slice(at))?.[1];
  if (line === undefined) throw new Error(`no reproduce line under ${rule}:\n${out}`);
  return line;
}

/** Runs a printed reproduction through the CLI and requires `rule` to fail (exit 1) again. */
async function replayFails(printed: string, rule: RuleId, level: 'MUST' | 'SHOULD' = 'MUST'): Promise<Ran> {
  const ran = await cli(cliArgs(printed));
  expect(ran.out).toMatch(new RegExp(`^${rule} ${level} ${level === 'MUST' ? 'fail' : 'warn'}`, 'm'));
  if (level === 'MUST') expect(ran.code, ran.out).toBe(1);
  return ran;
}

function failure(report: Report, rule: RuleId) {
  const found = report.rules.find((r) => r.id === rule)?.failure;
  if (found?.reproduce === undefined) throw new Error(`no failure of ${rule} with a reproduction`);
  return { ...found, reproduce: found.reproduce };
}

describe('shellQuote', () => {
  it('leaves literal words alone and single-quotes the rest, so a shell reads each back unchanged', () => {
    expect(shellQuote('http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000');
    expect(shellQuote('model:0:1')).toBe('model:0:1');
    const awkward = ['a dir/with spaces', "it's", '', 'python3 t.py --x "y"', '$HOME', 'a;b|c&d', '~/x', '*'];
    for (const word of awkward) expect(shellWords(`x ${shellQuote(word)} y`)).toEqual(['x', word, 'y']);
  });
});

describe('detectInvocation', () => {
  const at = (argv1: string | undefined, env: Record<string, string> = {}) =>
    detectInvocation({ argv: argv1 === undefined ? ['node'] : ['node', argv1], env }).join(' ');

  it('a checkout: the package script, or the CLI entry run from outside node_modules', () => {
    const npm = { npm_package_name: 'detach-key-pair-conformance', npm_lifecycle_event: 'dkp' };
    expect(at('/src/dkp/harness/cli/main.ts', npm)).toBe(checkout.join(' '));
    expect(at('/x', { ...npm, npm_lifecycle_event: 'conformance' })).toBe(checkout.join(' '));
    expect(at('/src/dkp/harness/cli/main.ts')).toBe(checkout.join(' '));
    expect(at('/src/dkp/bin/dkp-conformance.js')).toBe(checkout.join(' '));
  });

  it('the installed bin (npx, node_modules/.bin, a global install) and library callers: npx', () => {
    expect(at('/proj/node_modules/.bin/dkp-conformance')).toBe(npx.join(' '));
    expect(at('/home/u/.npm/_npx/1a2b/node_modules/detach-key-pair-conformance/bin/dkp-conformance.js')).toBe(
      npx.join(' '),
    );
    expect(at('/proj/node_modules/detach-key-pair-conformance/dist/harness/cli/main.js')).toBe(npx.join(' '));
    // Another package's script named dkp is not this checkout.
    expect(
      at('/proj/node_modules/.bin/dkp-conformance', { npm_package_name: 'mine', npm_lifecycle_event: 'dkp' }),
    ).toBe(npx.join(' '));
    expect(at('/proj/node_modules/vitest/vitest.mjs')).toBe(npx.join(' '));
    expect(at('/proj/scripts/gate.mjs')).toBe(npx.join(' '));
    expect(at(undefined)).toBe(npx.join(' '));
  });

  it('an override wins until it is cleared', () => {
    overrideInvocation(checkout);
    expect(invocation()).toEqual(checkout);
    overrideInvocation(undefined);
    expect(invocation()).toEqual(detectInvocation({ argv: process.argv, env: process.env }));
  });
});

describe('reproduceCommand', () => {
  beforeAll(() => overrideInvocation(checkout));
  afterAll(() => overrideInvocation(undefined));

  it('verify: the target, world URL, region and strictness; the bundled emulator by its profile and fault', () => {
    const printed = reproduceCommand(
      verifyRunCommand({
        target: 'http://127.0.0.1:4000',
        worldUrl: 'http://127.0.0.1:4001/world?x=1',
        region: 'cn-hangzhou',
        emulator: { fault: 'total-count-wrong' },
        strict: true,
        maxResponseBytes: 2048,
        responseTimeoutMs: 500,
      }),
      ['--seed', '7', '--path', 'model:0:1', '--only', 'OK-5'],
    );
    expect(printed).toBe(
      "npm run --silent dkp -- verify --target http://127.0.0.1:4000 --world-url 'http://127.0.0.1:4001/world?x=1' --region cn-hangzhou --strict --max-response-bytes 2048 --response-timeout 500 --seed 7 --path model:0:1 --only OK-5",
    );
    const bundled = verifyRunCommand({ emulator: { profile: flippedProfile, fault: 'fail-count-wrong' } });
    expect(bundled.flags).toEqual(['--profile', 'flipped', '--fault', 'fail-count-wrong']);
    expect(verifyRunCommand({ emulator: { profile: { ...liveLikeProfile } } }).flags).toEqual([
      '--profile',
      'live-like',
    ]);
  });

  it('sdk: the testee command quoted, and the directory it was resolved in', () => {
    const printed = reproduceCommand(
      sdkRunCommand({
        testee: "python3 'my testee.py'",
        cwd: '/srv/my client',
        strict: true,
        maxResponseBytes: 4096,
      }),
      ['--seed', '3', '--only', 'CL-6'],
      'fixed case error-Throttling\nsecond line',
    );
    expect(printed).toBe(
      `cd '/srv/my client' && npm run --silent dkp -- sdk --testee 'python3 '\\''my testee.py'\\''' --strict --max-response-bytes 4096 --seed 3 --only CL-6   # fixed case error-Throttling second line`,
    );
    expect(shellWords(printed.slice(printed.indexOf('&& ') + 3)).slice(6, 8)).toEqual([
      '--testee',
      "python3 'my testee.py'",
    ]);
    expect(sdkRunCommand({ adapter: 'a.ts', cwd: process.cwd() })).toEqual({
      command: 'sdk',
      flags: ['--adapter', 'a.ts'],
    });
  });

  it('audit: the endpoint, region, tiers, rate, timeout and size bound; never a credential', () => {
    const command = auditRunCommand({
      endpoint: 'https://ecs.cn-hangzhou.aliyuncs.com',
      region: 'cn-hangzhou',
      sandbox: '/home/me/sandbox manifest.json',
      rate: 2,
      timeoutMs: 5000,
      maxResponseBytes: 4096,
    });
    expect(reproduceCommand(command, ['--seed', '1', '--only', 'ST-3'])).toBe(
      "npm run --silent dkp -- audit --endpoint https://ecs.cn-hangzhou.aliyuncs.com --region cn-hangzhou --allow-mutation --sandbox '/home/me/sandbox manifest.json' --rate 2 --timeout 5000 --max-response-bytes 4096 --seed 1 --only ST-3",
    );
  });
});

describe('verify --profile and --fault (the bundled emulator a reproduction names)', () => {
  it('an unknown name, or either with --target, is a usage error (exit 2) before anything runs', async () => {
    const unknownFault = await cli(['verify', '--fault', 'no-such-fault']);
    expect(unknownFault.code).toBe(2);
    expect(unknownFault.out).toContain('unknown --fault "no-such-fault"; known: ');
    const unknownProfile = await cli(['verify', '--profile', 'no-such-profile']);
    expect(unknownProfile.code).toBe(2);
    expect(unknownProfile.out).toContain('unknown --profile "no-such-profile"');
    const withTarget = await cli([
      'verify',
      '--target',
      'http://127.0.0.1:9',
      '--fault',
      'total-count-wrong',
    ]);
    expect(withTarget).toEqual({
      code: 2,
      out: 'dkp-conformance: --profile and --fault set up the bundled emulator: not with --target',
    });
  });
});

describe('a printed reproduction finds the same failure again, for each kind', () => {
  const servers: EmulatorServer[] = [];
  const dirs: string[] = [];
  const seed = 7;
  /** A faulty emulator with world control, started once for the tests that need it. */
  const faulty = async (fault: FaultName, options: Parameters<typeof startEmulator>[0] = {}) => {
    const server = await startEmulator({ fault, ...options });
    servers.push(server);
    return server;
  };
  const tempDir = async (prefix: string) => {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };

  beforeAll(() => overrideInvocation(npx));
  afterAll(async () => {
    overrideInvocation(undefined);
    vi.unstubAllEnvs();
    await Promise.all(servers.map((s) => s.close()));
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('a documented case, found by the CLI: the same target, seed and runs, in every report file', async () => {
    const server = await faulty('key-pair-not-found-wrong-code');
    const args = [
      'verify',
      '--target',
      server.origin,
      '--seed',
      String(seed),
      '--runs',
      '1',
      '--only',
      'KP-1',
    ];
    const first = await cli([...args, '--no-contracts']);
    expect(first.code).toBe(1);
    const printed = printedReproduction(first.out, 'KP-1');
    expect(printed).toBe(
      `npx dkp-conformance verify --target ${server.origin} --no-contracts --seed ${seed} --runs 1 --only KP-1   # documented case fixtures/documented/cases/key-pair-not-found.case.json`,
    );
    const again = await replayFails(printed, 'KP-1');
    // Same seed, same target, same failure: it prints itself again.
    expect(printedReproduction(again.out, 'KP-1')).toBe(printed);

    // The report files carry the same command as the terminal.
    const dir = await tempDir('dkp-reproduce-');
    const { report } = await verify({ target: server.origin, seed, runs: 1, only: 'KP-1', contracts: false });
    expect(failure(report, 'KP-1').reproduce).toBe(printed);
    await writeReports(report, dir);
    const json = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
    expect(failure(json, 'KP-1').reproduce).toBe(printed);
    expect(await readFile(join(dir, 'junit.xml'), 'utf8')).toContain(
      `--target ${server.origin} --no-contracts`,
    );
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toContain(
      `--target ${server.origin} --no-contracts`,
    );
  });

  it('a contract: the same target, seed and runs, narrowed to the rule', async () => {
    const server = await faulty('key-pair-not-found-wrong-code');
    // Nothing else judges KP-1 first: no documented cases, and no property names KP-1.
    const { report } = await verify({
      target: server.origin,
      seed,
      runs: 1,
      only: 'KP-1',
      skipDocumented: true,
    });
    const found = failure(report, 'KP-1');
    expect(found.source).toMatch(/^contract:/);
    expect(found.reproduce).toMatch(
      new RegExp(
        `^npx dkp-conformance verify --target ${server.origin} --seed ${seed} --runs 1 --only KP-1   # contract `,
      ),
    );
    await replayFails(found.reproduce, 'KP-1');
  });

  it('a property and a model sequence: --seed --path against the same target', async () => {
    /** The failure of `rule` that a short properties-only run against `server` finds. */
    const found = async (server: EmulatorServer, rule: RuleId) =>
      failure(
        (
          await verify({
            target: server.origin,
            seed,
            runs: 3,
            only: rule,
            skipDocumented: true,
            contracts: false,
          })
        ).report,
        rule,
      );
    const detach = await faulty('collateral-detach');
    const property = await found(detach, 'ST-3');
    expect(property.source).toBe('property:detach');
    expect(property.reproduce).toBe(
      `npx dkp-conformance verify --target ${detach.origin} --seed ${seed} --path ${property.path} --only ST-3`,
    );
    await replayFails(property.reproduce, 'ST-3');

    const counts = await faulty('total-count-wrong');
    const sequence = await found(counts, 'OK-5');
    expect(sequence.source).toBe('property:model');
    expect(sequence.reproduce).toContain(`--target ${counts.origin} --seed ${seed} --path model:`);
    await replayFails(sequence.reproduce, 'OK-5');
  });

  it('the bundled emulator with a fault: --fault names it, so the reproduction is not run against a clean one', async () => {
    const { report } = await verify({
      emulator: { fault: 'total-count-wrong' },
      seed,
      runs: 3,
      only: 'OK-5',
      skipDocumented: true,
      contracts: false,
    });
    const found = failure(report, 'OK-5');
    expect(found.reproduce).toMatch(/^npx dkp-conformance verify --fault total-count-wrong --seed 7 --path /);
    await replayFails(found.reproduce, 'OK-5');
  });

  it('a world-free probe: the same target and region, credentials from the environment', async () => {
    const key = { accessKeyId: 'LTAI5tReproduceKey01', accessKeySecret: 'reproduce-secret-never-printed' };
    const server = await faulty('wrong-content-type', {
      worldControl: false,
      world: { accessKeys: [key], regions: [region], keyPairs: [], instances: [] },
    });
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_ID', key.accessKeyId);
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', key.accessKeySecret);
    const first = await cli([
      'verify',
      ...['--target', server.origin, '--region', region, '--seed', '11', '--runs', '5', '--only', 'TR-4'],
    ]);
    expect(first.code, first.out).toBe(1);
    const printed = printedReproduction(first.out, 'TR-4');
    expect(printed).toMatch(
      new RegExp(
        `^npx dkp-conformance verify --target ${server.origin} --region ${region} --seed 11 --path probes:\\S+ --only TR-4$`,
      ),
    );
    expect(printed).not.toContain(key.accessKeySecret);
    await replayFails(printed, 'TR-4');
  });

  it('an audit probe, and verify --replay of the recording it made: the same endpoint, region, rate and recording', async () => {
    const server = await faulty('no-signature-check', {
      worldControl: false,
      profile: liveLikeProfile,
      world: sandboxWorld(),
    });
    for (const [name, value] of Object.entries(auditEnv)) vi.stubEnv(name, value);
    const recordings = join(await tempDir('dkp-reproduce-'), 'a recording');
    const audit = await cli([
      'audit',
      ...['--endpoint', server.origin, '--region', region, '--rate', '1000', '--seed', '5', '--only', 'AU-8'],
      ...['--record', recordings],
    ]);
    expect(audit.code, audit.out).toBe(1);
    const printed = printedReproduction(audit.out, 'AU-8');
    expect(printed).toBe(
      `npx dkp-conformance audit --endpoint ${server.origin} --region ${region} --rate 1000 --seed 5 --only AU-8`,
    );
    await replayFails(printed, 'AU-8');

    // verify --replay against the bundled emulator with a fault: the recording's path is quoted.
    const { report } = await verifyReplay({
      replay: recordings,
      emulator: { fault: 'key-pair-not-found-wrong-code' },
      only: 'KP-1',
    });
    const found = failure(report, 'KP-1');
    expect(found.reproduce).toBe(
      `npx dkp-conformance verify --fault key-pair-not-found-wrong-code --replay ${shellQuote(recordings)} --only KP-1`,
    );
    await replayFails(found.reproduce, 'KP-1');
  });

  it('sdk: a fixed case and a property of an adapter whose path has a space in it', async () => {
    // Adapters in a directory whose name has a space: each re-exports a faulty client of harness/clients/faulty.
    const dir = await tempDir('dkp reproduce ');
    const adapter = (name: string) => join(dir, name);
    for (const name of ['xmlSingleResultDropped.ts', 'errorCodeSwallowed.ts']) {
      const source = pathToFileURL(join(root, 'harness/clients/faulty', name)).href;
      await writeFile(adapter(name), `export { default } from ${JSON.stringify(source)};\n`);
    }

    const fixed = await cli([
      'sdk',
      '--adapter',
      adapter('xmlSingleResultDropped.ts'),
      '--seed',
      '11',
      '--runs',
      '3',
    ]);
    expect(fixed.code, fixed.out).toBe(1);
    const fixedCase = printedReproduction(fixed.out, 'CL-5');
    expect(fixedCase).toBe(
      `npx dkp-conformance sdk --adapter ${shellQuote(adapter('xmlSingleResultDropped.ts'))} --seed 11 --runs 3 --only CL-5   # fixed case single-result-typed`,
    );
    await replayFails(fixedCase, 'CL-5');

    const property = await cli([
      'sdk',
      '--adapter',
      adapter('errorCodeSwallowed.ts'),
      '--seed',
      '11',
      '--runs',
      '3',
    ]);
    const generated = printedReproduction(property.out, 'CL-6');
    expect(generated).toMatch(/ --seed 11 --path error:\S+ --only CL-6$/);
    await replayFails(generated, 'CL-6');
  });

  it('in a checkout the same reproduction is an npm script line, with the CLI arguments after --', async () => {
    overrideInvocation(checkout);
    try {
      const server = await faulty('key-pair-not-found-wrong-code');
      const { report } = await verify({
        target: server.origin,
        seed,
        runs: 1,
        only: 'KP-1',
        contracts: false,
      });
      const found = failure(report, 'KP-1');
      expect(found.reproduce.startsWith(`npm run --silent dkp -- verify --target ${server.origin} `)).toBe(
        true,
      );
      const ran = await cli(cliArgs(found.reproduce, checkout));
      expect(ran.code).toBe(1);
    } finally {
      overrideInvocation(npx);
    }
  });
});
