import { parseInstanceIds } from '../../wire/instanceIdsCodec.ts';
import { failed, invalidInstanceIds } from '../apiError.ts';
import { defineFault, hasWhitespaceOutsideStrings } from '../faultKit.ts';
import { paramValue } from '../readIncoming.ts';

/** The fault `spaced-json-rejected` (`faults.ts`), breaking ID-1. */
export const spacedJsonRejected = defineFault({
  breaks: 'ID-1',
  description:
    '`InstanceIds` is validated by a compact-only pattern: a JSON array with whitespace outside its strings (the reference\'s own `["a", "b"]`) → 400 `InvalidInstanceIds.ValueNotSupported`. Necessarily breaks MR-4 too (compact and spaced lists differ).',
  hooks: {
    parseDetach: (next) => (params, profile) => {
      const request = next(params, profile);
      if (!request.ok) return request;
      const rawIds = paramValue(params, 'InstanceIds') ?? '';
      return parseInstanceIds(rawIds).kind === 'json-array' && hasWhitespaceOutsideStrings(rawIds)
        ? failed(invalidInstanceIds)
        : request;
    },
  },
});
