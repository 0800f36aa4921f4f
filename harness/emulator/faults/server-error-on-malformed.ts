import { parseInstanceIds } from '../../wire/instanceIdsCodec.ts';
import { apiError, failed, invalidInstanceIds } from '../apiError.ts';
import { defineFault } from '../faultKit.ts';
import { paramValue } from '../readIncoming.ts';

/** What a crashed parser answers. */
const internalError = apiError(
  500,
  'InternalError',
  'The request processing has failed due to some unknown error, exception or failure.',
);

/** The fault `server-error-on-malformed` (`faults.ts`), breaking ERR-4. */
export const serverErrorOnMalformed = defineFault({
  breaks: 'ERR-4',
  description:
    'Bare-text `InstanceIds` (not JSON, e.g. `i-a,i-b`) crashes the parser: 500 `InternalError`. (Malformed JSON was avoided: ID-4 itself forbids a 5xx there; bare text is REPORT-level ID-6, so only ERR-4 judges the 5xx.)',
  hooks: {
    parseDetach: (next) => (params, profile) => {
      const request = next(params, profile);
      if (!request.ok && request.error !== invalidInstanceIds) return request;
      const rawIds = paramValue(params, 'InstanceIds') ?? '';
      return parseInstanceIds(rawIds).kind === 'bare-text' ? failed(internalError) : request;
    },
  },
});
