import Ecs, * as $Ecs from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { definedOnly } from '../../util/definedOnly.ts';
import type { ClientAdapter } from '../ClientUnderTest.ts';
import { present, sdkErrorReply } from './sdkErrorReply.ts';

/**
 * Node's CommonJS interop hands an ESM importer `module.exports` as the default import, so the client
 * class sits on `.default`; a loader that unwraps `__esModule` gives the class itself.
 */
const ecsDefaultImport: unknown = Ecs;
const EcsClient = (
  typeof ecsDefaultImport === 'function' ? ecsDefaultImport : Ecs.default
) as typeof Ecs.default;

/**
 * The official Node SDK `@alicloud/ecs20140526` as a client under test (target-protocol §3): V3 by default
 * (everything in a POST query, `Accept: application/json`), V1 with `signatureAlgorithm: 'v2'` (`Format=json`).
 * The decoded body maps field by field to the reply, in the SDK's own types (its cast makes every scalar a
 * string, OK-9); errors map as target-protocol §3 says (`e.code`, `e.data.Message`, `e.statusCode`).
 * The SDK's `ThrottlingError` class is its only retry signal and covers throttling codes alone, so
 * `retryable` is left out and CL-8 is judged from `Code` and status.
 */
export function officialSdkAdapter(signatureAlgorithm: 'v2' | undefined): ClientAdapter {
  return {
    async detachKeyPair(call) {
      if (call.op !== 'DetachKeyPair') return { skipped: `op ${call.op} is not DetachKeyPair` };
      const endpoint = new URL(call.endpoint);
      const client = new EcsClient(
        new $OpenApiUtil.Config({
          accessKeyId: call.credentials.accessKeyId,
          accessKeySecret: call.credentials.accessKeySecret,
          regionId: call.regionId,
          endpoint: endpoint.host,
          protocol: endpoint.protocol.replace(':', ''),
          ...definedOnly({ signatureAlgorithm }),
        }),
      );
      try {
        const response = await client.detachKeyPair(
          new $Ecs.DetachKeyPairRequest({
            regionId: call.input.RegionId,
            keyPairName: call.input.KeyPairName,
            // The SDK's InstanceIds is the raw string: the caller sends JSON.stringify(list) (target-protocol §3).
            instanceIds: JSON.stringify(call.input.InstanceIds),
          }),
        );
        const body = (response.body ?? {}) as unknown as Record<string, unknown>;
        const results = (body.results as { result?: unknown } | undefined)?.result;
        return {
          ok: true,
          output: {
            ...present(body, {
              requestId: 'RequestId',
              keyPairName: 'KeyPairName',
              totalCount: 'TotalCount',
              failCount: 'FailCount',
            }),
            ...(Array.isArray(results)
              ? {
                  Results: results.map((r: Record<string, unknown>) =>
                    present(r, {
                      instanceId: 'InstanceId',
                      success: 'Success',
                      code: 'Code',
                      message: 'Message',
                    }),
                  ),
                }
              : {}),
          },
        };
      } catch (error) {
        return sdkErrorReply(error, (e) => e.statusCode);
      }
    },
  };
}
