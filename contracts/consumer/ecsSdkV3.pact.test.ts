/**
 * Consumer `alicloud-ecs20140526-v3`: the official Node SDK in its default mode (Signature V3, business
 * parameters in a POST query, empty body, `Accept: application/json`). Writes a Pact V4 file.
 */
import type { TemplateQuery } from '@pact-foundation/pact';
import { afterAll, describe, it } from 'vitest';
import { sha256Hex } from '../../harness/wire/signV3.ts';
import { type ContractInteraction, interactionsFor } from '../interactions.ts';
import { instanceIdsMatcher, v3SigningMatchers } from '../pactMatchers.ts';
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

const consumer = 'alicloud-ecs20140526-v3';
const credentials = { accessKeyId: 'LTAI-contract-consumer', accessKeySecret: 'contract-consumer-secret' };

/** CL-1..CL-3, GEN-5: the business parameters in the query, exactly as given. */
function query(interaction: ContractInteraction): TemplateQuery {
  const { input } = interaction;
  const ids = instanceIdList(input);
  const text = instanceIdsText(input, 'compact');
  return {
    RegionId: input.regionId,
    ...(input.keyPairName === null ? {} : { KeyPairName: input.keyPairName }),
    InstanceIds: ids === undefined ? text : instanceIdsMatcher(ids, text),
  };
}

/** GEN-5, CL-4: action and version as headers; the volatile signing headers matched by shape. */
const headers = () => ({
  'x-acs-action': 'DetachKeyPair',
  'x-acs-version': '2014-05-26',
  'x-acs-date': v3SigningMatchers['x-acs-date'](),
  'x-acs-signature-nonce': v3SigningMatchers['x-acs-signature-nonce'](),
  'x-acs-content-sha256': sha256Hex(new Uint8Array()),
  Authorization: v3SigningMatchers.authorization(),
  Accept: 'application/json',
});

describe(`consumer ${consumer} (V3, POST query, Pact V4)`, () => {
  afterAll(() => expectPactFileCurrent(consumer));

  for (const interaction of interactionsFor(consumer)) {
    it(`${interaction.description} (${interaction.rules.join(', ')})`, consumerTestOptions, async () => {
      const request = describeV4(v4Pact(consumer), interaction).withRequest('POST', '/', (b) =>
        b.query(query(interaction)).headers(headers()),
      );
      await respondV4(request, interaction.response).executeTest(async (mock) => {
        // A wrong secret makes the SDK sign wrongly, as a misconfigured caller would (AU-3).
        const secret =
          interaction.auth === 'wrong-signature' ? 'not-the-secret' : credentials.accessKeySecret;
        const outcome = await detachWithSdk(
          'v3',
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
