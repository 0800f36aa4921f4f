import { parseInstanceIds } from '../../wire/instanceIdsCodec.ts';
import { invalidInstanceIds } from '../apiError.ts';
import { defineFault } from '../faultKit.ts';
import { paramValue } from '../readIncoming.ts';

/** The fault `non-array-accepted` (`faults.ts`), breaking ID-4. */
export const nonArrayAccepted = defineFault({
  breaks: 'ID-4',
  description:
    'A JSON value that is not an array (object, number, string, boolean, `null`) is coerced to an empty list: 200 with `TotalCount` 0 and no results. Arrays with bad elements and malformed JSON are still refused.',
  hooks: {
    parseDetach: (next) => (params, profile) => {
      const request = next(params, profile);
      if (request.ok || request.error !== invalidInstanceIds) return request;
      const rawIds = paramValue(params, 'InstanceIds') ?? '';
      if (parseInstanceIds(rawIds).kind !== 'json-invalid' || /^[ \t\n\r]*\[/.test(rawIds)) return request;
      return {
        ok: true,
        regionId: paramValue(params, 'RegionId') ?? '',
        keyPairName: paramValue(params, 'KeyPairName') ?? '',
        instanceIds: [],
      };
    },
  },
});
