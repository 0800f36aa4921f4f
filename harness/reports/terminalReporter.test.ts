import { describe, expect, it, vi } from 'vitest';
import { rules } from '../spec/rules.ts';
import { buildTestReport, firstRuleAt } from './buildTestReport.ts';
import { createTerminalReporter, type TerminalOut } from './terminalReporter.ts';

const must = firstRuleAt('MUST');
const should = firstRuleAt('SHOULD');
const reproduce = `dkp-conformance verify --seed 1234 --path 0:1 --only ${must} --target http://127.0.0.1:4000/a/very/long/path/that/goes/past/the/width/of/the/terminal`;
const finalLine = /^\d+ passed, \d+ failed, \d+ warned, \d+ skipped$/;
const report = buildTestReport({
  overrides: {
    [must]: {
      status: 'fail',
      failure: { title: 'FailCount disagrees', expected: '1', received: '0\u001b[2J', reproduce },
    },
    [should]: { status: 'fail', failure: { title: 'HostId differs', expected: 'a', received: 'b' } },
  },
});

function sink(tty: boolean, columns?: number): TerminalOut & { text: () => string } {
  const chunks: string[] = [];
  return {
    write: (s: string) => {
      chunks.push(s);
    },
    isTTY: tty,
    ...(columns === undefined ? {} : { columns }),
    text: () => chunks.join(''),
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for escape sequences.
const ansi = /\u001b\[/;

describe('createTerminalReporter', () => {
  it('ends with exactly the summary line', () => {
    const out = sink(false);
    createTerminalReporter(out).finish(report);
    const lines = out.text().trimEnd().split('\n');
    const last = lines.at(-1) ?? '';
    expect(last).toMatch(finalLine);
    const { passed, failed, warned, skipped, reported, errored } = report.summary;
    expect(last).toBe(`${passed} passed, ${failed} failed, ${warned} warned, ${skipped} skipped`);
    expect(lines.at(-2)).toBe(`${reported} reported, ${errored} errored`);
    expect(out.text().endsWith('\n')).toBe(true);
  });

  it('prints one table row per rule within 120 columns, and the reproduce command in full below', () => {
    const out = sink(false);
    createTerminalReporter(out).finish(report);
    const text = out.text();
    const folded = new Set(report.rules.filter((r) => r.status === 'skip').map((r) => r.id));
    for (const rule of rules) if (!folded.has(rule.id)) expect(text).toMatch(new RegExp(`^${rule.id} `, 'm'));
    const tableEnd = text.indexOf('Failures, errors and warnings:');
    for (const line of text.slice(0, tableEnd).split('\n')) expect([...line].length).toBeLessThanOrEqual(120);
    expect(text.indexOf(`reproduce: ${reproduce}`)).toBeGreaterThan(tableEnd);
    expect(text).toContain('FailCount disagrees');
    expect(text).not.toMatch(ansi);
    expect(text).toContain('0\\x1b[2J');
  });

  it('folds rules skipped for one shared reason into one line with their count, after the judged rules', () => {
    const reason = 'client rules are judged by sdk';
    const skipped = rules.filter((r) => r.id.startsWith('CL-')).map((r) => r.id);
    const lone = 'GEN-1';
    const folding = buildTestReport({
      overrides: {
        ...Object.fromEntries(skipped.map((id) => [id, { status: 'skip', reason }])),
        [lone]: { status: 'skip', reason: 'a reason of its own' },
      },
    });
    const out = sink(false);
    createTerminalReporter(out).finish(folding);
    const lines = out.text().split('\n');
    const fold = lines.findIndex((l) => l.includes(reason));
    expect(lines[fold]).toMatch(new RegExp(`^${skipped.length} rules +skip +${reason} \\(CL-1…CL-8\\)$`));
    expect(lines.filter((l) => l.includes(reason))).toHaveLength(1);
    for (const id of skipped) expect(lines.some((l) => l.startsWith(`${id} `))).toBe(false);
    // A reason fewer than four rules share keeps its rows; judged rules come before every folded line.
    expect(lines.findIndex((l) => l.startsWith(`${lone} `))).toBeLessThan(fold);
    expect(lines.findIndex((l) => l.startsWith('OK-5 '))).toBeLessThan(fold);
  });

  it('cuts rows to the terminal width and colours only on a TTY', () => {
    vi.stubEnv('NO_COLOR', '');
    try {
      const out = sink(true, 60);
      createTerminalReporter(out).finish(report);
      const text = out.text();
      expect(text).toMatch(ansi);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping escape sequences.
      const plain = text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');
      const row = plain.split('\n').find((line) => line.startsWith(`${must} `));
      expect(row).toBeDefined();
      expect([...(row ?? '')].length).toBeLessThanOrEqual(60);
      expect(plain.trimEnd().split('\n').at(-1)).toMatch(finalLine);
      expect(text.trimEnd().split('\n').at(-1)).toMatch(finalLine);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('off a TTY, prints each phase’s start, a line at most every interval within it, and its end', () => {
    let clock = 0;
    const out = sink(false);
    const reporter = createTerminalReporter(out, { now: () => clock, progressIntervalMs: 5000 });
    reporter.progress({ phase: 'cases', done: 0, total: 10, failures: 0 });
    clock += 3000;
    reporter.progress({ phase: 'cases', done: 5, total: 10, failures: 1 });
    clock += 3000;
    reporter.progress({ phase: 'cases', done: 8, total: 10, failures: 1 });
    clock += 1000;
    reporter.progress({ phase: 'cases', done: 10, total: 10, failures: 1 });
    reporter.progress({ phase: 'properties', done: 0, failures: 1 });
    clock += 500;
    reporter.progress({ phase: 'properties', done: 3, failures: 1 });
    expect(out.text()).toBe(
      [
        'cases: 0/10, 0 failures',
        'cases: 8/10, 1 failure (6.0 s)',
        'cases: 10/10, 1 failure, done in 7.0 s',
        'properties: 0, 1 failure',
        '',
      ].join('\n'),
    );
    reporter.finish(report);
    expect(out.text()).toContain('\nproperties: 3, 1 failure, done in 0.5 s\n');
  });

  it('off a TTY with progressIntervalMs 0, prints every progress event (no clock involved)', () => {
    const out = sink(false);
    const reporter = createTerminalReporter(out, { progressIntervalMs: 0, now: () => 0 });
    for (let done = 0; done <= 3; done++) reporter.progress({ phase: 'cases', done, total: 3, failures: 0 });
    expect(
      out
        .text()
        .split('\n')
        .filter((l) => l.startsWith('cases: ')),
    ).toEqual([
      'cases: 0/3, 0 failures',
      'cases: 1/3, 0 failures (0.0 s)',
      'cases: 2/3, 0 failures (0.0 s)',
      'cases: 3/3, 0 failures (0.0 s)',
    ]);
  });

  it('on a TTY, rewrites one line at most every 100 ms (phase changes show at once)', () => {
    let clock = 1000;
    const out = sink(true);
    const reporter = createTerminalReporter(out, { now: () => clock, color: false });
    reporter.progress({ phase: 'cases', done: 0, total: 10, failures: 0 });
    clock += 50;
    reporter.progress({ phase: 'cases', done: 1, total: 10, failures: 0 });
    clock += 60;
    reporter.progress({ phase: 'cases', done: 2, total: 10, failures: 0 });
    clock += 10;
    reporter.progress({ phase: 'properties', done: 0, failures: 0 });
    expect(out.text()).toBe(
      '\r\u001b[2Kcases: 0/10, 0 failures\r\u001b[2Kcases: 2/10, 0 failures\r\u001b[2Kproperties: 0, 0 failures',
    );
    expect(out.text()).not.toContain('\n');
    reporter.finish(report);
    expect(out.text()).toContain('properties: 0, 0 failures\r\u001b[2K');
    expect(out.text().trimEnd().split('\n').at(-1)).toMatch(finalLine);
  });
  it("lists the contracts by the checks' verdict, the failed rules of each failure, and Pact's own verdict beside it", () => {
    const out = sink(false);
    createTerminalReporter(out).finish({
      ...report,
      contracts: [
        { interaction: 'a', consumer: 'c', rules: ['OK-5'], status: 'pass', pact: 'pass' },
        {
          interaction: 'b',
          consumer: 'c',
          rules: ['WIN-1'],
          status: 'fail',
          failedRules: ['WIN-1'],
          reason: 'WIN-1: accepted a request that must be rejected',
          pact: 'fail',
          pactMismatch: 'StatusMismatch: expected 403 but was 200',
        },
        {
          interaction: 'd',
          consumer: 'c',
          rules: ['AU-3'],
          status: 'pass',
          pact: 'fail',
          pactMismatch: 'StatusMismatch: expected 400 but was 200',
        },
        { interaction: 'e', consumer: 'c', rules: ['CL-8'], status: 'skip', reason: 'consumer-only: …' },
      ],
    });
    const text = out.text();
    expect(text).toContain(
      'contracts: 2 interactions passed, 1 failed, 1 skipped (by the checks); Pact: 1 passed, 2 failed',
    );
    expect(text).toContain('  c: b [WIN-1] — WIN-1: accepted a request that must be rejected');
    expect(text).toContain('  Pact alone failed c: d — StatusMismatch: expected 400 but was 200');
    expect(text).not.toContain('c: a');
  });

  it('shows each contract failure whole, wrapped to the width, and marks an expected one as expected', () => {
    const reason = `OK-5: TotalCount does not match the Result entries — ${'the target answered 3 for 2 IDs; '.repeat(8)}end`;
    const out = sink(false);
    const expectedReport = buildTestReport({
      overrides: {
        'OK-5': {
          status: 'fail',
          expected: true,
          expectationReason: 'known',
          failure: { title: 'TotalCount', expected: '2', received: '3' },
        },
      },
    });
    createTerminalReporter(out).finish({
      ...expectedReport,
      contracts: [
        { interaction: 'x', consumer: 'c', rules: ['OK-5'], status: 'fail', failedRules: ['OK-5'], reason },
        {
          interaction: 'y',
          consumer: 'c',
          rules: ['OK-6'],
          status: 'fail',
          failedRules: ['OK-6'],
          reason: 'OK-6: no',
        },
      ],
    });
    const lines = out.text().split('\n');
    expect(lines).toContain(
      'contracts: 0 interactions passed, 2 failed (1 expected), 0 skipped (by the checks); Pact: 0 passed, 0 failed',
    );
    const first = lines.findIndex((l) => l.startsWith('  [expected] c: x [OK-5]'));
    expect(first).toBeGreaterThan(0);
    const block = [lines[first] ?? ''];
    for (let i = first + 1; lines[i]?.startsWith('    '); i++) block.push(lines[i] ?? '');
    expect(block.length).toBeGreaterThan(1);
    for (const line of block) expect([...line].length).toBeLessThanOrEqual(120);
    expect(block.map((l) => l.trim()).join(' ')).toBe(`[expected] c: x [OK-5] — ${reason}`);
    expect(lines).toContain('  c: y [OK-6] — OK-6: no');
  });
});
