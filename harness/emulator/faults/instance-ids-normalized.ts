import type { DetachResult } from '../detachKeyPair.ts';
import { defineFault } from '../faultKit.ts';

/** The fault `instance-ids-normalized` (`faults.ts`), breaking ST-3. */
export const instanceIdsNormalized = defineFault({
  breaks: 'ST-3',
  description:
    'Instances are looked up as `LOWER(id) = LOWER(TRIM(?))`: an ID that differs from an instance of the region only by surrounding whitespace or letter case (` i-a`, `I-A`) names that instance, which is detached although it was not named; the result keeps the ID as sent. (Exact IDs behave as usual. The near miss names no instance, so its `Success` true is also an unknown ID reported as a success.)',
  hooks: {
    decide: (next) => (call, request) => {
      const folded = new Map<string, string>();
      for (const instance of call.world.instances)
        if (instance.regionId === request.regionId)
          folded.set(instance.instanceId.toLowerCase(), instance.instanceId);
      const exact = new Set(folded.values());
      const lookedUp = request.instanceIds.map((id) =>
        exact.has(id) ? id : (folded.get(id.trim().toLowerCase()) ?? id),
      );
      const decision = next(call, { ...request, instanceIds: lookedUp });
      if (!decision.ok || decision.results.length !== request.instanceIds.length) return decision;
      const results = decision.results.map(
        (r, i): DetachResult => ({ ...r, InstanceId: request.instanceIds[i] ?? r.InstanceId }),
      );
      return { ...decision, results };
    },
  },
});
