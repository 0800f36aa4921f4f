import { describe, expect, it } from 'vitest';
import { probe } from '../wire/Probe.ts';
import { blameUnexpectedError } from './blameUnexpectedError.ts';

const business = { regionId: 'cn-hangzhou', keyPairName: 'kp', instanceIds: '["i-1"]' };
const v1 = probe(business);
const v3 = probe({ ...business, scheme: 'v3' });
const missingAction =
  'The input parameter "Action" that is mandatory for processing this request is not supplied.';

describe('blameUnexpectedError: the rule a wrongly rejected request breaks', () => {
  it('blames the scheme for a signature error', () => {
    expect(blameUnexpectedError(v1, 'SignatureDoesNotMatch')).toBe('AU-1');
    expect(blameUnexpectedError(v3, 'IncompleteSignature')).toBe('AU-2');
  });

  it('blames GEN-5 when a V3 request is missing Action or Version, by code or by message', () => {
    expect(blameUnexpectedError(v3, 'MissingParameter', missingAction)).toBe('GEN-5');
    expect(blameUnexpectedError(v3, 'MissingParameter.Version')).toBe('GEN-5');
    expect(blameUnexpectedError(v3, 'InvalidVersion')).toBe('GEN-5');
  });

  it('blames the transport for any other missing parameter, and for V1 always', () => {
    expect(blameUnexpectedError(v3, 'MissingParameter', 'The input parameter "RegionId" is missing.')).toBe(
      'TR-1',
    );
    expect(blameUnexpectedError(v1, 'MissingParameter', missingAction)).toBe('TR-1');
  });

  it('blames the list form for an InstanceIds error and ST-0 for anything else', () => {
    expect(
      blameUnexpectedError(probe({ ...business, instanceIds: '[ "i-1" ]' }), 'InvalidInstanceIds.Malformed'),
    ).toBe('ID-1');
    expect(blameUnexpectedError(v1, 'InternalError')).toBe('ST-0');
  });
});
