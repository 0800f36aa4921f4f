import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './cli/main.ts';
import { liveLikeProfile } from './emulator/EmulatorProfile.ts';
import { type EmulatorServer, startEmulator } from './emulator/startEmulator.ts';

// Secrets never leak (target-protocol §4, issue 5): audit, compare, verify and sdk run with a known secret, and every
// file they write and every line they print is scanned for it.

const secret = 'KNOWN-SECRET-do-not-leak-7f3a9c';
const token = 'KNOWN-STS-TOKEN-do-not-leak-51d2';
const key = { accessKeyId: 'LTAI5tKnownKeyId01', accessKeySecret: secret };
const region = 'cn-hangzhou';

let dir: string;
let live: EmulatorServer;
const printed: string[] = [];
const io = {
  out: (l: string) => printed.push(l),
  err: (l: string) => printed.push(l),
  write: (t: string) => printed.push(t),
};

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dkp-secrets-'));
  live = await startEmulator({
    profile: liveLikeProfile,
    worldControl: false,
    world: { accessKeys: [key], regions: [region], keyPairs: [], instances: [] },
  });
  process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = key.accessKeyId;
  process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = secret;
  process.env.ALIBABA_CLOUD_SECURITY_TOKEN = token;
});

afterAll(async () => {
  delete process.env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  delete process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  delete process.env.ALIBABA_CLOUD_SECURITY_TOKEN;
  await live.close();
  await rm(dir, { recursive: true, force: true });
});

describe('no secret in any report, recording, or printed line', () => {
  it('audit (with --record), verify without world control, and sdk write and print no secret', async () => {
    // audit: the known secret and security token sign every request; the run is recorded.
    const auditCode = await main(
      [
        'audit',
        '--endpoint',
        live.origin,
        '--region',
        region,
        '--rate',
        '1000',
        '--record',
        join(dir, 'recording'),
        '--report-dir',
        join(dir, 'audit'),
      ],
      io,
    );
    expect(auditCode).toBe(0);
    // compare: the audit against itself (its report directory holds the recording too); it reads redacted
    // files only, and its changes.json and report.html are scanned with the rest.
    const compareCode = await main(
      [
        'compare',
        '--before',
        join(dir, 'audit'),
        '--after',
        join(dir, 'audit'),
        '--report-dir',
        join(dir, 'compare'),
      ],
      io,
    );
    expect(compareCode).toBe(0);
    // verify: a target without world control, judged with the same credentials from the environment.
    const verifyCode = await main(
      [
        'verify',
        '--target',
        live.origin,
        '--region',
        region,
        '--runs',
        '20',
        '--no-contracts',
        '--report-dir',
        join(dir, 'verify'),
      ],
      io,
    );
    expect(verifyCode).toBe(0);
    // verify --replay of the recording, with a drift report.
    const replayCode = await main(
      [
        'verify',
        '--target',
        live.origin,
        '--region',
        region,
        '--replay',
        join(dir, 'recording'),
        '--report-dir',
        join(dir, 'replay'),
      ],
      io,
    );
    expect([0, 1]).toContain(replayCode);
    // sdk: the suite makes its own secret; an adapter shows it to the test, then signs with it.
    const adapter = join(dir, 'peekingAdapter.ts');
    const reference = fileURLToPath(new URL('./clients/adapters/reference.ts', import.meta.url));
    await writeFile(
      adapter,
      `import reference from ${JSON.stringify(reference)};\n` +
        'export default { async detachKeyPair(call: { credentials: { accessKeySecret: string } }) {\n' +
        '  (globalThis as { seenSecrets?: Set<string> }).seenSecrets ??= new Set();\n' +
        '  (globalThis as { seenSecrets?: Set<string> }).seenSecrets?.add(call.credentials.accessKeySecret);\n' +
        '  return reference.detachKeyPair(call as never);\n} };\n',
    );
    const sdkCode = await main(
      ['sdk', '--adapter', adapter, '--runs', '10', '--report-dir', join(dir, 'sdk')],
      io,
    );
    expect(sdkCode).toBe(0);
    const sdkSecrets = [...((globalThis as { seenSecrets?: Set<string> }).seenSecrets ?? [])];
    expect(sdkSecrets.length).toBeGreaterThan(0);

    const files = (await filesUnder(dir)).filter((f) => !f.endsWith('peekingAdapter.ts'));
    expect(files.some((f) => f.endsWith('recording.json'))).toBe(true);
    expect(files.some((f) => f.endsWith('changes.json'))).toBe(true);
    expect(files.filter((f) => f.endsWith('report.json'))).toHaveLength(4);
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const s of [secret, token, ...sdkSecrets]) expect(text.includes(s), `${s} in ${file}`).toBe(false);
    }
    const output = printed.join('\n');
    for (const s of [secret, token, ...sdkSecrets]) expect(output.includes(s), `${s} printed`).toBe(false);
  });
});
