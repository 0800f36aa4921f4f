import { describe, expect, it } from 'vitest';
import { rules } from '../spec/rules.ts';
import { buildTestReport, defaultVerdict, firstRuleAt } from './buildTestReport.ts';
import type { RuleVerdict } from './Report.ts';
import { applyExpectations, applyStrictness, summarise } from './summarise.ts';

const must = firstRuleAt('MUST');
const should = firstRuleAt('SHOULD');
const reportLevel = firstRuleAt('REPORT');
const failure = { title: 'broken', expected: 'a', received: 'b' };

/** Every rule of the registry at its default verdict, with `changes` applied by rule ID. */
function verdicts(changes: Partial<Record<string, Partial<RuleVerdict>>> = {}): RuleVerdict[] {
  return rules.map((rule) => ({ ...defaultVerdict(rule), ...changes[rule.id] }));
}

describe('summarise', () => {
  it('is conformant (exit 0) when nothing failed or errored, and counts every status', () => {
    const result = summarise(verdicts(), { strict: false });
    expect(result).toMatchObject({ verdict: 'conformant', exitCode: 0 });
    const { passed, failed, warned, skipped, reported, errored } = result.summary;
    expect(passed + failed + warned + skipped + reported + errored).toBe(rules.length);
    const count = (status: string): number => rules.filter((r) => defaultVerdict(r).status === status).length;
    expect(result.summary.reported).toBe(count('report'));
    expect(result.summary.skipped).toBe(count('skip'));
  });

  it('a MUST failure is nonconformant (exit 1)', () => {
    const result = summarise(verdicts({ [must]: { status: 'fail', failure } }), { strict: false });
    expect(result).toMatchObject({ verdict: 'nonconformant', exitCode: 1 });
    expect(result.summary.failed).toBe(1);
  });

  it('a SHOULD failure is warn and conformant; under strict it is fail and nonconformant', () => {
    const input = verdicts({ [should]: { status: 'fail', failure } });
    const lax = summarise(input, { strict: false });
    expect(lax).toMatchObject({ verdict: 'conformant', exitCode: 0 });
    expect(lax.summary).toMatchObject({ warned: 1, failed: 0 });
    expect(lax.rules.find((r) => r.id === should)?.status).toBe('warn');

    const strict = summarise(input, { strict: true });
    expect(strict).toMatchObject({ verdict: 'nonconformant', exitCode: 1 });
    expect(strict.summary).toMatchObject({ warned: 0, failed: 1 });
    // A verdict already marked warn turns into fail under strict too.
    const warned = summarise(verdicts({ [should]: { status: 'warn', failure } }), { strict: true });
    expect(warned.exitCode).toBe(1);
  });

  it('an error is inconclusive (exit 3)', () => {
    const result = summarise(verdicts({ [must]: { status: 'error', reason: 'check threw' } }), {
      strict: false,
    });
    expect(result).toMatchObject({ verdict: 'inconclusive', exitCode: 3 });
    expect(result.summary.errored).toBe(1);
  });

  it('fail beats error', () => {
    const [first, second] = rules.filter((r) => r.level === 'MUST');
    if (first === undefined || second === undefined) throw new Error('need two MUST rules');
    const result = summarise(
      verdicts({
        [first.id]: { status: 'fail', failure },
        [second.id]: { status: 'error', reason: 'threw' },
      }),
      { strict: false },
    );
    expect(result).toMatchObject({ verdict: 'nonconformant', exitCode: 1 });
  });

  it("the runner's inconclusive flag gives exit 3 unless something failed", () => {
    expect(summarise(verdicts(), { strict: false, inconclusive: true })).toMatchObject({
      verdict: 'inconclusive',
      exitCode: 3,
    });
    const failed = verdicts({ [must]: { status: 'fail', failure } });
    expect(summarise(failed, { strict: false, inconclusive: true }).exitCode).toBe(1);
  });

  it('an expected failure does not fail the run', () => {
    const result = summarise(verdicts({ [must]: { status: 'fail', failure, expected: true } }), {
      strict: false,
    });
    expect(result).toMatchObject({ verdict: 'conformant', exitCode: 0 });
    expect(result.summary.failed).toBe(1);
    const withError = verdicts({
      [must]: { status: 'fail', failure, expected: true },
      [should]: { status: 'error' },
    });
    expect(summarise(withError, { strict: false }).exitCode).toBe(3);
  });

  it('stale expectations fail the run, even with nothing else wrong', () => {
    expect(summarise(verdicts(), { strict: false, stale: 1 })).toMatchObject({
      verdict: 'nonconformant',
      exitCode: 1,
    });
    const errored = verdicts({ [must]: { status: 'error' } });
    expect(summarise(errored, { strict: false, stale: 2 }).exitCode).toBe(1);
  });

  it('REPORT levels never fail', () => {
    const result = summarise(verdicts({ [reportLevel]: { observed: ['x', 'y'] } }), { strict: true });
    expect(result.exitCode).toBe(0);
  });
});

describe('applyStrictness', () => {
  it('drops an expected mark when a SHOULD failure becomes warn', () => {
    const verdict: RuleVerdict = {
      id: should,
      level: 'SHOULD',
      status: 'fail',
      cases: 1,
      failure,
      expected: true,
      expectationReason: 'known',
    };
    const lax = applyStrictness(verdict, false);
    expect(lax.status).toBe('warn');
    expect(lax).not.toHaveProperty('expected');
    expect(applyStrictness(verdict, true)).toBe(verdict);
  });
});

describe('applyExpectations', () => {
  it('marks a listed failure expected, keeping status fail', () => {
    const input = verdicts({ [must]: { status: 'fail', failure } });
    const { verdicts: out, stale } = applyExpectations(input, [{ rule: must, reason: 'known bug #12' }]);
    expect(stale).toEqual([]);
    expect(out.find((v) => v.id === must)).toMatchObject({
      status: 'fail',
      expected: true,
      expectationReason: 'known bug #12',
    });
    expect(summarise(out, { strict: false }).exitCode).toBe(0);
    expect(input.find((v) => v.id === must)).not.toHaveProperty('expected');
  });

  it('reports a listed rule that passes as stale, and that fails the run', () => {
    const { verdicts: out, stale } = applyExpectations(verdicts(), [{ rule: must, reason: 'was broken' }]);
    expect(stale).toEqual([{ rule: must, reason: 'was broken' }]);
    expect(summarise(out, { strict: false, stale: stale.length })).toMatchObject({ exitCode: 1 });
  });

  it('leaves listed warn, report and skip rules alone', () => {
    const skipped = rules.find((r) => r.family === 'CL')?.id;
    if (skipped === undefined) throw new Error('need a CL rule');
    const input = verdicts({ [should]: { status: 'warn', failure } });
    const { verdicts: out, stale } = applyExpectations(input, [
      { rule: should, reason: 'a' },
      { rule: reportLevel, reason: 'b' },
      { rule: skipped, reason: 'c' },
    ]);
    expect(stale).toEqual([]);
    expect(out).toEqual(input);
  });

  it('lets a SHOULD failure under strict be expected when strictness is applied first', () => {
    const strict = verdicts({ [should]: { status: 'warn', failure } }).map((v) => applyStrictness(v, true));
    const { verdicts: out } = applyExpectations(strict, [{ rule: should, reason: 'known' }]);
    expect(summarise(out, { strict: true }).exitCode).toBe(0);
  });

  it('agrees with buildTestReport', () => {
    expect(buildTestReport()).toMatchObject({ verdict: 'conformant', exitCode: 0 });
  });
});
