import Ecs, * as $Ecs from '@alicloud/ecs20140526';
import {
  $OpenApiUtil,
  AlibabaCloudError,
  ClientError,
  ServerError,
  ThrottlingError,
} from '@alicloud/openapi-core';
import { expect } from 'vitest';
import type { ContractInteraction, ExpectedOutcome } from '../interactions.ts';
import { instanceIdsText } from './consumerKit.ts';

/**
 * Drives the official Node SDK `@alicloud/ecs20140526` (a real client, not a fetch) against the Pact mock
 * server, in its default V3 mode or in V1 mode (`signatureAlgorithm: 'v2'`), and checks what it decoded.
 */

// The package's default export is the client class, or a module whose `.default` is (CJS interop).
const ecsDefaultImport: unknown = Ecs;
const EcsClient = (
  typeof ecsDefaultImport === 'function' ? ecsDefaultImport : Ecs.default
) as typeof Ecs.default;

/** How the SDK ended a call: what it decoded, or what it threw. */
export type SdkOutcome =
  | { ok: true; body: $Ecs.DetachKeyPairResponseBody | undefined }
  | { ok: false; error: unknown };

/**
 * One DetachKeyPair call through the SDK. `InstanceIds` is the SDK's raw string parameter: the caller's
 * list as compact JSON (what `JSON.stringify` gives), or the interaction's raw value.
 */
export async function detachWithSdk(
  mode: 'v3' | 'v1',
  mockUrl: string,
  credentials: { accessKeyId: string; accessKeySecret: string },
  interaction: ContractInteraction,
): Promise<SdkOutcome> {
  const config = new $OpenApiUtil.Config({
    ...credentials,
    endpoint: new URL(mockUrl).host,
    protocol: 'http',
    ...(mode === 'v1' ? { signatureAlgorithm: 'v2' } : {}),
  });
  const { input } = interaction;
  const request = new $Ecs.DetachKeyPairRequest({
    regionId: input.regionId,
    ...(input.keyPairName === null ? {} : { keyPairName: input.keyPairName }),
    instanceIds: instanceIdsText(input, 'compact'),
  });
  try {
    const response = await new EcsClient(config).detachKeyPair(request);
    expect(response.statusCode).toBe(200);
    return { ok: true, body: response.body };
  } catch (error) {
    return { ok: false, error };
  }
}

function field(value: unknown, ...path: string[]): unknown {
  let node = value;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const text = (value: unknown) => (value === undefined || value === null ? undefined : String(value));

/**
 * CL-5..CL-8: the SDK decoded exactly the example's values (by value: it casts numbers and booleans to
 * strings, OK-9), or surfaced the error's code, HTTP status, server message and request ID; throttling and
 * 503 come out as the SDK's retryable classes (ThrottlingError, ServerError).
 */
export function expectSdkOutcome(outcome: SdkOutcome, expected: ExpectedOutcome): void {
  if (expected.kind === 'success') {
    if (!outcome.ok) throw outcome.error;
    const body = outcome.body;
    expect(text(body?.requestId)).toBe(expected.RequestId);
    expect(text(body?.totalCount)).toBe(expected.TotalCount);
    expect(text(body?.failCount)).toBe(expected.FailCount);
    expect(
      (body?.results?.result ?? []).map((r) => ({
        InstanceId: text(r.instanceId),
        Success: text(r.success),
        Code: text(r.code),
        Message: text(r.message),
      })),
    ).toEqual(expected.Results);
    return;
  }
  expect(outcome.ok, 'the SDK resolved where the server answered an error').toBe(false);
  const error = outcome.ok ? undefined : outcome.error;
  expect(error).toBeInstanceOf(AlibabaCloudError);
  expect(field(error, 'code')).toBe(expected.Code);
  expect(field(error, 'statusCode')).toBe(expected.status);
  expect(field(error, 'data', 'Message')).toBe(expected.Message);
  expect(field(error, 'requestId')).toBe(expected.RequestId);
  // CL-8: the SDK's own classes tell a retryable answer from a final one.
  if (expected.Code.includes('Throttling')) expect(error).toBeInstanceOf(ThrottlingError);
  else if (expected.status >= 500) expect(error).toBeInstanceOf(ServerError);
  else expect(error).toBeInstanceOf(ClientError);
}
