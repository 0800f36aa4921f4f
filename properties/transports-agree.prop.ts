import fc from 'fast-check';
import { transports } from '../harness/wire/encodeRequest.ts';
import { metamorphicProperty } from './metamorphicProperty.ts';
import { scenarioOftenWithDuplicate } from './withDuplicate.ts';

/** MR-2: GET query, POST query and POST form (both placements) give the same outcome (TR-1). */
export const transportsAgree = metamorphicProperty({
  id: 'mr-2',
  rule: 'MR-2',
  title: 'every transport gives the same outcome',
  weight: 0.25,
  arbitrary: fc
    .tuple(scenarioOftenWithDuplicate(), fc.constantFrom(...transports), fc.constantFrom(...transports))
    .filter(([, a, b]) => a !== b)
    .map(([s, a, b]) => ({
      scenario: { ...s, probe: { ...s.probe, transport: a } },
      variant: { ...s.probe, transport: b },
      variation: `${a} vs ${b}`,
    })),
});
