import { worldFreeProbes } from '../../properties/world-free-probes.prop.ts';
import type { RuleId } from '../spec/rules.ts';
import type { AccessKey } from '../spec/World.ts';
import type { Target } from '../targets/Target.ts';
import type { RuleLedger } from './RuleLedger.ts';
import { type PropertyTotals, runProperty } from './runProperty.ts';

/** Runs the world-free probes against a target without world control (target-protocol §1). */
export async function runWorldFreeProbes(
  target: Target,
  options: {
    key: AccessKey;
    regionId: string;
    seed: number;
    runs: number;
    only: ReadonlySet<RuleId> | null;
    ledger: RuleLedger;
    reproduce: (rule: RuleId, path: string) => string;
    path?: string;
  },
): Promise<PropertyTotals> {
  const property = worldFreeProbes(
    { accessKeyId: options.key.accessKeyId, accessKeySecret: options.key.accessKeySecret },
    options.regionId,
  );
  return runProperty(property, target, options);
}
