import { describe, expect, it } from 'vitest';
import {
  A,
  B,
  exchange,
  JSON_SAMPLE,
  jsonError,
  jsonSample,
  KP_NOT_FOUND,
  sampleProbe,
  withInstance,
  world,
  XML_SAMPLE,
} from './checkTestKit.ts';
import { normalisedDocument, sameOutcome } from './sameOutcome.ts';

// FM-1 and MR-1..MR-4 compare two exchanges sent on identical worlds (the rules' "same outcome").
const json = () => exchange({ probe: sampleProbe({ format: 'JSON' }), body: JSON_SAMPLE });
const xml = () => exchange({ probe: sampleProbe({ format: 'XML' }), body: XML_SAMPLE });
const notFound = (code = 'InvalidKeyPairName.NotFound') =>
  exchange({
    probe: sampleProbe({ keyPairName: 'noSuchKeyPair' }),
    body: jsonError(code, KP_NOT_FOUND),
    status: 400,
  });

describe('sameOutcome (FM-1, MR-1..MR-4)', () => {
  it("the reference's JSON and XML samples have the same normalised document (FM-1)", () => {
    expect(normalisedDocument(json().decoded)).toBe(normalisedDocument(xml().decoded));
    expect(sameOutcome('FM-1', json(), xml(), 'JSON vs XML')).toEqual({ status: 'pass', rule: 'FM-1' });
  });

  it('a success against an error is a different outcome', () => {
    expect(sameOutcome('MR-2', json(), notFound(), 'GET vs POST')).toMatchObject({
      status: 'fail',
      rule: 'MR-2',
    });
  });

  it('a different per-instance result is a different outcome, whatever the order of Results (MR-1)', () => {
    const reordered = exchange({
      probe: sampleProbe({ format: 'JSON' }),
      body: jsonSample((doc) => doc.Results.Result.reverse()),
    });
    expect(sameOutcome('MR-1', json(), reordered, 'order')).toMatchObject({ status: 'pass' });
    const changed = exchange({
      probe: sampleProbe({ format: 'JSON' }),
      body: jsonSample((doc) => {
        const first = doc.Results.Result[0] as Record<string, unknown>;
        first.Message = 'Successful';
      }),
    });
    expect(sameOutcome('MR-1', json(), changed, 'order')).toMatchObject({ status: 'fail', rule: 'MR-1' });
  });

  it('two errors with different codes differ when exactly one error condition applies', () => {
    expect(sameOutcome('MR-3', notFound(), notFound(), 'V1 vs V3')).toMatchObject({ status: 'pass' });
    expect(
      sameOutcome('MR-3', notFound(), notFound('InvalidKeyPairName.Malformed'), 'V1 vs V3'),
    ).toMatchObject({
      status: 'fail',
      rule: 'MR-3',
    });
  });

  it('the same answers with different effects on the world are different outcomes', () => {
    const unbound = withInstance(withInstance(world, A, { keyPairName: null }), B, { keyPairName: null });
    const half = withInstance(world, A, { keyPairName: null });
    const a = exchange({ probe: sampleProbe({ format: 'JSON' }), body: JSON_SAMPLE, worldAfter: unbound });
    const b = exchange({ probe: sampleProbe({ format: 'XML' }), body: XML_SAMPLE, worldAfter: half });
    const outcome = sameOutcome('FM-1', a, b, 'JSON vs XML');
    expect(outcome).toMatchObject({
      status: 'fail',
      rule: 'FM-1',
      title: 'different effects on the world for JSON vs XML',
    });
    expect(outcome.status === 'fail' ? outcome.received : '').toContain(B);
  });
});
