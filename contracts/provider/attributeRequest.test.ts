import { describe, expect, it } from 'vitest';
import { type ConsumerName, consumers } from '../interactions.ts';
import { exampleRequest } from '../pactExamples.ts';
import { pactFileOf, readPact } from '../pactFiles.ts';
import { attributeRequest } from './attributeRequest.ts';

const consumerNames = Object.keys(consumers) as ConsumerName[];
const arrivedUnder = (i: { providerStates?: { name: string; params?: unknown }[] }) => ({
  state: i.providerStates?.[0]?.name ?? '',
  params: i.providerStates?.[0]?.params ?? {},
});

describe('attributeRequest: a replayed request belongs to its interaction by what it is, never by position', () => {
  it.each(consumerNames)(
    'every example request of %s is attributed to exactly its own interaction',
    async (c) => {
      const { interactions } = await readPact(pactFileOf(c));
      for (const interaction of [...interactions].reverse()) {
        expect(
          attributeRequest(exampleRequest(interaction), arrivedUnder(interaction), interactions),
        ).toEqual({
          kind: 'one',
          description: interaction.description,
        });
      }
    },
  );

  it('two interactions with the same state name and request are told apart by their state params (auth)', async () => {
    const { interactions } = await readPact(pactFileOf('dkp-conformance-client'));
    const named = (d: string) => interactions.find((i) => i.description === d);
    const plain = named('a detach of two bound Linux instances');
    const broken = named('a detach with a wrong signature');
    if (plain === undefined || broken === undefined) throw new Error('catalogue changed');
    expect(exampleRequest(plain)).toEqual(exampleRequest(broken));
    expect(attributeRequest(exampleRequest(plain), arrivedUnder(broken), interactions)).toEqual({
      kind: 'one',
      description: broken.description,
    });
  });

  it('a request matching no interaction, or several, is reported as such, not guessed', async () => {
    const { interactions } = await readPact(pactFileOf('alicloud-ecs20140526-v3'));
    const [first] = interactions;
    if (first === undefined) throw new Error('empty pact');
    const request = exampleRequest(first);
    const other = { ...request, target: request.target.replace('RegionId=', 'RegionId=x') };
    expect(attributeRequest(other, arrivedUnder(first), interactions)).toEqual({ kind: 'none' });
    expect(attributeRequest(request, { state: 'another state', params: {} }, interactions)).toEqual({
      kind: 'none',
    });
    const twice = [first, { ...first, description: `${first.description} (copy)` }];
    expect(attributeRequest(request, arrivedUnder(first), twice)).toEqual({
      kind: 'several',
      descriptions: [first.description, `${first.description} (copy)`],
    });
  });

  it('a form body is compared parameter by parameter, whatever its order', async () => {
    const { interactions } = await readPact(pactFileOf('dkp-conformance-client-form'));
    const [first] = interactions;
    if (first === undefined) throw new Error('empty pact');
    const request = exampleRequest(first);
    const text = new TextDecoder().decode(request.body);
    const reordered = { ...request, body: new TextEncoder().encode(text.split('&').reverse().join('&')) };
    expect(attributeRequest(reordered, arrivedUnder(first), interactions)).toMatchObject({ kind: 'one' });
    const changed = { ...request, body: new TextEncoder().encode(text.replace('Format=JSON', 'Format=XML')) };
    expect(attributeRequest(changed, arrivedUnder(first), interactions)).toEqual({ kind: 'none' });
  });
});
