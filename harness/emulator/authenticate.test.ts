import { describe, expect, it } from 'vitest';
import { encodeRequest, isoTimestamp } from '../wire/encodeRequest.ts';
import { clockWindowMs, parseTimestamp, schemeOf } from './authenticate.ts';
import { readIncoming } from './readIncoming.ts';

// parseTimestamp reads the ISO 8601 UTC timestamps of AU-6; schemeOf tells V1 from V3 (AU-1, AU-2).

describe('parseTimestamp (AU-6)', () => {
  it.each([
    ['2016-02-23T12:46:24Z', Date.UTC(2016, 1, 23, 12, 46, 24)],
    ['2026-11-28T00:00:00Z', Date.UTC(2026, 10, 28, 0, 0, 0)],
    ['2024-02-29T23:59:59Z', Date.UTC(2024, 1, 29, 23, 59, 59)],
    ['1999-12-31T23:59:59Z', Date.UTC(1999, 11, 31, 23, 59, 59)],
  ])('AU-6: accepts %s without milliseconds', (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
  });

  it.each([
    ['2016-02-23T12:46:24.1Z', Date.UTC(2016, 1, 23, 12, 46, 24)],
    ['2016-02-23T12:46:24.123Z', Date.UTC(2016, 1, 23, 12, 46, 24)],
    ['2016-02-23T12:46:24.123456789Z', Date.UTC(2016, 1, 23, 12, 46, 24)],
  ])('AU-6: accepts %s with a fraction of a second (to within the second)', (text, ms) => {
    const parsed = parseTimestamp(text);
    expect(parsed).toBeDefined();
    expect(Math.abs((parsed ?? 0) - ms)).toBeLessThan(1000);
  });

  it('AU-6: reads what the project client sends (isoTimestamp) back to the same second', () => {
    const ms = Date.UTC(2026, 0, 2, 3, 4, 5);
    expect(parseTimestamp(isoTimestamp(ms))).toBe(ms);
    expect(parseTimestamp(new Date(ms + 789).toISOString())).toBeDefined();
  });

  it.each([
    ['2026-02-30T00:00:00Z', 'February 30th'],
    ['2025-02-29T00:00:00Z', 'February 29th of a common year'],
    ['2026-04-31T00:00:00Z', 'April 31st'],
    ['2026-13-01T00:00:00Z', 'month 13'],
    ['2026-00-10T00:00:00Z', 'month 0'],
    ['2026-01-00T00:00:00Z', 'day 0'],
    ['2026-01-01T24:00:00Z', 'hour 24'],
    ['2026-01-01T23:60:00Z', 'minute 60'],
    ['2026-01-01T23:59:60Z', 'second 60'],
    ['2026-01-01T00:00:00', 'missing Z'],
    ['2026-01-01T00:00:00+08:00', 'an offset instead of Z'],
    ['2026-01-01T00:00:00z', 'a lower-case z'],
    ['2026-01-01 00:00:00Z', 'a space instead of T'],
    ['2026-1-1T0:0:0Z', 'unpadded fields'],
    ['2026-01-01T00:00:00.Z', 'an empty fraction'],
    ['20260101T000000Z', 'the basic format'],
    ['', 'an empty string'],
    ['Sat, 28 Nov 2026 10:00:00 GMT', 'an HTTP date'],
    ['1764324000', 'epoch seconds'],
    [' 2026-01-01T00:00:00Z', 'a leading space'],
    ['2026-01-01T00:00:00Z\n', 'a trailing newline'],
  ])('AU-6: rejects %j (%s)', (text) => {
    expect(parseTimestamp(text)).toBeUndefined();
  });

  it('AU-6: the window is 15 minutes', () => {
    expect(clockWindowMs).toBe(15 * 60 * 1000);
  });
});

describe('schemeOf (AU-1, AU-2)', () => {
  const base = {
    params: [['RegionId', 'cn-hangzhou']] as Array<[string, string]>,
    host: 'h',
  };
  const signing = { accessKeyId: 'a', accessKeySecret: 's' };

  it('AU-1: a V1 request is V1, even with unsigned x-acs-* headers beside it', () => {
    const v1 = encodeRequest({ ...base, transport: 'get-query', signing: { scheme: 'v1', ...signing } });
    expect(schemeOf(readIncoming(v1))).toBe('v1');
    const withHeaders = {
      ...v1,
      headers: { ...v1.headers, 'x-acs-action': 'DetachKeyPair', 'x-acs-signature-nonce': 'n' },
    };
    expect(schemeOf(readIncoming(withHeaders))).toBe('v1');
  });

  it('AU-1 TR-1: a V1 request with its Signature in a form body is V1', () => {
    const v1 = encodeRequest({ ...base, transport: 'post-form', signing: { scheme: 'v1', ...signing } });
    expect(schemeOf(readIncoming(v1))).toBe('v1');
  });

  it('AU-2: a V3 request is V3, and stays V3 without its Authorization header', () => {
    const v3 = encodeRequest({ ...base, transport: 'post-query', signing: { scheme: 'v3', ...signing } });
    expect(schemeOf(readIncoming(v3))).toBe('v3');
    const { authorization: _drop, ...headers } = v3.headers;
    expect(schemeOf(readIncoming({ ...v3, headers }))).toBe('v3');
  });

  it('AU-5: a request with neither a Signature nor any V3 header is judged as V1', () => {
    expect(
      schemeOf(
        readIncoming({
          method: 'GET',
          target: '/?Action=DetachKeyPair',
          headers: {},
          body: new Uint8Array(),
        }),
      ),
    ).toBe('v1');
  });
});
