import RPCClient from '@alicloud/pop-core';
import type { ClientAdapter } from '../ClientUnderTest.ts';
import { present, sdkErrorReply } from './sdkErrorReply.ts';

type PopCoreClient = InstanceType<typeof RPCClient> & { keepAliveAgent?: { destroy(): void } };

const clients = new Map<string, PopCoreClient>();

function clientFor(endpoint: string, accessKeyId: string, accessKeySecret: string): PopCoreClient {
  const key = JSON.stringify([endpoint, accessKeyId, accessKeySecret]);
  let client = clients.get(key);
  if (client === undefined) {
    client = new RPCClient({
      endpoint,
      accessKeyId,
      accessKeySecret,
      apiVersion: '2014-05-26',
    }) as PopCoreClient;
    clients.set(key, client);
  }
  return client;
}

/**
 * The legacy `@alicloud/pop-core` RPCClient as an `--adapter` module (target-protocol §3): Signature V1,
 * `POST /` with every parameter in a form body, `Format=JSON`. Its result is the body as parsed
 * (json-bigint), so scalars keep the server's forms; its errors carry `code`, `data` (the server's body)
 * and `entry.response.statusCode`. It has no retry signal, so `retryable` is left out (CL-8 from Code/status).
 */
const popCore: ClientAdapter = {
  async detachKeyPair(call) {
    if (call.op !== 'DetachKeyPair') return { skipped: `op ${call.op} is not DetachKeyPair` };
    const client = clientFor(
      new URL(call.endpoint).origin,
      call.credentials.accessKeyId,
      call.credentials.accessKeySecret,
    );
    try {
      // lib/rpc.js: `method: 'POST'` moves every parameter, signature included, into a form body.
      const body = await client.request<Record<string, unknown>>(
        'DetachKeyPair',
        {
          RegionId: call.input.RegionId,
          KeyPairName: call.input.KeyPairName,
          InstanceIds: JSON.stringify(call.input.InstanceIds),
        },
        { method: 'POST', timeout: 20_000 },
      );
      const results = (body.Results as { Result?: unknown } | undefined)?.Result;
      return {
        ok: true,
        output: {
          ...present(body, {
            RequestId: 'RequestId',
            KeyPairName: 'KeyPairName',
            TotalCount: 'TotalCount',
            FailCount: 'FailCount',
          }),
          ...(Array.isArray(results) ? { Results: results } : {}),
        },
      };
    } catch (error) {
      return sdkErrorReply(
        error,
        (e) => (e.entry as { response?: { statusCode?: unknown } } | undefined)?.response?.statusCode,
      );
    }
  },
  async close() {
    for (const client of clients.values()) client.keepAliveAgent?.destroy();
    clients.clear();
  },
};

export default popCore;
