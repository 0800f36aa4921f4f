import { type Check, fail, pass } from './CheckOutcome.ts';
import { instanceIn } from './idsWithFate.ts';
import { resultsByInstance, succeeded } from './resultsByInstance.ts';
import { worldSuccess } from './worldSuccess.ts';

/**
 * After a success, every instance of the region with a `Result` whose `Success` is true is no longer
 * bound to the key pair (ST-1). The key pair is the one stored in the world, which differs from the
 * requested name only when the target matched a case variant (KP-3). IDs unknown in the region are
 * ST-5's concern.
 */
export const successfulResultsAreUnbound: Check = {
  name: 'successfulResultsAreUnbound',
  rules: ['ST-1'],
  run(exchange) {
    const judged = worldSuccess(exchange);
    if (judged === null) return [];
    const { decoded, success, after } = judged;
    const stillBound: string[] = [];
    let count = 0;
    for (const [id, entries] of resultsByInstance(decoded)) {
      if (!entries.some(succeeded)) continue;
      const instance = instanceIn(after, success.regionId, id);
      if (instance === undefined) continue;
      count++;
      if (instance.keyPairName === success.storedKeyPairName) stillBound.push(JSON.stringify(id));
    }
    if (count === 0) return [];
    if (stillBound.length === 0) return [pass('ST-1')];
    return [
      fail(
        'ST-1',
        'Success true, but the instance is still bound',
        `no longer bound to ${JSON.stringify(success.storedKeyPairName)}`,
        `still bound: ${stillBound.join(', ')}`,
      ),
    ];
  },
};
