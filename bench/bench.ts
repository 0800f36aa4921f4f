/**
 * The benchmark (issue 6): measured side by side in one run on this machine, never asserted.
 * Prints a table and writes bench/results.json. Run with `npm run bench`.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { Pool } from 'undici';
import { startEmulator } from '../harness/emulator/startEmulator.ts';
import { RuleLedger } from '../harness/runner/RuleLedger.ts';
import { runProperty } from '../harness/runner/runProperty.ts';
import { verify } from '../harness/runner/verify.ts';
import type { World } from '../harness/spec/World.ts';
import { connectTarget } from '../harness/targets/Target.ts';
import { encodeRequest } from '../harness/wire/encodeRequest.ts';
import type { WireRequest } from '../harness/wire/WireMessage.ts';
import { everyRequestJudged } from '../properties/every-request-judged.prop.ts';

const inFlight = 32;
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

async function loopbackCeiling(count: number): Promise<number> {
  const server = createServer((_req, res) => {
    _req.resume();
    _req.on('end', () =>
      res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' }).end(sampleBody),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const wire: WireRequest = {
    method: 'GET',
    target: '/?Action=DetachKeyPair',
    headers: {},
    body: new Uint8Array(),
  };
  const rate = await blast(
    origin,
    Array.from({ length: count }, () => wire),
  );
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return rate;
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

/** The emulator's throughput for valid signed requests naming `ids` instances (pre-signed, fresh nonces). */
async function emulatorThroughput(count: number, ids: number): Promise<number> {
  const world = benchWorld(ids);
  const emulator = await startEmulator({ world });
  const host = new URL(emulator.origin).host;
  const list = JSON.stringify(world.instances.map((i) => i.instanceId));
  const requests = Array.from({ length: count }, (_, n) =>
    encodeRequest({
      params: [
        ['Format', 'JSON'],
        ['RegionId', 'cn-hangzhou'],
        ['KeyPairName', 'kp'],
        ['InstanceIds', list],
      ],
      transport: n % 2 === 0 ? 'get-query' : 'post-query',
      host,
      signing: { scheme: n % 3 === 0 ? 'v3' : 'v1', ...key },
    }),
  );
  const rate = await blast(emulator.origin, requests);
  await emulator.close();
  return rate;
}

/** verify's main property against the emulator over HTTP: checked cases/s and HTTP requests/s (world calls included). */
async function propertyThroughput(runs: number) {
  let http = 0;
  const emulator = await startEmulator({ onRequest: () => http++ });
  const target = await connectTarget({ origin: emulator.origin, connections: inFlight });
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const totals = await runProperty(everyRequestJudged, target, {
    seed: 42,
    runs,
    only: null,
    ledger: new RuleLedger(),
    reproduce: () => '',
  });
  const seconds = (performance.now() - started) / 1000;
  const rssAfter = process.memoryUsage().rss;
  await target.close();
  await emulator.close();
  return {
    runs: totals.runs,
    seconds,
    casesPerSecond: totals.runs / seconds,
    httpPerSecond: http / seconds,
    msPerCase: (seconds * 1000) / totals.runs,
    rssGrowthMb: (rssAfter - rssBefore) / 2 ** 20,
  };
}

/** Wall time and peak RSS of the full default `npm run conformance`, as a child process. */
function conformanceRun(): Promise<{ seconds: number; peakRssMb: number; exitCode: number | null }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%M', 'npm', 'run', '--silent', 'conformance'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('exit', (code) => {
      const kb = Number(stderr.trim().split('\n').at(-1));
      resolve({ seconds: (performance.now() - started) / 1000, peakRssMb: kb / 1024, exitCode: code });
    });
  });
}

const fixed = (n: number, digits = 0) => n.toFixed(digits);

async function main() {
  const count = Number(process.env.BENCH_REQUESTS ?? 20_000);
  const ceiling = await loopbackCeiling(count);
  const emulator = await emulatorThroughput(count, 2);
  const byIds = [];
  for (const ids of [1, 10, 50])
    byIds.push({ ids, rps: await emulatorThroughput(Math.round(count / 2), ids) });
  const property = await propertyThroughput(1000);
  const growth = [];
  for (const runs of [100, 1000, 10_000]) growth.push(await propertyThroughput(runs));
  const conformance = await conformanceRun();
  // The default verify run through the library, for its own request count.
  const defaultRun = await verify({ seed: 1 });

  const rows: Array<[string, string, string]> = [
    ['loopback ceiling (undici → node http, fixed body, 32 in flight)', `${fixed(ceiling)} req/s`, '1.00'],
    [
      'emulator, valid signed DetachKeyPair (2 IDs)',
      `${fixed(emulator)} req/s`,
      fixed(emulator / ceiling, 2),
    ],
    ...byIds.map(({ ids, rps }): [string, string, string] => [
      `emulator, ${ids} ID(s) per request`,
      `${fixed(rps)} req/s`,
      fixed(rps / ceiling, 2),
    ]),
    ['verify property (1,000 cases): checked cases', `${fixed(property.casesPerSecond)} cases/s`, ''],
    [
      'verify property (1,000 cases): HTTP incl. world setup/read-back',
      `${fixed(property.httpPerSecond)} req/s`,
      fixed(property.httpPerSecond / ceiling, 2),
    ],
    ...growth.map((g): [string, string, string] => [
      `property runs ${g.runs}: time per case, RSS growth`,
      `${fixed(g.msPerCase, 2)} ms/case, ${fixed(g.rssGrowthMb, 1)} MiB`,
      '',
    ]),
    [
      'npm run conformance (default run): wall time',
      `${fixed(conformance.seconds, 1)} s (exit ${conformance.exitCode})`,
      '',
    ],
    ['npm run conformance: peak RSS', `${fixed(conformance.peakRssMb)} MiB`, ''],
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
    `${JSON.stringify({ date, machine, inFlight, requests: count, ceiling, emulator, byIds, property, growth, conformance, rows }, null, 2)}\n`,
  );
}

await main();
