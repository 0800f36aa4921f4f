import { parseV3Authorization } from '../../wire/signV3.ts';
import { defineFault, verifiesOverClaimedHash } from '../faultKit.ts';

/** The fault `body-hash-not-verified` (`faults.ts`), breaking AU-2. */
export const bodyHashNotVerified = defineFault({
  breaks: 'AU-2',
  description:
    '`x-acs-content-sha256` is trusted: it feeds the canonical request but is never compared with the body, so a correctly signed V3 request whose claimed body hash is wrong is accepted.',
  hooks: {
    verifySignature: (next) => (call, accessKeySecret) => {
      const verdict = next(call, accessKeySecret);
      if (verdict.ok || verdict.reason !== 'content-sha256-mismatch') return verdict;
      const header = call.incoming.headers.authorization;
      const auth = header === undefined ? undefined : parseV3Authorization(header);
      return auth !== undefined && verifiesOverClaimedHash(call.incoming, auth, accessKeySecret)
        ? { ok: true }
        : verdict;
    },
  },
});
