import { defineFault } from '../faultKit.ts';

/** The fault `wrong-content-type` (`faults.ts`), breaking TR-4. */
export const wrongContentType = defineFault({
  breaks: 'TR-4',
  description:
    'JSON bodies, success and error, are served as `text/plain;charset=utf-8` (a framework default left in place).',
  hooks: {
    render: (next) => (body, reply) => {
      const response = next(body, reply);
      if (!response.headers['content-type']?.startsWith('application/json')) return response;
      return { ...response, headers: { ...response.headers, 'content-type': 'text/plain;charset=utf-8' } };
    },
  },
});
