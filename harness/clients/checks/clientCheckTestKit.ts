import { type ApiCall, encodeRequest } from '../../wire/encodeRequest.ts';
import type { ClientCall, ClientReply } from '../ClientUnderTest.ts';
import { type ResponsePlan, renderServed } from '../renderServed.ts';
import { plainSuccess } from '../ServedDocument.ts';
import type { StubExchange } from '../stubServer.ts';
import type { RecordedRequest } from '../viewRequest.ts';
import type { ClientExchange, ServedCase } from './ClientExchange.ts';

/** Test helpers for the client checks: a documented call, its requests as a correct client sends them. */

/** Obviously fake credentials for check tests. */
const credentials = { accessKeyId: 'LTAI5tCheckKit', accessKeySecret: 'check-kit-secret-not-real' };

/** The sample request's input (the reference's "Sample requests"), with the sample responses' IDs. */
export const sampleCall: ClientCall = {
  id: 'c1',
  op: 'DetachKeyPair',
  endpoint: 'http://127.0.0.1:4000',
  credentials,
  regionId: 'cn-qingdao',
  input: {
    RegionId: 'cn-qingdao',
    KeyPairName: 'testKeyPairName',
    InstanceIds: ['i-m5eg7be9ndloji64****', 'i-m5e25x2mwr0hk33d****'],
  },
};

/** The request a correct client sends for `call`, as the stub records it; `edit` breaks it on purpose. */
export function requestFor(
  call: ClientCall,
  scheme: 'v1' | 'v3',
  edit: (api: ApiCall) => ApiCall = (api) => api,
): RecordedRequest {
  const api: ApiCall = {
    params: [
      ['RegionId', call.input.RegionId],
      ['KeyPairName', call.input.KeyPairName],
      ['InstanceIds', JSON.stringify(call.input.InstanceIds)],
      ...(scheme === 'v1' ? [['Format', 'JSON'] as [string, string]] : []),
    ],
    transport: scheme === 'v1' ? 'get-query' : 'post-query',
    signing: { scheme, ...call.credentials },
    host: new URL(call.endpoint).host,
  };
  return { ...encodeRequest(edit(api)), receivedAt: Date.now() };
}

/** An exchange for the checks: by default one correct V3 request answered with a plain success. */
export function exchangeOf(parts: {
  call?: ClientCall;
  requests?: RecordedRequest[];
  served?: ServedCase;
  reply?: Extract<ClientReply, { ok: boolean }>;
  previousNonces?: ReadonlySet<string>;
}): ClientExchange {
  const call = parts.call ?? sampleCall;
  const served = parts.served ?? { kind: 'request' };
  const plan: ResponsePlan =
    served.kind === 'request'
      ? {
          kind: 'success',
          document: plainSuccess('834B3E6B-2D1D-482F-81A4-810C327D4735', call.input.InstanceIds),
        }
      : served.kind === 'success'
        ? { kind: 'success', document: served.document }
        : { kind: 'error', document: served.document };
  const requests = parts.requests ?? [requestFor(call, 'v3')];
  const exchanges: StubExchange[] = requests.map((request) => ({
    request,
    response: renderServed(plan, 'json'),
  }));
  return {
    call,
    exchanges,
    served,
    reply: parts.reply ?? { ok: true, output: {} },
    previousNonces: parts.previousNonces ?? new Set(),
  };
}
