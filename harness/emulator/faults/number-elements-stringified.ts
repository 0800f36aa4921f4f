import { invalidInstanceIds } from '../apiError.ts';
import { defineFault } from '../faultKit.ts';
import { paramValue } from '../readIncoming.ts';

/** The elements of a JSON array of strings and numbers (at least one number) as strings, else `undefined`. */
function stringified(rawIds: string): string[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(rawIds);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || !value.some((e) => typeof e === 'number')) return undefined;
  if (!value.every((e) => typeof e === 'number' || (typeof e === 'string' && e !== ''))) return undefined;
  return value.map(String);
}

/** The fault `number-elements-stringified` (`faults.ts`), breaking ID-4. */
export const numberElementsStringified = defineFault({
  breaks: 'ID-4',
  description:
    'Array elements are read with `ids.map(String)`: a JSON array whose only defect is numbers (`["i-a",7]`) is accepted, each number read as an ID (then unknown, a per-instance failure) while the named instances are detached. Other non-string elements (`null`, booleans, objects, arrays) and empty strings are still refused.',
  hooks: {
    parseDetach: (next) => (params, profile) => {
      const request = next(params, profile);
      if (request.ok || request.error !== invalidInstanceIds) return request;
      const instanceIds = stringified(paramValue(params, 'InstanceIds') ?? '');
      if (instanceIds === undefined) return request;
      return {
        ok: true,
        regionId: paramValue(params, 'RegionId') ?? '',
        keyPairName: paramValue(params, 'KeyPairName') ?? '',
        instanceIds,
      };
    },
  },
});
