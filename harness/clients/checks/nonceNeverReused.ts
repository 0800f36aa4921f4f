import { fail, pass } from '../../checks/CheckOutcome.ts';
import { paramValues } from '../viewRequest.ts';
import type { ClientCheck } from './ClientExchange.ts';
import { describeRequest, perRequest } from './perRequest.ts';

/**
 * Every request carries a nonce never seen before in the run, retries included (CL-4, AU-7): V1
 * `SignatureNonce`, V3 `x-acs-signature-nonce`. Unsigned requests are left to signatureVerifies.
 */
export const nonceNeverReused: ClientCheck = {
  name: 'nonceNeverReused',
  rules: ['CL-4'],
  run(exchange) {
    const seen = new Set<string>();
    return perRequest('CL-4', exchange, (request, view) => {
      if (view.scheme === 'unsigned') return null;
      const nonce =
        view.scheme === 'v3'
          ? request.headers['x-acs-signature-nonce']
          : paramValues(view, 'SignatureNonce')[0];
      const name = view.scheme === 'v3' ? 'x-acs-signature-nonce' : 'SignatureNonce';
      if (nonce === undefined || nonce === '') {
        return fail('CL-4', `the request carries no ${name}`, `a fresh ${name}`, describeRequest(request));
      }
      if (exchange.previousNonces.has(nonce) || seen.has(nonce)) {
        return fail(
          'CL-4',
          'a nonce is reused',
          `a ${name} never sent before, on every request including retries`,
          `${name} ${JSON.stringify(nonce)} was already sent ${seen.has(nonce) ? 'by an earlier request of this call' : 'in an earlier call of this run'}`,
        );
      }
      seen.add(nonce);
      return pass('CL-4');
    });
  },
};
