import { bindingsIn, defineFault, rebind } from '../faultKit.ts';

/** The fault `collateral-detach` (`faults.ts`), breaking ST-3. */
export const collateralDetach = defineFault({
  breaks: 'ST-3',
  description:
    'The update is region-wide (`UPDATE ... WHERE keyPair = name`): every instance of the region bound to the key pair is unbound, named or not; results still cover only the named ones.',
  hooks: {
    apply: (next) => (world, request, decision) => {
      const clean = next(world, request, decision);
      const all = new Set(
        [...bindingsIn(world, request.regionId)]
          .filter(([, kp]) => kp === request.keyPairName)
          .map(([id]) => id),
      );
      return { results: clean.results, world: rebind(clean.world, request.regionId, all, null) };
    },
  },
});
