import { notBound } from '../detachKeyPair.ts';
import { bindingsIn, defineFault } from '../faultKit.ts';

/** The fault `unrequested-result` (`faults.ts`), breaking OK-7. */
export const unrequestedResult = defineFault({
  breaks: 'OK-7',
  description:
    'The result list comes from a scan of the region and leaks one instance that was not named: an extra `Result` with `Success` false (the counts include it, so OK-5 and OK-6 hold; the instance is not changed).',
  hooks: {
    // A region scan leaks one instance that was not named.
    apply: (next) => (world, request, decision) => {
      const clean = next(world, request, decision);
      const named = new Set(clean.results.map((r) => r.InstanceId));
      const leaked =
        [...bindingsIn(world, request.regionId).keys()].find((id) => !named.has(id)) ?? 'i-not-requested';
      return { results: [...clean.results, notBound(leaked)], world: clean.world };
    },
  },
});
