import { type Check, type CheckOutcome, fail, pass, report } from './CheckOutcome.ts';
import { hasResults, parsedSuccess } from './parsedSuccess.ts';
import { occurrences, requestedInstanceIds } from './requestedInstanceIds.ts';
import { resultsByInstance } from './resultsByInstance.ts';

/**
 * Results and requested IDs correspond (OK-7): every `Result.InstanceId` was named in the request, every
 * requested ID has a `Result`, and an ID has more than one `Result` only if it was requested more than
 * once. A duplicated ID gets either one `Result` (de-duplicated) or one per occurrence (ID-7, REPORT
 * which); any other number is neither choice and fails OK-7. Order is free.
 */
export const resultPerRequestedInstance: Check = {
  name: 'resultPerRequestedInstance',
  rules: ['OK-7', 'ID-7'],
  run(exchange) {
    const decoded = parsedSuccess(exchange);
    const requested = requestedInstanceIds(exchange);
    if (decoded === null || requested === null || !hasResults(decoded)) return [];
    const asked = occurrences(requested);
    const got = resultsByInstance(decoded);
    const problems: string[] = [];
    for (const [id, entries] of got) {
      if (!asked.has(id))
        problems.push(`${JSON.stringify(id)} was not requested (${entries.length} Result(s))`);
    }
    const duplicated: Array<'de-duplicated' | 'per occurrence'> = [];
    for (const [id, times] of asked) {
      const results = got.get(id)?.length ?? 0;
      if (results === 0) problems.push(`${JSON.stringify(id)} has no Result`);
      else if (times === 1 && results > 1)
        problems.push(`${JSON.stringify(id)} requested once, ${results} Results`);
      else if (times > 1 && results !== 1 && results !== times) {
        problems.push(
          `${JSON.stringify(id)} requested ${times} times, ${results} Results (neither 1 nor ${times})`,
        );
      } else if (times > 1) duplicated.push(results === 1 ? 'de-duplicated' : 'per occurrence');
    }
    if (problems.length > 0) {
      return [
        fail(
          'OK-7',
          'Results do not match the requested IDs',
          `one Result per requested ID (per occurrence or de-duplicated): ${requested.map((id) => JSON.stringify(id)).join(', ')}`,
          problems.join('; '),
        ),
      ];
    }
    const out: CheckOutcome[] = [pass('OK-7')];
    if (duplicated.length > 0) {
      const kinds = new Set(duplicated);
      out.push(
        report(
          'ID-7',
          kinds.size > 1
            ? 'duplicates: some de-duplicated, some reported per occurrence'
            : duplicated[0] === 'de-duplicated'
              ? 'duplicates de-duplicated'
              : 'duplicates reported per occurrence',
        ),
      );
    }
    return out;
  },
};
