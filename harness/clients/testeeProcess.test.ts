import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientCall } from './ClientUnderTest.ts';
import { startTestee } from './testeeProcess.ts';

// A tiny testee in Node: replies ok, except for KeyPairName "hang" (never replies), "die" (exits),
// "skip" (skips), "junk" (prints noise first), "endless" (one line without end: 64 KiB chunks, at most 400
// of them, so that it stops by itself); writes one stderr line at start.
const script = `
const rl = require('node:readline').createInterface({ input: process.stdin });
process.stderr.write('testee started\\n');
rl.on('line', (line) => {
  if (line.trim() === '') return;
  const call = JSON.parse(line);
  const name = call.input.KeyPairName;
  if (name === 'hang') return;
  if (name === 'die') process.exit(7);
  if (name === 'endless') {
    const chunk = 'x'.repeat(65536);
    let i = 0;
    const pump = () => {
      while (i++ < 400) if (!process.stdout.write(chunk)) return void process.stdout.once('drain', pump);
    };
    return pump();
  }
  if (name === 'skip') return void console.log(JSON.stringify({ id: call.id, skipped: 'not today' }));
  if (name === 'junk') console.log('not json at all');
  if (name === 'bad') return void console.log(JSON.stringify({ id: call.id, ok: 'maybe' }));
  console.log(JSON.stringify({ id: call.id, ok: true, output: { RequestId: 'R', KeyPairName: name }, extra: 1 }));
});
`;

let dir: string;
let command: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dkp-testee-'));
  await writeFile(join(dir, 'testee.cjs'), script);
  command = `node ${JSON.stringify(join(dir, 'testee.cjs'))}`;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
function call(keyPairName: string): ClientCall {
  return {
    id: `t${++n}`,
    op: 'DetachKeyPair',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'a', accessKeySecret: 's' },
    regionId: 'cn-hangzhou',
    input: { RegionId: 'cn-hangzhou', KeyPairName: keyPairName, InstanceIds: ['i-1'] },
  };
}

// The per-call timeout runs on a fake clock that moves only when a test moves it: a testee that starts
// slowly on a busy machine (a restart is a new `node`) is waited for, however long it takes, and the timeout
// fires exactly when a test says the time has come. Replies, exits and restarts are real process I/O.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Whether `promise` has settled, once every pending microtask has run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol('pending');
  return (await Promise.race([promise, Promise.resolve(pending)])) !== pending;
}

describe('startTestee (target-protocol §3: JSON lines over stdin/stdout, one call at a time)', () => {
  it('replies in order, keeps noise and stderr for the report, and handles skipped and non-replies', async () => {
    const testee = startTestee(command, { callTimeoutMs: 5_000 });
    try {
      expect(await testee.detachKeyPair(call('kp-1'))).toEqual({
        ok: true,
        output: { RequestId: 'R', KeyPairName: 'kp-1' },
      });
      expect(await testee.detachKeyPair(call('junk'))).toMatchObject({ ok: true });
      expect(await testee.detachKeyPair(call('skip'))).toEqual({ skipped: 'not today' });
      expect(await testee.detachKeyPair(call('bad'))).toMatchObject({
        inconclusive: expect.stringContaining('not a reply'),
      });
      expect(testee.log()).toEqual(
        expect.arrayContaining(['stdout: not json at all', 'stderr: testee started']),
      );
    } finally {
      await testee.close();
    }
  });

  it('a testee printing an endless line: that call is inconclusive at the size bound, named; the next is answered', async () => {
    const testee = startTestee(command, { callTimeoutMs: 60_000, maxLineBytes: 4096 });
    try {
      expect(await testee.detachKeyPair(call('endless'))).toEqual({
        inconclusive: expect.stringMatching(
          /^the testee's output line exceeded 4096 bytes, the suite's bound \(--max-response-bytes sets it/,
        ),
      });
      expect(await testee.detachKeyPair(call('kp-4'))).toMatchObject({ ok: true });
      expect(testee.log()).toContain('stdout: (a line over 4096 bytes, not read further)');
    } finally {
      await testee.close();
    }
  });

  it('a call that times out, or a testee that dies, is inconclusive; the testee is restarted for the next call', async () => {
    const testee = startTestee(command, { callTimeoutMs: 300 });
    try {
      const hang = testee.detachKeyPair(call('hang'));
      await vi.advanceTimersByTimeAsync(299);
      expect(await settled(hang)).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await hang).toEqual({
        inconclusive:
          "the testee did not reply within 300 ms, the suite's bound (--response-timeout sets it)",
      });
      expect(await testee.detachKeyPair(call('kp-2'))).toMatchObject({ ok: true });
      expect(await testee.detachKeyPair(call('die'))).toEqual({
        inconclusive: 'the testee exited (code 7) before replying',
      });
      expect(await testee.detachKeyPair(call('kp-3'))).toMatchObject({ ok: true });
    } finally {
      await testee.close();
    }
  });

  it('a testee that keeps dying without a reply is given up after three tries', async () => {
    const testee = startTestee('exit 3', { callTimeoutMs: 5_000 });
    try {
      for (let i = 0; i < 3; i++)
        expect(await testee.detachKeyPair(call('kp'))).toEqual({
          inconclusive: 'the testee exited (code 3) before replying',
        });
      expect(await testee.detachKeyPair(call('kp'))).toMatchObject({
        inconclusive: expect.stringContaining('not restarted'),
      });
    } finally {
      await testee.close();
    }
  });
});
