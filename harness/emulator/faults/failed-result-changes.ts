import { bindingsIn, defineFault, rebind } from '../faultKit.ts';

/** The fault `failed-result-changes` (`faults.ts`), breaking ST-2. */
export const failedResultChanges = defineFault({
  breaks: 'ST-2',
  description:
    'A compensating "rollback" binds the requested key pair to every named instance of the region that has no key pair and whose results all failed (`InvalidKeyPair.NotBound`). (Unbinding a failed instance bound to another key pair was avoided: that also breaks ST-4.) Inert under `flipped`, which reports such instances as successful no-ops.',
  hooks: {
    apply: (next) => (world, request, decision) => {
      const clean = next(world, request, decision);
      const bound = bindingsIn(world, request.regionId);
      const failed = new Set<string>();
      for (const r of clean.results) if (bound.get(r.InstanceId) === null) failed.add(r.InstanceId);
      for (const r of clean.results) if (r.Success) failed.delete(r.InstanceId);
      return {
        results: clean.results,
        world: rebind(clean.world, request.regionId, failed, request.keyPairName),
      };
    },
  },
});
