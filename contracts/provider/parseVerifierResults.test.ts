import { describe, expect, it } from 'vitest';
import { parseVerifierResults } from './parseVerifierResults.ts';

// Shapes taken from Pact JS 16.5's verifyProvider() (pact_ffi 0.5.4).
const json = JSON.stringify({
  errors: [
    {
      interaction: 'Verifying a pact between c and p Given s - a detach naming a Windows instance',
      mismatch: {
        interactionId: '',
        mismatches: [
          { actual: '200', expected: '403', mismatch: 'expected 403 but was 200', type: 'StatusMismatch' },
          { mismatch: 'Actual map is missing the following keys: Code', path: '$', type: 'BodyMismatch' },
        ],
        type: 'mismatches',
      },
    },
    {
      interaction: 'Verifying a pact between c and p - a broken one',
      mismatch: { type: 'error', message: 'boom' },
    },
  ],
  interactionResults: [
    { description: 'a detach of two bound Linux instances', result: 'OK' },
    { description: 'a detach naming a Windows instance', result: 'Error' },
    { description: 'a broken one', result: 'Error' },
  ],
  output: ['\u001b[1mx\u001b[0m'],
  result: false,
});

describe('parseVerifierResults', () => {
  it("gives each description Pact's verdict: pass, or fail with its mismatches one per line", () => {
    const out = parseVerifierResults(json, [
      'a detach of two bound Linux instances',
      'a detach naming a Windows instance',
      'a broken one',
      'never reported',
    ]);
    expect(out.get('a detach of two bound Linux instances')).toEqual({ status: 'pass' });
    expect(out.get('a detach naming a Windows instance')).toEqual({
      status: 'fail',
      mismatch: 'StatusMismatch: expected 403 but was 200\n$: Actual map is missing the following keys: Code',
    });
    expect(out.get('a broken one')).toMatchObject({ status: 'fail', mismatch: 'boom' });
    expect(out.get('never reported')?.status).toBe('fail');
    expect(out.get('never reported')?.mismatch).toMatch(/not verified/);
  });

  it('a verifier that could not run fails every interaction with its message', () => {
    const out = parseVerifierResults('Verification was unable to run', ['a', 'b']);
    expect([...out.values()].every((v) => v.status === 'fail' && v.mismatch?.includes('unable to run'))).toBe(
      true,
    );
  });
});
