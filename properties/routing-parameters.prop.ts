import { defineProperty } from '../harness/suite/PropertyDefinition.ts';
import { detachScenario, type Scenario } from './arbitraries/scenario.ts';
import { showScenario } from './every-request-judged.prop.ts';
import { judgeProbe } from './judgeProbe.ts';

/** Missing, empty or unknown `Action` and `Version` (query for V1, headers for V3) are rejected (RQ-1..RQ-3, GEN-5). */
export const routingParameters = defineProperty<Scenario>({
  id: 'routing',
  title: 'Action and Version are required and checked',
  rules: ['RQ-1', 'RQ-2', 'RQ-3', 'GEN-5', 'ERR-1', 'ERR-2', 'ERR-3', 'ERR-4'],
  weight: 0.25,
  arbitrary: detachScenario({ sizes: 'small', routing: true }),
  run: async (target, s) => (await judgeProbe(target, s.world, s.key, s.probe)).run,
  show: showScenario,
});
