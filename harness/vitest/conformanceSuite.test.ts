import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { referenceAdapter } from '../clients/adapters/reference.ts';
import { buildTestReport, firstRuleAt } from '../reports/buildTestReport.ts';
import { rules } from '../spec/rules.ts';
import { describeConformance, ruleTestOutcome, runProblem } from './index.ts';

// The helper in use, as a team would call it: each call registers one test per rule (and one for the run).
// The bundled reference emulator passes; so does the suite's own reference client (XML, V1).
describeConformance({ title: 'conformance: bundled reference emulator', runs: 5, seed: 42 });
describeConformance({
  title: 'conformance: reference client (V1, GET, XML)',
  adapter: referenceAdapter({ scheme: 'v1', transport: 'get-query', format: 'XML' }),
  runs: 5,
  seed: 42,
});

describe('ruleTestOutcome', () => {
  const must = firstRuleAt('MUST');
  const should = firstRuleAt('SHOULD');
  const failure = {
    title: 'it broke',
    expected: 'this',
    received: 'that',
    seed: 7,
    path: 'detach:1:2',
    reproduce: `dkp-conformance verify --seed 7 --path detach:1:2 --only ${must}`,
  };

  it('passes pass and report, skips with the reason', () => {
    const report = buildTestReport();
    expect(ruleTestOutcome(report, must)).toEqual({ kind: 'pass' });
    expect(ruleTestOutcome(report, firstRuleAt('REPORT'))).toEqual({ kind: 'pass' });
    expect(ruleTestOutcome(report, 'CL-1')).toEqual({
      kind: 'skip',
      reason: 'client rules are judged by sdk',
    });
  });

  it('fails a failure with expected, received, seed, path and the reproduction command', () => {
    const report = buildTestReport({ overrides: { [must]: { status: 'fail', failure } } });
    const outcome = ruleTestOutcome(report, must);
    expect(outcome.kind).toBe('fail');
    const message = 'message' in outcome ? outcome.message : '';
    for (const part of ['it broke', 'expected: this', 'received: that', 'seed: 7', failure.reproduce])
      expect(message).toContain(part);
  });

  it('warns for a SHOULD warning and for an expected failure; fails an error and a stale expectation', () => {
    const report = buildTestReport({
      overrides: {
        [should]: { status: 'warn', failure },
        [must]: { status: 'fail', failure, expected: true, expectationReason: 'known since 1.2' },
        'OK-1': { status: 'error', reason: 'the check threw: boom' },
      },
      staleExpectations: [{ rule: 'OK-2', reason: 'fixed upstream?' }],
    });
    expect(ruleTestOutcome(report, should)).toMatchObject({ kind: 'warn' });
    expect(ruleTestOutcome(report, must)).toMatchObject({
      kind: 'warn',
      message: expect.stringContaining('known since 1.2'),
    });
    expect(ruleTestOutcome(report, 'OK-1')).toMatchObject({
      kind: 'fail',
      message: expect.stringContaining('the check threw: boom'),
    });
    expect(ruleTestOutcome(report, 'OK-2')).toMatchObject({
      kind: 'fail',
      message: expect.stringContaining('remove the entry'),
    });
  });

  it('runProblem names an inconclusive run that no rule explains', () => {
    expect(runProblem(buildTestReport())).toBeUndefined();
    const inconclusive = buildTestReport({ inconclusive: true });
    expect(runProblem(inconclusive)).toContain('inconclusive');
    expect(runProblem({ ...inconclusive, run: { ...inconclusive.run, aborted: 'World refused' } })).toContain(
      'World refused',
    );
  });
});

const root = fileURLToPath(new URL('../../', import.meta.url));

type Seen = { name: string; state: string; note?: string; error?: string };

/** Runs conformanceSuiteTestKit.ts in a vitest of its own (its tests fail on purpose) and collects every test. */
async function runFixture(): Promise<{ tests: Seen[]; warnings: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'dkp-vitest-'));
  const out = join(dir, 'results.json');
  const script = `
import { writeFileSync } from 'node:fs';
import { startVitest } from 'vitest/node';
const tests = [];
const warnings = [];
const collector = {
  onUserConsoleLog(log) { if (log.type === 'stderr') warnings.push(log.content); },
  onTestCaseResult(testCase) {
    const r = testCase.result();
    tests.push({ name: testCase.fullName, state: r.state, note: r.note, error: r.errors?.[0]?.message });
  },
};
const vitest = await startVitest('test', [], {
  watch: false, config: false, include: ['harness/vitest/conformanceSuiteTestKit.ts'], reporters: [collector],
});
await vitest.close();
writeFileSync(${JSON.stringify(out)}, JSON.stringify({ tests, warnings }));
`;
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        cwd: root,
        stdio: 'ignore',
      });
      child.on('error', reject);
      child.on('close', () => resolve());
    });
    return JSON.parse(await readFile(out, 'utf8')) as { tests: Seen[]; warnings: string[] };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('describeConformance in a vitest run of its own', () => {
  it('fails the broken rule with its reproduction, skips with reasons, honours expectations', async () => {
    const { tests, warnings } = await runFixture();
    const test = (suite: string, id: string) => {
      const found = tests.find((t) => t.name.startsWith(`${suite} > ${id} (`));
      if (found === undefined) throw new Error(`no test ${suite} ${id}`);
      return found;
    };
    // One test per rule and one for the run, per describeConformance call.
    expect(tests).toHaveLength(2 * (rules.length + 1));

    const broken = test('faulty', 'OK-5');
    expect(broken.state).toBe('failed');
    expect(broken.error).toContain('expected: TotalCount');
    expect(broken.error).toContain('received: TotalCount');
    // The reproduction names the bundled emulator's fault, so that it judges the faulty emulator again.
    expect(broken.error).toMatch(
      /reproduce: npx dkp-conformance verify --fault total-count-wrong --seed 7 --path \S+ --only OK-5/,
    );
    expect(test('faulty', 'OK-6').state).toBe('passed');
    expect(test('faulty', 'AU-3')).toMatchObject({ state: 'skipped', note: 'excluded by --only' });
    expect(test('faulty', 'OK-12')).toMatchObject({
      state: 'skipped',
      note: expect.stringContaining('a rule for the judge'),
    });
    expect(tests.find((t) => t.name.startsWith('faulty > the run is conclusive'))?.state).toBe('passed');

    // Expected: OK-5 passes with a warning; the stale OK-1 entry fails.
    expect(test('faulty, with expectations', 'OK-5').state).toBe('passed');
    expect(warnings.some((w) => w.includes('TotalCount is known to be wrong'))).toBe(true);
    expect(test('faulty, with expectations', 'OK-1')).toMatchObject({ state: 'failed' });
    expect(test('faulty, with expectations', 'OK-1').error).toContain('a stale entry');
  });
});
