import { describe, expect, it } from 'vitest';
import { ruleById } from '../harness/spec/rules.ts';
import { validateWorld } from '../harness/spec/validateWorld.ts';
import { type ConsumerName, consumers, interactions, interactionsFor, stateParams } from './interactions.ts';
import { pactFileOf, readPact } from './pactFiles.ts';

const consumerNames = Object.keys(consumers) as ConsumerName[];

describe('the contract catalogue', () => {
  it('descriptions are unique: they name the interactions in results and reports', () => {
    const descriptions = interactions.map((i) => i.description);
    expect(new Set(descriptions).size).toBe(descriptions.length);
  });

  it('every rule an interaction exercises is a MUST or SHOULD rule (REPORT rules cannot fail)', () => {
    for (const i of interactions) {
      for (const id of i.rules) expect(ruleById(id).level, `${i.description}: ${id}`).not.toBe('REPORT');
    }
  });

  it('provider states carry a valid world without access keys; the run adds its own (target-protocol §1)', () => {
    for (const i of interactions) {
      const params = stateParams(i);
      expect(JSON.stringify(params)).not.toContain('accessKey');
      const checked = validateWorld({
        ...params.world,
        accessKeys: [{ accessKeyId: 'k', accessKeySecret: 's' }],
      });
      expect(checked.ok, `${i.description}: ${checked.ok ? '' : checked.problems.join('; ')}`).toBe(true);
    }
  });

  it('consumer-only interactions say why, and answer what no world can produce (throttling, 503)', () => {
    const only = interactions.filter((i) => i.consumerOnly !== undefined);
    expect(only.map((i) => i.response.expected.kind === 'error' && i.response.expected.Code)).toEqual([
      'Throttling.User',
      'ServiceUnavailable',
    ]);
    for (const i of only) expect(i.consumerOnly).toMatch(/^consumer-only: /);
  });

  it('negative-auth interactions name the breakage the provider side re-applies (AU-3)', () => {
    const broken = interactions.filter((i) => i.auth !== undefined);
    expect(broken.map((i) => [i.auth, i.rules[0]])).toEqual([['wrong-signature', 'AU-3']]);
  });

  it.each(consumerNames)(
    'the committed pact of %s holds exactly its catalogue interactions',
    async (consumer) => {
      const pact = await readPact(pactFileOf(consumer));
      expect(pact.interactions.map((i) => i.description).sort()).toEqual(
        interactionsFor(consumer)
          .map((i) => i.description)
          .sort(),
      );
      expect(
        pact.metadata?.pactSpecification?.version?.startsWith(consumers[consumer].spec === 'V4' ? '4' : '3'),
      ).toBe(true);
    },
  );
});
