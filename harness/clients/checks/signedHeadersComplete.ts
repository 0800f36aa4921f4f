import { fail, pass } from '../../checks/CheckOutcome.ts';
import { parseV3Authorization } from '../../wire/signV3.ts';
import type { ClientCheck } from './ClientExchange.ts';
import { describeRequest, perRequest } from './perRequest.ts';

/**
 * Under V3, `SignedHeaders` covers `host`, every `x-acs-*` header sent and `content-type` if sent (CL-4):
 * a client that leaves one unsigned lets it be changed in flight. V1 requests do not apply (headers play
 * no part in V1, AU-1).
 */
export const signedHeadersComplete: ClientCheck = {
  name: 'signedHeadersComplete',
  rules: ['CL-4'],
  run(exchange) {
    return perRequest('CL-4', exchange, (request, view) => {
      if (view.scheme !== 'v3') return null;
      const auth = parseV3Authorization(request.headers.authorization ?? '');
      if (auth === undefined) return null; // malformed: signatureVerifies fails it
      const signed = new Set(auth.signedHeaders);
      const required = Object.keys(request.headers).filter(
        (name) => name === 'host' || name === 'content-type' || name.startsWith('x-acs-'),
      );
      if (!required.includes('host')) required.push('host');
      const missing = required.filter((name) => !signed.has(name)).sort();
      if (missing.length === 0) return pass('CL-4');
      return fail(
        'CL-4',
        'V3 SignedHeaders leaves headers unsigned',
        `SignedHeaders covering ${required.sort().join(';')}`,
        `SignedHeaders=${auth.signedHeaders.join(';')}; not signed: ${missing.join(', ')}\n${describeRequest(request, ['authorization'])}`,
      );
    });
  },
};
