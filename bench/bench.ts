/**
 * The benchmark (issue 6): measured side by side in one run on this machine, never asserted.
 * Prints a table and writes bench/results.json. Run with `npm run bench`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Pool } from 'undici';
import { handleRequest } from '../harness/emulator/handleRequest.ts';
import { startEmulator } from '../harness/emulator/startEmulator.ts';
import { RuleLedger } from '../harness/runner/RuleLedger.ts';
import { runProperty } from '../harness/runner/runProperty.ts';
import { verify } from '../harness/runner/verify.ts';
import type { World } from '../harness/spec/World.ts';
import { compose } from '../harness/targets/interceptors/Send.ts';
import { transportSend } from '../harness/targets/interceptors/transportSend.ts';
import { withRetry } from '../harness/targets/interceptors/withRetry.ts';
import { connectTarget, type Target } from '../harness/targets/Target.ts';
import { encodeProbe } from '../harness/wire/encodeProbe.ts';
import { encodeRequest } from '../harness/wire/encodeRequest.ts';
import type { WireRequest } from '../harness/wire/WireMessage.ts';
import type { Scenario } from '../properties/arbitraries/scenario.ts';
import { everyRequestJudged } from '../properties/every-request-judged.prop.ts';
import { harmlessProbe, nonceOfRequest } from '../properties/judgeProbe.ts';

const inFlight = 32;
/** Rounds per side-by-side measurement, after one warm-up round each; the median is reported. */
const rounds = 3;
const sampleBody = JSON.stringify({
  TotalCount: 2,
  RequestId: '834B3E6B-2D1D-482F-81A4-810C327D4735',
  Results: {
    Result: [
      { Message: 'successful', InstanceId: 'i-m5eg7be9ndloji64****', Success: true, Code: '200' },
      { Message: 'successful', InstanceId: 'i-m5e25x2mwr0hk33d****', Success: true, Code: '200' },
    ],
  },
  FailCount: 0,
});

/** Sends `requests` through an undici Pool with `inFlight` concurrent, returns requests per second. */
async function blast(origin: string, requests: readonly WireRequest[]): Promise<number> {
  const pool = new Pool(origin, { connections: inFlight, pipelining: 1 });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < requests.length) {
        const wire = requests[next++] as WireRequest;
        const res = await pool.request({
          method: wire.method as 'GET',
          path: wire.target,
          headers: wire.headers,
          ...(wire.body.length > 0 ? { body: Buffer.from(wire.body) } : {}),
        });
        await res.body.arrayBuffer();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return requests.length / seconds;
}

/** The loopback ceiling's server: node `http` answering every request with a fixed DetachKeyPair body. */
async function startMinimalServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' }).end(sampleBody),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const key = { accessKeyId: 'bench-ak', accessKeySecret: 'bench-secret' };

function benchWorld(ids: number): World {
  return {
    accessKeys: [key],
    regions: ['cn-hangzhou'],
    keyPairs: [{ regionId: 'cn-hangzhou', keyPairName: 'kp' }],
    instances: Array.from({ length: ids }, (_, i) => ({
      regionId: 'cn-hangzhou',
      instanceId: `i-bench${String(i).padStart(13, '0')}`,
      osType: 'linux' as const,
      keyPairName: 'kp',
    })),
  };
}

/** Valid signed DetachKeyPair requests naming every instance of `world`: fresh nonces, V1 and V3, GET and POST. */
function signedRequests(world: World, count: number): WireRequest[] {
  const list = JSON.stringify(world.instances.map((i) => i.instanceId));
  return Array.from({ length: count }, (_, n) =>
    encodeRequest({
      params: [
        ['Format', 'JSON'],
        ['RegionId', 'cn-hangzhou'],
        ['KeyPairName', 'kp'],
        ['InstanceIds', list],
      ],
      transport: n % 2 === 0 ? 'get-query' : 'post-query',
      host: 'bench.invalid',
      signing: { scheme: n % 3 === 0 ? 'v3' : 'v1', ...key },
    }),
  );
}

const median = (values: number[]) => values.toSorted((a, b) => a - b)[values.length >> 1] as number;

/**
 * The loopback ceiling and the emulator, side by side: the same signed requests (`ids` instances each,
 * `count` per round) go to the minimal server and to the emulator, alternately, after a warm-up round
 * each. Requests are signed in advance, so the load generator only sends; each round gets fresh nonces.
 */
async function sideBySide(ids: number, count: number): Promise<{ ceiling: number; emulator: number }> {
  const world = benchWorld(ids);
  const minimal = await startMinimalServer();
  const emulator = await startEmulator({ world });
  const ceilings: number[] = [];
  const emulators: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    const size = round === 0 ? Math.ceil(count / 4) : count;
    const ceiling = await blast(minimal.origin, signedRequests(world, size));
    const served = await blast(emulator.origin, signedRequests(world, size));
    if (round > 0) {
      ceilings.push(ceiling);
      emulators.push(served);
    }
  }
  await minimal.close();
  await emulator.close();
  return { ceiling: median(ceilings), emulator: median(emulators) };
}

/**
 * The emulator's handler alone: `handleRequest` called in a loop on the same signed requests, no HTTP.
 * Microseconds per request (median of the rounds, after a warm-up round).
 */
function handlerAlone(ids: number, count: number): number {
  const world = benchWorld(ids);
  const times: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    const requests = signedRequests(world, round === 0 ? Math.ceil(count / 4) : count);
    const started = performance.now();
    for (const request of requests)
      handleRequest({ world, request, now: Date.now(), nonceSeen: () => false });
    if (round > 0) times.push(((performance.now() - started) * 1000) / count);
  }
  return median(times);
}

/** One of the main property's cases, ready to send: its world and its pre-signed request(s). */
type FloorCase = { world: World; requests: WireRequest[] };

/**
 * The main property's own cases, as its main pass draws them (the same arbitrary, seed and number of runs,
 * through `fc.check` as `runProperty` calls it), signed in advance for `target` and replayed through the
 * path verify sends them by (`runProbe`: the target's `loadWorld`, its `send` behind `transportSend` and
 * `withRetry`, its `readWorld`), with no decoding, oracle, checks, ledger or generation in the timed part.
 * A `replayed-nonce` case is sent as `judgeProbe` sends it: load, the harmless first request, read, a
 * second harmless request, read, the replay with the first one's nonce (no reload), read. This is issue 19's bound: "the cases/s that its own
 * request pattern allows with no judging". This draws them; `signScenarios` signs them.
 */
async function drawScenarios(seed: number, runs: number): Promise<Scenario[]> {
  const drawn: Scenario[] = [];
  await fc.check(
    fc.asyncProperty(everyRequestJudged.arbitrary, async (input) => {
      drawn.push(input as Scenario);
      return true;
    }),
    { seed, numRuns: Math.max(1, Math.round(runs * everyRequestJudged.weight)) },
  );
  return drawn;
}

/** Signs each scenario's request(s) for `host` in advance, as `judgeProbe` would have at that moment. */
function signScenarios(scenarios: readonly Scenario[], host: string): FloorCase[] {
  return scenarios.map(({ world, key, probe }) => {
    const now = Date.now();
    if (probe.breakage !== 'replayed-nonce')
      return { world, requests: [encodeProbe(probe, { key, host, now }).wire] };
    const first = encodeProbe(harmlessProbe(probe), { key, host, now }).wire;
    const between = encodeProbe(harmlessProbe(probe), { key, host, now }).wire;
    const replayNonce = nonceOfRequest(first);
    return {
      world,
      requests: [
        first,
        between,
        encodeProbe(probe, { key, host, now, ...(replayNonce === undefined ? {} : { replayNonce }) }).wire,
      ],
    };
  });
}

/** Sends pre-signed floor cases as verify does (`runProbe`'s calls, in its order), one case at a time. */
async function sendFloorCases(target: Target, cases: readonly FloorCase[]): Promise<void> {
  for (const { world, requests } of cases) {
    await target.loadWorld(world);
    for (const request of requests) {
      const send = compose(
        transportSend((r, sendOptions) => target.send(r, sendOptions)),
        withRetry({ baseMs: 200 }),
      );
      const outcome = await send({ build: () => request, mutating: false });
      if (outcome.kind === 'inconclusive') throw new Error(`floor: ${outcome.reason}`);
      await target.readWorld();
    }
  }
}

/**
 * verify's main property with no judging (issue 19's floor): the property's own cases (`seed`, `runs`),
 * pre-generated and pre-signed, sent one case at a time as verify sends them. Cases per second, and HTTP
 * requests per second (world calls included). The warm-up sends another seed's cases first.
 */
async function propertyFloor(seed: number, runs: number, warmUpRuns = 0) {
  let http = 0;
  const emulator = await startEmulator({ onRequest: () => http++ });
  const target = await connectTarget({ origin: emulator.origin, connections: inFlight });
  if (warmUpRuns > 0)
    await sendFloorCases(target, signScenarios(await drawScenarios(7, warmUpRuns), target.host));
  const cases = signScenarios(await drawScenarios(seed, runs), target.host);
  http = 0;
  const started = performance.now();
  await sendFloorCases(target, cases);
  const seconds = (performance.now() - started) / 1000;
  await target.close();
  await emulator.close();
  return { casesPerSecond: cases.length / seconds, httpPerSecond: http / seconds };
}

/**
 * The earlier floor, kept so that history stays comparable (`ratios.verifyToIdenticalFloor`): per case,
 * load a four-instance world, send one valid request, read the world back, one case at a time, every
 * request alike. Not the property's own pattern (its worlds, encodings and formats vary), so not its bound.
 */
async function pipelineFloor(cases: number): Promise<number> {
  const world = benchWorld(4);
  let http = 0;
  const emulator = await startEmulator({ onRequest: () => http++ });
  const target = await connectTarget({ origin: emulator.origin, connections: inFlight });
  const requests = signedRequests(world, cases + Math.ceil(cases / 4));
  const run = async (batch: readonly WireRequest[]) => {
    for (const request of batch) {
      await target.loadWorld(world);
      await target.send(request);
      await target.readWorld();
    }
  };
  await run(requests.slice(cases)); // warm-up
  http = 0;
  const started = performance.now();
  await run(requests.slice(0, cases));
  const seconds = (performance.now() - started) / 1000;
  await target.close();
  await emulator.close();
  return http / seconds;
}

/**
 * verify's main property against the emulator over HTTP: checked cases/s and HTTP requests/s (world calls
 * included). With `memory`, also what the run retains and how RSS grew: a full collection is forced before
 * and after, which the rate rounds leave out, since a collection forced just before the timed part shrinks the
 * young generation and slows the next thousand cases by about a quarter (a real run forces none, and the
 * floor's rounds force none either).
 */
async function propertyThroughput(runs: number, warmUpRuns = 0, memory = true) {
  let http = 0;
  const emulator = await startEmulator({ onRequest: () => http++ });
  const target = await connectTarget({ origin: emulator.origin, connections: inFlight });
  if (warmUpRuns > 0) {
    const ledger = new RuleLedger();
    await runProperty(everyRequestJudged, target, {
      seed: 7,
      runs: warmUpRuns,
      only: null,
      ledger,
      reproduce: () => '',
    });
    http = 0;
  }
  if (memory) global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  // The ledger is what a report keeps of the run: it stays alive while the heap is measured.
  const ledger = new RuleLedger();
  const started = performance.now();
  const totals = await runProperty(everyRequestJudged, target, {
    seed: 42,
    runs,
    only: null,
    ledger,
    reproduce: () => '',
  });
  const seconds = (performance.now() - started) / 1000;
  const rssAfter = process.memoryUsage().rss;
  await target.close();
  await emulator.close();
  // After a full collection, with the emulator (and its 30-minute nonce memory, AU-7) closed: what the suite retains.
  if (memory) global.gc?.();
  const retainedBytes = process.memoryUsage().heapUsed - heapBefore;
  return {
    runs: totals.runs,
    seconds,
    casesPerSecond: totals.runs / seconds,
    httpPerSecond: http / seconds,
    msPerCase: (seconds * 1000) / totals.runs,
    retainedBytesPerCase: memory ? retainedBytes / totals.runs : null,
    // Read after the collection, so the ledger (the report's source) was reachable during it.
    rulesTallied: [...ledger.entries()].length,
    rssGrowthMb: memory ? (rssAfter - rssBefore) / 2 ** 20 : null,
  };
}

/**
 * Wall time and peak RSS of the full default `npm run conformance`, as a child process. Peak RSS comes
 * from GNU time (`/usr/bin/time -f %M`); without it the RSS is `null` and only the wall time is measured.
 * `cold`: as on a fresh clone or after an edit, the bundle is built first (scripts/conformance.mjs: its
 * manifest removed, so the build runs and is counted).
 */
async function conformanceRun(
  cold = false,
): Promise<{ seconds: number; peakRssMb: number | null; exitCode: number | null }> {
  if (cold) await rm(new URL('../node_modules/.dkp-conformance.json', import.meta.url), { force: true });
  const timed = existsSync('/usr/bin/time');
  const command = ['npm', 'run', '--silent', 'conformance'];
  return new Promise((resolve) => {
    const started = performance.now();
    const child = timed
      ? spawn('/usr/bin/time', ['-f', '%M', ...command], { stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn(command[0] as string, command.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('exit', (code) => {
      const kb = timed ? Number(stderr.trim().split('\n').at(-1)) : Number.NaN;
      resolve({
        seconds: (performance.now() - started) / 1000,
        peakRssMb: Number.isFinite(kb) ? kb / 1024 : null,
        exitCode: code,
      });
    });
  });
}

/** Runs the CLI (`npm run --silent dkp -- ...`) as a child process; resolves its exit code. */
function dkp(args: readonly string[]): Promise<number | null> {
  return new Promise((resolve) => {
    spawn('npm', ['run', '--silent', 'dkp', '--', ...args], { stdio: 'ignore' }).on('exit', resolve);
  });
}

/**
 * Going wider on one machine: the same `verify` (seed, runs, no contracts) as one process, then as
 * `shards` processes run at once and merged with `merge-reports`. Wall times, process start-up included.
 */
async function shardedRun(runs: number, shards: number) {
  const dir = await mkdtemp(join(tmpdir(), 'dkp-bench-'));
  const common = ['verify', '--seed', '1', '--runs', String(runs), '--no-contracts'];
  try {
    let started = performance.now();
    const whole = await dkp([...common, '--report-dir', join(dir, 'whole')]);
    const oneSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const parts = await Promise.all(
      Array.from({ length: shards }, (_, i) =>
        dkp([...common, '--shard', `${i + 1}/${shards}`, '--report-dir', join(dir, `shard-${i + 1}`)]),
      ),
    );
    const merged = await dkp([
      'merge-reports',
      ...Array.from({ length: shards }, (_, i) => join(dir, `shard-${i + 1}`)),
      '--report-dir',
      join(dir, 'merged'),
    ]);
    const shardedSeconds = (performance.now() - started) / 1000;
    return { runs, shards, oneSeconds, shardedSeconds, exitCodes: { whole, parts, merged } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const fixed = (n: number, digits = 0) => n.toFixed(digits);

async function main() {
  const count = Number(process.env.BENCH_REQUESTS ?? 20_000);
  const { ceiling, emulator } = await sideBySide(2, count);
  const byIds = [];
  for (const ids of [1, 10, 50]) byIds.push({ ids, ...(await sideBySide(ids, Math.round(count / 2))) });
  const handlerMicros = handlerAlone(2, count);
  // The floor and the property alternately, round by round (the first property round warms up first), and
  // the median of each: on a shared host the load drifts over a run, and two blocks measured a minute apart
  // put that drift into their ratio.
  // The floor is the property's own cases unjudged (`propertyFloor`: same seed, same runs); the identical-request
  // floor of earlier runs is measured beside them, so that history stays comparable.
  const floors: number[] = [];
  const propertyFloors: Awaited<ReturnType<typeof propertyFloor>>[] = [];
  const properties: Awaited<ReturnType<typeof propertyThroughput>>[] = [];
  for (let round = 0; round < rounds; round++) {
    floors.push(await pipelineFloor(3000));
    propertyFloors.push(await propertyFloor(42, 1000, round === 0 ? 300 : 0));
    properties.push(await propertyThroughput(1000, round === 0 ? 300 : 0, false));
  }
  const floor = median(floors);
  const ownFloor = propertyFloors.toSorted((a, b) => a.casesPerSecond - b.casesPerSecond)[
    propertyFloors.length >> 1
  ] as (typeof propertyFloors)[number];
  const property = properties.toSorted((a, b) => a.casesPerSecond - b.casesPerSecond)[
    properties.length >> 1
  ] as (typeof properties)[number];
  const growth = [];
  for (const runs of [100, 1000, 10_000]) growth.push(await propertyThroughput(runs));
  // The default run, `rounds` times (the median by wall time): one run is at the mercy of the host's load.
  const conformances: Awaited<ReturnType<typeof conformanceRun>>[] = [];
  await conformanceRun(); // builds the bundle if the sources changed since the last run: not a warm run
  for (let round = 0; round < rounds; round++) conformances.push(await conformanceRun());
  const conformance = conformances.toSorted((a, b) => a.seconds - b.seconds)[
    conformances.length >> 1
  ] as (typeof conformances)[number];
  // Once more with the bundle built first, as the first run of a fresh clone (the build counted).
  const coldConformance = await conformanceRun(true);
  const sharded = await shardedRun(3000, cpus().length);
  // The default verify run through the library, for its own request count.
  const defaultRun = await verify({ seed: 1 });

  // The goals' figures (issue 19), each measured against its own bound in this run.
  const ratios = {
    /** The emulator's rate over the loopback ceiling, on the same signed requests. */
    emulatorToCeiling: emulator / ceiling,
    /**
     * verify's main property: judged cases per second over the cases its own request pattern allows unjudged
     * (its own cases, pre-generated and pre-signed, sent through verify's path: `propertyFloor`).
     */
    verifyToFloor: property.casesPerSecond / ownFloor.casesPerSecond,
    /** The same over the earlier floor (identical requests on a four-instance world, 3 round trips a case). */
    verifyToIdenticalFloor: property.casesPerSecond / (floor / 3),
  };
  // Each round's own ratio (its floor and property measured a few seconds apart): how far the load's drift
  // moves the figure within this run.
  const verifyToFloorRounds = properties.map(
    (p, i) => p.casesPerSecond / (propertyFloors[i] as (typeof propertyFloors)[number]).casesPerSecond,
  );
  const rows: Array<[string, string, string]> = [
    [
      'loopback ceiling (undici → node http, fixed body, 32 in flight; signed requests, 2 IDs)',
      `${fixed(ceiling)} req/s`,
      '1.00',
    ],
    [
      'emulator, the same valid signed DetachKeyPair requests',
      `${fixed(emulator)} req/s`,
      fixed(emulator / ceiling, 2),
    ],
    ...byIds.map(({ ids, ceiling: own, emulator: rps }): [string, string, string] => [
      `emulator / ceiling with ${ids} ID(s) per request`,
      `${fixed(rps)} / ${fixed(own)} req/s`,
      fixed(rps / own, 2),
    ]),
    [
      'per request: ceiling / emulator over HTTP / emulator handler alone (no HTTP)',
      `${fixed(1e6 / ceiling, 1)} / ${fixed(1e6 / emulator, 1)} / ${fixed(handlerMicros, 1)} µs`,
      '',
    ],
    [
      "verify's main property unjudged: its own 1,000 cases pre-signed, sent as verify sends them (the floor)",
      `${fixed(ownFloor.casesPerSecond)} cases/s, ${fixed(ownFloor.httpPerSecond)} req/s`,
      fixed(ownFloor.httpPerSecond / ceiling, 2),
    ],
    [
      "verify property (1,000 cases): checked cases / the floor's cases; ratio to that floor",
      `${fixed(property.casesPerSecond)} / ${fixed(ownFloor.casesPerSecond)} cases/s (rounds: ${verifyToFloorRounds.map((r) => fixed(r, 2)).join(', ')})`,
      fixed(ratios.verifyToFloor, 2),
    ],
    [
      'identical requests, no judging (load 4-instance world → send → read world), the earlier floor',
      `${fixed(floor)} req/s`,
      fixed(floor / ceiling, 2),
    ],
    [
      "verify property / the earlier floor's cases (3 requests each)",
      `${fixed(property.casesPerSecond)} / ${fixed(floor / 3)} cases/s`,
      fixed(ratios.verifyToIdenticalFloor, 2),
    ],
    [
      'verify property (1,000 cases): HTTP incl. world setup/read-back',
      `${fixed(property.httpPerSecond)} req/s`,
      fixed(property.httpPerSecond / ceiling, 2),
    ],
    ...growth.map((g): [string, string, string] => [
      `property runs ${g.runs}: time per case, RSS growth, heap retained per case`,
      `${fixed(g.msPerCase, 2)} ms, ${fixed(g.rssGrowthMb ?? Number.NaN, 1)} MiB, ${fixed(g.retainedBytesPerCase ?? Number.NaN)} B`,
      '',
    ]),
    [
      'npm run conformance (default run): wall time',
      `${fixed(conformance.seconds, 1)} s (exit ${conformance.exitCode})`,
      '',
    ],
    [
      'npm run conformance, the bundle built first (a fresh clone, or after an edit): wall time',
      `${fixed(coldConformance.seconds, 1)} s (exit ${coldConformance.exitCode})`,
      '',
    ],
    [
      'npm run conformance: peak RSS',
      conformance.peakRssMb === null
        ? 'not measured (no /usr/bin/time)'
        : `${fixed(conformance.peakRssMb)} MiB`,
      '',
    ],
    [
      `verify --runs ${sharded.runs} --no-contracts: 1 process / ${sharded.shards} shards at once + merge-reports`,
      `${fixed(sharded.oneSeconds, 1)} s / ${fixed(sharded.shardedSeconds, 1)} s`,
      `×${fixed(sharded.oneSeconds / sharded.shardedSeconds, 2)}`,
    ],
    [
      'default verify: API requests',
      `${defaultRun.report.run.requests} in ${fixed(defaultRun.report.run.durationMs / 1000, 1)} s`,
      '',
    ],
  ];
  const machine = `${cpus().length} cores, ${fixed(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const date = new Date().toISOString().slice(0, 10);
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`benchmark ${date} on ${machine}`);
  console.log(`${'measure'.padEnd(width)}  ${'value'.padEnd(28)}  ratio to ceiling`);
  for (const [name, value, ratio] of rows)
    console.log(`${name.padEnd(width)}  ${value.padEnd(28)}  ${ratio}`);
  await writeFile(
    new URL('./results.json', import.meta.url),
    `${JSON.stringify({ date, machine, ratios, conformanceSeconds: conformance.seconds, inFlight, rounds, requests: count, ceiling, emulator, byIds, handlerMicros, floor, propertyFloor: ownFloor, property, floorRounds: floors, propertyFloorRounds: propertyFloors.map((f) => f.casesPerSecond), propertyRounds: properties.map((p) => p.casesPerSecond), verifyToFloorRounds, growth, conformance, conformanceRounds: conformances.map((c) => c.seconds), coldConformance, sharded, rows }, null, 2)}\n`,
  );
}

await main();
