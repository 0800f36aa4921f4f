import { notBound } from '../detachKeyPair.ts';
import { bindingsIn, defineFault } from '../faultKit.ts';

/** The fault `nothing-detached` (`faults.ts`), breaking ST-0. */
export const nothingDetached = defineFault({
  breaks: 'ST-0',
  description:
    'The binding comparison never matches (say, key pair ID against name): every named instance bound to the key pair is reported `InvalidKeyPair.NotBound` and nothing changes.',
  hooks: {
    apply: (next) => (world, request, decision) => {
      const clean = next(world, request, decision);
      const bound = bindingsIn(world, request.regionId);
      const results = clean.results.map((r) =>
        r.Success && bound.get(r.InstanceId) === request.keyPairName ? notBound(r.InstanceId) : r,
      );
      return { results, world };
    },
  },
});
