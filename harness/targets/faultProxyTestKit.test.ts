import { afterEach, describe, expect, it } from 'vitest';
import { type EmulatorServer, startEmulator } from '../emulator/startEmulator.ts';
import type { World } from '../spec/World.ts';
import { decodeResponse } from '../wire/decodeResponse.ts';
import { encodeProbe } from '../wire/encodeProbe.ts';
import { type Probe, probe } from '../wire/Probe.ts';
import type { WireResponse } from '../wire/WireMessage.ts';
import {
  type FaultProxy,
  type FaultProxyOptions,
  type InjectedFault,
  startFaultProxy,
} from './faultProxyTestKit.ts';
import { isRetryable } from './interceptors/withRetry.ts';
import { connectTarget, type Target } from './Target.ts';

const key = { accessKeyId: 'proxy-test-ak', accessKeySecret: 'proxy-test-secret' };
const world: World = {
  accessKeys: [key],
  regions: ['cn-hangzhou'],
  keyPairs: [{ regionId: 'cn-hangzhou', keyPairName: 'kp-a' }],
  instances: [{ regionId: 'cn-hangzhou', instanceId: 'i-a', osType: 'linux', keyPairName: 'kp-a' }],
};
const unknownKeyPair = (overrides: Partial<Probe> = {}): Probe =>
  probe({ regionId: 'cn-hangzhou', keyPairName: 'kp-absent', instanceIds: '["i-a"]', ...overrides });

type Rig = { emulator: EmulatorServer; proxy: FaultProxy; target: Target; apiRequests: () => number };
const open: Rig[] = [];

async function rig(options: Omit<FaultProxyOptions, 'upstream'>): Promise<Rig> {
  let api = 0;
  const emulator = await startEmulator({ world, onRequest: (kind) => void (kind === 'api' && api++) });
  const proxy = await startFaultProxy({ upstream: emulator.origin, ...options });
  // A bound that only catches a hang: every fault here ends the exchange by itself, however slow the machine.
  const target = await connectTarget({ origin: proxy.origin, timeoutMs: 2 * 60_000 });
  const r = { emulator, proxy, target, apiRequests: () => api };
  open.push(r);
  return r;
}

async function send(target: Target, p: Probe = unknownKeyPair()): Promise<WireResponse> {
  const { wire } = encodeProbe(p, { key, host: target.host, now: Date.now() });
  return target.send(wire);
}

afterEach(async () => {
  for (const r of open.splice(0)) {
    await r.target.close();
    await r.proxy.close();
    await r.emulator.close();
  }
});

describe('startFaultProxy', () => {
  it('at rate 0 is transparent: the target answers as it would directly, Host header and all', async () => {
    const { target, proxy, emulator } = await rig({ rate: 0 });
    const direct = await connectTarget({ origin: emulator.origin });
    try {
      const viaProxy = decodeResponse(await send(target));
      const plain = decodeResponse(await send(direct));
      expect(viaProxy.status).toBe(plain.status);
      expect(viaProxy.fields.Code?.value).toBe('InvalidKeyPairName.NotFound');
      expect(viaProxy.fields.Code?.value).toBe(plain.fields.Code?.value);
      // GEN-4: the HostId the target saw is the Host header the client sent (the proxy's origin host).
      expect(viaProxy.fields.HostId?.value).toBe(target.host);
    } finally {
      await direct.close();
    }
    expect(proxy.stats()).toMatchObject({ requests: 1, clean: 1, upstreamFailures: 0 });
    expect(proxy.stats().worldRequests).toBeGreaterThanOrEqual(1);
  });

  it('is deterministic given the seed: the n-th request always meets the same fault', async () => {
    const decisions = async (seed: number) => {
      const { target, proxy } = await rig({
        rate: 0.5,
        seed,
        faults: ['503', 'throttle', 'latency'],
        latencyMs: 2,
      });
      for (let i = 0; i < 30; i++) await send(target);
      return proxy.log().map((e) => e.fault);
    };
    const a = await decisions(7);
    expect(await decisions(7)).toEqual(a);
    expect(await decisions(8)).not.toEqual(a);
    expect(a.filter((f) => f !== null).length).toBeGreaterThan(5);
  });

  it('503: ServiceUnavailable with Retry-After: 0, never forwarded, retryable', async () => {
    const { target, proxy, apiRequests } = await rig({ rate: 1, faults: ['503'] });
    const response = await send(target);
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('0');
    expect(decodeResponse(response).fields.Code?.value).toBe('ServiceUnavailable');
    expect(isRetryable(response)).toBe(true);
    expect(apiRequests()).toBe(0);
    expect(proxy.stats().injected['503']).toBe(1);
  });

  it('throttle: 400 Throttling.User in the format the request asked for', async () => {
    const { target } = await rig({ rate: 1, faults: ['throttle'] });
    const cases: [Partial<Probe>, 'json' | 'xml'][] = [
      [{ format: 'JSON' }, 'json'],
      [{ format: 'xml' }, 'xml'],
      [{ format: null }, 'xml'],
      [{ format: null, scheme: 'v3' }, 'json'],
      [{ format: 'XML', transport: 'post-form' }, 'xml'],
    ];
    for (const [overrides, format] of cases) {
      const response = await send(target, unknownKeyPair(overrides));
      const decoded = decodeResponse(response);
      expect({
        overrides,
        status: response.status,
        code: decoded.fields.Code?.value,
        format: decoded.format,
      }).toEqual({
        overrides,
        status: 400,
        code: 'Throttling.User',
        format,
      });
      if (format === 'xml') expect(response.headers['content-type']).toBe('text/xml;charset=utf-8');
      expect(isRetryable(response)).toBe(true);
    }
  });

  it('truncate and every reset phase make the send reject (a transport failure)', async () => {
    const { target, proxy } = await rig({ rate: 1, faults: ['truncate', 'reset'], seed: 3 });
    for (let i = 0; i < 24; i++) await expect(send(target)).rejects.toBeDefined();
    const log = proxy.log();
    expect(new Set(log.map((e) => e.fault))).toEqual(new Set<InjectedFault>(['truncate', 'reset']));
    expect(new Set(log.map((e) => e.phase).filter(Boolean))).toEqual(
      new Set(['before-forward', 'before-headers', 'after-headers']),
    );
  });

  it('latency delays but answers with the target’s own response', async () => {
    const { target, proxy } = await rig({ rate: 1, faults: ['latency'], latencyMs: 4 });
    const decoded = decodeResponse(await send(target));
    expect(decoded.fields.Code?.value).toBe('InvalidKeyPairName.NotFound');
    expect(proxy.log()[0]).toMatchObject({ fault: 'latency' });
  });

  it('passes world-URL requests through untouched, unless faultWorldUrl is set', async () => {
    const { target, proxy } = await rig({ rate: 1, faults: ['reset'] });
    await target.loadWorld(world);
    expect(await target.readWorld()).toEqual(world);
    expect(proxy.stats().requests).toBe(0);

    const { emulator } = await rig({ rate: 0 });
    const faulty = await startFaultProxy({
      upstream: emulator.origin,
      rate: 1,
      faults: ['503'],
      faultWorldUrl: true,
    });
    try {
      const connected = await connectTarget({ origin: faulty.origin });
      expect(connected.worldUrl).toBeNull();
      await connected.close();
    } finally {
      await faulty.close();
    }
  });

  it('rejects a rate outside 0..1', async () => {
    await expect(startFaultProxy({ upstream: 'http://127.0.0.1:1', rate: 1.5 })).rejects.toThrow(RangeError);
  });
});
