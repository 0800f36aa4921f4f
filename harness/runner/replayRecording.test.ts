import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeProbe } from '../../properties/judgeProbe.ts';
import { flippedProfile } from '../emulator/EmulatorProfile.ts';
import { startEmulator } from '../emulator/startEmulator.ts';
import type { RecordedExchange, Recording } from '../recordings/Recording.ts';
import { readRecording } from '../recordings/readRecording.ts';
import { rules } from '../spec/rules.ts';
import type { AccessKey } from '../spec/World.ts';
import { connectTarget } from '../targets/Target.ts';
import { type Probe, probe } from '../wire/Probe.ts';
import { assumedWorld, replayRecording, rulesExercised } from './replayRecording.ts';
import { verify } from './verify.ts';
import { verifyReplay } from './verifyReplay.ts';

const region = 'cn-hangzhou';
const recorderKey: AccessKey = {
  accessKeyId: 'LTAIrecorder01',
  accessKeySecret: 'recorder-secret-never-shown',
};
const absent = (overrides: Partial<Probe> = {}): Probe =>
  probe({
    regionId: region,
    keyPairName: 'dkp-conformance-absent-0123456789abcdef',
    instanceIds: '["i-dkp-conformance-absent-0001"]',
    ...overrides,
  });

/** The read-only probes the recording holds, by name. */
const probes: Record<string, Probe> = {
  'unknown-key-pair-v1-json': absent(),
  'unknown-key-pair-v3': absent({ scheme: 'v3', format: null, transport: 'post-query' }),
  'unknown-key-pair-v1-default-format': absent({ format: null }),
  'unknown-access-key-v1-json': absent({ breakage: 'unknown-access-key' }),
  'wrong-signature-v1-xml': absent({ breakage: 'wrong-signature', format: 'XML' }),
  'replayed-nonce-v1-json': absent({ breakage: 'replayed-nonce' }),
  'missing-key-pair-name': absent({ keyPairName: null }),
  'unknown-action': absent({ action: 'NoSuchAction' }),
};

let dir: string;

/**
 * Records the probes against the emulator's `flipped` profile (AU-4's 400 where the reference emulator
 * answers 404), the way `audit --record` would: a JSON file, with no credential in it.
 */
async function record(): Promise<Recording> {
  const emulator = await startEmulator({ profile: flippedProfile });
  const target = await connectTarget({ origin: emulator.origin });
  const world = assumedWorld({ region }, recorderKey);
  const exchanges: RecordedExchange[] = [];
  try {
    for (const [name, p] of Object.entries(probes)) {
      const judged = await judgeProbe(target, world, recorderKey, p);
      const response = judged.exchange?.response;
      exchanges.push({
        name,
        probe: p,
        request: {
          method: judged.exchange?.request.method ?? 'GET',
          target: '/?<redacted>',
          headers: {},
          body: '',
        },
        ...(response === undefined
          ? { inconclusive: 'transport failure' }
          : {
              response: {
                status: response.status,
                headers: response.headers,
                // As redactExchange writes it: the placeholder raw, in XML too.
                body: new TextDecoder()
                  .decode(response.body)
                  .replace(/("RequestId"\s*:\s*)"[^"]*"/, '$1"<request-id>"')
                  .replace(/<RequestId>[^<]*<\/RequestId>/, '<RequestId><request-id></RequestId>'),
              },
            }),
      });
    }
  } finally {
    await target.close();
    await emulator.close();
  }
  exchanges.push({
    name: 'lost-answer',
    probe: absent({ format: 'XML' }),
    request: { method: 'GET', target: '/?<redacted>', headers: {}, body: '' },
    inconclusive: 'transport failure: UND_ERR_SOCKET',
  });
  return {
    schemaVersion: 1,
    suiteVersion: '0.1.0',
    endpoint: 'https://ecs.cn-hangzhou.aliyuncs.com',
    region,
    recordedAt: '2026-11-28T10:00:00.000Z',
    accessKeyId: 'LTAI****01',
    exchanges,
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dkp-replay-'));
  await writeFile(join(dir, 'recording.json'), JSON.stringify(await record(), null, 2));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('replayRecording', () => {
  it('re-sends every recorded probe, re-signed, and diffs the normalised answers', async () => {
    const emulator = await startEmulator();
    const target = await connectTarget({ origin: emulator.origin });
    try {
      const key = { accessKeyId: 'replay-ak', accessKeySecret: 'replay-secret' };
      const result = await replayRecording(dir, target, key);
      expect(result.exchanges.map((r) => r.name)).toEqual([...Object.keys(probes), 'lost-answer']);
      const byName = new Map(result.exchanges.map((r) => [r.name, r]));
      // AU-4: the flipped profile answered the documented 400, the reference emulator the live 404.
      expect(byName.get('unknown-access-key-v1-json')?.rules[0]).toBe('AU-4');
      expect(byName.get('unknown-access-key-v1-json')).toMatchObject({
        same: false,
        difference: 'status 400 → 404',
        recorded: { kind: 'error', status: 400, code: 'InvalidAccessKeyId.NotFound' },
        replayed: { kind: 'error', status: 404, code: 'InvalidAccessKeyId.NotFound' },
      });
      for (const name of ['unknown-key-pair-v1-json', 'wrong-signature-v1-xml', 'replayed-nonce-v1-json']) {
        expect(byName.get(name), name).toMatchObject({ same: true });
      }
      expect(byName.get('unknown-key-pair-v1-default-format')).toMatchObject({
        same: true,
        recorded: { format: 'xml' },
        replayed: { format: 'xml', code: 'InvalidKeyPairName.NotFound' },
      });
      expect(byName.get('replayed-nonce-v1-json')?.replayed.code).toBe('SignatureNonceUsed');
      expect(byName.get('lost-answer')).toMatchObject({ same: false, replayed: { kind: 'error' } });
      expect(byName.get('lost-answer')?.difference).toMatch(
        /^not comparable: the recorded exchange is inconclusive/,
      );
      // Every replayed answer is judged: the reference emulator breaks nothing.
      const failures = result.outcomes.flatMap((o) => o.outcomes).filter((o) => o.status === 'fail');
      expect(failures).toEqual([]);
      expect(result.inconclusive).toBe(0);
      // The replay used its own key on the assumed world, never the recorder's.
      expect(emulator.world().accessKeys).toEqual([key]);
    } finally {
      await target.close();
      await emulator.close();
    }
  });

  it('names the rule each probe exercises, authentication first (AU-8)', () => {
    const world = assumedWorld({ region }, recorderKey);
    expect(rulesExercised(absent(), world)).toEqual(['KP-1', 'ST-5']);
    expect(rulesExercised(absent({ breakage: 'wrong-signature', keyPairName: null }), world)[0]).toBe('AU-3');
    expect(rulesExercised(absent({ action: 'NoSuchAction' }), world)[0]).toBe('RQ-2');
  });
});

describe('verifyReplay', () => {
  it('lists every rule; a parity difference is an observation and parity row, never a failure', async () => {
    const { report, secrets } = await verifyReplay({ replay: dir });
    expect(report.command).toBe('verify');
    expect(report.rules.map((r) => r.id)).toEqual(rules.map((r) => r.id));
    expect(report.exitCode).toBe(0);
    expect(report.verdict).toBe('conformant');
    expect(report.rules.find((r) => r.id === 'AU-4')).toMatchObject({
      status: 'pass',
      observed: ['recording drift: status 400 → 404 (Code InvalidAccessKeyId.NotFound)'],
    });
    expect(report.parity?.filter((r) => !r.same).map((r) => r.name)).toEqual([
      'unknown-access-key-v1-json',
      'lost-answer',
    ]);
    expect(report.replay).toMatchObject({ region, exchanges: 9, differences: 2 });
    expect(secrets).toHaveLength(1);
    expect(JSON.stringify(report)).not.toContain(secrets[0]);
    expect(JSON.stringify(report)).not.toContain(recorderKey.accessKeySecret);
  });

  // The run lifecycle (runPhases) passes the response bounds to the target it opens, as verify's run does.
  it('verify --replay reads every answer within the response bounds', async () => {
    const { report } = await verify({ replay: dir, maxResponseBytes: 64 });
    // The bundled emulator's World (59 bytes) fits; no answer does: each is inconclusive, the run exit 3.
    expect(report.parity?.map((row) => row.replayed.kind)).toEqual(Array(9).fill('inconclusive'));
    expect(report.exitCode).toBe(3);
  });

  it('a replayed target that breaks a MUST rule fails the run (exit 1)', async () => {
    const { report } = await verifyReplay({
      replay: dir,
      emulator: { fault: 'key-pair-not-found-wrong-code' },
    });
    expect(report.exitCode).toBe(1);
    expect(report.rules.find((r) => r.id === 'KP-1')).toMatchObject({
      status: 'fail',
      failure: { source: 'replay:unknown-key-pair-v1-json' },
    });
    expect(report.rules.find((r) => r.id === 'KP-1')?.failure?.reproduce).toContain(
      `--replay ${dir} --only KP-1`,
    );
  });

  it('without world control replays with the caller’s credentials and skips rules that need resources', async () => {
    const key = { accessKeyId: 'LTAIenvironment', accessKeySecret: 'environment-secret-value' };
    const emulator = await startEmulator({ world: assumedWorld({ region }, key), worldControl: false });
    try {
      const env = {
        ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret,
      };
      const { report, secrets } = await verifyReplay({ replay: dir, target: emulator.origin, env });
      expect(report.run.worldControl).toBe(false);
      expect(secrets).toEqual([key.accessKeySecret]);
      expect(report.rules.find((r) => r.id === 'OK-5')).toMatchObject({
        status: 'skip',
        reason: 'needs known resources: the target has no world control',
      });
      expect(report.rules.find((r) => r.id === 'KP-1')?.status).toBe('pass');
      await expect(verifyReplay({ replay: dir, target: emulator.origin, env: {} })).rejects.toMatchObject({
        code: 'CONFIG',
      });
      await expect(
        verifyReplay({ replay: dir, target: emulator.origin, env, region: 'cn-qingdao' }),
      ).rejects.toMatchObject({ code: 'USAGE' });
    } finally {
      await emulator.close();
    }
  });
});

describe('readRecording', () => {
  it('a missing file, a file that is not JSON and an invalid recording are CONFIG errors naming the problem', async () => {
    const bad = await mkdtemp(join(tmpdir(), 'dkp-bad-recording-'));
    try {
      await expect(readRecording(bad)).rejects.toMatchObject({ code: 'CONFIG', exitCode: 2 });
      await expect(readRecording(bad)).rejects.toThrow(join(bad, 'recording.json'));
      await writeFile(join(bad, 'recording.json'), '{"schemaVersion": 1,');
      await expect(readRecording(bad)).rejects.toThrow(/is not JSON/);
      const recording = await readRecording(dir);
      const broken = {
        ...recording,
        schemaVersion: 2,
        exchanges: [
          { ...recording.exchanges[0], probe: { ...recording.exchanges[0]?.probe, scheme: 'v2' } },
          {},
        ],
      };
      await writeFile(join(bad, 'recording.json'), JSON.stringify(broken));
      const error = (await readRecording(bad).then(
        () => new Error('no error'),
        (e: unknown) => e,
      )) as Error;
      expect(error.message).toContain('schemaVersion: expected 1, got 2');
      expect(error.message).toContain('exchanges[0].probe.scheme: expected "v1" or "v3", got "v2"');
      expect(error.message).toContain('exchanges[1].name: expected a non-empty string');
      await expect(verifyReplay({ replay: bad })).rejects.toMatchObject({ code: 'CONFIG' });
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
  });
});
