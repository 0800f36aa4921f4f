import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import { mergeReports } from '../reports/mergeReports.ts';
import type { Report } from '../reports/Report.ts';
import { verify } from './verify.ts';

const seed = 31337;
const runs = 30;

const casesByRule = (report: Report) => Object.fromEntries(report.rules.map((r) => [r.id, r.cases]));

describe('verify --shard and merge-reports (issue 6)', () => {
  it('the union of 3 shards equals the unsharded run: same cases per rule, same statuses', async () => {
    const whole = (await verify({ seed, runs, contracts: false })).report;
    const shards: Report[] = [];
    for (let index = 1; index <= 3; index++) {
      shards.push((await verify({ seed, runs, contracts: false, shard: { index, count: 3 } })).report);
    }
    // Every shard did some of the work, none did all of it.
    for (const shard of shards) expect(shard.run.requests).toBeLessThan(whole.run.requests);
    const merged = mergeReports(shards);
    expect(casesByRule(merged)).toEqual(casesByRule(whole));
    expect(merged.rules.map((r) => [r.id, r.status])).toEqual(whole.rules.map((r) => [r.id, r.status]));
    expect(merged.verdict).toBe(whole.verdict);
    expect(merged.run.requests).toBe(whole.run.requests);
  });

  it('a failure in any shard fails the merged report; expectations are applied by merge-reports', async () => {
    const shards: Report[] = [];
    for (let index = 1; index <= 2; index++) {
      const { report } = await verify({
        seed,
        runs,
        contracts: false,
        shard: { index, count: 2 },
        emulator: { fault: 'total-count-wrong' },
      });
      shards.push(report);
    }
    const merged = mergeReports(shards);
    expect(merged.rules.find((r) => r.id === 'OK-5')?.status).toBe('fail');
    expect(merged.exitCode).toBe(1);
    const expected = mergeReports(shards, { expectations: [{ rule: 'OK-5', reason: 'known' }] });
    expect(expected.rules.find((r) => r.id === 'OK-5')).toMatchObject({ status: 'fail', expected: true });
    expect(expected.exitCode).toBe(0);
  });

  it('rejects --shard without --seed and expectations in a shard run (exit 2)', async () => {
    await expect(verify({ shard: { index: 1, count: 2 } })).rejects.toMatchObject({ exitCode: 2 });
    await expect(verify({ seed, shard: { index: 3, count: 2 } })).rejects.toMatchObject({ exitCode: 2 });
    await expect(
      verify({ seed, shard: { index: 1, count: 2 }, expectations: [{ rule: 'OK-5', reason: 'x' }] }),
    ).rejects.toMatchObject({ exitCode: 2 });
  });

  it('the CLI writes shard reports and merge-reports combines them into one report.json, junit.xml and report.html', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dkp-shards-'));
    const io = { out: () => {}, err: () => {} };
    try {
      for (const shard of ['1/2', '2/2']) {
        const code = await main(
          [
            'verify',
            '--seed',
            String(seed),
            '--runs',
            '10',
            '--no-contracts',
            '--shard',
            shard,
            '--report-dir',
            join(dir, shard.replace('/', '-')),
          ],
          io,
        );
        expect(code).toBe(0);
      }
      const code = await main(
        ['merge-reports', join(dir, '1-2'), join(dir, '2-2'), '--report-dir', join(dir, 'merged')],
        io,
      );
      expect(code).toBe(0);
      const merged = JSON.parse(await readFile(join(dir, 'merged', 'report.json'), 'utf8')) as Report;
      expect(merged.verdict).toBe('conformant');
      expect(merged.run.shard).toBeUndefined();
      expect(await readFile(join(dir, 'merged', 'junit.xml'), 'utf8')).toContain('<testsuite');
      expect(await main(['merge-reports', '--report-dir', join(dir, 'x')], io)).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
