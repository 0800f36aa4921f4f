import { randomUUID } from 'node:crypto';
import { type CheckOutcome, report } from '../harness/checks/CheckOutcome.ts';
import { describeResponse, notAnApiAnswer } from '../harness/checks/describeResponse.ts';
import { runChecks } from '../harness/checks/index.ts';
import { isErrorResponse } from '../harness/checks/responseKind.ts';
import { defineProperty } from '../harness/suite/PropertyDefinition.ts';
import { decodeResponse } from '../harness/wire/decodeResponse.ts';
import { isoTimestamp } from '../harness/wire/encodeRequest.ts';
import { encodeParams } from '../harness/wire/percentEncode.ts';
import { signV1 } from '../harness/wire/signV1.ts';
import type { WireResponse } from '../harness/wire/WireMessage.ts';
import { detachScenario, type Scenario } from './arbitraries/scenario.ts';
import { showScenario } from './every-request-judged.prop.ts';

/**
 * GEN-2 (REPORT): `KeyPairName` sent twice — an absent name in the query, the real one in the form body,
 * both signed (V1 over query ∪ body, duplicates included) — and the suite records which value won.
 * Only the structural checks run on the answer: the oracle does not model duplicate parameters.
 */
export const parameterSentTwice = defineProperty<Scenario>({
  id: 'gen-2',
  title: 'a parameter sent in both the query and the body',
  rules: ['GEN-2'],
  weight: 0.05,
  arbitrary: detachScenario({ sizes: 'small', invalidInputs: false }).filter(
    (s) => s.ids !== null && s.ids.length > 0,
  ),
  async run(target, s) {
    await target.loadWorld(s.world);
    const absent = `conformance-absent-${randomUUID()}`;
    const common: Array<[string, string]> = [
      ['Action', 'DetachKeyPair'],
      ['Version', '2014-05-26'],
      ['Format', 'JSON'],
      ['AccessKeyId', s.key.accessKeyId],
      ['SignatureMethod', 'HMAC-SHA1'],
      ['SignatureVersion', '1.0'],
      ['SignatureNonce', randomUUID()],
      ['Timestamp', isoTimestamp()],
      ['KeyPairName', absent],
    ];
    const body: Array<[string, string]> = [
      ['RegionId', s.target.regionId],
      ['KeyPairName', s.target.keyPairName],
      ['InstanceIds', JSON.stringify(s.ids)],
    ];
    const signature = signV1('POST', [...common, ...body], s.key.accessKeySecret);
    const request = {
      method: 'POST',
      target: `/?${encodeParams([...common, ['Signature', signature]])}`,
      headers: { host: target.host, 'content-type': 'application/x-www-form-urlencoded' },
      body: new TextEncoder().encode(encodeParams(body)),
    };
    let response: WireResponse;
    try {
      response = await target.send(request);
    } catch {
      return { outcomes: [], requests: 2, inconclusive: 1 };
    }
    const decoded = decodeResponse(response);
    const code = decoded.fields.Code?.value ?? '';
    const observed = !isErrorResponse(decoded)
      ? 'the form body value wins over the query'
      : code.startsWith('InvalidKeyPairName')
        ? 'the query value wins over the form body'
        : `duplicate parameter rejected with ${code || `HTTP ${decoded.status}`}`;
    const probe = {
      ...s.probe,
      scheme: 'v1' as const,
      transport: 'post-split-form' as const,
      format: 'JSON' as const,
      breakage: null,
      regionId: s.target.regionId,
      keyPairName: s.target.keyPairName,
      instanceIds: JSON.stringify(s.ids),
    };
    const structural = runChecks({
      probe,
      request,
      response,
      decoded,
      expectation: null,
      worldBefore: null,
      worldAfter: null,
    });
    // A non-API answer (a redirect, a page, no document) shows no choice of GEN-2's: nothing is observed.
    const answer = describeResponse(response, decoded);
    const gen2: CheckOutcome = answer.api
      ? report('GEN-2', observed)
      : { status: 'skip', rule: 'GEN-2', reason: notAnApiAnswer(answer.kind ?? answer.text) };
    const outcomes: CheckOutcome[] = [gen2, ...structural];
    return { outcomes, requests: 2, inconclusive: 0 };
  },
  show: (s) => ({
    ...(showScenario(s) as object),
    duplicated: 'KeyPairName (absent name in the query, real name in the body)',
  }),
});
