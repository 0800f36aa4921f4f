import { signV3 } from '../../wire/signV3.ts';
import { referenceAdapter } from '../adapters/reference.ts';
import { viewRequest } from '../viewRequest.ts';

/**
 * Breaks CL-4: a V3 client whose `SignedHeaders` leaves `x-acs-signature-nonce` out. The signature still
 * verifies over the headers it lists, but the nonce could be swapped in flight.
 */
export default referenceAdapter({
  scheme: 'v3',
  transport: 'post-query',
  editWire: (wire, call) => {
    const { authorization: _old, ...headers } = wire.headers;
    const view = viewRequest(wire);
    const signed = signV3({
      method: wire.method,
      path: view.path,
      query: view.query,
      headers,
      body: wire.body,
      ...call.credentials,
      signedHeaders: Object.keys(headers).filter(
        (name) => (name === 'host' || name.startsWith('x-acs-')) && name !== 'x-acs-signature-nonce',
      ),
    });
    return { ...wire, headers: { ...headers, authorization: signed.authorization } };
  },
});
