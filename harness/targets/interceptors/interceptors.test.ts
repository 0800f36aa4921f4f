import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { WireRequest, WireResponse } from '../../wire/WireMessage.ts';
import { sendWire } from '../sendWire.ts';
import { compose, type Send, type SendCall } from './Send.ts';
import { transportSend } from './transportSend.ts';
import { withRateLimit } from './withRateLimit.ts';
import { withRecording } from './withRecording.ts';
import { isRetryable, maxRetries, retryDelay, withRetry } from './withRetry.ts';
import { withTimeout } from './withTimeout.ts';

const text = (s: string) => new TextEncoder().encode(s);
const answer = (status: number, body = '{}', headers: Record<string, string> = {}): WireResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: text(body),
});

/** A call whose every build is a new request with a new nonce (`/?n=<build number>`). */
function call(mutating = false): SendCall & { builds: () => number } {
  let builds = 0;
  return {
    mutating,
    build: (): WireRequest => ({
      method: 'GET',
      target: `/?n=${++builds}`,
      headers: {},
      body: new Uint8Array(),
    }),
    builds: () => builds,
  };
}

/** A base send answering from a script, one entry per attempt (the last one repeats). */
function scripted(...responses: WireResponse[]): Send & { seen: string[] } {
  const seen: string[] = [];
  const send = transportSend(async (request) => {
    seen.push(request.target);
    return responses[Math.min(seen.length - 1, responses.length - 1)] as WireResponse;
  });
  return Object.assign(send, { seen });
}

const noWait = { sleep: async () => {}, random: () => 0.5 };

describe('withRetry (target-protocol §2)', () => {
  it('retries 503 and throttling, re-building (re-signing) the request for every attempt', async () => {
    const base = scripted(answer(503), answer(400, '{"Code":"Throttling.User"}'), answer(200));
    const c = call();
    const outcome = await compose(base, withRetry(noWait))(c);
    expect(outcome).toMatchObject({ kind: 'response', attempts: 3 });
    expect(base.seen).toEqual(['/?n=1', '/?n=2', '/?n=3']);
    expect(c.builds()).toBe(3);
  });

  it('ends inconclusive after the retries, keeping the last answer', async () => {
    const base = scripted(answer(503));
    const outcome = await compose(base, withRetry(noWait))(call());
    expect(outcome).toMatchObject({
      kind: 'inconclusive',
      reason: `HTTP 503 after ${maxRetries} retries`,
      attempts: maxRetries + 1,
      response: { status: 503 },
    });
  });

  it('never retries a mutating request: throttling or 503 on one is inconclusive at once', async () => {
    const base = scripted(answer(503), answer(200));
    const outcome = await compose(base, withRetry(noWait))(call(true));
    expect(outcome).toMatchObject({ kind: 'inconclusive', attempts: 1 });
    expect(base.seen).toHaveLength(1);
  });

  it('judges every other answer: 500, 400 without throttling and 200 are returned as they are', async () => {
    for (const response of [answer(500), answer(400, '{"Code":"SignatureDoesNotMatch"}'), answer(200)]) {
      const base = scripted(response, answer(200));
      const outcome = await compose(base, withRetry(noWait))(call());
      expect(outcome).toMatchObject({ kind: 'response', attempts: 1, response: { status: response.status } });
    }
    expect(isRetryable(answer(429, '{"Code":"Throttling"}'))).toBe(true);
    expect(isRetryable(answer(502))).toBe(false);
  });

  it('honours Retry-After and x-acs-retry-after (seconds or a date), else backs off with jitter', async () => {
    const delays: number[] = [];
    const base = scripted(
      answer(503, '{}', { 'retry-after': '2' }),
      answer(503, '{}', { 'x-acs-retry-after': '1' }),
      answer(503),
      answer(200),
    );
    await compose(
      base,
      withRetry({ baseMs: 100, random: () => 0.5, sleep: async (ms) => void delays.push(ms) }),
    )(call());
    expect(delays).toEqual([2000, 1000, 400]);
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    const date = new Date(now + 3000).toUTCString();
    expect(retryDelay(answer(503, '{}', { 'retry-after': date }), 0, 100, Math.random, now)).toBe(3000);
    expect(retryDelay(answer(503, '{}', { 'retry-after': '3600' }), 0, 100)).toBe(30_000);
  });

  it('passes a transport failure through as inconclusive, without retrying it', async () => {
    let attempts = 0;
    const base = transportSend(async () => {
      attempts++;
      throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
    });
    const outcome = await compose(base, withRetry(noWait))(call());
    expect(outcome).toMatchObject({ kind: 'inconclusive', reason: 'transport failure: ECONNREFUSED' });
    expect(attempts).toBe(1);
  });
});

/** A clock whose `sleep` moves time on at once. */
function fakeClock(start: number) {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('withRateLimit', () => {
  it('spaces requests 1000/rate ms apart on an injected clock, and lets a slow caller through at once', async () => {
    const clock = fakeClock(1_000);
    const starts: number[] = [];
    const base: Send = async (c) => {
      starts.push(clock.now());
      return { kind: 'response', request: c.build(), response: answer(200), attempts: 1 };
    };
    const send = compose(base, withRateLimit(5, clock));
    for (let i = 0; i < 6; i++) await send(call());
    expect(starts).toEqual([1000, 1200, 1400, 1600, 1800, 2000]);
    clock.advance(5_000);
    await send(call());
    expect(starts.at(-1)).toBe(7000);
  });

  it('is one budget for every send it wraps', async () => {
    const clock = fakeClock(0);
    const starts: number[] = [];
    const base: Send = async (c) => {
      starts.push(clock.now());
      return { kind: 'response', request: c.build(), response: answer(200), attempts: 1 };
    };
    const limit = withRateLimit(10, clock);
    const a = compose(base, limit);
    const b = compose(base, limit);
    await a(call());
    await b(call());
    await a(call());
    expect(starts).toEqual([0, 100, 200]);
    expect(() => withRateLimit(0)).toThrow(RangeError);
  });
});

describe('withTimeout and transportSend over loopback HTTP', () => {
  it('a target that never answers is inconclusive ("timed out"), and so is a refused connection', async () => {
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const send = compose(
        transportSend((request, options) => sendWire(origin, request, options)),
        withTimeout(100),
      );
      expect(await send(call())).toMatchObject({ kind: 'inconclusive', reason: 'timed out after 100 ms' });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    const refused = transportSend((request, options) => sendWire(origin, request, options));
    expect(await refused(call())).toMatchObject({
      kind: 'inconclusive',
      reason: expect.stringMatching(/^transport failure: /),
    });
  });
});

describe('withRecording', () => {
  it('records each call once, after its retries, with the final outcome', async () => {
    const recorded: string[] = [];
    const base = scripted(answer(503), answer(200));
    const send = compose(
      base,
      withRecording(({ outcome }) => recorded.push(`${outcome.request.target} ${outcome.kind}`)),
      withRetry(noWait),
    );
    await send(call());
    expect(recorded).toEqual(['/?n=2 response']);
  });
});
