import { fail, pass } from '../../checks/CheckOutcome.ts';
import { paramValues, viewRequest } from '../viewRequest.ts';
import type { ClientCheck } from './ClientExchange.ts';
import { describeRequest } from './perRequest.ts';

const named = [
  ['Action', 'x-acs-action', 'DetachKeyPair'],
  ['Version', 'x-acs-version', '2014-05-26'],
] as const;

/**
 * Every request names `Action=DetachKeyPair` and `Version=2014-05-26` (CL-1): in query ∪ form body for V1
 * (TR-1), in the `x-acs-action` / `x-acs-version` headers for V3 (GEN-5). Extra headers are allowed, but
 * every form that is sent — parameter or header — carries the same value. A call that sent no request at
 * all (and did not report a transport failure) sent no Action either.
 */
export const actionAndVersionSent: ClientCheck = {
  name: 'actionAndVersionSent',
  rules: ['CL-1'],
  run(exchange) {
    if (exchange.exchanges.length === 0) {
      return [
        fail(
          'CL-1',
          'the client sent no request for the call',
          'one DetachKeyPair request to the endpoint',
          `no request; the client replied ${JSON.stringify(exchange.reply).slice(0, 300)}`,
        ),
      ];
    }
    for (const { request } of exchange.exchanges) {
      const view = viewRequest(request);
      const problems: string[] = [];
      for (const [name, header, value] of named) {
        const params = paramValues(view, name);
        const headerValue = request.headers[header];
        const primary = view.scheme === 'v3' ? headerValue : params[0];
        if (primary === undefined) {
          problems.push(view.scheme === 'v3' ? `no ${header} header` : `no ${name} parameter`);
        }
        for (const sent of params) if (sent !== value) problems.push(`${name}=${JSON.stringify(sent)}`);
        if (headerValue !== undefined && headerValue !== value)
          problems.push(`${header}: ${JSON.stringify(headerValue)}`);
      }
      if (problems.length > 0) {
        return [
          fail(
            'CL-1',
            'the request does not name DetachKeyPair 2014-05-26 consistently',
            view.scheme === 'v3'
              ? 'x-acs-action: DetachKeyPair and x-acs-version: 2014-05-26 (V3), and any Action/Version parameter equal to them'
              : 'Action=DetachKeyPair and Version=2014-05-26 in query ∪ form (V1), and any x-acs-action/x-acs-version header equal to them',
            `${problems.join('; ')}\n${describeRequest(request, ['x-acs-action', 'x-acs-version'])}`,
          ),
        ];
      }
    }
    return [pass('CL-1')];
  },
};
