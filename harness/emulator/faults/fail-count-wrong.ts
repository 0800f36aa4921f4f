import { defineFault } from '../faultKit.ts';

/** The fault `fail-count-wrong` (`faults.ts`), breaking OK-6. */
export const failCountWrong = defineFault({
  breaks: 'OK-6',
  description: '`FailCount` is always 0, whatever failed.',
  hooks: {
    detachBody: (next) => (document, reply) => {
      const body = next(document, reply);
      return {
        ...body,
        fields: body.fields.map(([k, v]) => [k, k === 'FailCount' ? (typeof v === 'number' ? 0 : '0') : v]),
      };
    },
  },
});
