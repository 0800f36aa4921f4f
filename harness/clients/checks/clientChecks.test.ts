import { describe, expect, it } from 'vitest';
import { jsonSampleDocument } from '../../../fixtures/clients/fixedClientCases.ts';
import { errorDocumentOf } from '../../../properties/arbitraries/errorDocument.ts';
import { isoTimestamp } from '../../wire/encodeRequest.ts';
import { signV3 } from '../../wire/signV3.ts';
import type { ErrorDocument } from '../ServedDocument.ts';
import { viewRequest } from '../viewRequest.ts';
import { actionAndVersionSent } from './actionAndVersionSent.ts';
import type { ClientCheck, ClientExchange } from './ClientExchange.ts';
import { exchangeOf, requestFor, sampleCall } from './clientCheckTestKit.ts';
import { errorStatusSurfaced } from './errorStatusSurfaced.ts';
import { errorSurfaced } from './errorSurfaced.ts';
import { clientChecks } from './index.ts';
import { instanceIdsSentAsJsonList } from './instanceIdsSentAsJsonList.ts';
import { nonceNeverReused } from './nonceNeverReused.ts';
import { routingParametersExact } from './routingParametersExact.ts';
import { signatureVerifies } from './signatureVerifies.ts';
import { signedHeadersComplete } from './signedHeadersComplete.ts';
import { successDecodedByValue } from './successDecodedByValue.ts';
import { throttlingIsRetryable } from './throttlingIsRetryable.ts';
import { timestampIsCurrent } from './timestampIsCurrent.ts';
import { unknownFieldsIgnored } from './unknownFieldsIgnored.ts';

const statuses = (check: ClientCheck, exchange: ClientExchange) =>
  check.run(exchange).map((o) => (o.status === 'fail' ? `${o.level}:${o.rule}` : `${o.status}:${o.rule}`));

/** The JSON sample decoded as the official SDK gives it: every scalar a string, results reversed. */
const sampleOutputAsStrings = {
  RequestId: '834B3E6B-2D1D-482F-81A4-810C327D4735',
  TotalCount: '2',
  FailCount: '0',
  Results: [
    { InstanceId: 'i-m5e25x2mwr0hk33d****', Success: 'true', Code: '200', Message: 'successful' },
    { InstanceId: 'i-m5eg7be9ndloji64****', Success: 'true', Code: '200', Message: 'successful' },
  ],
};

function catalogueError(code: Parameters<typeof errorDocumentOf>[0]['Code']): ErrorDocument {
  return errorDocumentOf({
    Code: code,
    alternativeStatus: false,
    RequestId: 'REQ-1',
    HostId: 'ecs.aliyuncs.com',
    parameter: 'InstanceIds',
    recommend: false,
    order: [0, 0, 0, 0, 0],
  });
}

describe('client checks: each passes on a correct exchange and fails on one that breaks its rule', () => {
  it('the registry lists every single-call check once, each judging a CL rule', () => {
    expect(new Set(clientChecks.map((c) => c.name)).size).toBe(clientChecks.length);
    for (const check of clientChecks) for (const rule of check.rules) expect(rule).toMatch(/^CL-[1-8]$/);
  });

  it('actionAndVersionSent (CL-1): V1 parameters, V3 headers; a missing Action or a disagreeing header fails', () => {
    expect(statuses(actionAndVersionSent, exchangeOf({ requests: [requestFor(sampleCall, 'v1')] }))).toEqual([
      'pass:CL-1',
    ]);
    expect(statuses(actionAndVersionSent, exchangeOf({}))).toEqual(['pass:CL-1']);
    const noAction = requestFor(sampleCall, 'v1', (api) => ({ ...api, action: null }));
    expect(statuses(actionAndVersionSent, exchangeOf({ requests: [noAction] }))).toEqual(['MUST:CL-1']);
    const v3 = requestFor(sampleCall, 'v3');
    const disagreeing = { ...v3, target: `${v3.target}&Action=AttachKeyPair` };
    expect(statuses(actionAndVersionSent, exchangeOf({ requests: [disagreeing] }))).toEqual(['MUST:CL-1']);
    expect(statuses(actionAndVersionSent, exchangeOf({ requests: [] }))).toEqual(['MUST:CL-1']);
  });

  it('instanceIdsSentAsJsonList (CL-2): any JSON whitespace passes; a comma list or another order fails', () => {
    const spaced = requestFor(sampleCall, 'v3', (api) => ({
      ...api,
      params: api.params.map(([n, v]) => [
        n,
        n === 'InstanceIds'
          ? `[ ${JSON.parse(v)
              .map((s: string) => JSON.stringify(s))
              .join(' , ')} ]`
          : v,
      ]),
    }));
    expect(statuses(instanceIdsSentAsJsonList, exchangeOf({ requests: [spaced] }))).toEqual(['pass:CL-2']);
    const comma = requestFor(sampleCall, 'v3', (api) => ({
      ...api,
      params: api.params.map(([n, v]) => [
        n,
        n === 'InstanceIds' ? sampleCall.input.InstanceIds.join(',') : v,
      ]),
    }));
    expect(statuses(instanceIdsSentAsJsonList, exchangeOf({ requests: [comma] }))).toEqual(['MUST:CL-2']);
    const reversed = requestFor(sampleCall, 'v3', (api) => ({
      ...api,
      params: api.params.map(([n, v]) => [
        n,
        n === 'InstanceIds' ? JSON.stringify([...sampleCall.input.InstanceIds].reverse()) : v,
      ]),
    }));
    expect(statuses(instanceIdsSentAsJsonList, exchangeOf({ requests: [reversed] }))).toEqual(['MUST:CL-2']);
  });

  it('routingParametersExact (CL-3): Unicode names round-trip; a changed name fails', () => {
    const call = {
      ...sampleCall,
      input: { ...sampleCall.input, KeyPairName: 'kp 键 🔑 &<>"\'%+=/?#\u0000' },
    };
    expect(
      statuses(routingParametersExact, exchangeOf({ call, requests: [requestFor(call, 'v1')] })),
    ).toEqual(['pass:CL-3']);
    const lossy = requestFor(call, 'v1', (api) => ({
      ...api,
      params: api.params.map(([n, v]) => [n, n === 'KeyPairName' ? v.replace('键', '?') : v]),
    }));
    expect(statuses(routingParametersExact, exchangeOf({ call, requests: [lossy] }))).toEqual(['MUST:CL-3']);
  });

  it('signatureVerifies (CL-4): V1 and V3 verify; another secret or no signature fails', () => {
    expect(statuses(signatureVerifies, exchangeOf({ requests: [requestFor(sampleCall, 'v1')] }))).toEqual([
      'pass:CL-4',
    ]);
    expect(statuses(signatureVerifies, exchangeOf({}))).toEqual(['pass:CL-4']);
    for (const scheme of ['v1', 'v3'] as const) {
      const wrong = requestFor(sampleCall, scheme, (api) => ({
        ...api,
        signing: { ...api.signing, accessKeySecret: 'another-secret' },
      }));
      expect(statuses(signatureVerifies, exchangeOf({ requests: [wrong] }))).toEqual(['MUST:CL-4']);
    }
    const unsigned = { ...requestFor(sampleCall, 'v3'), headers: { host: '127.0.0.1:4000' } };
    expect(statuses(signatureVerifies, exchangeOf({ requests: [unsigned] }))).toEqual(['MUST:CL-4']);
  });

  it('signedHeadersComplete (CL-4): every x-acs-* header signed passes; an unsigned nonce header fails; V1 does not apply', () => {
    expect(statuses(signedHeadersComplete, exchangeOf({}))).toEqual(['pass:CL-4']);
    expect(statuses(signedHeadersComplete, exchangeOf({ requests: [requestFor(sampleCall, 'v1')] }))).toEqual(
      [],
    );
    const wire = requestFor(sampleCall, 'v3');
    const { authorization: _a, ...headers } = wire.headers;
    const view = viewRequest(wire);
    const resigned = signV3({
      method: wire.method,
      path: view.path,
      query: view.query,
      headers,
      body: wire.body,
      ...sampleCall.credentials,
      signedHeaders: Object.keys(headers).filter((n) => n !== 'x-acs-signature-nonce' && n !== 'accept'),
    });
    const partial = { ...wire, headers: { ...headers, authorization: resigned.authorization } };
    expect(statuses(signatureVerifies, exchangeOf({ requests: [partial] }))).toEqual(['pass:CL-4']);
    expect(statuses(signedHeadersComplete, exchangeOf({ requests: [partial] }))).toEqual(['MUST:CL-4']);
  });

  it('nonceNeverReused (CL-4): fresh nonces pass; one seen in an earlier call or earlier in the call fails', () => {
    const first = requestFor(sampleCall, 'v1');
    const nonce = viewRequest(first).params.find(([n]) => n === 'SignatureNonce')?.[1] ?? '';
    expect(statuses(nonceNeverReused, exchangeOf({ requests: [first] }))).toEqual(['pass:CL-4']);
    expect(
      statuses(nonceNeverReused, exchangeOf({ requests: [first], previousNonces: new Set([nonce]) })),
    ).toEqual(['MUST:CL-4']);
    const retry = requestFor(sampleCall, 'v1', (api) => ({ ...api, signing: { ...api.signing, nonce } }));
    expect(statuses(nonceNeverReused, exchangeOf({ requests: [first, retry] }))).toEqual(['MUST:CL-4']);
  });

  it('timestampIsCurrent (CL-4): 14 minutes off passes; 16 minutes off or a malformed stamp fails', () => {
    const at = (minutes: number) =>
      requestFor(sampleCall, 'v3', (api) => ({
        ...api,
        signing: { ...api.signing, timestamp: isoTimestamp(Date.now() + minutes * 60_000) },
      }));
    expect(statuses(timestampIsCurrent, exchangeOf({ requests: [at(-14)] }))).toEqual(['pass:CL-4']);
    expect(statuses(timestampIsCurrent, exchangeOf({ requests: [at(16)] }))).toEqual(['MUST:CL-4']);
    expect(statuses(timestampIsCurrent, exchangeOf({ requests: [at(-16)] }))).toEqual(['MUST:CL-4']);
    const malformed = requestFor(sampleCall, 'v1', (api) => ({
      ...api,
      signing: { ...api.signing, timestamp: '28/11/2026 10:00' },
    }));
    expect(statuses(timestampIsCurrent, exchangeOf({ requests: [malformed] }))).toEqual(['MUST:CL-4']);
  });

  it('successDecodedByValue (CL-5): strings for numbers and any result order pass; a wrong count or an error fails', () => {
    const served = { kind: 'success' as const, document: jsonSampleDocument };
    expect(
      statuses(
        successDecodedByValue,
        exchangeOf({ served, reply: { ok: true, output: sampleOutputAsStrings } }),
      ),
    ).toEqual(['pass:CL-5']);
    const wrong = { ...sampleOutputAsStrings, TotalCount: 1 };
    expect(
      statuses(successDecodedByValue, exchangeOf({ served, reply: { ok: true, output: wrong } })),
    ).toEqual(['MUST:CL-5']);
    const dropped = { ...sampleOutputAsStrings, Results: sampleOutputAsStrings.Results.slice(1) };
    expect(
      statuses(successDecodedByValue, exchangeOf({ served, reply: { ok: true, output: dropped } })),
    ).toEqual(['MUST:CL-5']);
    const error = { ok: false as const, error: { Code: 'ClientDecodeError', Message: 'x', status: 200 } };
    expect(statuses(successDecodedByValue, exchangeOf({ served, reply: error }))).toEqual(['MUST:CL-5']);
    expect(statuses(successDecodedByValue, exchangeOf({}))).toEqual([]);
  });

  it('errorSurfaced and errorStatusSurfaced (CL-6): Code, Message, RequestId exact; a lost status only warns', () => {
    const document = catalogueError('InvalidKeyPairName.NotFound');
    const served = { kind: 'error' as const, document };
    const good = {
      ok: false as const,
      error: {
        Code: 'InvalidKeyPairName.NotFound',
        Message: 'code: 400, The specified KeyPairName does not exist in our records. request id: REQ-1',
        RequestId: 'REQ-1',
        status: 400,
      },
    };
    expect(statuses(errorSurfaced, exchangeOf({ served, reply: good }))).toEqual(['pass:CL-6']);
    expect(statuses(errorStatusSurfaced, exchangeOf({ served, reply: good }))).toEqual(['pass:CL-6']);
    const swallowed = { ok: false as const, error: { ...good.error, Code: 'UnknownError' } };
    expect(statuses(errorSurfaced, exchangeOf({ served, reply: swallowed }))).toEqual(['MUST:CL-6']);
    const { RequestId: _r, ...noRequestId } = good.error;
    expect(statuses(errorSurfaced, exchangeOf({ served, reply: { ok: false, error: noRequestId } }))).toEqual(
      ['MUST:CL-6'],
    );
    const noStatus = { ok: false as const, error: { ...good.error, status: null } };
    expect(statuses(errorSurfaced, exchangeOf({ served, reply: noStatus }))).toEqual(['pass:CL-6']);
    expect(statuses(errorStatusSurfaced, exchangeOf({ served, reply: noStatus }))).toEqual(['SHOULD:CL-6']);
    expect(statuses(errorSurfaced, exchangeOf({ served, reply: { ok: true, output: {} } }))).toEqual([
      'MUST:CL-6',
    ]);
  });

  it('throttlingIsRetryable (CL-8): throttling recognisable by Code or flag; retryable false, or true on a 4xx, warns', () => {
    const throttled = { kind: 'error' as const, document: catalogueError('Throttling.User') };
    const unavailable = { kind: 'error' as const, document: catalogueError('ServiceUnavailable') };
    const notFound = { kind: 'error' as const, document: catalogueError('InvalidKeyPairName.NotFound') };
    const reply = (Code: string, status: number, retryable?: boolean) => ({
      ok: false as const,
      error: {
        Code,
        Message: '',
        RequestId: 'REQ-1',
        status,
        ...(retryable === undefined ? {} : { retryable }),
      },
    });
    expect(
      statuses(
        throttlingIsRetryable,
        exchangeOf({ served: throttled, reply: reply('Throttling.User', 400) }),
      ),
    ).toEqual(['pass:CL-8']);
    expect(
      statuses(
        throttlingIsRetryable,
        exchangeOf({ served: unavailable, reply: reply('ServiceUnavailable', 503) }),
      ),
    ).toEqual(['pass:CL-8']);
    expect(
      statuses(
        throttlingIsRetryable,
        exchangeOf({ served: throttled, reply: reply('Throttling.User', 400, false) }),
      ),
    ).toEqual(['SHOULD:CL-8']);
    expect(
      statuses(throttlingIsRetryable, exchangeOf({ served: unavailable, reply: reply('UnknownError', 500) })),
    ).toEqual(['SHOULD:CL-8']);
    expect(
      statuses(
        throttlingIsRetryable,
        exchangeOf({ served: notFound, reply: reply('InvalidKeyPairName.NotFound', 400, true) }),
      ),
    ).toEqual(['SHOULD:CL-8']);
    expect(
      statuses(
        throttlingIsRetryable,
        exchangeOf({ served: notFound, reply: reply('InvalidKeyPairName.NotFound', 400) }),
      ),
    ).toEqual(['pass:CL-8']);
  });

  it('unknownFieldsIgnored (CL-7): equal values pass; changed values or an error fail; a failed plain call is not judged', () => {
    const plain = exchangeOf({ reply: { ok: true, output: sampleOutputAsStrings } });
    const same = exchangeOf({ reply: { ok: true, output: { ...sampleOutputAsStrings, Extra: 'x' } } });
    expect(unknownFieldsIgnored(plain, same).map((o) => o.status)).toEqual(['pass']);
    const changed = exchangeOf({ reply: { ok: true, output: { ...sampleOutputAsStrings, Results: [] } } });
    expect(unknownFieldsIgnored(plain, changed).map((o) => o.status)).toEqual(['fail']);
    const error = exchangeOf({
      reply: { ok: false, error: { Code: 'ClientDecodeError', Message: '', status: 200 } },
    });
    expect(unknownFieldsIgnored(plain, error).map((o) => o.status)).toEqual(['fail']);
    expect(unknownFieldsIgnored(error, plain)).toEqual([]);
  });
});
