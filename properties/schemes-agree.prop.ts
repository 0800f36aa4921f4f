import { metamorphicProperty } from './metamorphicProperty.ts';
import { scenarioOftenWithDuplicate } from './withDuplicate.ts';

/** MR-3: V1 and V3 signing give the same outcome (apart from TR-3's default format). */
export const schemesAgree = metamorphicProperty({
  id: 'mr-3',
  rule: 'MR-3',
  title: 'V1 and V3 give the same outcome',
  weight: 0.25,
  arbitrary: scenarioOftenWithDuplicate().map((s) => ({
    scenario: { ...s, probe: { ...s.probe, scheme: 'v1' as const } },
    variant: { ...s.probe, scheme: 'v3' as const },
    variation: 'V1 vs V3 signing',
  })),
});
