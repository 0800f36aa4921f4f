/**
 * Consumer `dkp-conformance-client`: the suite's own client (encodeProbe → undici → decodeResponse), V1 with
 * every parameter in a GET query, against the Pact mock server. Writes
 * contracts/pacts/dkp-conformance-client-ecs-detachkeypair.json (Pact V4: JSON and XML bodies).
 */
import type { TemplateQuery } from '@pact-foundation/pact';
import { afterAll, describe, expect, it } from 'vitest';
import { sendWire } from '../../harness/targets/sendWire.ts';
import { decodeResponse } from '../../harness/wire/decodeResponse.ts';
import { encodeProbe } from '../../harness/wire/encodeProbe.ts';
import { probe } from '../../harness/wire/Probe.ts';
import { type ContractInteraction, interactionsFor } from '../interactions.ts';
import { instanceIdsMatcher, v1SigningMatchers } from '../pactMatchers.ts';
import {
  consumerTestOptions,
  describeV4,
  expectDecoded,
  expectPactFileCurrent,
  instanceIdList,
  instanceIdsText,
  respondV4,
  settle,
  v4Pact,
} from './consumerKit.ts';

const consumer = 'dkp-conformance-client';
const key = { accessKeyId: 'LTAI-contract-consumer', accessKeySecret: 'contract-consumer-secret' };

/** CL-1..CL-4: what the client must send, with the volatile signing values matched by shape. */
function query(interaction: ContractInteraction): TemplateQuery {
  const { input } = interaction;
  const ids = instanceIdList(input);
  // The reference's own spaced form (ID-1); the matcher accepts any JSON whitespace.
  const text = instanceIdsText(input, 'spaced');
  return {
    Action: 'DetachKeyPair',
    Version: '2014-05-26',
    Format: input.format,
    AccessKeyId: v1SigningMatchers.AccessKeyId(),
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: v1SigningMatchers.SignatureNonce(),
    Timestamp: v1SigningMatchers.Timestamp(),
    Signature: v1SigningMatchers.Signature(),
    RegionId: input.regionId,
    ...(input.keyPairName === null ? {} : { KeyPairName: input.keyPairName }),
    InstanceIds: ids === undefined ? text : instanceIdsMatcher(ids, text),
  };
}

describe(`consumer ${consumer} (V1, GET query, Pact V4)`, () => {
  afterAll(() => expectPactFileCurrent(consumer));

  for (const interaction of interactionsFor(consumer)) {
    it(`${interaction.description} (${interaction.rules.join(', ')})`, consumerTestOptions, async () => {
      const { input } = interaction;
      const request = describeV4(v4Pact(consumer), interaction).withRequest('GET', '/', (b) =>
        b.query(query(interaction)),
      );
      await respondV4(request, interaction.response).executeTest(async (mock) => {
        const { wire } = encodeProbe(
          probe({
            format: input.format,
            regionId: input.regionId,
            keyPairName: input.keyPairName,
            instanceIds: instanceIdsText(input, 'spaced'),
            // The consumer sends the broken request it means; the provider side re-applies the breakage.
            breakage: interaction.auth ?? null,
          }),
          { key, host: new URL(mock.url).host, now: Date.now() },
        );
        expect(wire.method).toBe('GET');
        expectDecoded(decodeResponse(await sendWire(mock.url, wire)), interaction.response.expected);
        await settle(mock);
      });
    });
  }
});
