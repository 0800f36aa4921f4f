import type { RuleId } from '../../spec/rules.ts';

/**
 * The deliberately faulty clients, each a small wrapper over the reference client breaking exactly one
 * CL rule (a SHOULD rule warns): the suite's proof that its client checks can fail. `module` is the file
 * in this folder, loaded with `--adapter`.
 */
export const faultyClients: readonly { module: string; rule: RuleId; level: 'MUST' | 'SHOULD' }[] = [
  { module: 'actionMissing.ts', rule: 'CL-1', level: 'MUST' },
  { module: 'commaJoinedInstanceIds.ts', rule: 'CL-2', level: 'MUST' },
  { module: 'lossyKeyPairName.ts', rule: 'CL-3', level: 'MUST' },
  { module: 'unsignedNonceHeader.ts', rule: 'CL-4', level: 'MUST' },
  { module: 'reusedNonce.ts', rule: 'CL-4', level: 'MUST' },
  { module: 'staleTimestamp.ts', rule: 'CL-4', level: 'MUST' },
  { module: 'firstDigitCounts.ts', rule: 'CL-5', level: 'MUST' },
  { module: 'xmlSingleResultDropped.ts', rule: 'CL-5', level: 'MUST' },
  { module: 'errorCodeSwallowed.ts', rule: 'CL-6', level: 'MUST' },
  { module: 'extraFieldRejected.ts', rule: 'CL-7', level: 'MUST' },
  { module: 'throttlingNotRetryable.ts', rule: 'CL-8', level: 'SHOULD' },
];
