import type fc from 'fast-check';
import { sameOutcome } from '../harness/checks/sameOutcome.ts';
import type { RuleId } from '../harness/spec/rules.ts';
import { defineProperty, type PropertyDefinition } from '../harness/suite/PropertyDefinition.ts';
import type { Probe } from '../harness/wire/Probe.ts';
import type { Scenario } from './arbitraries/scenario.ts';
import { showScenario } from './every-request-judged.prop.ts';
import { judgeProbe } from './judgeProbe.ts';

/** A scenario and a variant of its probe that must have the same outcome. */
export type Pair = { scenario: Scenario; variant: Probe; variation: string };

/**
 * A metamorphic property (FM-1, MR-1..MR-4): the scenario's probe and its variant are each sent on an
 * identical, freshly loaded world, each judged by every check, and their outcomes compared.
 */
export function metamorphicProperty(spec: {
  id: string;
  rule: RuleId;
  title: string;
  weight: number;
  arbitrary: fc.Arbitrary<Pair>;
}): PropertyDefinition {
  return defineProperty<Pair>({
    id: spec.id,
    title: spec.title,
    rules: [spec.rule],
    weight: spec.weight,
    arbitrary: spec.arbitrary,
    async run(target, { scenario, variant, variation }) {
      const a = await judgeProbe(target, scenario.world, scenario.key, scenario.probe);
      const b = await judgeProbe(target, scenario.world, scenario.key, variant);
      const outcomes = [...a.run.outcomes, ...b.run.outcomes];
      if (a.exchange !== null && b.exchange !== null)
        outcomes.push(sameOutcome(spec.rule, a.exchange, b.exchange, variation));
      return {
        outcomes,
        requests: a.run.requests + b.run.requests,
        inconclusive: a.run.inconclusive + b.run.inconclusive,
        steps: {
          relation: 'same-outcome',
          world: scenario.world,
          key: scenario.key,
          probes: [scenario.probe, variant],
          sameOutcome: { rule: spec.rule, variation },
        },
      };
    },
    show: ({ scenario, variant, variation }) => ({
      ...(showScenario(scenario) as object),
      variant,
      variation,
    }),
  });
}
