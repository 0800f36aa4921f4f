import { describe, expect, it } from 'vitest';
import { decodeResponse } from '../wire/decodeResponse.ts';
import type { WireResponse } from '../wire/WireMessage.ts';
import { exchange, JSON_SAMPLE, jsonError, KP_NOT_FOUND, sampleProbe, summary } from './checkTestKit.ts';
import { describeResponse } from './describeResponse.ts';
import { runChecks } from './index.ts';
import { sameOutcome } from './sameOutcome.ts';

const answer = (status: number, headers: Record<string, string>, body = ''): WireResponse => ({
  status,
  headers,
  body: new TextEncoder().encode(body),
});
const described = (response: WireResponse) => describeResponse(response, decodeResponse(response));

const page = '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';

describe('describeResponse: what was received, in words (issue 12, part 5)', () => {
  it('a redirect is a redirect, with where it points', () => {
    expect(described(answer(302, { location: 'http://127.0.0.1:4000/login?next=%2F' }))).toEqual({
      api: false,
      text: 'HTTP 302 redirect to http://127.0.0.1:4000/login?next=%2F',
      kind: 'HTTP 302 redirect to http://127.0.0.1:4000/login',
    });
    expect(described(answer(301, {})).text).toBe('HTTP 301 redirect with no Location');
  });

  it('an HTML page is an HTML page, never "a XML body", even without a Content-Type', () => {
    expect(described(answer(502, { 'content-type': 'text/html; charset=utf-8' }, page))).toEqual({
      api: false,
      text: 'HTTP 502, an HTML page (text/html) titled "502 Bad Gateway"',
      kind: 'HTTP 502, an HTML page (text/html)',
    });
    expect(decodeResponse(answer(200, { 'content-type': 'text/html' }, page)).format).toBe('unknown');
    expect(described(answer(404, {}, '<html><body>no</body></html>')).text).toBe(
      'HTTP 404, an HTML page (no Content-Type)',
    );
  });

  it('an error status without a JSON or XML body has no error document', () => {
    expect(described(answer(501, {}))).toEqual({
      api: false,
      text: 'HTTP 501 with no error document (an empty body)',
      kind: 'HTTP 501 with no error document',
    });
    expect(described(answer(404, { 'content-type': 'text/plain' }, 'Not Found')).text).toBe(
      'HTTP 404 with no error document (a text/plain body "Not Found")',
    );
    expect(described(answer(200, {}, 'OK')).kind).toBe('HTTP 200 with no API document');
  });

  it('API answers keep their status and Code', () => {
    const error = answer(
      400,
      { 'content-type': 'application/json' },
      jsonError('InvalidKeyPairName.NotFound', KP_NOT_FOUND),
    );
    expect(described(error)).toEqual({ api: true, text: 'HTTP 400 InvalidKeyPairName.NotFound' });
    expect(described(answer(200, { 'content-type': 'application/json' }, JSON_SAMPLE))).toEqual({
      api: true,
      text: 'HTTP 200, a success body',
    });
  });
});

describe('a non-API answer never makes a rule pass', () => {
  it('runChecks turns the passes and observations of a 501 without a document into skips; failures stay', () => {
    const x = exchange({ probe: sampleProbe(), body: '', status: 501, contentType: null });
    const outcomes = runChecks(x);
    expect(outcomes.filter((o) => o.status === 'pass' || o.status === 'report')).toEqual([]);
    expect(summary(outcomes)).toContain('fail ERR-2');
    expect(outcomes.find((o) => o.status === 'skip')).toMatchObject({
      reason: 'no API answer to judge it on (the target answered HTTP 501 with no error document)',
    });
    const failure = outcomes.find((o) => o.status === 'fail' && o.rule !== 'ERR-2' && o.rule !== 'ERR-4');
    expect(failure).toMatchObject({ received: 'HTTP 501 with no error document (an empty body)' });
  });

  it('a redirect answering a request that must succeed is a failure described as a redirect, not a success', () => {
    const x = exchange({ probe: sampleProbe(), body: '', status: 302, contentType: null });
    x.response.headers.location = 'https://login.example/';
    const outcomes = runChecks(x);
    expect(outcomes.filter((o) => o.status === 'pass')).toEqual([]);
    expect(outcomes).toContainEqual(
      expect.objectContaining({
        status: 'fail',
        title: 'no API answer to a request that must succeed',
        received: 'HTTP 302 redirect to https://login.example/',
      }),
    );
  });

  it('two non-API answers are not "the same outcome": FM-1 is not judged on them', () => {
    const a = exchange({ probe: sampleProbe(), body: '', status: 501, contentType: null });
    const b = exchange({ probe: sampleProbe({ format: 'XML' }), body: '', status: 501, contentType: null });
    expect(sameOutcome('FM-1', a, b, 'Format=JSON and Format=XML')).toMatchObject({
      status: 'skip',
      rule: 'FM-1',
    });
    const api = exchange({ probe: sampleProbe(), body: JSON_SAMPLE });
    expect(sameOutcome('FM-1', api, b, 'Format=JSON and Format=XML')).toMatchObject({
      status: 'fail',
      received: 'HTTP 501 with no error document (an empty body)',
    });
  });
});
