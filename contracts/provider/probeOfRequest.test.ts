import { describe, expect, it } from 'vitest';
import { type ConsumerName, contractIds } from '../interactions.ts';
import { exampleRequest } from '../pactExamples.ts';
import { pactFileOf, readPact } from '../pactFiles.ts';
import { probeOfRequest } from './probeOfRequest.ts';

const pair = JSON.stringify([contractIds.linux1, contractIds.linux2]);

async function exampleOf(consumer: ConsumerName, description = 'a detach of two bound Linux instances') {
  const { interactions } = await readPact(pactFileOf(consumer));
  const interaction = interactions.find((i) => i.description === description);
  if (interaction === undefined) throw new Error(`${consumer} has no "${description}"`);
  return exampleRequest(interaction);
}

describe('probeOfRequest: a replayed request in the suite’s request model', () => {
  it.each([
    [
      'dkp-conformance-client',
      { scheme: 'v1', transport: 'get-query', format: 'JSON', action: 'DetachKeyPair' },
    ],
    ['dkp-conformance-client-form', { scheme: 'v1', transport: 'post-split-form', format: 'JSON' }],
    [
      'alicloud-ecs20140526-v3',
      { scheme: 'v3', transport: 'post-query', format: null, action: 'DetachKeyPair' },
    ],
    [
      'alicloud-ecs20140526-v1',
      { scheme: 'v1', transport: 'post-query', format: 'json', version: '2014-05-26' },
    ],
  ] as const)(
    '%s: scheme, transport, Format, action and version as sent (AU-1/AU-2, TR-1, GEN-5)',
    async (consumer, expected) => {
      const read = probeOfRequest(await exampleOf(consumer), null);
      expect(read).toMatchObject({
        ok: true,
        probe: { ...expected, regionId: 'cn-hangzhou', keyPairName: 'contract-kp', breakage: null },
      });
      if (!read.ok) return;
      expect(JSON.parse(read.probe.instanceIds ?? 'null')).toEqual(JSON.parse(pair));
    },
  );

  it('keeps the raw InstanceIds value, an absent parameter as null, and the declared breakage', async () => {
    const raw = probeOfRequest(
      await exampleOf('dkp-conformance-client', 'a detach whose InstanceIds is a JSON string, not an array'),
      'wrong-signature',
    );
    expect(raw).toMatchObject({
      ok: true,
      probe: { instanceIds: JSON.stringify(contractIds.linux1), breakage: 'wrong-signature' },
    });
    const missing = probeOfRequest(
      await exampleOf('alicloud-ecs20140526-v3', 'a detach without KeyPairName'),
      null,
    );
    expect(missing).toMatchObject({ ok: true, probe: { keyPairName: null } });
  });

  it('a request outside the model is reported, never guessed at', async () => {
    const request = await exampleOf('dkp-conformance-client');
    const twice = { ...request, target: `${request.target}&RegionId=cn-beijing` };
    expect(probeOfRequest(twice, null)).toEqual({
      ok: false,
      problem: 'parameters sent more than once: RegionId',
    });
    expect(probeOfRequest({ ...request, method: 'PUT' }, null)).toMatchObject({ ok: false });
    const odd = { ...request, target: request.target.replace('Format=JSON', 'Format=Json') };
    expect(probeOfRequest(odd, null)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/Format=Json/),
    });
  });
});
