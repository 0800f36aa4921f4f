import { defineFault } from '../faultKit.ts';

/** The fault `form-charset-ignored` (`faults.ts`), breaking TR-1. */
export const formCharsetIgnored = defineFault({
  breaks: 'TR-1',
  description:
    'The form body is read only when the `Content-Type` is exactly `application/x-www-form-urlencoded`: with a parameter (`;charset=utf-8`, as the Java SDK sends it) the body is ignored and the request misses its parameters. Necessarily breaks MR-2 too, which restates TR-1.',
  hooks: {
    read: (next) => (request) => {
      const incoming = next(request);
      const contentType = request.headers['content-type'] ?? '';
      return contentType.includes(';') ? { ...incoming, params: incoming.query } : incoming;
    },
  },
});
