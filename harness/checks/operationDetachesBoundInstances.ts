import { type Check, fail, pass } from './CheckOutcome.ts';
import { idsWithFate, instanceIn } from './idsWithFate.ts';
import { hasResults } from './parsedSuccess.ts';
import { resultsByInstance, succeeded } from './resultsByInstance.ts';
import { worldSuccess } from './worldSuccess.ts';

/**
 * The operation works (ST-0): on a success, every named Linux instance of the region bound to the key
 * pair has a `Result` with `Success` true and ends unbound. Whether an instance reported successful
 * really is unbound is ST-1's to judge, so with readable results this check judges the `Success`
 * entries; when the results cannot be read (OK-1, OK-3 judge that) it judges the world instead.
 */
export const operationDetachesBoundInstances: Check = {
  name: 'operationDetachesBoundInstances',
  rules: ['ST-0'],
  run(exchange) {
    const judged = worldSuccess(exchange);
    if (judged === null) return [];
    const { decoded, success, after } = judged;
    const detach = idsWithFate(success, 'detach');
    if (detach.length === 0) return [];
    const readable = decoded.parseError === undefined && hasResults(decoded);
    const results = resultsByInstance(decoded);
    const problems: string[] = [];
    for (const id of detach) {
      if (readable) {
        if (!(results.get(id) ?? []).some(succeeded))
          problems.push(`${JSON.stringify(id)}: no Result with Success true`);
        continue;
      }
      const instance = instanceIn(after, success.regionId, id);
      if (instance === undefined)
        problems.push(`${JSON.stringify(id)}: gone from ${success.regionId} afterwards`);
      else if (instance.keyPairName !== null) {
        problems.push(`${JSON.stringify(id)}: bound to ${JSON.stringify(instance.keyPairName)} afterwards`);
      }
    }
    if (problems.length === 0) return [pass('ST-0')];
    return [
      fail(
        'ST-0',
        'a bound instance was not detached',
        `Success true and unbound afterwards for ${detach.map((id) => JSON.stringify(id)).join(', ')} (bound to ${JSON.stringify(success.storedKeyPairName)})`,
        problems.join('; '),
      ),
    ];
  },
};
