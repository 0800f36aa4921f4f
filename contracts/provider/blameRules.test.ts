import { describe, expect, it } from 'vitest';
import { blameRules } from './blameRules.ts';
import type { PactMismatch } from './parseVerifierResults.ts';

const two = 'a detach of two bound Linux instances';
const windows = 'a detach naming a Windows instance';
const body = (path: string, text: string, actual?: unknown): PactMismatch => ({
  type: 'BodyMismatch',
  path,
  text: `${path}: ${text}`,
  ...(actual === undefined ? {} : { actual }),
});
const status = (actual: number, expected: number): PactMismatch => ({
  type: 'StatusMismatch',
  actual,
  expected,
  text: `expected ${expected} but was ${actual}`,
});
const error = (code: string) => ({
  status: 400,
  contentType: 'application/json',
  body: JSON.stringify({ Code: code }),
});

describe('blameRules', () => {
  it('a wrong field fails its own rule only, and the others still pass (OK-5)', () => {
    const blame = blameRules('alicloud-ecs20140526-v3', two, [
      body('$.TotalCount', "Expected '3' to match '^2$'"),
    ]);
    expect(blame.failed).toEqual(['OK-5']);
    expect(blame.passed).toContain('OK-3');
    expect(blame.passed).toContain('AU-2');
    expect(blame.passed).not.toContain('OK-5');
  });

  it('an unrequested result explains the counts that include it (OK-7, not OK-5/OK-6)', () => {
    const blame = blameRules('dkp-conformance-client', two, [
      body('$.Results.Result', 'Expected a List with 2 elements but received 3 elements'),
      body('$.TotalCount', "Expected '3' to match '^2$'"),
      body('$.FailCount', "Expected '1' to match '^0$'"),
    ]);
    expect(blame.failed).toEqual(['OK-7']);
  });

  it('a failed Success is ST-0, and its Code and FailCount follow from it', () => {
    const blame = blameRules('alicloud-ecs20140526-v1', two, [
      body('$.Results.Result[0].Success', "Expected 'false' to match '^true$'"),
      body('$.Results.Result[0].Code', "Expected 'InvalidKeyPair.NotBound' to match '^200$'"),
      body('$.FailCount', "Expected '2' to match '^0$'"),
    ]);
    expect(blame.failed).toEqual(['ST-0']);
  });

  it('an object where a list belongs is OK-3; a Code not 200 beside Success true is OK-8', () => {
    expect(
      blameRules('alicloud-ecs20140526-v3', two, [body('$.Results.Result', 'Type mismatch: …')]).failed,
    ).toEqual(['OK-3']);
    expect(
      blameRules('alicloud-ecs20140526-v3', two, [body('$.Results.Result[1].Code', "Expected 'Success'")])
        .failed,
    ).toEqual(['OK-8']);
  });

  it("a success for an error is the interaction's own rule, and nothing else is judged (WIN-1)", () => {
    const blame = blameRules('alicloud-ecs20140526-v3', windows, [
      body('$', 'Actual map is missing the following keys: Code, Message'),
      status(200, 403),
    ]);
    expect(blame).toEqual({ failed: ['WIN-1'], passed: [] });
  });

  it('an error body with a 2xx is ERR-1', () => {
    expect(blameRules('alicloud-ecs20140526-v3', windows, [status(200, 403)]).failed).toEqual(['ERR-1']);
  });

  it('the code the target answered decides a refusal: authentication, a missing parameter, InstanceIds', () => {
    const refused = [
      body('$', 'Actual map is missing the following keys: FailCount, Results, TotalCount'),
      status(400, 200),
    ];
    expect(blameRules('alicloud-ecs20140526-v3', two, refused, error('IncompleteSignature')).failed).toEqual([
      'AU-2',
    ]);
    expect(blameRules('dkp-conformance-client-form', two, refused, error('MissingParameter')).failed).toEqual(
      ['TR-1'],
    );
    expect(
      blameRules('dkp-conformance-client', two, refused, error('InvalidInstanceIds.ValueNotSupported'))
        .failed,
    ).toEqual(['ID-1']);
    expect(blameRules('dkp-conformance-client', two, refused, error('InternalError')).failed).toEqual([
      'ST-0',
      'ID-1',
    ]);
  });

  it("the other format is the consumer's format rule; a wrong media type is TR-4", () => {
    const xml: PactMismatch = {
      type: 'BodyTypeMismatch',
      actual: 'text/xml;charset=utf-8',
      expected: 'application/json',
      text: 'Expected a body of application/json',
    };
    expect(blameRules('alicloud-ecs20140526-v1', windows, [xml]).failed).toEqual(['TR-2']);
    expect(blameRules('alicloud-ecs20140526-v1', windows, [{ ...xml, actual: 'text/plain' }]).failed).toEqual(
      ['TR-4'],
    );
  });

  it('an unknown interaction fails every rule it has (none)', () => {
    expect(blameRules('someone-else', 'an interaction of another suite', [status(500, 200)])).toEqual({
      failed: [],
      passed: [],
    });
  });
});
