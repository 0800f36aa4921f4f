import { describe, expect, it } from 'vitest';
import { sameValue, scalar } from './Scalar.ts';

describe('scalar (OK-9)', () => {
  it('keeps the received form and exposes the canonical value', () => {
    expect(scalar('2')).toEqual({ raw: '2', form: 'string', value: '2' });
    expect(scalar(2)).toEqual({ raw: 2, form: 'number', value: '2' });
    expect(scalar(true)).toEqual({ raw: true, form: 'boolean', value: 'true' });
    expect(scalar(false)).toEqual({ raw: false, form: 'boolean', value: 'false' });
    expect(scalar(null)).toEqual({ raw: null, form: 'null', value: '' });
    expect(scalar('')).toEqual({ raw: '', form: 'string', value: '' });
  });

  it('writes numbers as String(n) does', () => {
    expect(scalar(0)?.value).toBe('0');
    expect(scalar(-0)?.value).toBe('0');
    expect(scalar(2.5)?.value).toBe('2.5');
    expect(scalar(1e21)?.value).toBe('1e+21');
  });

  it('gives undefined for anything that is not a scalar', () => {
    expect(scalar(undefined)).toBeUndefined();
    expect(scalar({})).toBeUndefined();
    expect(scalar([])).toBeUndefined();
    expect(scalar(['2'])).toBeUndefined();
    expect(scalar(2n)).toBeUndefined();
    expect(scalar(Symbol('x'))).toBeUndefined();
    expect(scalar(() => 2)).toBeUndefined();
  });
});

describe('sameValue (OK-9, FM-1)', () => {
  it('equates the documented string and JSON forms', () => {
    expect(sameValue(scalar('2'), scalar(2))).toBe(true);
    expect(sameValue(scalar('0'), scalar(0))).toBe(true);
    expect(sameValue(scalar('true'), scalar(true))).toBe(true);
    expect(sameValue(scalar('false'), scalar(false))).toBe(true);
    expect(sameValue(scalar('200'), scalar(200))).toBe(true);
  });

  it('tells different values apart', () => {
    expect(sameValue(scalar('true'), scalar(false))).toBe(false);
    expect(sameValue(scalar('2.0'), scalar(2))).toBe(false);
    expect(sameValue(scalar('True'), scalar(true))).toBe(false);
    expect(sameValue(scalar(' 2'), scalar(2))).toBe(false);
  });

  it('treats null as the empty string, by value', () => {
    expect(sameValue(scalar(null), scalar(''))).toBe(true);
    expect(sameValue(scalar(null), scalar('null'))).toBe(false);
  });

  it('is true for two absent values and false for one', () => {
    expect(sameValue(undefined, undefined)).toBe(true);
    expect(sameValue()).toBe(true);
    expect(sameValue(scalar(''), undefined)).toBe(false);
    expect(sameValue(undefined, scalar(null))).toBe(false);
  });
});
