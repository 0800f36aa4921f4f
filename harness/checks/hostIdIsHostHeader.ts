import { type Check, pass, warn } from './CheckOutcome.ts';
import { isErrorResponse } from './responseKind.ts';

/**
 * `HostId` in an error body is the `Host` header as received (GEN-4, SHOULD), as the live service does
 * (`ecs.aliyuncs.com`). Compared exactly, port included. An absent `HostId` is ERR-2's warning.
 */
export const hostIdIsHostHeader: Check = {
  name: 'hostIdIsHostHeader',
  rules: ['GEN-4'],
  run(exchange) {
    if (!isErrorResponse(exchange.decoded)) return [];
    const hostId = exchange.decoded.fields.HostId?.value;
    const host = exchange.request.headers.host;
    if (hostId === undefined || hostId === '' || host === undefined) return [];
    if (hostId === host) return [pass('GEN-4')];
    return [
      warn(
        'GEN-4',
        'HostId is not the Host header',
        `HostId ${JSON.stringify(host)}`,
        `HostId ${JSON.stringify(hostId)}`,
      ),
    ];
  },
};
