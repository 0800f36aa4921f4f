import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  breakageTimestamp,
  encodeProbe,
  malformedTimestamp,
  type ProbeContext,
  staleOffsetMs,
  wrongSignature,
} from './encodeProbe.ts';
import { isFormContentType, transports } from './encodeRequest.ts';
import { type Breakage, breakages, effectiveBreakage, type Probe, probe } from './Probe.ts';
import { parseParams } from './percentEncode.ts';
import { sameSignature } from './sameSignature.ts';
import { signV1, verifyV1 } from './signV1.ts';
import { parseV3Authorization, sha256Hex, signV3, type V3Input, verifyV3 } from './signV3.ts';
import type { ParamList, WireRequest } from './WireMessage.ts';

// AU-2..AU-7: every breakage is broken under every reasonable reading of the element it breaks, and every
// other element of the request stays valid. "Reasonable readings": a signature compared as text, as hex
// without regard to letter case, or as decoded base64 bytes (AU-3); a timestamp read by Date.parse, by a
// strict ISO 8601 parser, by a lenient one that rolls or clamps out-of-range fields, to the millisecond or
// truncated to the minute (AU-6).

const key = { accessKeyId: 'prop-ak', accessKeySecret: 'prop-secret' };
const minute = 60 * 1000;
/** AU-6: stale = at least 16 minutes off, fresh = at most 14. */
const freshMs = 14 * minute;

// ---- what a server may read from the request ----

function paramsOf(wire: WireRequest): ParamList {
  const at = wire.target.indexOf('?');
  const query = at < 0 ? [] : parseParams(wire.target.slice(at + 1)).params;
  const form = isFormContentType(wire.headers['content-type'])
    ? parseParams(new TextDecoder().decode(wire.body)).params
    : [];
  return [...query, ...form];
}

const param = (wire: WireRequest, name: string) => paramsOf(wire).find(([k]) => k === name)?.[1];

function v3Input(wire: WireRequest): V3Input {
  const at = wire.target.indexOf('?');
  return {
    method: wire.method,
    path: at < 0 ? wire.target : wire.target.slice(0, at),
    query: at < 0 ? [] : parseParams(wire.target.slice(at + 1)).params,
    headers: wire.headers,
    body: wire.body,
  };
}

/** The signature the request carries and the correct one over what it carries (AU-1, AU-2). */
function signatures(wire: WireRequest, scheme: 'v1' | 'v3'): { carried: string; correct: string } {
  if (scheme === 'v1') {
    return {
      carried: param(wire, 'Signature') ?? '',
      correct: signV1(wire.method, paramsOf(wire), key.accessKeySecret),
    };
  }
  const auth = parseV3Authorization(wire.headers.authorization ?? '');
  if (auth === undefined) throw new Error('no V3 Authorization to compare');
  const headers = { ...wire.headers };
  delete headers.authorization;
  const correct = signV3({
    ...v3Input({ ...wire, headers }),
    accessKeyId: auth.accessKeyId,
    accessKeySecret: key.accessKeySecret,
    signedHeaders: auth.signedHeaders,
  }).signature;
  return { carried: auth.signature, correct };
}

/** Whether the request's signature is correct for the known secret, compared exactly (AU-1, AU-2). */
function verifies(wire: WireRequest, scheme: 'v1' | 'v3'): boolean {
  return scheme === 'v1'
    ? verifyV1(wire.method, paramsOf(wire), key.accessKeySecret).ok
    : verifyV3(v3Input(wire), key.accessKeySecret).ok;
}

const timestampOf = (wire: WireRequest, scheme: 'v1' | 'v3') =>
  scheme === 'v1' ? param(wire, 'Timestamp') : wire.headers['x-acs-date'];
const nonceOf = (wire: WireRequest, scheme: 'v1' | 'v3') =>
  scheme === 'v1' ? param(wire, 'SignatureNonce') : wire.headers['x-acs-signature-nonce'];
const accessKeyIdOf = (wire: WireRequest, scheme: 'v1' | 'v3') =>
  scheme === 'v1'
    ? param(wire, 'AccessKeyId')
    : parseV3Authorization(wire.headers.authorization ?? '')?.accessKeyId;

// ---- how a server may read a timestamp (AU-6) ----

const isoShape = /^(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)(?:\.\d+)?Z$/;

/** A strict ISO 8601 UTC reader: the shape, and fields that exist in the calendar; else undefined. */
function strictIso(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?Z$/.exec(text);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  const exists =
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === s;
  return exists ? date.getTime() : undefined;
}

/** Lenient readers of the ISO shape: fields rolled over (two ways of reading the year) or clamped. */
function lenientReadings(text: string): number[] {
  const m = isoShape.exec(text);
  if (m === null) return [];
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const rolled = new Date(0);
  rolled.setUTCFullYear(y, mo - 1, d);
  rolled.setUTCHours(h, mi, s, 0);
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const clamped = new Date(0);
  clamped.setUTCFullYear(y, clamp(mo, 1, 12) - 1, 1);
  const days = new Date(Date.UTC(2000, clamp(mo, 1, 12), 0)).getUTCDate();
  clamped.setUTCDate(clamp(d, 1, days));
  clamped.setUTCHours(clamp(h, 0, 23), clamp(mi, 0, 59), clamp(s, 0, 59), 0);
  return [rolled.getTime(), Date.UTC(y, mo - 1, d, h, mi, s), clamped.getTime()];
}

/** Every reading a server may make of `text`, each to the millisecond and truncated to the minute. */
function readings(text: string): number[] {
  const all = [Date.parse(text), strictIso(text) ?? Number.NaN, ...lenientReadings(text)];
  return all.flatMap((ms) => (Number.isNaN(ms) ? [ms] : [ms, Math.floor(ms / minute) * minute]));
}

function expectFresh(text: string | undefined, now: number): void {
  expect(text).toBeDefined();
  const strict = strictIso(text ?? '');
  expect(strict).toBeDefined();
  for (const ms of [strict ?? Number.NaN, Date.parse(text ?? '')]) {
    expect(Math.abs(ms - now)).toBeLessThanOrEqual(freshMs);
  }
}

// ---- the property ----

const businessProbe = fc.record({
  regionId: fc.constantFrom('cn-hangzhou', 'ap-southeast-1'),
  keyPairName: fc.stringMatching(/^[A-Za-z][A-Za-z0-9._:-]{1,20}$/),
  instanceIds: fc
    .array(fc.stringMatching(/^i-[0-9a-z]{20}$/), { minLength: 1, maxLength: 3 })
    .map((ids) => JSON.stringify(ids)),
});

const cases = fc.record({
  scheme: fc.constantFrom('v1' as const, 'v3' as const),
  transport: fc.constantFrom(...transports),
  breakage: fc.constantFrom<Breakage | null>(null, ...breakages),
  business: businessProbe,
  /** Any clock from 2000 to 2100, to the millisecond. */
  now: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
});

/** Checks one encoded probe: its breakage is broken under every reading, everything else valid. */
function checkProbe(p: Probe, context: ProbeContext): void {
  const { wire, nonce } = encodeProbe(p, context);
  const scheme = p.scheme;
  const now = context.now;
  const b = effectiveBreakage(p);
  const timestamp = timestampOf(wire, scheme);
  if (
    b !== 'stale-timestamp' &&
    b !== 'future-timestamp' &&
    b !== 'malformed-timestamp' &&
    b !== 'five-digit-year-timestamp' &&
    b !== 'missing-timestamp'
  ) {
    expectFresh(timestamp, now);
  }
  if (b !== 'missing-nonce') expect(nonceOf(wire, scheme)).toBe(nonce);
  if (
    b !== 'unknown-access-key' &&
    b !== 'missing-access-key-id' &&
    b !== 'malformed-authorization' &&
    b !== 'missing-signature'
  ) {
    expect(accessKeyIdOf(wire, scheme)).toBe(key.accessKeyId);
  }
  switch (b) {
    case null:
    case 'replayed-nonce':
      expect(verifies(wire, scheme)).toBe(true);
      if (b === 'replayed-nonce') expect(nonce).toBe(context.replayNonce);
      else expect(nonce).not.toBe(context.replayNonce);
      return;
    case 'wrong-signature': {
      // AU-3: different as text, as case-folded hex, and as decoded base64 bytes.
      const { carried, correct } = signatures(wire, scheme);
      const encoding = scheme === 'v1' ? 'base64' : 'hex';
      expect(carried.length).toBe(correct.length);
      expect(carried.toLowerCase()).not.toBe(correct.toLowerCase());
      expect(sameSignature(carried, correct, encoding, 'exact')).toBe(false);
      expect(sameSignature(carried, correct, encoding, 'by-value')).toBe(false);
      const carriedBytes = Buffer.from(carried, encoding);
      const correctBytes = Buffer.from(correct, encoding);
      expect(carriedBytes.length).toBe(correctBytes.length);
      // Every byte differs, so no reading that keeps any of them can make the two equal.
      expect(carriedBytes.every((byte, i) => byte !== correctBytes[i])).toBe(true);
      return;
    }
    case 'body-hash-mismatch': {
      // AU-2: the claimed hash is not the body's in any letter case, and the signature covers the claim.
      const claimed = wire.headers['x-acs-content-sha256'] ?? '';
      expect(claimed.toLowerCase()).not.toBe(sha256Hex(wire.body));
      const { carried, correct } = signatures(wire, scheme);
      expect(carried).toBe(correct);
      expect(verifyV3(v3Input(wire), key.accessKeySecret)).toMatchObject({
        reason: 'content-sha256-mismatch',
      });
      return;
    }
    case 'unknown-access-key': {
      // AU-4: no account holds it in any letter case, and its shape is a real AccessKeyId's.
      const id = accessKeyIdOf(wire, scheme) ?? '';
      expect(id).toMatch(/^[A-Za-z0-9]{16,}$/);
      expect(id.toLowerCase()).not.toBe(key.accessKeyId.toLowerCase());
      expect(verifies(wire, scheme)).toBe(false);
      return;
    }
    case 'missing-signature':
      if (scheme === 'v1') expect(param(wire, 'Signature')).toBeUndefined();
      else expect(wire.headers.authorization).toBeUndefined();
      return;
    case 'malformed-authorization':
      expect(parseV3Authorization(wire.headers.authorization ?? '')).toBeUndefined();
      return;
    case 'missing-access-key-id':
      if (scheme === 'v1') {
        expect(param(wire, 'AccessKeyId')).toBeUndefined();
        expect(verifies(wire, scheme)).toBe(true);
      } else {
        expect(wire.headers.authorization ?? '').not.toContain('Credential');
        expect(parseV3Authorization(wire.headers.authorization ?? '')).toBeUndefined();
      }
      return;
    case 'missing-nonce':
      // AU-5: the nonce is gone and the signature is correct over what remains, so a server that checks the
      // signature before the nonce's presence still finds only the nonce missing.
      expect(nonceOf(wire, scheme)).toBeUndefined();
      expect(verifies(wire, scheme)).toBe(true);
      return;
    case 'missing-timestamp':
      expect(timestampOf(wire, scheme)).toBeUndefined();
      expect(verifies(wire, scheme)).toBe(true);
      return;
    case 'stale-timestamp':
    case 'future-timestamp': {
      // AU-6: a valid time, at least 16 minutes off in the named direction, however it is read.
      expect(verifies(wire, scheme)).toBe(true);
      expect(strictIso(timestamp ?? '')).toBeDefined();
      const sign = b === 'stale-timestamp' ? -1 : 1;
      for (const ms of readings(timestamp ?? '').filter((r) => !Number.isNaN(r))) {
        expect(sign * (ms - now)).toBeGreaterThanOrEqual(staleOffsetMs);
      }
      return;
    }
    case 'malformed-timestamp': {
      // AU-6: no strict parser accepts it, and no lenient reading is within 16 minutes of the clock.
      expect(verifies(wire, scheme)).toBe(true);
      expect(timestamp).toBe(malformedTimestamp);
      expect(strictIso(timestamp ?? '')).toBeUndefined();
      const rs = readings(timestamp ?? '');
      expect(rs.length).toBeGreaterThan(2);
      for (const ms of rs) {
        if (!Number.isNaN(ms)) expect(Math.abs(ms - now)).toBeGreaterThanOrEqual(staleOffsetMs);
      }
      return;
    }
    case 'five-digit-year-timestamp': {
      // AU-6: not ISO-shaped for a strict parser; as an expanded year, or cut to its first four digits,
      // centuries from the clock. Only a search for a stamp inside the text finds a fresh time.
      expect(verifies(wire, scheme)).toBe(true);
      const text = timestamp ?? '';
      expect(text).toMatch(/^1\d{4}-/);
      expect(strictIso(text)).toBeUndefined();
      const firstFourDigits = Date.parse(`${text.slice(0, 4)}${text.slice(5)}`);
      const rs = [...readings(text), firstFourDigits];
      expect(rs.filter((ms) => !Number.isNaN(ms)).length).toBeGreaterThan(2);
      for (const ms of rs) {
        if (!Number.isNaN(ms)) expect(Math.abs(ms - now)).toBeGreaterThanOrEqual(staleOffsetMs);
      }
      expect(strictIso(text.slice(1))).toBeDefined();
      return;
    }
  }
}

describe('encodeProbe: every breakage is broken under every reasonable reading (AU-2..AU-7)', () => {
  it('property: each breakage × scheme × transport breaks exactly its element, for any clock', () => {
    fc.assert(
      fc.property(cases, ({ scheme, transport, breakage, business, now }) => {
        const p = probe({
          ...business,
          scheme,
          transport,
          format: scheme === 'v3' ? null : 'JSON',
          breakage,
        });
        checkProbe(p, { key, host: 'ecs.prop.test', now, replayNonce: 'nonce-used-before' });
      }),
      { numRuns: 600 },
    );
  });

  it.each(
    breakages.flatMap((b) =>
      (['v1', 'v3'] as const).flatMap((scheme) =>
        transports.map((transport) => [b, scheme, transport] as const),
      ),
    ),
  )('%s under %s over %s', (breakage, scheme, transport) => {
    const p = probe({
      regionId: 'cn-hangzhou',
      keyPairName: 'kp-a',
      instanceIds: '["i-bp1d6tsvznfghy7y0000"]',
      scheme,
      transport,
      format: scheme === 'v3' ? null : 'JSON',
      breakage,
    });
    checkProbe(p, {
      key,
      host: 'ecs.prop.test',
      now: Date.UTC(2026, 10, 28, 10, 0, 29, 500),
      replayNonce: 'used',
    });
  });
});

describe('the readings the property relies on can tell broken from valid', () => {
  const now = Date.UTC(2026, 10, 28, 10, 0, 0);

  it('AU-6: the former malformed value, toUTCString() of now, is fresh to Date.parse', () => {
    const former = new Date(now).toUTCString();
    expect(strictIso(former)).toBeUndefined();
    expect(Date.parse(former)).toBe(now);
  });

  it('AU-6: an impossible date near now would be fresh to a lenient reader; the zero date is not', () => {
    // 2026-11-31 rolls over to 2026-12-01: within minutes of a clock on that day.
    const nearMiss = '2026-11-31T10:00:00Z';
    expect(strictIso(nearMiss)).toBeUndefined();
    expect(lenientReadings(nearMiss)).toContain(Date.UTC(2026, 11, 1, 10, 0, 0));
    for (const ms of lenientReadings(malformedTimestamp)) {
      expect(Math.abs(ms - now)).toBeGreaterThan(100 * 365 * 24 * 60 * minute);
    }
    expect(Number.isNaN(Date.parse(malformedTimestamp))).toBe(true);
  });

  it('AU-6: a stamp 16 minutes off to the second could read as 15 once truncated to the minute; whole minutes cannot', () => {
    const clock = Date.UTC(2026, 10, 28, 10, 0, 59, 900);
    const toTheSecond = new Date(Math.floor((clock + staleOffsetMs) / 1000) * 1000).toISOString();
    const truncated = Math.floor(Date.parse(toTheSecond) / minute) * minute;
    expect(truncated - clock).toBeLessThan(staleOffsetMs);
    const future = breakageTimestamp('future-timestamp', clock);
    expect(Math.floor(Date.parse(future) / minute) * minute - clock).toBeGreaterThanOrEqual(staleOffsetMs);
    const stale = breakageTimestamp('stale-timestamp', clock);
    expect(clock - Date.parse(stale)).toBeGreaterThanOrEqual(staleOffsetMs);
  });

  it('AU-3: a case-only change of a hex signature is the same value; the wrong signature is not', () => {
    const correct = sha256Hex('any');
    expect(sameSignature(correct.toUpperCase(), correct, 'hex', 'by-value')).toBe(true);
    expect(sameSignature(wrongSignature(correct, 'hex'), correct, 'hex', 'by-value')).toBe(false);
    expect(sameSignature(wrongSignature(correct.toUpperCase(), 'hex'), correct, 'hex', 'by-value')).toBe(
      false,
    );
  });

  it('AU-3: a padding-bit change of a base64 signature is the same value; the wrong signature is not', () => {
    const correct = Buffer.alloc(20, 7).toString('base64'); // BwcHBwcHBwcHBwcHBwcHBwcHBwc=
    const at = correct.indexOf('=') - 1;
    const samePadding = `${correct.slice(0, at)}d${correct.slice(at + 1)}`; // 'c' → 'd': a padding bit
    expect(samePadding).not.toBe(correct);
    expect(sameSignature(samePadding, correct, 'base64', 'by-value')).toBe(true);
    expect(sameSignature(wrongSignature(correct, 'base64'), correct, 'base64', 'by-value')).toBe(false);
  });
});
