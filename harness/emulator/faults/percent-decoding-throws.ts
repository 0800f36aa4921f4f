import { defineFault } from '../faultKit.ts';

/** The fault `percent-decoding-throws` (`faults.ts`), breaking ERR-4. */
export const percentDecodingThrows = defineFault({
  breaks: 'ERR-4',
  description:
    'Parameters are decoded with `decodeURIComponent` and nothing catches its `URIError`: a broken percent-escape (`%zz`, a truncated UTF-8 sequence) crashes the request, 500.',
  hooks: {
    read: (next) => (request) => {
      const incoming = next(request);
      if (incoming.malformed.length > 0) throw new URIError('URI malformed');
      return incoming;
    },
  },
});
