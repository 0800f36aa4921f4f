import { defineFault } from '../faultKit.ts';

/** The fault `total-count-wrong` (`faults.ts`), breaking OK-5. */
export const totalCountWrong = defineFault({
  breaks: 'OK-5',
  description: '`TotalCount` is one more than the number of `Result` entries (an off-by-one counter).',
  hooks: {
    detachBody: (next) => (document, reply) => {
      const body = next(document, reply);
      return {
        ...body,
        fields: body.fields.map(([k, v]) => [
          k,
          k === 'TotalCount' ? (typeof v === 'number' ? v + 1 : String(Number(v) + 1)) : v,
        ]),
      };
    },
  },
});
