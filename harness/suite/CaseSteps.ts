import type { RuleId } from '../spec/rules.ts';
import type { AccessKey, World } from '../spec/World.ts';
import type { Probe } from '../wire/Probe.ts';

/**
 * What a run sent, in the suite's request model, so that a failure can be kept as a case file and replayed
 * (harness/runner/caseFiles.ts): the World, the key that signed, the probes, and how they are judged —
 * `each`: every probe on a freshly loaded World, judged by every check; `same-outcome`: the same, and the
 * two outcomes compared (`sameOutcome`: the metamorphic rule and what was varied); `sequence`: the World
 * loaded once and the probes sent in order on the target's own state, the model moving as the oracle says.
 * `world` is null for a probe sent without world control, judged against `assumedWorld`.
 */
export type CaseSteps = {
  relation: 'each' | 'same-outcome' | 'sequence';
  world: World | null;
  assumedWorld?: World;
  key: AccessKey;
  probes: Probe[];
  sameOutcome?: { rule: RuleId; variation: string };
};
