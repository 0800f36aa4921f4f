import { describe, it } from 'vitest';
import { expectFaultDetected, faultMatrixHalf } from './faultMatrixTestKit.ts';

// The other half of the fault matrix (faultMatrix.test.ts has the first, and the clean profiles): a file
// of its own so that the two halves run in parallel workers.
describe('verify proves it can fail: the fault-injection matrix', () => {
  it.each(faultMatrixHalf(1))('fails on the rule that fault %s breaks (%s)', expectFaultDetected);
});
