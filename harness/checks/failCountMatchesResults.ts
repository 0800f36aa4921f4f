import { type Check, fail, pass } from './CheckOutcome.ts';
import { countValue, shown } from './countValue.ts';
import { hasResults, parsedSuccess } from './parsedSuccess.ts';
import { failed } from './resultsByInstance.ts';

/**
 * `FailCount` equals the number of results whose `Success` is false (OK-6). Scalars are compared by
 * value: the table says String, the samples show numbers and booleans (OK-9).
 */
export const failCountMatchesResults: Check = {
  name: 'failCountMatchesResults',
  rules: ['OK-6'],
  run(exchange) {
    const decoded = parsedSuccess(exchange);
    if (decoded === null || !hasResults(decoded)) return [];
    const failures = decoded.results.entries.filter(failed).length;
    const count = decoded.fields.FailCount;
    if (countValue(count) === failures) return [pass('OK-6')];
    return [
      fail(
        'OK-6',
        'FailCount does not match the failed Result entries',
        `FailCount ${failures} (Result entries with Success false)`,
        `FailCount ${shown(count)}`,
      ),
    ];
  },
};
