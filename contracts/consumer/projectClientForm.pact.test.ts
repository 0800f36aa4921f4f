/**
 * Consumer `dkp-conformance-client-form`: the suite's own client in Terraform's wire shape (V1, signing
 * parameters in the query, business parameters in an `application/x-www-form-urlencoded` body). Pact JS 16's
 * V4 DSL treats a form body as binary, so this consumer writes a Pact V3 file, which compares form bodies
 * field by field (contracts/README.md).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { sendWire } from '../../harness/targets/sendWire.ts';
import { decodeResponse } from '../../harness/wire/decodeResponse.ts';
import { encodeProbe } from '../../harness/wire/encodeProbe.ts';
import { probe } from '../../harness/wire/Probe.ts';
import { encodeParams } from '../../harness/wire/percentEncode.ts';
import { type ContractInteraction, interactionsFor, stateParams } from '../interactions.ts';
import { v1SigningMatchers } from '../pactMatchers.ts';
import {
  consumerTestOptions,
  expectDecoded,
  expectPactFileCurrent,
  instanceIdsText,
  settle,
  v3Pact,
  v3Response,
} from './consumerKit.ts';

const consumer = 'dkp-conformance-client-form';
const key = { accessKeyId: 'LTAI-contract-consumer', accessKeySecret: 'contract-consumer-secret' };

/**
 * The form body exactly as the client writes it: V3 form bodies take no matchers, so `InstanceIds` is the
 * compact JSON Terraform sends (whitespace tolerance, ID-1, is covered by the V4 consumers).
 */
function formBody(interaction: ContractInteraction): string {
  const { input } = interaction;
  return encodeParams([
    ['Format', input.format],
    ['RegionId', input.regionId],
    ...(input.keyPairName === null ? [] : [['KeyPairName', input.keyPairName] as const]),
    ['InstanceIds', instanceIdsText(input, 'compact')],
  ]);
}

describe(`consumer ${consumer} (V1, Terraform split form, Pact V3)`, () => {
  afterAll(() => expectPactFileCurrent(consumer));

  for (const interaction of interactionsFor(consumer)) {
    it(`${interaction.description} (${interaction.rules.join(', ')})`, consumerTestOptions, async () => {
      const { input } = interaction;
      const pact = v3Pact(consumer)
        .given(interaction.state, stateParams(interaction))
        .uponReceiving(interaction.description)
        .withRequest({
          method: 'POST',
          path: '/',
          query: {
            Action: 'DetachKeyPair',
            Version: '2014-05-26',
            AccessKeyId: v1SigningMatchers.AccessKeyId(),
            SignatureMethod: 'HMAC-SHA1',
            SignatureVersion: '1.0',
            SignatureNonce: v1SigningMatchers.SignatureNonce(),
            Timestamp: v1SigningMatchers.Timestamp(),
            Signature: v1SigningMatchers.Signature(),
          },
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: formBody(interaction),
        })
        .willRespondWith(v3Response(interaction.response));
      await pact.executeTest(async (mock) => {
        const { wire } = encodeProbe(
          probe({
            transport: 'post-split-form',
            format: input.format,
            regionId: input.regionId,
            keyPairName: input.keyPairName,
            instanceIds: instanceIdsText(input, 'compact'),
            breakage: interaction.auth ?? null,
          }),
          { key, host: new URL(mock.url).host, now: Date.now() },
        );
        expect(new TextDecoder().decode(wire.body)).toBe(formBody(interaction));
        expectDecoded(decodeResponse(await sendWire(mock.url, wire)), interaction.response.expected);
        await settle(mock);
      });
    });
  }
});
