import { bindingsIn, defineFault, rebind } from '../faultKit.ts';

/** The fault `unbinds-other-key-pair` (`faults.ts`), breaking ST-4. */
export const unbindsOtherKeyPair = defineFault({
  breaks: 'ST-4',
  description:
    'The binding check is missing: a named instance bound to another key pair is unbound and reported `Success` true.',
  hooks: {
    apply: (next) => (world, request, decision) => {
      const clean = next(world, request, decision);
      const bound = bindingsIn(world, request.regionId);
      const other = new Set<string>();
      const results = clean.results.map((r) => {
        const kp = bound.get(r.InstanceId);
        if (kp === undefined || kp === null || kp === request.keyPairName) return r;
        other.add(r.InstanceId);
        return { InstanceId: r.InstanceId, Success: true, Code: '200', Message: 'successful' };
      });
      return { results, world: rebind(clean.world, request.regionId, other, null) };
    },
  },
});
