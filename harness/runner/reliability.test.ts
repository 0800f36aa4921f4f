import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detachScenario, type Scenario } from '../../properties/arbitraries/scenario.ts';
import type { CheckOutcome } from '../checks/CheckOutcome.ts';
import { runChecks } from '../checks/index.ts';
import { type EmulatorServer, startEmulator } from '../emulator/startEmulator.ts';
import { runProbe } from '../suite/runProbe.ts';
import { type FaultProxy, type InjectedFault, startFaultProxy } from '../targets/faultProxyTestKit.ts';
import { maxRetries } from '../targets/interceptors/withRetry.ts';
import { connectTarget, type Target } from '../targets/Target.ts';
import { verify } from './verify.ts';

// target-protocol §2: transport failures and exhausted retries are inconclusive, never pass or fail;
// throttling and 503 are retried to a clean answer. The clean reference emulator is conformant, so any
// `fail` seen through a faulty network is the suite misreading the network as the target.
const seed = 515151;
const probes = 1000;
/**
 * Timeouts that only catch a hang, never a slow machine: on a loaded shared machine the 1000 probes took
 * over 60 s. Per request, a loopback answer is bounded at 2 minutes (a bound that fired would be misread
 * as an inconclusive without a fault); each test at 10 minutes.
 */
const requestHangMs = 2 * 60_000;
const testHangMs = 10 * 60_000;

describe('reliability: injected transport faults never become a verdict', { timeout: testHangMs }, () => {
  let emulator: EmulatorServer;
  let proxy: FaultProxy;
  let target: Target;

  beforeAll(async () => {
    emulator = await startEmulator();
    proxy = await startFaultProxy({ upstream: emulator.origin, rate: 0.25, seed, latencyMs: 4 });
    target = await connectTarget({ origin: proxy.origin, timeoutMs: requestHangMs });
  });
  afterAll(async () => {
    await target.close();
    await proxy.close();
    await emulator.close();
  });

  it(`${probes} generated probes through a proxy faulting 25% of requests: no misclassification`, async () => {
    expect(target.worldUrl).not.toBeNull();
    const scenarios: Scenario[] = fc.sample(
      fc.oneof(
        { weight: 3, arbitrary: detachScenario({ sizes: 'all' }) },
        { weight: 2, arbitrary: detachScenario({ breakage: true }) },
        { weight: 1, arbitrary: detachScenario({ routing: true }) },
      ),
      { seed, numRuns: probes },
    );
    const tally = { cleanFirstTime: 0, retriedToClean: 0, inconclusive: 0, judged: 0 };
    const misread: string[] = [];
    const outcomes: CheckOutcome[] = [];
    for (const [i, s] of scenarios.entries()) {
      // A replayed nonce needs a first request of its own (judgeProbe); a fresh nonce keeps this one single.
      const p = s.probe.breakage === 'replayed-nonce' ? { ...s.probe, breakage: null } : s.probe;
      const before = proxy.log().length;
      const result = await runProbe(target, p, { key: s.key, world: s.world, backoffMs: 1 });
      const attempts = proxy.log().slice(before);
      const faults = attempts.map((a) => a.fault);
      const where = `probe #${i} (${JSON.stringify(faults)})`;
      // One API request however often it was retried: the inconclusive share (target-protocol §4) counts
      // requests after the retries, so retries must not dilute it.
      if (result.requests !== 1) misread.push(`${where}: counted ${result.requests} requests for one probe`);
      if (attempts.length !== result.attempts)
        misread.push(
          `${where}: runProbe counted ${result.attempts} attempts, the proxy saw ${attempts.length}`,
        );
      const last = faults.at(-1) ?? null;
      const earlier = faults.slice(0, -1);
      const retryable = (f: InjectedFault | null) => f === '503' || f === 'throttle';
      if (result.kind === 'exchange') {
        // The judged answer is the target's own, after nothing but retryable faults.
        if (last !== null && last !== 'latency') misread.push(`${where}: judged an injected ${last}`);
        if (!earlier.every(retryable)) misread.push(`${where}: an earlier attempt was not retryable`);
        const judged = runChecks(result.exchange);
        outcomes.push(...judged);
        tally.judged++;
        if (earlier.length === 0) tally.cleanFirstTime++;
        else tally.retriedToClean++;
        for (const o of judged)
          if (o.status === 'fail' || o.status === 'error') misread.push(`${where}: ${JSON.stringify(o)}`);
      } else {
        tally.inconclusive++;
        const exhausted = faults.length === maxRetries + 1 && faults.every(retryable);
        if (!(last === 'reset' || last === 'truncate' || exhausted))
          misread.push(`${where}: inconclusive without a transport fault: ${result.reason}`);
      }
    }
    const stats = proxy.stats();
    expect(misread).toEqual([]);
    expect(outcomes.filter((o) => o.status === 'fail')).toEqual([]);
    expect(stats.requests).toBeGreaterThanOrEqual(1000);
    expect(stats.upstreamFailures).toBe(0);
    for (const fault of ['latency', 'reset', 'truncate', '503', 'throttle'] as const)
      expect(stats.injected[fault], fault).toBeGreaterThan(20);
    expect(tally.retriedToClean).toBeGreaterThan(50);
    expect(tally.inconclusive).toBeGreaterThan(20);
    expect(tally.judged + tally.inconclusive).toBe(probes);
    expect(outcomes.filter((o) => o.status === 'pass').length).toBeGreaterThan(probes);
  });

  // The whole of verify through a faulty network: documented cases, every property (the model-based
  // sequences included: a lost answer must resynchronise the model, not blame the next step) and the
  // world-free probes. Seeds 1 and 2 failed ST-0/ST-2/ST-3 before detach-sequences resynchronised. Throttling
  // is left out here: judgeProbe uses runProbe's default backoff (200 ms), too slow for a unit test.
  it.each([1, 2])(
    'verify (seed %i) through a proxy faulting 8 percent of requests records no failure',
    async (runSeed) => {
      const upstream = await startEmulator();
      const faulty = await startFaultProxy({
        upstream: upstream.origin,
        rate: 0.08,
        seed: runSeed,
        faults: ['latency', 'reset', 'truncate', '503'],
        latencyMs: 3,
      });
      try {
        // Contracts included: a replayed interaction that meets a fault is inconclusive, not failed.
        const { report } = await verify({ target: faulty.origin, runs: 60, seed: runSeed });
        expect(
          report.rules.filter((r) => r.status === 'fail' || r.status === 'error' || r.status === 'warn'),
        ).toEqual([]);
        expect(report.verdict).not.toBe('nonconformant');
        expect(report.run.inconclusiveRequests).toBeGreaterThan(0);
        expect(faulty.stats().injected.reset).toBeGreaterThan(0);
      } finally {
        await faulty.close();
        await upstream.close();
      }
    },
  );
});
