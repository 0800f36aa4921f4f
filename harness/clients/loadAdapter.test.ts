import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientCall } from './ClientUnderTest.ts';
import { adapterClient, loadAdapter } from './loadAdapter.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dkp-adapter-'));
  await writeFile(
    join(dir, 'good.mjs'),
    'export default { async detachKeyPair(call) { return { ok: true, output: { KeyPairName: call.input.KeyPairName, hasId: "id" in call } }; } };',
  );
  await writeFile(
    join(dir, 'cjs.cjs'),
    'module.exports = { async detachKeyPair() { return { skipped: "cjs" }; } };',
  );
  await writeFile(join(dir, 'nodefault.mjs'), 'export const detachKeyPair = async () => ({ skipped: "x" });');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const call: ClientCall = {
  id: 'c1',
  op: 'DetachKeyPair',
  endpoint: 'http://127.0.0.1:9',
  credentials: { accessKeyId: 'a', accessKeySecret: 's' },
  regionId: 'cn-hangzhou',
  input: { RegionId: 'cn-hangzhou', KeyPairName: 'kp', InstanceIds: ['i-1'] },
};

describe('loadAdapter (--adapter MODULE)', () => {
  it('loads an ES module or a CommonJS module by path; the adapter gets the call without its id', async () => {
    const good = await loadAdapter('./good.mjs', { cwd: dir });
    expect(await good.detachKeyPair(call)).toEqual({ ok: true, output: { KeyPairName: 'kp', hasId: false } });
    expect(await (await loadAdapter(join(dir, 'cjs.cjs'))).detachKeyPair(call)).toEqual({ skipped: 'cjs' });
  });

  it('loads the shipped TypeScript adapters by path and resolves package names from cwd', async () => {
    await expect(loadAdapter('harness/clients/adapters/popCore.ts')).resolves.toHaveProperty('detachKeyPair');
    await expect(loadAdapter('no-such-package-dkp', { cwd: dir })).rejects.toMatchObject({
      code: 'CONFIG',
      exitCode: 2,
    });
    // A package that resolves but is not an adapter: found from cwd, refused for its default export.
    await expect(loadAdapter('@alicloud/pop-core')).rejects.toMatchObject({
      code: 'CONFIG',
      message: expect.stringContaining('default export'),
    });
  });

  it('a missing file, or a module without a default detachKeyPair, is a configuration error (exit 2)', async () => {
    await expect(loadAdapter('./missing.mjs', { cwd: dir })).rejects.toMatchObject({
      code: 'CONFIG',
      message: expect.stringContaining('no such file'),
    });
    await expect(loadAdapter('./nodefault.mjs', { cwd: dir })).rejects.toMatchObject({
      code: 'CONFIG',
      message: expect.stringContaining('default export'),
    });
  });

  it('an adapter that throws, answers a non-reply, or hangs makes the call inconclusive, never a crash', async () => {
    const throwing = adapterClient({ detachKeyPair: async () => Promise.reject(new Error('boom')) }, 'x');
    expect(await throwing.detachKeyPair(call)).toEqual({ inconclusive: 'the adapter threw: boom' });
    expect(throwing.log()).toEqual(['call c1: the adapter threw: boom']);
    const junk = adapterClient({ detachKeyPair: async () => ({ ok: true }) as never }, 'x');
    expect(await junk.detachKeyPair(call)).toMatchObject({ inconclusive: expect.stringContaining('output') });
    const hanging = adapterClient({ detachKeyPair: () => new Promise(() => {}) }, 'x', { callTimeoutMs: 50 });
    expect(await hanging.detachKeyPair(call)).toEqual({
      inconclusive: 'the adapter did not answer within 50 ms',
    });
  });
});
