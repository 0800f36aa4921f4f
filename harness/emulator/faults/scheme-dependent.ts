import { defineFault } from '../faultKit.ts';

/** The fault `scheme-dependent` (`faults.ts`), breaking MR-3. */
export const schemeDependent = defineFault({
  breaks: 'MR-3',
  description:
    'The V3 code path validates instance IDs up front: a V3 request naming an unknown instance is rejected (404 `InvalidInstanceId.NotFound`) while V1 reports it per instance. Each alone is allowed by ST-5.',
  hooks: {
    decide: (next) => (call, request) => {
      const unknownInstance = call.scheme === 'v3' ? 'reject-request' : 'per-instance-failure';
      return next({ ...call, profile: { ...call.profile, unknownInstance } }, request);
    },
  },
});
