import { describe, expect, it } from 'vitest';
import { verify } from '../../runner/verify.ts';
import type { World } from '../../spec/World.ts';
import { startEmulator } from '../startEmulator.ts';

// The fourth part of the kill test (conformance.mutation.test.ts has the rest): verify as it runs against a
// target without world control — the canary, then the world-free probes, signed with the caller's key —
// against the mutated emulator with its world URL hidden.
const seed = 20261128;
const key = { accessKeyId: 'LTAI-mutation', accessKeySecret: 'mutation-secret' };
const world: World = { accessKeys: [key], regions: ['cn-hangzhou'], keyPairs: [], instances: [] };

describe('the reference emulator passes verify', () => {
  it('without world control: the world-free probes', async () => {
    const emulator = await startEmulator({ world, worldControl: false });
    try {
      const { report } = await verify({
        target: emulator.origin,
        region: 'cn-hangzhou',
        seed,
        runs: 40,
        shrinkBudget: 0,
        strict: true,
        env: {
          ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret,
        },
      });
      const problems = report.rules
        .filter((r) => r.status === 'fail' || r.status === 'warn')
        .map((r) => `${r.id} ${r.status}: ${r.failure?.title ?? ''}`);
      expect(problems).toEqual([]);
      expect(report.run.worldControl).toBe(false);
      expect(report.exitCode).toBe(0);
    } finally {
      await emulator.close();
    }
  });
});
