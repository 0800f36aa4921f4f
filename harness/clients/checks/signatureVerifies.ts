import { fail, pass } from '../../checks/CheckOutcome.ts';
import { verifyV1 } from '../../wire/signV1.ts';
import { parseV3Authorization, verifyV3 } from '../../wire/signV3.ts';
import { paramValues } from '../viewRequest.ts';
import type { ClientCheck } from './ClientExchange.ts';
import { describeRequest, perRequest } from './perRequest.ts';

/**
 * Every request verifies with the configured credentials (CL-4): V1 over query ∪ form with key
 * `secret + "&"` and `AccessKeyId` the configured one (AU-1), or V3 over exactly its `SignedHeaders`,
 * `x-acs-content-sha256` matching the body and `Credential` the configured key ID (AU-2). An unsigned
 * request fails.
 */
export const signatureVerifies: ClientCheck = {
  name: 'signatureVerifies',
  rules: ['CL-4'],
  run(exchange) {
    const { accessKeyId, accessKeySecret } = exchange.call.credentials;
    return perRequest('CL-4', exchange, (request, view) => {
      const expected = `a request signed with V1 or V3 that verifies with AccessKeyId ${accessKeyId} and its secret`;
      if (view.scheme === 'unsigned') {
        return fail(
          'CL-4',
          'the request is not signed',
          expected,
          `neither an ACS3-HMAC-SHA256 Authorization header nor a Signature parameter\n${describeRequest(request)}`,
        );
      }
      if (view.scheme === 'v1') {
        if (view.malformed.length > 0) {
          return fail(
            'CL-4',
            'V1 parameters do not percent-decode',
            expected,
            `undecodable parts: ${view.malformed.join('&').slice(0, 300)}`,
          );
        }
        const ids = paramValues(view, 'AccessKeyId');
        if (ids.length !== 1 || ids[0] !== accessKeyId) {
          return fail(
            'CL-4',
            'V1 AccessKeyId is not the configured one',
            expected,
            `AccessKeyId=${JSON.stringify(ids)}`,
          );
        }
        const verified = verifyV1(request.method, view.params, accessKeySecret);
        if (!verified.ok) {
          return fail(
            'CL-4',
            'the V1 signature does not verify',
            expected,
            `${verified.reason}; the string to sign the suite computed: ${verified.stringToSign.slice(0, 600)}\n${describeRequest(request)}`,
          );
        }
        return pass('CL-4');
      }
      const auth = parseV3Authorization(request.headers.authorization ?? '');
      if (auth !== undefined && auth.accessKeyId !== accessKeyId) {
        return fail(
          'CL-4',
          'V3 Credential is not the configured AccessKeyId',
          expected,
          `Credential=${auth.accessKeyId}`,
        );
      }
      const verified = verifyV3(
        {
          method: request.method,
          path: view.path,
          query: view.query,
          headers: request.headers,
          body: request.body,
        },
        accessKeySecret,
      );
      if (!verified.ok) {
        return fail(
          'CL-4',
          'the V3 signature does not verify',
          expected,
          `${verified.reason}: ${verified.detail.slice(0, 800)}\n${describeRequest(request, ['authorization'])}`,
        );
      }
      return pass('CL-4');
    });
  },
};
