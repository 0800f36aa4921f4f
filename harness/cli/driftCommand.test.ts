import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../reports/Report.ts';
import { rules } from '../spec/rules.ts';
import { runDriftCommand } from './driftCommand.ts';

let dir: string;
const report: Report = {
  schemaVersion: 1,
  suiteVersion: '0.1.0',
  rulesVersion: 2,
  command: 'audit',
  target: 'https://ecs.cn-hangzhou.aliyuncs.com',
  startedAt: '2026-11-28T10:00:00.000Z',
  finishedAt: '2026-11-28T10:00:07.000Z',
  verdict: 'conformant',
  exitCode: 0,
  summary: { passed: 1, failed: 0, warned: 0, skipped: rules.length - 1, reported: 0, errored: 0 },
  rules: rules.map((r) =>
    r.id === 'TR-3'
      ? { id: r.id, level: r.level, status: 'pass', cases: 4 }
      : { id: r.id, level: r.level, status: 'skip', cases: 0, reason: 'not judged' },
  ),
  run: {
    seed: 1,
    runs: 1,
    strict: false,
    worldControl: false,
    requests: 4,
    inconclusiveRequests: 0,
    durationMs: 7000,
  },
};
const io = () => {
  const lines: string[] = [];
  return { lines, io: { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) } };
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dkp-drift-cli-'));
  await writeFile(join(dir, 'report.json'), JSON.stringify(report));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('dkp-conformance drift', () => {
  it('writes drift.json and drift.html from a report.json (exit 0)', async () => {
    const { lines, io: sink } = io();
    const out = join(dir, 'out');
    expect(await runDriftCommand(['--report', join(dir, 'report.json'), '--report-dir', out], sink, {})).toBe(
      0,
    );
    const drift = JSON.parse(await readFile(join(out, 'drift.json'), 'utf8'));
    expect(drift.rows.find((r: { id: string }) => r.id === 'default-format:v1')).toMatchObject({
      verdict: 'agree',
    });
    expect(await readFile(join(out, 'drift.html'), 'utf8')).toContain('<!doctype html>');
    expect(lines[0]).toMatch(/^drift: \d+ risk, \d+ drift, \d+ agree, \d+ unobserved$/);
  });

  it('prints each risk and drift row with what the documentation, the SDKs and the endpoint say, and where drift.html is', async () => {
    const failing: Report = {
      ...report,
      verdict: 'nonconformant',
      exitCode: 1,
      rules: report.rules.map((r) =>
        r.id === 'OK-5'
          ? {
              ...r,
              status: 'fail',
              cases: 3,
              failure: { title: 'TotalCount is wrong', expected: '2', received: '3\u001b[2J' },
            }
          : r,
      ),
    };
    await writeFile(join(dir, 'failing.json'), JSON.stringify(failing));
    const { lines, io: sink } = io();
    const out = join(dir, 'out-failing');
    expect(
      await runDriftCommand(['--report', join(dir, 'failing.json'), '--report-dir', out], sink, {}),
    ).toBe(0);
    const drift = JSON.parse(await readFile(join(out, 'drift.json'), 'utf8'));
    const row = drift.rows.find((r: { id: string }) => r.id === 'rule:OK-5');
    expect(row.drift).toBe(true);
    const at = lines.findIndex((l) => /^(risk |drift) OK-5: /.test(l));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^ {2}documentation: \S/);
    const endpoint = lines.slice(at + 1, at + 4).find((l) => l.startsWith('  endpoint:'));
    expect(endpoint).toContain('TotalCount is wrong');
    expect(endpoint).toContain('\\x1b[2J');
    expect(lines.join('\n')).not.toContain('\u001b');
    expect(lines).toContain(`drift.html: ${join(out, 'drift.html')}`);
  });

  it('bad flags and files are exit-2 errors', async () => {
    const { io: sink } = io();
    await expect(runDriftCommand(['--report-dir', dir], sink, {})).rejects.toMatchObject({ code: 'USAGE' });
    await expect(
      runDriftCommand(['--report', join(dir, 'nope.json'), '--report-dir', dir], sink, {}),
    ).rejects.toMatchObject({ code: 'CONFIG', exitCode: 2 });
    await writeFile(join(dir, 'sdk.json'), JSON.stringify({ ...report, command: 'sdk' }));
    await expect(
      runDriftCommand(['--report', join(dir, 'sdk.json'), '--report-dir', dir], sink, {}),
    ).rejects.toThrow(/drift reads audit or verify/);
    await expect(
      runDriftCommand(
        ['--report', join(dir, 'report.json'), '--recording', dir, '--report-dir', dir],
        sink,
        {},
      ),
    ).rejects.toMatchObject({ code: 'CONFIG' });
  });
});
