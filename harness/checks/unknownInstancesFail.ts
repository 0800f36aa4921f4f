import { type Check, type CheckOutcome, fail, pass, report } from './CheckOutcome.ts';
import { countValue } from './countValue.ts';
import { idsWithFate } from './idsWithFate.ts';
import { restrictWorld } from './restrictWorld.ts';
import { failed, resultsByInstance } from './resultsByInstance.ts';
import { worldDiff } from './worldDiff.ts';
import { worldSuccess } from './worldSuccess.ts';

/**
 * On a success, an ID unknown in the request's region (or known only in another region) is a
 * per-instance failure (ST-5): `Success` false, a non-200 `Code`, counted in `FailCount`; the choice of
 * a per-instance failure over a whole-request rejection is recorded (REPORT). Either way nothing outside
 * the region changes (ST-5's MUST clause).
 */
export const unknownInstancesFail: Check = {
  name: 'unknownInstancesFail',
  rules: ['ST-5'],
  run(exchange) {
    const judged = worldSuccess(exchange);
    if (judged === null) return [];
    const { decoded, success, before, after } = judged;
    const unknown = idsWithFate(success, 'not-found');
    if (unknown.length === 0) return [];
    const results = resultsByInstance(decoded);
    const problems: string[] = [];
    let entries = 0;
    for (const id of unknown) {
      for (const entry of results.get(id) ?? []) {
        entries++;
        if (!failed(entry) || entry.Code === undefined || entry.Code.value === '200') {
          problems.push(
            `${JSON.stringify(id)}: Success ${JSON.stringify(entry.Success?.raw)}, Code ${JSON.stringify(entry.Code?.raw)}`,
          );
        }
      }
    }
    const failCount = countValue(decoded.fields.FailCount);
    if (failCount !== null && failCount < entries) {
      problems.push(`FailCount ${failCount} cannot count ${entries} unknown-instance Result(s)`);
    }
    const elsewhere = (world: typeof before) =>
      restrictWorld(world, {
        instance: (i) => i.regionId !== success.regionId,
        keyPair: (kp) => kp.regionId !== success.regionId,
        regions: false,
      });
    const diff = worldDiff(elsewhere(before), elsewhere(after));
    if (diff.length > 0) problems.push(`changed outside ${success.regionId}: ${diff.join('; ')}`);
    if (problems.length > 0) {
      return [
        fail(
          'ST-5',
          'an unknown instance was not a per-instance failure',
          `Success false with a non-200 Code, counted in FailCount, for ${unknown.map((id) => JSON.stringify(id)).join(', ')}; nothing outside ${success.regionId} changed`,
          problems.join('; '),
        ),
      ];
    }
    const out: CheckOutcome[] = [pass('ST-5')];
    if (entries > 0) out.push(report('ST-5', 'unknown instance: per-instance failure'));
    return out;
  },
};
