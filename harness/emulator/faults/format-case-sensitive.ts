import { defineFault } from '../faultKit.ts';
import { paramValue } from '../readIncoming.ts';

/** The fault `format-case-sensitive` (`faults.ts`), breaking TR-2. */
export const formatCaseSensitive = defineFault({
  breaks: 'TR-2',
  description:
    "`Format` is compared case-sensitively: `json` and `xml` are not recognised and the scheme's default format is used (V1 `Format=json` answers XML).",
  hooks: {
    format: (next) => (incoming, scheme) => {
      const sent = paramValue(incoming.params, 'Format');
      if (sent === undefined || sent === 'JSON' || sent === 'XML') return next(incoming, scheme);
      // Not recognised: the scheme's default, as if no Format were sent.
      return next({ ...incoming, params: incoming.params.filter(([name]) => name !== 'Format') }, scheme);
    },
  },
});
