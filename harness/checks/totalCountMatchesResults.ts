import { type Check, fail, pass } from './CheckOutcome.ts';
import { countValue, shown } from './countValue.ts';
import { hasResults, parsedSuccess } from './parsedSuccess.ts';

/**
 * `TotalCount` equals the number of `Result` entries (OK-5). Compared by value: the table says String,
 * the samples show numbers (OK-9), so `2` and `"2"` both count as two.
 */
export const totalCountMatchesResults: Check = {
  name: 'totalCountMatchesResults',
  rules: ['OK-5'],
  run(exchange) {
    const decoded = parsedSuccess(exchange);
    if (decoded === null || !hasResults(decoded)) return [];
    const entries = decoded.results.entries.length;
    const total = decoded.fields.TotalCount;
    if (countValue(total) === entries) return [pass('OK-5')];
    return [
      fail(
        'OK-5',
        'TotalCount does not match the Result entries',
        `TotalCount ${entries} (one per Result entry)`,
        `TotalCount ${shown(total)} with ${entries} Result entries`,
      ),
    ];
  },
};
