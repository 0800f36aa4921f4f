import { classifyInstanceIds } from '../oracle/classifyInstanceIds.ts';
import type { RuleId } from '../spec/rules.ts';
import type { Probe } from '../wire/Probe.ts';

const authCodes =
  /^(SignatureDoesNotMatch|IncompleteSignature|InvalidAccessKeyId|InvalidTimeStamp|IllegalTimestamp|SignatureNonceUsed)/;

/**
 * The rule a target breaks when it rejects a request that no error condition applies to: the acceptance
 * requirement the request leans on that the received code points at. A signature error blames the
 * scheme (AU-1, AU-2); an `InstanceIds` error the list's form (ID-1 whitespace, ID-2 size); a missing
 * parameter the transport (TR-1) or, for V3, the headers (GEN-5) when the code or `message` names `Action` or
 * `Version`; anything else ST-0 ("the operation works").
 */
export function blameUnexpectedError(probe: Probe, code: string, message = ''): RuleId {
  if (authCodes.test(code)) return probe.scheme === 'v1' ? 'AU-1' : 'AU-2';
  if (code.startsWith('InvalidInstanceIds') || code === 'InstanceKeyPairLimitExceeded') {
    const value = probe.instanceIds === null ? null : classifyInstanceIds(probe.instanceIds);
    if (value?.rule === 'ID-1' || value?.rule === 'ID-5') {
      if (value.ids.length === 50) return 'ID-2';
      if (/[ \t\r\n]/.test(probe.instanceIds ?? '')) return 'ID-1';
      return 'ID-2';
    }
    return 'ST-0';
  }
  if (code.startsWith('Missing') || code === 'InvalidParameter') {
    // The code (`MissingParameter.Action`) or the message names what is missing: V3 carries Action and
    // Version in headers, every other parameter the transport carries.
    if (probe.scheme === 'v3' && /\b(action|version)\b/i.test(`${code} ${message}`)) return 'GEN-5';
    return 'TR-1';
  }
  if (code.startsWith('InvalidAction') || code === 'InvalidVersion')
    return probe.scheme === 'v3' ? 'GEN-5' : 'TR-1';
  return 'ST-0';
}
