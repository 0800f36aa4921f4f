import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExpectations as readExpectationsFile } from '../cli/commandKit.ts';
import { runSdkCommand } from '../cli/sdkCommand.ts';
import { faultyClients } from '../clients/faulty/index.ts';
import type { Report } from '../reports/Report.ts';
import { rules } from '../spec/rules.ts';
import { HarnessError } from '../util/HarnessError.ts';
import { invocation } from './reproduceCommand.ts';
import { sdk, serverRulesReason } from './sdk.ts';

// `sdk` through its library API, in this process, against the suite's own reference client (it must pass
// with zero failures), every deliberately faulty client (each must fail exactly its rule), the shipped
// adapters for the real SDKs with their expectations files, and the Python testee.

const root = fileURLToPath(new URL('../../', import.meta.url));
const seed = 20261128;
const adapters = join(root, 'harness/clients/adapters');

function clRules(report: Report) {
  return Object.fromEntries(report.rules.filter((r) => r.id.startsWith('CL-')).map((r) => [r.id, r.status]));
}

const allPass = {
  'CL-1': 'pass',
  'CL-2': 'pass',
  'CL-3': 'pass',
  'CL-4': 'pass',
  'CL-5': 'pass',
  'CL-6': 'pass',
  'CL-7': 'pass',
  'CL-8': 'pass',
};

describe('sdk: the reference client passes', () => {
  it('V3 JSON: every CL rule passes, every other rule is skipped with its reason, exit 0', async () => {
    const { report, secrets } = await sdk({ adapter: join(adapters, 'reference.ts'), runs: 15, seed });
    expect(report.command).toBe('sdk');
    expect(report.rules.map((r) => r.id)).toEqual(rules.map((r) => r.id));
    expect(clRules(report)).toEqual(allPass);
    for (const rule of report.rules.filter((r) => !r.id.startsWith('CL-')))
      expect(rule).toMatchObject({ status: 'skip', reason: serverRulesReason });
    expect(report.summary).toMatchObject({ passed: 8, failed: 0, warned: 0, errored: 0 });
    expect(report.exitCode).toBe(0);
    expect(report.run.inconclusiveRequests).toBe(0);
    for (const secret of secrets) expect(JSON.stringify(report)).not.toContain(secret);
  });

  it('V1 XML: the same, with every success and error form served as XML', async () => {
    const { report } = await sdk({ adapter: join(adapters, 'referenceXml.ts'), runs: 15, seed });
    expect(clRules(report)).toEqual(allPass);
    expect(report.exitCode).toBe(0);
  });
});

describe('sdk: every faulty client fails exactly the rule it breaks', () => {
  it.each(faultyClients)('$module breaks $rule ($level)', async ({ module, rule, level }) => {
    const { report } = await sdk({ adapter: join(root, 'harness/clients/faulty', module), runs: 8, seed });
    const verdict = report.rules.find((r) => r.id === rule);
    expect(verdict?.status).toBe(level === 'MUST' ? 'fail' : 'warn');
    expect(verdict?.failure?.reproduce).toContain(`--only ${rule}`);
    const others = Object.entries(clRules(report)).filter(([id]) => id !== rule);
    expect(others.filter(([, status]) => status !== 'pass')).toEqual([]);
    expect(report.exitCode).toBe(level === 'MUST' ? 1 : 0);
  });

  it('a property failure replays from --seed --path --only, re-signed afresh', async () => {
    const adapter = join(root, 'harness/clients/faulty/firstDigitCounts.ts');
    const first = await sdk({ adapter, runs: 8, seed, only: 'CL-5' });
    const failure = first.report.rules.find((r) => r.id === 'CL-5')?.failure;
    expect(failure?.path).toMatch(/^success:/);
    expect(failure?.reproduce).toBe(
      `${invocation().join(' ')} sdk --adapter ${adapter} --seed ${seed} --path ${failure?.path} --only CL-5`,
    );
    const again = await sdk({ adapter, seed, path: failure?.path ?? '', only: 'CL-5' });
    expect(again.report.rules.find((r) => r.id === 'CL-5')?.status).toBe('fail');
    expect(again.report.run.requests).toBeLessThan(10);
    // The replay may shrink further than the first run's bounded shrink did; it fails the same way.
    expect(again.report.rules.find((r) => r.id === 'CL-5')?.failure?.received).toMatch(
      /Count: expected "\d\d", decoded "\d"/,
    );
  });
});

describe('sdk: the shipped adapters for the real SDKs, with their expectations files', () => {
  it.each(['officialSdkV3', 'officialSdkV1', 'popCore'])('%s exits 0 with its expectations', async (name) => {
    const expectations = await readExpectationsFile(join(adapters, `${name}.expectations.json`));
    const { report } = await sdk({ adapter: join(adapters, `${name}.ts`), runs: 10, seed, expectations });
    expect(report.exitCode).toBe(0);
    expect(report.run.inconclusiveRequests).toBe(0);
    const unexpected = report.rules.filter((r) => r.status === 'fail' && r.expected !== true);
    expect(unexpected).toEqual([]);
  });
});

describe('sdk: the Python testee (examples/testee.py) speaks the protocol', () => {
  beforeAll(() => {
    const probe = spawnSync('python3', ['--version'], { encoding: 'utf8' });
    if (probe.error !== undefined || probe.status !== 0) {
      throw new Error(
        'python3 is required for this test (examples/testee.py is the language-neutral testee); install Python 3 or put python3 on PATH',
      );
    }
  });

  it('every CL rule passes over JSON lines, with no inconclusive call', async () => {
    const { report } = await sdk({ testee: 'python3 examples/testee.py', cwd: root, runs: 10, seed });
    expect(report.target).toBe('testee: python3 examples/testee.py');
    expect(report.run.inconclusiveRequests).toBe(0);
    expect(clRules(report)).toEqual(allPass);
  });
});

describe('sdk: configuration, inconclusive runs and expectations', () => {
  it('needs exactly one of adapter and testee; bad flags are usage errors, a bad module a configuration error', async () => {
    await expect(sdk({})).rejects.toMatchObject({ code: 'USAGE', exitCode: 2 });
    await expect(sdk({ adapter: 'x', testee: 'y' })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(sdk({ adapter: join(adapters, 'reference.ts'), only: 'CL-9' })).rejects.toMatchObject({
      code: 'USAGE',
    });
    await expect(sdk({ adapter: join(adapters, 'reference.ts'), path: 'success:1' })).rejects.toMatchObject({
      code: 'USAGE',
    });
    await expect(sdk({ adapter: './nowhere/adapter.ts' })).rejects.toMatchObject({
      code: 'CONFIG',
      exitCode: 2,
    });
  });

  it('a testee that cannot run makes the run inconclusive (exit 3), never a pass', async () => {
    const { report } = await sdk({ testee: 'exit 1', runs: 2, seed, only: 'CL-1' });
    expect(report.exitCode).toBe(3);
    expect(report.verdict).toBe('inconclusive');
    expect(report.rules.find((r) => r.id === 'CL-1')?.status).toBe('skip');
  });

  it('an expectation for a rule that passes is stale and fails the run (exit 1)', async () => {
    const { report } = await sdk({
      adapter: join(adapters, 'reference.ts'),
      runs: 2,
      seed,
      only: 'CL-2',
      expectations: [{ rule: 'CL-2', reason: 'stale on purpose' }],
    });
    expect(report.staleExpectations).toEqual([{ rule: 'CL-2', reason: 'stale on purpose' }]);
    expect(report.exitCode).toBe(1);
  });
});

describe('runSdkCommand (the CLI entry point)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dkp-sdk-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the table and summary line, writes the reports with no secret, and exits with the report code', async () => {
    const out: string[] = [];
    const code = await runSdkCommand(
      ['--adapter', join(adapters, 'reference.ts'), '--runs', '3', '--seed', '7', '--report-dir', dir],
      { out: (line) => out.push(line), err: () => {} },
    );
    expect(code).toBe(0);
    expect(out.some((line) => /^8 passed, 0 failed, 0 warned, 62 skipped$/.test(line))).toBe(true);
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
    expect(report.command).toBe('sdk');
    expect(await readFile(join(dir, 'junit.xml'), 'utf8')).toContain('CL-5');
  });

  it('rejects unknown flags, a missing client and non-numeric runs as usage errors (exit 2)', async () => {
    const io = { out: () => {}, err: () => {} };
    for (const args of [['--adapter', 'x', '--bogus'], [], ['--adapter', 'x', '--runs', 'many']]) {
      await expect(runSdkCommand(args, io)).rejects.toBeInstanceOf(HarnessError);
      await expect(runSdkCommand(args, io)).rejects.toMatchObject({ exitCode: 2 });
    }
  });
});
