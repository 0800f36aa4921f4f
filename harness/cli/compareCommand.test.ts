import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultName } from '../emulator/faults.ts';
import { startEmulator } from '../emulator/startEmulator.ts';
import type { Recording } from '../recordings/Recording.ts';
import { writeRecording } from '../recordings/writeRecording.ts';
import type { AspectChange, Changes, ProbeChange } from '../reports/compareAudits.ts';
import { compareAudits } from '../reports/compareAudits.ts';
import type { Report } from '../reports/Report.ts';
import { writeReports } from '../reports/writeReports.ts';
import { audit } from '../runner/audit.ts';
import { env, key, manifest, region, sandboxWorld } from '../runner/auditTestKit.ts';
import { runAuditCommand } from './auditCommand.ts';
import type { Io } from './commandKit.ts';
import { main } from './main.ts';

// `dkp-conformance compare` (issue 18): audits of the bundled emulator, each run once with both tiers and
// shared by every test — the reference profile with two seeds (other RequestIds, nonces, dates, random
// names, another port), the flipped and live-like profiles, and two injected faults — and exactly the
// changes each pair must show.

function io(): Io & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l) };
}

let root: string;
const dirs: Record<string, string> = {};

/** Audits a fresh emulator (both tiers) and writes its report and recording into one directory. */
async function auditInto(name: string, profile: string, seed: number, fault?: FaultName): Promise<void> {
  const server = await startEmulator({
    worldControl: false,
    profile,
    world: sandboxWorld(),
    ...(fault === undefined ? {} : { fault }),
  });
  const dir = join(root, name);
  try {
    const result = await audit({
      endpoint: server.origin,
      region,
      env,
      rate: 1000,
      seed,
      backoffMs: 1,
      allowMutation: true,
      sandbox: manifest,
      record: dir,
    });
    await writeReports(result.report, dir, result.secrets);
  } finally {
    await server.close();
  }
  dirs[name] = dir;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dkp-compare-'));
  // The baseline as the README's nightly job makes it: through the command, the recording written
  // elsewhere and copied into the report directory.
  const server = await startEmulator({ worldControl: false, world: sandboxWorld() });
  try {
    const manifestFile = join(root, 'sandbox.json');
    await writeFile(manifestFile, JSON.stringify(manifest));
    const out = io();
    const args = ['--endpoint', server.origin, '--region', region, '--rate', '1000', '--seed', '1'];
    const sandbox = ['--allow-mutation', '--sandbox', manifestFile];
    const files = ['--record', join(root, 'recording-a'), '--report-dir', join(root, 'reference-a')];
    expect(await runAuditCommand([...args, ...sandbox, ...files], out, env)).toBe(0);
    dirs['reference-a'] = join(root, 'reference-a');
  } finally {
    await server.close();
  }
  await auditInto('reference-b', 'reference', 2);
  await auditInto('flipped', 'flipped', 3);
  await auditInto('live-like', 'live-like', 4);
  await auditInto('v1-default-json', 'reference', 5, 'v1-default-json');
  await auditInto('unknown-access-key-wrong-code', 'reference', 6, 'unknown-access-key-wrong-code');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const readJson = async <T>(path: string): Promise<T> => JSON.parse(await readFile(path, 'utf8')) as T;
const snapshot = async (name: string) => {
  const dir = dirs[name] as string;
  return {
    dir,
    report: await readJson<Report>(join(dir, 'report.json')),
    recording: await readJson<Recording>(join(dir, 'recording.json')),
  };
};

/** Runs `compare` into its own output directory; resolves to the exit code, the printed lines and changes.json. */
async function compare(before: string, after: string) {
  const out = io();
  const reportDir = join(root, `out-${before}-${after}`);
  const code = await main(
    [
      'compare',
      '--before',
      dirs[before] ?? join(root, before),
      '--after',
      dirs[after] as string,
      '--report-dir',
      reportDir,
    ],
    out,
  );
  const changes = code === 2 ? undefined : await readJson<Changes>(join(reportDir, 'changes.json'));
  return { code, out, changes, reportDir };
}

const changed = (changes: Changes | undefined) => changes?.probes.filter((p) => p.kind !== 'unchanged');

/** The probes of a recording whose answers are JSON (their content type is the profile's choice). */
async function jsonProbes(name: string): Promise<string[]> {
  const { recording } = await snapshot(name);
  return recording.exchanges
    .filter((e) => e.response?.headers['content-type']?.startsWith('application/json'))
    .map((e) => e.name)
    .sort();
}

/** For every probe of `names`, one change of content type, plus what `extra` adds for a probe. */
function contentTypeChanges(
  names: readonly string[],
  before: string,
  after: string,
  extra: Record<string, AspectChange[]> = {},
): ProbeChange[] {
  return names.map((name) => {
    const more = extra[name] ?? [];
    const differences: AspectChange[] = [
      ...more.filter((d) => ['status', 'code', 'message'].includes(d.aspect)),
      { aspect: 'contentType', before, after },
      ...more.filter((d) => d.aspect === 'fields'),
    ];
    return { name, kind: 'changed', differences };
  });
}

describe('compare: what the live endpoint changed between two audits', () => {
  it('audit --record R --report-dir D also writes the recording into D, where compare finds it', async () => {
    const recording = await readJson<Recording>(join(dirs['reference-a'] as string, 'recording.json'));
    const original = await readJson<Recording>(join(root, 'recording-a', 'recording.json'));
    expect(recording).toEqual(original);
    expect(recording.exchanges.length).toBeGreaterThan(70);
  });

  it('two audits of the same profile with other seeds (RequestIds, nonces, dates, random names, port) show no change: exit 0', async () => {
    const a = await snapshot('reference-a');
    const b = await snapshot('reference-b');
    // The raw recordings do differ in every volatile value.
    expect(a.recording.endpoint).not.toBe(b.recording.endpoint);
    const first = (s: typeof a) =>
      s.recording.exchanges.find((e) => e.name === 'unknown-key-pair-v1-get-query');
    expect(first(a)?.probe.keyPairName).not.toBe(first(b)?.probe.keyPairName);
    expect(first(a)?.response?.body).not.toBe(first(b)?.response?.body); // HostId: another port
    expect(a.report.startedAt).not.toBe(b.report.startedAt);

    const { code, out, changes } = await compare('reference-a', 'reference-b');
    expect(code).toBe(0);
    expect(changed(changes)).toEqual([]);
    expect(changes?.rules).toEqual([]);
    expect(changes?.summary).toEqual({
      behaviouralChanges: 0,
      probes: {
        unchanged: a.recording.exchanges.length,
        changed: 0,
        'request-changed': 0,
        inconclusive: 0,
        new: 0,
        gone: 0,
      },
      rules: { service: 0, suite: 0 },
    });
    expect(out.lines.at(-2)).toBe('exit 0: no behavioural change');
  });

  it('reference → flipped: every REPORT-level choice the read-only and sandbox probes can see, exactly', async () => {
    const { code, out, changes } = await compare('reference-a', 'flipped');
    expect(code).toBe(1);
    const overLimit: AspectChange[] = [
      { aspect: 'status', before: 400, after: 403 },
      {
        aspect: 'code',
        before: 'InvalidInstanceIds.ValueNotSupported',
        after: 'InstanceKeyPairLimitExceeded',
      },
      {
        aspect: 'message',
        before: 'The specified parameter InstanceIds is not valid.',
        after: 'The specified instances are beyond the permitted range.',
      },
    ];
    // OK-9 and OK-10: counts and Success as strings, no KeyPairName echo, in the sandbox's success bodies.
    const success = (typed: boolean, echo: boolean) => [
      `FailCount:${typed ? 'number' : 'string'}`,
      ...(echo ? ['KeyPairName:string'] : []),
      'RequestId:string',
      'Results.Result[].Code:string',
      'Results.Result[].InstanceId:string',
      'Results.Result[].Message:string',
      `Results.Result[].Success:${typed ? 'boolean' : 'string'}`,
      `TotalCount:${typed ? 'number' : 'string'}`,
    ];
    const successFields: AspectChange[] = [
      { aspect: 'fields', before: success(true, true), after: success(false, false) },
    ];
    // AU-4: InvalidAccessKeyId.NotFound as documented (400) instead of as observed live (404).
    const accessKeyStatus: AspectChange[] = [{ aspect: 'status', before: 404, after: 400 }];
    const json = await jsonProbes('reference-a');
    const expected = contentTypeChanges(json, 'application/json;charset=utf-8', 'application/json', {
      'instance-ids-fifty-one': overLimit,
      'unknown-access-key-v1': accessKeyStatus,
      'unknown-access-key-v3': accessKeyStatus,
      'sandbox:detach-linux': successFields,
      'sandbox:restore': successFields,
    });
    // The XML answer to 51 IDs keeps its content type and changes the rest.
    expected.push({ name: 'instance-ids-fifty-one-v3-xml', kind: 'changed', differences: overLimit });
    expect(changed(changes)).toEqual(expected.sort((x, y) => (x.name < y.name ? -1 : 1)));
    expect(changes?.rules).toEqual([
      {
        id: 'OK-9',
        before: {
          status: 'pass',
          observed: ['JSON Code as strings', 'JSON Success as booleans', 'JSON counts as numbers'],
        },
        after: {
          status: 'pass',
          observed: ['JSON Code as strings', 'JSON Success as strings', 'JSON counts as strings'],
        },
        attribution: 'service',
        why: 'same suite, same rules, other answers',
      },
      {
        id: 'OK-10',
        before: { status: 'report', observed: ['KeyPairName present'] },
        after: { status: 'report', observed: ['KeyPairName absent'] },
        attribution: 'service',
        why: 'same suite, same rules, other answers',
      },
    ]);
    expect(changes?.summary.behaviouralChanges).toBe(expected.length + 2);
    // The terminal lists each change with both sides.
    expect(out.lines).toContain('changed   instance-ids-fifty-one-v3-xml');
    expect(out.lines).toContain('            status 400 → 403');
    expect(out.lines).toContain(
      '            fields +FailCount:string +Results.Result[].Success:string +TotalCount:string −FailCount:number −KeyPairName:string −Results.Result[].Success:boolean −TotalCount:number',
    );
    expect(out.lines).toContain(
      'rule      OK-10 report; observed ["KeyPairName present"] → ["KeyPairName absent"]',
    );
    expect(out.lines.at(-2)).toBe('exit 1: the live service changed its behaviour since the last audit');
  });

  it('reference → live-like: only the JSON content type, on every JSON answer', async () => {
    const { code, changes } = await compare('reference-a', 'live-like');
    expect(code).toBe(1);
    const json = await jsonProbes('reference-a');
    expect(changed(changes)).toEqual(
      contentTypeChanges(json, 'application/json;charset=utf-8', 'application/json; charset=UTF-8'),
    );
    expect(changes?.rules).toEqual([]);
  });

  it('fault v1-default-json: the default format moved from XML to JSON, and TR-3 now fails', async () => {
    const { code, changes } = await compare('reference-a', 'v1-default-json');
    expect(code).toBe(1);
    expect(changed(changes)).toEqual([
      {
        name: 'unknown-key-pair-v1-default-format',
        kind: 'changed',
        differences: [
          {
            aspect: 'contentType',
            before: 'text/xml;charset=utf-8',
            after: 'application/json;charset=utf-8',
          },
          { aspect: 'format', before: 'xml', after: 'json' },
        ],
      },
    ]);
    expect(changes?.rules).toEqual([
      {
        id: 'TR-3',
        before: { status: 'pass', observed: [] },
        after: { status: 'fail', observed: [], source: 'probe:unknown-key-pair-v1-default-format' },
        attribution: 'service',
        why: 'same suite, same rules, other answers',
      },
    ]);
  });

  it('fault unknown-access-key-wrong-code: a status that moved from 404 to 400 with another code, and AU-4 now fails', async () => {
    const { code, changes } = await compare('reference-a', 'unknown-access-key-wrong-code');
    expect(code).toBe(1);
    const differences: AspectChange[] = [
      { aspect: 'status', before: 404, after: 400 },
      { aspect: 'code', before: 'InvalidAccessKeyId.NotFound', after: 'SignatureDoesNotMatch' },
      {
        aspect: 'message',
        before: 'Specified access key is not found.',
        after: 'Specified signature is not matched with our calculation.',
      },
    ];
    expect(changed(changes)).toEqual([
      { name: 'unknown-access-key-v1', kind: 'changed', differences },
      { name: 'unknown-access-key-v3', kind: 'changed', differences },
    ]);
    expect(changes?.rules.map((r) => [r.id, r.before.status, r.after.status, r.attribution])).toEqual([
      ['AU-4', 'pass', 'fail', 'service'],
    ]);
  });

  it('a suite upgrade is not a service change: another rules version, a request sent differently, new and gone probes', async () => {
    const before = await snapshot('reference-a');
    const after = await snapshot('v1-default-json');
    // Another rules version: TR-3's verdict change is the suite's; the probe's answer still changed.
    const upgraded = compareAudits(before, { ...after, report: { ...after.report, rulesVersion: 3 } });
    expect(upgraded.rules.map((r) => [r.id, r.attribution, r.why])).toEqual([
      ['TR-3', 'suite', 'rules version 2 → 3: the rules may have changed meaning'],
    ]);
    expect(upgraded.summary).toMatchObject({ behaviouralChanges: 1, rules: { service: 0, suite: 1 } });
    expect(upgraded.notes).toContain('rules version 2 → 3: verdict changes are counted as suite changes');

    // The probe that decides TR-3 now sends another request (its Format is spelled differently): the
    // probe and the verdict are both the suite's, and nothing is a behavioural change.
    const exchanges = after.recording.exchanges.map((e) =>
      e.name === 'unknown-key-pair-v1-default-format'
        ? { ...e, request: { ...e.request, target: `${e.request.target}&Format=` } }
        : e,
    );
    const resent = compareAudits(before, { ...after, recording: { ...after.recording, exchanges } });
    expect(resent.probes.find((p) => p.name === 'unknown-key-pair-v1-default-format')).toMatchObject({
      kind: 'request-changed',
      requests: { after: expect.stringContaining('&Format=') },
    });
    expect(resent.rules.map((r) => [r.id, r.attribution])).toEqual([['TR-3', 'suite']]);
    expect(resent.rules[0]?.why).toBe(
      'decided by unknown-key-pair-v1-default-format, a probe that is sent differently on the other night',
    );
    expect(resent.exitCode).toBe(0);

    // The probe set grows and shrinks with the suite: new and gone are listed, never counted.
    const grown = compareAudits(
      { ...before, recording: { ...before.recording, exchanges: before.recording.exchanges.slice(1) } },
      { ...before, recording: { ...before.recording, exchanges: before.recording.exchanges.slice(0, -1) } },
    );
    expect(grown.probes.filter((p) => p.kind === 'new' || p.kind === 'gone')).toEqual(
      [
        { name: before.recording.exchanges[0]?.name, kind: 'new' },
        { name: before.recording.exchanges.at(-1)?.name, kind: 'gone' },
      ].sort((x, y) => ((x.name ?? '') < (y.name ?? '') ? -1 : 1)),
    );
    expect(grown.exitCode).toBe(0);
  });

  it('writes changes.json and report.html with a "Changes since the last audit" section; no secret, no raw name', async () => {
    const { reportDir, changes } = await compare('reference-a', 'unknown-access-key-wrong-code');
    const html = await readFile(join(reportDir, 'report.html'), 'utf8');
    expect(html).toContain('<h2>Changes since the last audit</h2>');
    expect(html).toContain('<code>unknown-access-key-v3</code>');
    expect(html).toContain('status 404 → 400');
    expect(changes).toMatchObject({ schemaVersion: 1, kind: 'dkp-conformance-changes', status: 'compared' });
    const text = JSON.stringify(changes);
    expect(text + html).not.toContain(key.accessKeySecret);
    // changes.json names no random value: every one is a placeholder (the page quotes the report's own
    // counterexamples, which do).
    expect(text).not.toMatch(/dkp-conformance-absent-[0-9a-f]/);
  });

  it('the first night: no --before directory yet is exit 0 with a note, and changes.json says so', async () => {
    const { code, out, changes } = await compare('not-yet', 'reference-b');
    expect(code).toBe(0);
    expect(changes).toMatchObject({ status: 'no-baseline', before: null, exitCode: 0 });
    expect(out.lines.at(-2)).toBe('exit 0: nothing to compare yet (the first night)');
  });

  it('exit 2, saying why and writing nothing, when the two cannot be compared', async () => {
    const variant = async (name: string, edit: (report: Report, recording: Recording) => void) => {
      const dir = join(root, name);
      await cp(dirs['reference-b'] as string, dir, { recursive: true });
      const report = await readJson<Report>(join(dir, 'report.json'));
      const recording = await readJson<Recording>(join(dir, 'recording.json'));
      edit(report, recording);
      await writeFile(join(dir, 'report.json'), JSON.stringify(report));
      await writeRecording(recording, dir);
      dirs[name] = dir;
    };
    await variant('qingdao', (report, recording) => {
      if (report.audit !== undefined) report.audit.region = 'cn-qingdao';
      recording.region = 'cn-qingdao';
    });
    await variant('schema-2', (report) => {
      (report as { schemaVersion: number }).schemaVersion = 2;
    });
    await variant('no-recording', () => {});
    await rm(join(root, 'no-recording', 'recording.json'));
    await variant('malformed', () => {});
    await writeFile(join(root, 'malformed', 'report.json'), '{"schemaVersion": 1, "rules": [');
    const cases: [string, RegExp][] = [
      [
        'qingdao',
        /cannot compare: the audits are of different regions \(before cn-hangzhou, after cn-qingdao\)/,
      ],
      ['schema-2', /cannot compare: report\.json schemaVersion 1 \(before\) vs 2 \(after\)/],
      [
        'no-recording',
        /--after .*no-recording holds no recording: cannot read .*recording\.json.*run audit with --record/,
      ],
      ['malformed', /--after .*malformed holds no audit report: .*report\.json is not JSON/],
    ];
    for (const [name, why] of cases) {
      const { code, out, reportDir } = await compare('reference-a', name);
      expect(code, name).toBe(2);
      expect(out.lines, name).toEqual([]);
      expect(out.errors.join('\n'), name).toMatch(why);
      await expect(stat(reportDir), name).rejects.toThrow();
    }
  });
});
