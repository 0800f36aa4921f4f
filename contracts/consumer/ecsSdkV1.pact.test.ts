/**
 * Consumer `alicloud-ecs20140526-v1`: the official Node SDK with `signatureAlgorithm: 'v2'` (Signature V1,
 * every parameter in a POST query, `Format=json`, unsigned `x-acs-action`/`x-acs-version` headers beside the
 * signature). Writes a Pact V4 file.
 */
import type { TemplateQuery } from '@pact-foundation/pact';
import { afterAll, describe, it } from 'vitest';
import { type ContractInteraction, interactionsFor } from '../interactions.ts';
import { instanceIdsMatcher, v1SigningMatchers } from '../pactMatchers.ts';
import {
  consumerTestOptions,
  describeV4,
  expectPactFileCurrent,
  instanceIdList,
  instanceIdsText,
  respondV4,
  settle,
  v4Pact,
} from './consumerKit.ts';
import { detachWithSdk, expectSdkOutcome } from './ecsSdk.ts';

const consumer = 'alicloud-ecs20140526-v1';
const credentials = { accessKeyId: 'LTAI-contract-consumer', accessKeySecret: 'contract-consumer-secret' };

/** CL-1..CL-4: common and business parameters in the query, the volatile signing values matched by shape. */
function query(interaction: ContractInteraction): TemplateQuery {
  const { input } = interaction;
  const ids = instanceIdList(input);
  const text = instanceIdsText(input, 'compact');
  return {
    Action: 'DetachKeyPair',
    Format: 'json',
    Version: '2014-05-26',
    Timestamp: v1SigningMatchers.Timestamp(),
    SignatureNonce: v1SigningMatchers.SignatureNonce(),
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    AccessKeyId: v1SigningMatchers.AccessKeyId(),
    Signature: v1SigningMatchers.Signature(),
    RegionId: input.regionId,
    ...(input.keyPairName === null ? {} : { KeyPairName: input.keyPairName }),
    InstanceIds: ids === undefined ? text : instanceIdsMatcher(ids, text),
  };
}

describe(`consumer ${consumer} (V1, POST query, Pact V4)`, () => {
  afterAll(() => expectPactFileCurrent(consumer));

  for (const interaction of interactionsFor(consumer)) {
    it(`${interaction.description} (${interaction.rules.join(', ')})`, consumerTestOptions, async () => {
      const request = describeV4(v4Pact(consumer), interaction).withRequest('POST', '/', (b) =>
        // AU-1: the SDK's V1 mode sends these unsigned; replaying them checks that a provider ignores them.
        b
          .query(query(interaction))
          .headers({ 'x-acs-action': 'DetachKeyPair', 'x-acs-version': '2014-05-26' }),
      );
      await respondV4(request, interaction.response).executeTest(async (mock) => {
        const secret =
          interaction.auth === 'wrong-signature' ? 'not-the-secret' : credentials.accessKeySecret;
        const outcome = await detachWithSdk(
          'v1',
          mock.url,
          { ...credentials, accessKeySecret: secret },
          interaction,
        );
        expectSdkOutcome(outcome, interaction.response.expected);
        await settle(mock);
      });
    });
  }
});
