import { defineFault } from '../faultKit.ts';
import { paramValue } from '../readIncoming.ts';

/** The fault `transport-dependent` (`faults.ts`), breaking MR-2. */
export const transportDependent = defineFault({
  breaks: 'MR-2',
  description:
    'The form-body path uses another parser: duplicate IDs are de-duplicated when `InstanceIds` arrives in a POST form body and reported per occurrence otherwise. Each alone is allowed by ID-7.',
  hooks: {
    // InstanceIds from a POST form body (not from the query) is de-duplicated.
    decide: (next) => (call, request) => {
      const { incoming } = call;
      const fromForm = incoming.method === 'POST' && paramValue(incoming.query, 'InstanceIds') === undefined;
      const duplicateInstanceIds = fromForm ? 'dedupe' : 'per-occurrence';
      return next({ ...call, profile: { ...call.profile, duplicateInstanceIds } }, request);
    },
  },
});
