import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesVersion } from '../spec/rules.ts';
import { validateWorld } from '../spec/validateWorld.ts';
import type { World } from '../spec/World.ts';
import { main } from './main.ts';

// The CLI of target-protocol §4, in-process through main(argv, io) for the usage and configuration errors
// (exit 2), and as a child process for `emulate`, which runs until SIGTERM.

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

type Captured = { code: number; out: string[]; err: string[] };

async function run(argv: readonly string[]): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dkp-cli-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('main (in-process)', () => {
  it('rules --json prints the registry: a JSON array of 70 rules with IDs and levels', async () => {
    const { code, out } = await run(['rules', '--json']);
    expect(code).toBe(0);
    const rules = JSON.parse(out.join('\n')) as Array<{ id: string; level: string }>;
    expect(Array.isArray(rules)).toBe(true);
    expect(rules).toHaveLength(70);
    expect(rules.map((r) => r.id)).toContain('AU-8');
    expect(new Set(rules.map((r) => r.id)).size).toBe(70);
    for (const r of rules) expect(['MUST', 'SHOULD', 'REPORT']).toContain(r.level);
  });

  it('rules (text) prints one line per rule', async () => {
    const { code, out } = await run(['rules']);
    expect(code).toBe(0);
    const ruleLines = out.filter((line) => /^[A-Z]+-\d+\s/.test(line));
    expect(ruleLines).toHaveLength(70);
    expect(ruleLines[0]).toMatch(/^GEN-1\s+MUST\s+/);
  });

  it('rules (text) first says where the rules and the protocol are, with the rules version', async () => {
    const { out } = await run(['rules']);
    const root = fileURLToPath(new URL('../../', import.meta.url));
    expect(out[0]).toBe(`rules (version ${rulesVersion}): ${join(root, 'spec', 'DetachKeyPair.rules.md')}`);
    expect(out[1]).toBe(`protocol: ${join(root, 'spec', 'target-protocol.md')}`);
    expect(existsSync(join(root, 'spec', 'DetachKeyPair.rules.md'))).toBe(true);
  });

  it('an unknown command → exit 2 with a message naming it', async () => {
    const { code, err } = await run(['frobnicate']);
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('frobnicate');
  });

  it('no command → exit 2 with the usage', async () => {
    const { code, out } = await run([]);
    expect(code).toBe(2);
    expect(out.join('\n')).toContain('usage');
  });

  it('verify --smoke: four steps against the bundled emulator (exit 0), within the response bounds (exit 3)', async () => {
    const smoke = await run(['verify', '--smoke']);
    expect(smoke.code).toBe(0);
    expect(smoke.out.filter((l) => l.startsWith('ok   '))).toHaveLength(4);
    expect(smoke.out.at(-1)).toBe('smoke: 4 passed, 0 failed');
    // The run's bounds reach every read, the world URL's included: 100 bytes hold no answer.
    const bounded = await run(['verify', '--smoke', '--max-response-bytes', '100']);
    expect(bounded.code).toBe(3);
    expect(bounded.err.join('\n')).toContain('exceeded 100 bytes');
  });

  it('an unknown option → exit 2', async () => {
    expect((await run(['rules', '--yaml'])).code).toBe(2);
  });

  it.each(['abc', '-1', '65536', '1.5'])('emulate --port %s → exit 2', async (port) => {
    const { code, err } = await run(['emulate', '--port', port]);
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('--port');
  });

  it('emulate --world missing.json → exit 2 with a clear message naming the file', async () => {
    const missing = join(dir, 'missing.json');
    const { code, err } = await run(['emulate', '--world', missing]);
    expect(code).toBe(2);
    const message = err.join('\n');
    expect(message).toContain('missing.json');
    expect(message).toMatch(/cannot read/);
  });

  it('emulate --world with broken JSON → exit 2 saying it is not JSON', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{"regions": [', 'utf8');
    const { code, err } = await run(['emulate', '--world', file]);
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('not JSON');
  });

  it('emulate --world with an invalid World → exit 2 naming the problem', async () => {
    const file = join(dir, 'invalid.json');
    await writeFile(
      file,
      JSON.stringify({
        regions: ['r'],
        keyPairs: [{ regionId: 'elsewhere', keyPairName: 'k' }],
        instances: [],
      }),
      'utf8',
    );
    const { code, err } = await run(['emulate', '--world', file]);
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('not a valid World');
    expect(err.join('\n')).toContain('elsewhere');
  });

  it('emulate --profile nope → exit 2 listing the known profiles', async () => {
    const { code, err } = await run(['emulate', '--profile', 'nope']);
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('nope');
    expect(err.join('\n')).toContain('flipped');
  });

  it('emulate --fault with an unknown name → exit 2', async () => {
    expect((await run(['emulate', '--fault', 'slow'])).code).toBe(2);
  });

  it('verify against the bundled emulator: progress, a per-rule table, the closing line, three reports, exit 0', async () => {
    const reportDir = join(dir, 'verify-reports');
    const { code, out } = await run(['verify', '--runs', '10', '--seed', '5', '--report-dir', reportDir]);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^OK-5 +MUST +pass/m);
    expect(out.filter((l) => l !== '').at(-2)).toMatch(/^\d+ passed, 0 failed, 0 warned, \d+ skipped$/);
    const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ schemaVersion: 1, command: 'verify', verdict: 'conformant', exitCode: 0 });
    expect(report.run.seed).toBe(5);
    expect(await readFile(join(reportDir, 'junit.xml'), 'utf8')).toContain('<testsuite');
    expect(await readFile(join(reportDir, 'report.html'), 'utf8')).toContain('<html');
  });

  it('piped (no TTY) with --progress-interval 0: a progress line for every step within a phase, and its end', async () => {
    const { code, out } = await run(['verify', '--runs', '4', '--no-contracts', '--progress-interval', '0']);
    expect(code).toBe(0);
    const detach = out.filter((l) => l.startsWith('property detach: '));
    expect(detach[0]).toBe('property detach: 1/4, 0 failures');
    expect(detach.slice(1, 4)).toEqual(
      [2, 3, 4].map((n) =>
        expect.stringMatching(new RegExp(`^property detach: ${n}/4, 0 failures \\(\\d+\\.\\d s\\)$`)),
      ),
    );
    expect(detach.at(-1)).toMatch(/^property detach: 4\/4, 0 failures, done in \d+\.\d s$/);
    // The table and the summary come after every progress line.
    expect(out.findIndex((l) => l.startsWith('RULE '))).toBeGreaterThan(out.lastIndexOf(detach.at(-1) ?? ''));
  });

  it.each([
    [['verify', '--progress-interval', '-1'], '--progress-interval'],
    [['verify', '--progress-interval', 'soon'], '--progress-interval'],
    [['sdk', '--adapter', 'x', '--progress-interval', '1.5'], '--progress-interval'],
    [['verify', '--runs', '0'], '--runs'],
    [['verify', '--only', 'OK-99'], 'OK-99'],
    [['verify', '--path', 'detach:1'], '--seed'],
    [['verify', '--seed', 'abc'], '--seed'],
    [['verify', '--shard', '1/2'], '--shard'],
  ])('verify %j → exit 2 naming %s', async (argv, named) => {
    const { code, err } = await run(argv);
    expect(code).toBe(2);
    expect(err.join('\n')).toContain(named);
  });

  it('verify --expectations naming an unknown rule → exit 2; a malformed file → exit 2', async () => {
    const file = join(dir, 'expectations.json');
    await writeFile(file, JSON.stringify({ failures: [{ rule: 'NOPE-1', reason: 'x' }] }));
    expect((await run(['verify', '--expectations', file])).code).toBe(2);
    await writeFile(file, '{ not json');
    expect((await run(['verify', '--expectations', file])).code).toBe(2);
  });

  it.each([
    [{ rule: 'OK-6' }],
    [{ rule: 'OK-6', reason: '' }],
    [{ rule: 'OK-6', reason: '   ' }],
    [{ rule: 'OK-6', reason: 42 }],
  ])(
    'verify --expectations with an entry that gives no reason (%j) → exit 2, naming the entry',
    async (entry) => {
      const file = join(dir, 'expectations.json');
      await writeFile(file, JSON.stringify({ failures: [{ rule: 'OK-5', reason: 'known' }, entry] }));
      const { code, err } = await run(['verify', '--expectations', file]);
      expect(code).toBe(2);
      expect(err.join('\n')).toContain('failures[1] (OK-6) has no "reason"');
    },
  );

  it('verify against an unreachable target → exit 3 with one clear line', async () => {
    const { code, err } = await run(['verify', '--target', 'http://127.0.0.1:9']);
    expect(code).toBe(3);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/unreachable/);
  });

  it.each(['http://x/path', 'http://127.0.0.1:4000/?q=1', 'http://127.0.0.1:4000/#frag', 'not a url'])(
    'verify --target %s (not an origin) → exit 2, nothing run',
    async (target) => {
      const { code, err, out } = await run(['verify', '--target', target]);
      expect(code).toBe(2);
      expect(err.join('\n')).toContain('--target');
      expect(out).toEqual([]);
    },
  );
});

describe('emulate as a child process', () => {
  let child: ChildProcess | undefined;

  afterAll(() => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('prints exactly `LISTENING <port>` first, serves the world, and exits 0 on SIGTERM', async () => {
    const worldFile = 'fixtures/worlds/smoke.world.json';
    const proc = spawn(
      join(projectRoot, 'node_modules/.bin/tsx'),
      ['harness/cli/main.ts', 'emulate', '--port', '0', '--world', worldFile],
      { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    const stderr: string[] = [];
    proc.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      proc.on('exit', (code, signal) => resolve({ code, signal })),
    );

    const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      proc.once('exit', (code) => reject(new Error(`exited ${code} before printing: ${stderr.join('')}`)));
    });
    expect(first).toMatch(/^LISTENING \d+$/);
    const port = Number(first.slice('LISTENING '.length));
    expect(port).toBeGreaterThan(0);

    const response = await fetch(`http://127.0.0.1:${port}/_conformance/world`);
    expect(response.status).toBe(200);
    const served = (await response.json()) as World;
    const expected = validateWorld(JSON.parse(await readFile(join(projectRoot, worldFile), 'utf8')));
    expect(expected.ok).toBe(true);
    if (expected.ok) expect(served).toEqual(expected.world);

    proc.kill('SIGTERM');
    const { code, signal } = await exited;
    lines.close();
    expect(signal).toBeNull();
    expect(code).toBe(0);
  });
});
