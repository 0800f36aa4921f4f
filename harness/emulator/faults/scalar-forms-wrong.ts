import { defineFault, eachResult, succeeded, withValue } from '../faultKit.ts';

/** The fault `scalar-forms-wrong` (`faults.ts`), breaking OK-9. */
export const scalarFormsWrong = defineFault({
  breaks: 'OK-9',
  description:
    'The JSON `Code` of a failed result is the boolean `false` (the JavaScript idiom `ok && code`); XML writes it as the text `false`, so both formats agree by value. (Odd `TotalCount` or `Success` forms were avoided: changing their values would break OK-5, OK-6 or OK-8 too.)',
  hooks: {
    detachBody: (next) => (document, reply) =>
      eachResult(next(document, reply), (r) => (succeeded(r) ? r : withValue(r, 'Code', false))),
  },
});
