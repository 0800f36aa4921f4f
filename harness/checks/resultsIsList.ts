import type { ResultsContainer } from '../wire/decodeResponse.ts';
import { type Check, fail, pass } from './CheckOutcome.ts';
import { parsedSuccess } from './parsedSuccess.ts';

const shapes: Record<ResultsContainer, string> = {
  array: 'Results.Result a list',
  object: 'Results.Result a single object (the Node SDK throws, the Python SDK crashes)',
  'bare-array': 'Results itself an array, no Result (the Node SDK drops it)',
  missing: 'no Results',
  invalid: 'Results without a Result list',
};

/**
 * `Results.Result` is a list (OK-3): a JSON array even with one element; in XML one `<Result>` per entry
 * inside `<Results>`.
 */
export const resultsIsList: Check = {
  name: 'resultsIsList',
  rules: ['OK-3'],
  run(exchange) {
    const decoded = parsedSuccess(exchange);
    if (decoded === null) return [];
    const { container } = decoded.results;
    if (container === 'array') return [pass('OK-3')];
    return [
      fail(
        'OK-3',
        'Results.Result is not a list',
        decoded.format === 'xml'
          ? '<Results> holding one <Result> per entry'
          : '"Results": {"Result": [ ... ]}',
        shapes[container],
      ),
    ];
  },
};
