import { defineProperty } from '../harness/suite/PropertyDefinition.ts';
import { detachScenario, type Scenario } from './arbitraries/scenario.ts';
import { showScenario } from './every-request-judged.prop.ts';
import { judgeProbe } from './judgeProbe.ts';

/**
 * Requests broken in each way AU-3..AU-7 names, on top of any business parameters: each gets its
 * authentication error, never a business answer, and changes nothing (AU-8).
 */
export const authenticationFirst = defineProperty<Scenario>({
  id: 'auth',
  title: 'broken authentication is answered first and changes nothing',
  rules: [
    'AU-2',
    'AU-3',
    'AU-4',
    'AU-5',
    'AU-6',
    'AU-7',
    'AU-8',
    'ERR-1',
    'ERR-2',
    'ERR-3',
    'ERR-4',
    'TR-4',
    'TR-5',
    'GEN-4',
  ],
  weight: 0.5,
  arbitrary: detachScenario({ sizes: 'small', breakage: true }),
  run: async (target, s) => (await judgeProbe(target, s.world, s.key, s.probe)).run,
  show: showScenario,
});
