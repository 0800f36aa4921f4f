import { type Check, fail, pass } from './CheckOutcome.ts';
import { restrictWorld } from './restrictWorld.ts';
import { worldDiff } from './worldDiff.ts';
import { worldSuccess } from './worldSuccess.ts';

/**
 * A success changes nothing it was not asked to (ST-3): regions, key pairs, and every instance except
 * the named instances of the request's region are unchanged, in every region. A named ID of another
 * region is not one of the request's instances (ST-5) and is held to this too.
 */
export const noCollateralChange: Check = {
  name: 'noCollateralChange',
  rules: ['ST-3'],
  run(exchange) {
    const judged = worldSuccess(exchange);
    if (judged === null) return [];
    const { success, before, after } = judged;
    const named = new Set(success.requested);
    const rest = (world: typeof before) =>
      restrictWorld(world, {
        instance: (i) => !(i.regionId === success.regionId && named.has(i.instanceId)),
      });
    const diff = worldDiff(rest(before), rest(after));
    if (diff.length === 0) return [pass('ST-3')];
    return [
      fail(
        'ST-3',
        'a success changed something it did not name',
        'everything not named unchanged',
        diff.join('; '),
      ),
    ];
  },
};
