import { defineFault, hasWhitespaceOutsideStrings } from '../faultKit.ts';
import { paramValue } from '../readIncoming.ts';

/** The fault `whitespace-dependent` (`faults.ts`), breaking MR-4. */
export const whitespaceDependent = defineFault({
  breaks: 'MR-4',
  description:
    'A compact-JSON fast path de-duplicates: compact lists are de-duplicated, lists with whitespace are reported per occurrence. Each alone is allowed by ID-7.',
  hooks: {
    decide: (next) => (call, request) => {
      const rawIds = paramValue(call.incoming.params, 'InstanceIds') ?? '';
      const duplicateInstanceIds = hasWhitespaceOutsideStrings(rawIds) ? 'per-occurrence' : 'dedupe';
      return next({ ...call, profile: { ...call.profile, duplicateInstanceIds } }, request);
    },
  },
});
