import { defineFault } from '../faultKit.ts';

/** The fault `form-body-ignored` (`faults.ts`), breaking TR-1. */
export const formBodyIgnored = defineFault({
  breaks: 'TR-1',
  description:
    'Only the query is read: parameters in an `application/x-www-form-urlencoded` POST body are ignored (the request then misses them). Necessarily breaks MR-2 too, which restates TR-1.',
  hooks: {
    read: (next) => (request) => {
      const incoming = next(request);
      return { ...incoming, params: incoming.query };
    },
  },
});
