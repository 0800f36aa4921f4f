import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../emulator/startEmulator.ts';
import { rules } from '../spec/rules.ts';
import type { World } from '../spec/World.ts';
import { HarnessError } from '../util/HarnessError.ts';
import { invocation } from './reproduceCommand.ts';
import { verify } from './verify.ts';

const seed = 424242;

describe('verify', () => {
  it('lists every rule of the registry once, with cases, and skips client rules with a reason', async () => {
    const { report } = await verify({ seed, runs: 20 });
    expect(report.rules.map((r) => r.id)).toEqual(rules.map((r) => r.id));
    expect(report.rules.find((r) => r.id === 'CL-1')).toMatchObject({
      status: 'skip',
      reason: 'client rules are judged by sdk',
    });
    expect(report.rules.find((r) => r.id === 'OK-5')?.cases).toBeGreaterThan(0);
    expect(report.run.worldControl).toBe(true);
    expect(report.summary.passed + report.summary.skipped + report.summary.reported).toBe(rules.length);
  });

  it('--only restricts the run: other rules are skip "excluded by --only"', async () => {
    const { report } = await verify({ seed, runs: 10, only: 'OK-5,AU' });
    const judged = report.rules.filter((r) => r.status !== 'skip').map((r) => r.id);
    expect(judged.every((id) => id === 'OK-5' || id.startsWith('AU-'))).toBe(true);
    expect(report.rules.find((r) => r.id === 'ST-3')).toMatchObject({
      status: 'skip',
      reason: 'excluded by --only',
    });
  });

  it('rejects an unknown --only entry, and --path without --seed, as usage errors (exit 2)', async () => {
    await expect(verify({ only: 'OK-99' })).rejects.toMatchObject({ code: 'USAGE', exitCode: 2 });
    await expect(verify({ path: 'detach:1' })).rejects.toBeInstanceOf(HarnessError);
  });

  it('an unreachable target is TARGET_UNREACHABLE (exit 3)', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect(verify({ target: `http://127.0.0.1:${port}` })).rejects.toMatchObject({
      code: 'TARGET_UNREACHABLE',
      exitCode: 3,
    });
  });

  it('an explicit --world-url that returns no World is a configuration error (exit 2)', async () => {
    const emulator = await startEmulator();
    try {
      await expect(
        verify({ target: emulator.origin, worldUrl: `${emulator.origin}/nope` }),
      ).rejects.toMatchObject({ exitCode: 2 });
    } finally {
      await emulator.close();
    }
  });

  it('replays a shrunk counterexample with --seed --path --only against the same faulty target', async () => {
    const emulator = await startEmulator({ fault: 'fail-count-wrong' });
    try {
      const first = await verify({ target: emulator.origin, seed, runs: 40, skipDocumented: true });
      const failure = first.report.rules.find((r) => r.id === 'OK-6')?.failure;
      expect(failure?.path).toBeDefined();
      expect(failure?.reproduce).toBe(
        `${invocation().join(' ')} verify --target ${emulator.origin} --seed ${seed} --path ${failure?.path} --only OK-6`,
      );
      const again = await verify({ target: emulator.origin, seed, path: failure?.path ?? '', only: 'OK-6' });
      const replayed = again.report.rules.find((r) => r.id === 'OK-6');
      expect(replayed?.status).toBe('fail');
      expect(again.report.run.requests).toBeLessThan(10);
      expect(replayed?.failure?.counterexample).toEqual(failure?.counterexample);
    } finally {
      await emulator.close();
    }
  });

  it('shrinkBudget: a smaller budget finds the same failures, and 0 reports the first failing input', async () => {
    const emulator = await startEmulator({ fault: 'fail-count-wrong' });
    try {
      const run = (shrinkBudget?: number) =>
        verify({
          target: emulator.origin,
          seed,
          runs: 10,
          only: 'OK-6',
          skipDocumented: true,
          ...(shrinkBudget === undefined ? {} : { shrinkBudget }),
        });
      const failing = (r: Awaited<ReturnType<typeof run>>) =>
        r.report.rules.filter((v) => v.status === 'fail').map((v) => v.id);
      const [full, none] = [await run(), await run(0)];
      expect(failing(full)).toEqual(['OK-6']);
      expect(failing(none)).toEqual(['OK-6']);
      // Unshrunk: the path is the index of the first failing run (`<property>:<n>`); shrunk, it goes deeper.
      expect(none.report.rules.find((r) => r.id === 'OK-6')?.failure?.path).toMatch(/^[a-z0-9-]+:\d+$/);
      expect(full.report.rules.find((r) => r.id === 'OK-6')?.failure?.path).toMatch(
        /^[a-z0-9-]+:\d+(:\d+)+$/,
      );
      await expect(verify({ target: emulator.origin, shrinkBudget: -1 })).rejects.toMatchObject({
        exitCode: 2,
      });
    } finally {
      await emulator.close();
    }
  });

  it('expectations: a listed failure stays fail but is expected (exit 0); a listed rule that passes fails the run', async () => {
    const emulator = await startEmulator({ fault: 'total-count-wrong' });
    try {
      // Verdicts do not depend on shrinking (the shrinkBudget test): these runs spend none.
      const expected = await verify({
        target: emulator.origin,
        seed,
        runs: 20,
        shrinkBudget: 0,
        expectations: [{ rule: 'OK-5', reason: 'known bug #12' }],
      });
      expect(expected.report.rules.find((r) => r.id === 'OK-5')).toMatchObject({
        status: 'fail',
        expected: true,
      });
      expect(expected.report.exitCode).toBe(0);
      const stale = await verify({
        target: emulator.origin,
        seed,
        runs: 20,
        shrinkBudget: 0,
        expectations: [{ rule: 'OK-6', reason: 'fixed long ago' }],
      });
      expect(stale.report.staleExpectations).toEqual([{ rule: 'OK-6', reason: 'fixed long ago' }]);
      expect(stale.report.exitCode).toBe(1);
    } finally {
      await emulator.close();
    }
  });

  it('without world control needs credentials and --region, then skips the rules that need known resources', async () => {
    const key = { accessKeyId: 'LTAI-world-free', accessKeySecret: 'world-free-secret' };
    const world: World = { accessKeys: [key], regions: ['cn-hangzhou'], keyPairs: [], instances: [] };
    const emulator = await startEmulator({ world, worldControl: false });
    try {
      await expect(verify({ target: emulator.origin, env: {} })).rejects.toMatchObject({
        code: 'CONFIG',
        exitCode: 2,
      });
      const { report, secrets } = await verify({
        target: emulator.origin,
        region: 'cn-hangzhou',
        seed,
        runs: 60,
        env: {
          ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret,
        },
      });
      expect(report.run.worldControl).toBe(false);
      expect(report.verdict).toBe('conformant');
      for (const id of ['ST-0', 'OK-5', 'WIN-1', 'ID-2', 'KP-2'] as const) {
        expect(report.rules.find((r) => r.id === id)).toMatchObject({
          status: 'skip',
          reason: expect.stringContaining('world control'),
        });
      }
      for (const id of ['AU-3', 'KP-1', 'ID-4'] as const)
        expect(report.rules.find((r) => r.id === id)?.status).toBe('pass');
      expect(secrets).toContain(key.accessKeySecret);
      expect(JSON.stringify(report)).not.toContain(key.accessKeySecret);
    } finally {
      await emulator.close();
    }
  });

  it('without world control still catches a target that breaks a world-free rule', async () => {
    const key = { accessKeyId: 'LTAI-world-free', accessKeySecret: 'world-free-secret' };
    const world: World = { accessKeys: [key], regions: ['cn-hangzhou'], keyPairs: [], instances: [] };
    const emulator = await startEmulator({ world, worldControl: false, fault: 'no-signature-check' });
    try {
      const { report } = await verify({
        target: emulator.origin,
        region: 'cn-hangzhou',
        seed,
        runs: 60,
        env: {
          ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret,
        },
      });
      // Every world-free request fails on its business parameters (a fresh key pair name cannot exist), so
      // an unchecked signature shows as a business answer to a badly signed request: AU-8 (or AU-3).
      const failed = report.rules.filter((r) => r.status === 'fail').map((r) => r.id);
      expect(
        failed.some((id) => id === 'AU-3' || id === 'AU-8'),
        failed.join(', '),
      ).toBe(true);
      expect(report.exitCode).toBe(1);
    } finally {
      await emulator.close();
    }
  });

  it('a World refused mid-run ends the run inconclusive (exit 3) when nothing failed before', async () => {
    const emulator = await startEmulator();
    let setups = 0;
    // A world URL that accepts GET, then refuses every setup after the third.
    const proxy = createServer((req, res) => {
      if (req.method === 'POST' && ++setups > 3) {
        res.writeHead(500).end('refused');
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        fetch(emulator.worldUrl, {
          method: req.method ?? 'GET',
          headers: { 'content-type': 'application/json' },
          ...(req.method === 'POST' ? { body } : {}),
        }).then(
          async (r) => res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text()),
          () => res.writeHead(502).end(),
        );
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const worldUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/world`;
    try {
      const { report } = await verify({ target: emulator.origin, worldUrl, seed, runs: 10 });
      expect(report.verdict).toBe('inconclusive');
      expect(report.exitCode).toBe(3);
      expect(report.run.aborted).toMatch(/refused/);
    } finally {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await emulator.close();
    }
  });
});
