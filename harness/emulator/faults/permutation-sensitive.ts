import { defineFault } from '../faultKit.ts';

/** The fault `permutation-sensitive` (`faults.ts`), breaking MR-1. */
export const permutationSensitive = defineFault({
  breaks: 'MR-1',
  description:
    'Only the first ID is looked up eagerly: when it is unknown in the region the whole request is rejected (404 `InvalidInstanceId.NotFound`); unknown IDs elsewhere are per-instance failures. Each answer alone is allowed by ST-5.',
  hooks: {
    // Only the first ID is looked up eagerly.
    decide: (next) => (call, request) => {
      const first = request.instanceIds[0];
      const known = call.world.instances.some(
        (i) => i.regionId === request.regionId && i.instanceId === first,
      );
      const unknownInstance = first !== undefined && !known ? 'reject-request' : 'per-instance-failure';
      return next({ ...call, profile: { ...call.profile, unknownInstance } }, request);
    },
  },
});
