import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractSnippets, shellCommands } from './readmeTestKit.ts';
import type { Report } from './reports/Report.ts';

// The user's journey with the published package, for real: `npm pack` (its prepack builds dist/), a fresh
// project made by `npm init -y` installing the tarball and the official SDK, then `npx dkp-conformance
// verify` (bundled emulator), `npx dkp-conformance sdk --adapter` (the shipped official-SDK adapter and
// expectations), and the README's snippets and journey commands as printed (the last describe).
// No TypeScript toolchain in that project: the package must run as compiled JavaScript. The install needs
// the npm registry (or a warm npm cache): when it cannot install, this fails with npm's message — it never
// skips. It packs a staged copy of the checkout's files (`stageCheckout`), so it runs beside the other test
// files: the consumer contract tests rewrite contracts/pacts while they run, and the copy takes each pact
// file only once it reads as whole JSON.

const root = fileURLToPath(new URL('../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};
const installed = (dir: string) => join(dir, 'node_modules', manifest.name);
/** The official SDK's versions this checkout is tested with: the install then hits the npm cache. */
const sdkVersion = (name: string) =>
  (createRequire(join(root, 'package.json'))(`${name}/package.json`) as { version: string }).version;

type Run = { code: number; stdout: string; stderr: string; ms: number };

function run(
  command: string,
  args: readonly string[],
  cwd: string,
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, npm_config_update_notifier: 'false', NO_COLOR: '1', ...extraEnv },
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

/** Fails with the command's own output when it did not exit 0. */
function succeeded(what: string, result: Run): Run {
  if (result.code !== 0) {
    throw new Error(
      `${what} exited ${result.code}:\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`,
    );
  }
  return result;
}

/**
 * Copies the checkout's files (tracked, and untracked but not ignored: what a commit of the working tree
 * would hold) to `dir`, with node_modules linked, so that `npm pack` there builds and packs exactly them.
 * A pact file is taken only once it parses as JSON: a consumer test may be rewriting it at that moment
 * (Pact writes the same bytes again in merge mode), and a half-written copy would be a different package.
 */
async function stageCheckout(dir: string): Promise<void> {
  const listed = succeeded(
    'git ls-files',
    await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], root),
  );
  for (const path of new Set(listed.stdout.split('\0').filter((p) => p !== ''))) {
    const from = join(root, path);
    if (!existsSync(from)) continue; // deleted in the working tree, not yet in a commit
    await mkdir(dirname(join(dir, path)), { recursive: true });
    if (path.startsWith('contracts/pacts/') && path.endsWith('.json'))
      await copyWholeJson(from, join(dir, path));
    else await copyFile(from, join(dir, path));
  }
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
}

/**
 * Copies a JSON file once a read of it parses: never a half-written one. No deadline (a consumer test
 * paused mid-write on a loaded machine only delays it); a hang is the hook timeout's to catch.
 */
async function copyWholeJson(from: string, to: string): Promise<void> {
  for (;;) {
    const text = await readFile(from, 'utf8');
    try {
      JSON.parse(text);
      await writeFile(to, text);
      return;
    } catch {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

type PackResult = { filename: string; size: number; unpackedSize: number; files: { path: string }[] };

let work = '';
let project = '';
let packed: PackResult;
const timings: Record<string, number> = {};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'dkp-package-'));
  project = join(work, 'project');
  const checkout = join(work, 'checkout');
  await stageCheckout(checkout);
  const pack = succeeded(
    'npm pack',
    // Its type check is `npm run typecheck`'s (the same sources, tests included): tsc emits the same files.
    await run('npm', ['pack', '--json', '--pack-destination', work], checkout, { DKP_BUILD_NO_CHECK: '1' }),
  );
  timings['npm pack (build included)'] = pack.ms;
  packed = (JSON.parse(pack.stdout) as PackResult[])[0] as PackResult;

  // A project as a new user makes one: `npm init -y` (CommonJS).
  await mkdir(project);
  succeeded('npm init -y', await run('npm', ['init', '-y'], project));
  const install = await run(
    'npm',
    [
      'install',
      '--save-dev',
      join(work, packed.filename),
      `@alicloud/ecs20140526@${sdkVersion('@alicloud/ecs20140526')}`,
      `@alicloud/openapi-core@${sdkVersion('@alicloud/openapi-core')}`,
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
    ],
    project,
  );
  timings['npm install'] = install.ms;
  succeeded('npm install of the tarball (needs the npm registry or a warm npm cache)', install);
});

afterAll(async () => {
  console.log(
    `package journey: ${Object.entries(timings)
      .map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`)
      .join(', ')}`,
  );
  if (work !== '') await rm(work, { recursive: true, force: true });
});

async function readReports(dir: string): Promise<Report> {
  const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
  expect(await readFile(join(dir, 'junit.xml'), 'utf8')).toContain('<testsuite');
  expect(await readFile(join(dir, 'report.html'), 'utf8')).toContain('<html');
  return report;
}

/**
 * The modules of `dist/` that nothing the package offers can load: its `exports` and `bin` are the roots, and
 * every relative `.js` specifier in a reached module's JavaScript or declarations (imports, `import()`, a
 * forked worker's file name) reaches another. A module only tests use — a test kit, a test's helper — is
 * listed here, since no shipped module imports it.
 */
function unreachableModules(packageDir: string, files: readonly string[]): string[] {
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    exports: Record<string, string | Record<string, string>>;
    bin: Record<string, string>;
  };
  const moduleOf = (file: string) => posix.normalize(file).replace(/\.(d\.ts|js)$/, '');
  const roots = [
    ...Object.values(pkg.exports).flatMap((entry) =>
      typeof entry === 'string' ? [entry] : Object.values(entry),
    ),
    ...Object.values(pkg.bin),
  ];
  const reached = new Set<string>();
  const queue = roots.map(moduleOf);
  for (let module = queue.pop(); module !== undefined; module = queue.pop()) {
    if (reached.has(module)) continue;
    reached.add(module);
    for (const file of [`${module}.js`, `${module}.d.ts`].filter((f) => files.includes(f))) {
      const text = readFileSync(join(packageDir, file), 'utf8');
      for (const [, , specifier] of text.matchAll(/(['"`])(\.{1,2}\/[^'"`\s]+?\.js)\1/g)) {
        queue.push(moduleOf(posix.join(posix.dirname(module), specifier as string)));
      }
    }
  }
  return files.filter((f) => f.startsWith('dist/') && /\.(js|d\.ts)$/.test(f) && !reached.has(moduleOf(f)));
}

describe('the npm package', () => {
  it('ships compiled JavaScript, declarations, the bin, the runtime data files and a licence; no sources or tests', () => {
    const files = packed.files.map((f) => f.path);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => /\.test\.|\.fixture\.|TestKit/.test(f))).toEqual([]);
    expect(
      files.filter(
        (f) =>
          !/^(dist|bin|contracts\/pacts|fixtures|harness|examples|spec)\/|^[^/]+$/.test(f) &&
          f !== 'contracts/README.md',
      ),
    ).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'LICENSE',
        'README.md',
        'bin/dkp-conformance.js',
        'dist/harness/index.js',
        'dist/harness/index.d.ts',
        'dist/harness/cli/main.js',
        'dist/contracts/provider/verifierWorker.js',
        'dist/harness/clients/adapters/officialSdkV3.js',
        'contracts/pacts/alicloud-ecs20140526-v3-ecs-detachkeypair.json',
        'fixtures/worlds/smoke.world.json',
        'fixtures/documented/cases/single-instance.case.json',
        'harness/clients/adapters/officialSdkV3.expectations.json',
        'examples/testee.py',
        // The documents a user of the installed package needs: the rules and the protocol every report
        // cites, the emulator's fault list, the contracts' guide.
        'spec/DetachKeyPair.rules.md',
        'spec/target-protocol.md',
        'harness/emulator/README.md',
        'contracts/README.md',
        'INTERPRETING.md',
      ]),
    );
    // Outside dist/, only data: no fixture or harness module the runtime does not read.
    expect(
      files.filter(
        (f) => /^(fixtures|harness|contracts)\//.test(f) && !f.endsWith('.json') && !f.endsWith('README.md'),
      ),
    ).toEqual([]);
    expect(files.filter((f) => f.startsWith('dist/') && !/\.(js|d\.ts)$/.test(f))).toEqual([]);
    // No dead weight: every shipped module is one the package can load (test-only support stays out).
    expect(unreachableModules(installed(project), files)).toEqual([]);
  });

  it('installs without TypeScript and exposes the library API (verify, startEmulator) to import()', async () => {
    expect(existsSync(join(project, 'node_modules', 'typescript'))).toBe(false);
    const probe = succeeded(
      'node -e import(package)',
      await run(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import('${manifest.name}');
const emulator = await m.startEmulator({ port: 0 });
const world = await fetch(emulator.worldUrl);
await emulator.close();
console.log(JSON.stringify({ verify: typeof m.verify, startEmulator: typeof m.startEmulator, world: world.status }));`,
        ],
        project,
      ),
    );
    expect(JSON.parse(probe.stdout.trim())).toEqual({
      verify: 'function',
      startEmulator: 'function',
      world: 200,
    });
  });

  it('npx dkp-conformance verify: the bundled emulator, exit 0, reports written', async () => {
    const verify = succeeded(
      'npx dkp-conformance verify',
      await run('npx', ['dkp-conformance', 'verify', '--runs', '10', '--report-dir', 'r1'], project),
    );
    timings['npx dkp-conformance verify'] = verify.ms;
    expect(verify.stdout).toContain('verdict: conformant (exit 0)');
    const report = await readReports(join(project, 'r1'));
    expect(report.exitCode).toBe(0);
    // The compiled contracts phase found the shipped pact files and ran the Pact verifier's worker.
    expect(verify.stdout).toMatch(/contracts: [1-9]\d* interactions passed, 0 failed/);
  });

  it('npx dkp-conformance rules: prints where the shipped rules and protocol are, and they are there', async () => {
    const listed = succeeded(
      'npx dkp-conformance rules',
      await run('npx', ['dkp-conformance', 'rules'], project),
    );
    const rulesPath = listed.stdout.match(/^rules \(version \d+\): (.+)$/m)?.[1];
    const protocolPath = listed.stdout.match(/^protocol: (.+)$/m)?.[1];
    expect(rulesPath).toBe(join(installed(project), 'spec', 'DetachKeyPair.rules.md'));
    expect(protocolPath).toBe(join(installed(project), 'spec', 'target-protocol.md'));
    expect(readFileSync(rulesPath ?? '', 'utf8')).toContain('| AU-3 | MUST |');
    expect(readFileSync(protocolPath ?? '', 'utf8')).toContain('## 4. Command line and report');
  });

  it('npx dkp-conformance sdk --adapter: the official SDK through the shipped adapter and expectations, exit 0', async () => {
    const expectations = join(installed(project), 'harness/clients/adapters/officialSdkV3.expectations.json');
    const sdk = succeeded(
      'npx dkp-conformance sdk',
      await run(
        'npx',
        [
          'dkp-conformance',
          'sdk',
          '--adapter',
          `${manifest.name}/adapters/official-sdk-v3`,
          '--runs',
          '10',
          '--report-dir',
          'r2',
          '--expectations',
          expectations,
        ],
        project,
      ),
    );
    timings['npx dkp-conformance sdk'] = sdk.ms;
    const report = await readReports(join(project, 'r2'));
    expect(report.exitCode).toBe(0);
    expect(report.rules.filter((r) => r.id.startsWith('CL-') && r.status === 'pass').length).toBeGreaterThan(
      0,
    );
  });

  it('its declarations type-check a TypeScript consumer (strict, nodenext)', async () => {
    // `.mts`: an ES module in this CommonJS project, for its top-level await.
    await writeFile(
      join(project, 'consumer.mts'),
      `import adapter from '${manifest.name}/adapters/official-sdk-v3';
import { startEmulator, verify } from '${manifest.name}';

export const run: typeof verify = verify;
export const detach: typeof adapter.detachKeyPair = adapter.detachKeyPair;
// @ts-expect-error: typed, so a wrong option is an error (an untyped import would accept it)
await startEmulator({ port: 'not a port' });
`,
    );
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          typeRoots: [join(root, 'node_modules/@types')],
          types: ['node'],
        },
        files: ['consumer.mts'],
      }),
    );
    const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
    const check = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], project);
    timings.tsc = check.ms;
    succeeded('tsc on a consumer of the package', check);
  });
});

/**
 * The README as a new user meets it: a project made by `npm init -y` (CommonJS) with the tarball installed,
 * where every runnable TypeScript snippet runs as printed (`npx tsx FILE`, the README's own instruction;
 * `file=` blocks written at their path first) and the journeys' shell commands that need nothing outside
 * this machine run as printed: the SDK team's `sdk --adapter conformance/adapter.ts`, and the emulator
 * author's `verify --target http://127.0.0.1:4000` against the README's own world-URL skeleton on port
 * 4000. The auditor's commands need a live endpoint, an earlier audit or a recording, and the registry
 * installs and CI YAML a registry and a CI: those are checked against the option schema only
 * (harness/cli/readmeCommands.test.ts).
 */
describe('the README in a project made by npm init -y, the tarball installed', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const snippets = extractSnippets(readme);
  let fresh = '';

  beforeAll(async () => {
    // The journey's project, made by `npm init -y` with the tarball installed (the first beforeAll).
    fresh = project;
    const made = JSON.parse(await readFile(join(fresh, 'package.json'), 'utf8')) as { type?: string };
    expect(made.type ?? 'commonjs').toBe('commonjs');
    for (const snippet of snippets) {
      await mkdir(dirname(join(fresh, snippet.file)), { recursive: true });
      await writeFile(join(fresh, snippet.file), `${snippet.code}\n`);
    }
  });

  it('every runnable TypeScript snippet runs as printed with npx tsx', async () => {
    const runnable = snippets.filter((s) => s.run);
    expect(runnable.length).toBeGreaterThanOrEqual(2);
    for (const snippet of runnable) {
      const ran = await run('npx', ['tsx', snippet.file], fresh);
      timings[`npx tsx ${snippet.file}`] = ran.ms;
      succeeded(`npx tsx ${snippet.file} (README.md:${snippet.line})`, ran);
    }
  });

  it("the SDK team's command, as printed: npx dkp-conformance sdk --adapter conformance/adapter.ts", async () => {
    const [command] = shellCommands(readme, 'npx dkp-conformance sdk --adapter conformance/adapter.ts');
    expect(command).toBeDefined();
    const sdk = succeeded(command as string, await run('sh', ['-c', command as string], fresh));
    timings['README sdk command'] = sdk.ms;
    expect(sdk.stdout).toContain('verdict: conformant (exit 0)');
    expect((await readReports(join(fresh, 'reports'))).command).toBe('sdk');
  });

  it("the emulator author's command, as printed, against the README's world-URL skeleton on port 4000", async (ctx) => {
    const skeleton = snippets.find((s) => s.code.includes('.listen(4000)'));
    const [command] = shellCommands(readme, 'npx dkp-conformance verify --target http://127.0.0.1:4000');
    expect(skeleton).toBeDefined();
    expect(command).toBeDefined();
    if (await answers('http://127.0.0.1:4000/')) return ctx.skip('port 4000 is taken on this machine');
    await writeFile(join(fresh, 'server.ts'), `${skeleton?.code}\n`);
    const server = spawn('npx', ['tsx', 'server.ts'], { cwd: fresh, stdio: 'ignore', detached: true });
    try {
      while (!(await answers('http://127.0.0.1:4000/_conformance/world'))) {
        if (server.exitCode !== null) throw new Error(`the skeleton server exited ${server.exitCode}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const verify = await run('sh', ['-c', command as string], fresh);
      timings['README verify command'] = verify.ms;
      // The skeleton answers every API request 501: the run says so first, and fails (README, "verify").
      expect(verify.stdout).toContain('HTTP 501 with no error document');
      expect(verify.code).toBe(1);
      const report = await readReports(join(fresh, 'reports'));
      expect(report.diagnosis?.answer).toBe('HTTP 501 with no error document');
    } finally {
      stop(server);
    }
  });
});

/** Whether anything answers HTTP at `url`. */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

/** Ends a process started `detached` (npx and the tsx it runs): its whole process group. */
function stop(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}
