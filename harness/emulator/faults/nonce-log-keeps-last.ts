import { defineFault } from '../faultKit.ts';

/** The fault `nonce-log-keeps-last` (`faults.ts`), breaking AU-7. */
export const nonceLogKeepsLast = defineFault({
  breaks: 'AU-7',
  description:
    'The nonce log holds one entry: only the nonce of the latest authenticated request is refused, so a nonce replayed after any other request is accepted.',
  hooks: {
    authenticate: (next) => {
      let last: string | undefined;
      return (call) => {
        const verdict = next({ ...call, nonceSeen: (nonceKey) => nonceKey === last });
        if (verdict.ok) last = verdict.nonceKey;
        return verdict;
      };
    },
  },
});
