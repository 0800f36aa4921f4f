import { describe, expect, it } from 'vitest';
import { NonceLog, nonceMemoryMs } from './NonceLog.ts';

// AU-7's nonce memory: 15 minutes, doubled so that a request stamped 15 minutes ahead cannot be replayed.
const clockWindowMs = nonceMemoryMs;

const t0 = Date.UTC(2026, 10, 28, 10, 0, 0);

describe('NonceLog (AU-7)', () => {
  it('AU-7: an unknown key is not seen', () => {
    expect(new NonceLog().seen('k', t0)).toBe(false);
  });

  it('AU-7: a remembered key is seen at once and up to just before the memory ends', () => {
    const log = new NonceLog();
    log.remember('k', t0);
    expect(log.seen('k', t0)).toBe(true);
    expect(log.seen('k', t0 + 14 * 60 * 1000)).toBe(true);
    expect(log.seen('k', t0 + clockWindowMs - 1)).toBe(true);
  });

  it('AU-7: a key is no longer seen once the memory has ended', () => {
    const log = new NonceLog();
    log.remember('k', t0);
    expect(log.seen('k', t0 + clockWindowMs)).toBe(false);
    expect(log.seen('k', t0 + clockWindowMs + 60 * 1000)).toBe(false);
  });

  it('AU-7: keys are exact: another key (or another AccessKeyId scope) is not seen', () => {
    const log = new NonceLog();
    log.remember('ak\u0000nonce', t0);
    expect(log.seen('ak\u0000nonce', t0)).toBe(true);
    expect(log.seen('other\u0000nonce', t0)).toBe(false);
    expect(log.seen('ak\u0000NONCE', t0)).toBe(false);
  });

  it('AU-7: a nonce of a request stamped 14 minutes ahead is still remembered when that stamp is 14 minutes stale', () => {
    const log = new NonceLog();
    log.remember('k', t0);
    expect(log.seen('k', t0 + 28 * 60 * 1000)).toBe(true);
  });

  it('AU-7: remembering a key again restarts its window', () => {
    const log = new NonceLog();
    log.remember('k', t0);
    log.remember('k', t0 + 10 * 60 * 1000);
    expect(log.seen('k', t0 + 35 * 60 * 1000)).toBe(true);
    expect(log.size).toBe(1);
  });

  it('pruning: remembering forgets every expired key, so the size stays bounded', () => {
    const log = new NonceLog();
    for (let i = 0; i < 1000; i++) log.remember(`old-${i}`, t0 + i);
    expect(log.size).toBe(1000);
    log.remember('new', t0 + clockWindowMs + 1000);
    expect(log.size).toBe(1);
    expect(log.seen('old-0', t0 + clockWindowMs + 1000)).toBe(false);
    expect(log.seen('new', t0 + clockWindowMs + 1000)).toBe(true);
  });

  it('pruning: only keys still remembered are kept under a steady stream', () => {
    const log = new NonceLog();
    const step = 60 * 1000;
    for (let i = 0; i < 120; i++) {
      log.remember(`n-${i}`, t0 + i * step);
      expect(log.size).toBeLessThanOrEqual(clockWindowMs / step + 1);
    }
    expect(log.seen('n-119', t0 + 119 * step)).toBe(true);
    expect(log.seen('n-80', t0 + 119 * step)).toBe(false);
  });

  it('pruning keeps unexpired keys', () => {
    const log = new NonceLog();
    log.remember('a', t0);
    log.remember('b', t0 + 10 * 60 * 1000);
    log.remember('c', t0 + 31 * 60 * 1000);
    expect(log.size).toBe(2);
    expect(log.seen('b', t0 + 31 * 60 * 1000)).toBe(true);
  });

  it('remembers a key exactly as given, lone surrogates and keys cut from a longer string included', () => {
    const log = new NonceLog();
    const target = '/?Action=DetachKeyPair&SignatureNonce=abc\uD800&Version=2014-05-26';
    const key = `ak\u0000${target.slice(38, 42)}`;
    log.remember(key, t0);
    expect(log.seen('ak\u0000abc\uD800', t0)).toBe(true);
    expect(log.seen('ak\u0000abc\uDBFF', t0)).toBe(false);
    expect(log.seen('ak\u0000abc\uFFFD', t0)).toBe(false);
  });
});
