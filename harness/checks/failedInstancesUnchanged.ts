import { type Check, fail, pass } from './CheckOutcome.ts';
import { restrictWorld } from './restrictWorld.ts';
import { failed, resultsByInstance } from './resultsByInstance.ts';
import { worldDiff } from './worldDiff.ts';
import { worldSuccess } from './worldSuccess.ts';

/**
 * An instance all of whose `Result` entries have `Success` false is unchanged after the success (ST-2):
 * in every field, in every region. An ID with one successful occurrence and a failed later one (ID-7) is
 * not "all failed" and is judged by ST-1.
 */
export const failedInstancesUnchanged: Check = {
  name: 'failedInstancesUnchanged',
  rules: ['ST-2'],
  run(exchange) {
    const judged = worldSuccess(exchange);
    if (judged === null) return [];
    const { decoded, before, after } = judged;
    const allFailed = [...resultsByInstance(decoded)]
      .filter(([, entries]) => entries.every(failed))
      .map(([id]) => id);
    if (allFailed.length === 0) return [];
    const only = (world: typeof before) =>
      restrictWorld(world, {
        instance: (i) => allFailed.includes(i.instanceId),
        keyPair: () => false,
        regions: false,
      });
    const diff = worldDiff(only(before), only(after));
    if (diff.length === 0) return [pass('ST-2')];
    return [
      fail(
        'ST-2',
        'an instance whose Result failed was changed',
        `unchanged: ${allFailed.map((id) => JSON.stringify(id)).join(', ')}`,
        diff.join('; '),
      ),
    ];
  },
};
