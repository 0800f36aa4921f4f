import {
  type ContractResult,
  defaultContractCredentials,
  verifyContracts,
} from '../../contracts/provider/verifyContracts.ts';
import type { CheckOutcome } from '../checks/CheckOutcome.ts';
import { checks } from '../checks/index.ts';
import type { EmulatorProfile } from '../emulator/EmulatorProfile.ts';
import type { FaultName } from '../emulator/faults.ts';
import type { Report } from '../reports/Report.ts';
import type { RuleId } from '../spec/rules.ts';
import type { Target } from '../targets/Target.ts';
import { definedOnly } from '../util/definedOnly.ts';
import { HarnessError } from '../util/HarnessError.ts';
import type { CaseSource, RuleLedger } from './RuleLedger.ts';

/** One interaction as `report.json` lists it. */
export type ContractEntry = NonNullable<Report['contracts']>[number];

/**
 * One rule an interaction failed, with what was sent: every contract failure becomes a case file, not
 * only the first failure of each rule that the report shows.
 */
export type ContractFailure = {
  rule: RuleId;
  interaction: string;
  consumer: string;
  outcome: Extract<CheckOutcome, { status: 'fail' }>;
  steps: CaseSource;
};

/** What the contracts phase hands back to `verify`. */
export type ContractsRun = {
  entries: ContractEntry[];
  failures: ContractFailure[];
  requests: number;
  inconclusive: number;
};

/** The credentials the contracts phase loads into every world; `verify` keeps the secret out of reports. */
export const contractsCredentials = defaultContractCredentials;

/**
 * The contracts replayed against an emulator of their own, with the bundled emulator's fault and profile:
 * what `verify` starts as soon as it runs on the bundled emulator, so that the verifier's work (most of
 * it Pact's, in its own process) runs on the other core while the cases and properties run. A twin of
 * the run's emulator judges the same (every interaction loads its own World and re-signs its request
 * afresh); a target of the caller's own has one world, so its contracts wait for their phase.
 */
export function startContracts(emulator: {
  fault?: FaultName;
  profile?: EmulatorProfile | string;
}): Promise<ContractResult[]> {
  return verifyContracts({
    credentials: contractsCredentials,
    ...definedOnly({ fault: emulator.fault, profile: emulator.profile }),
  });
}

const maxReason = 2000;

/**
 * The contracts phase of `verify` (target with world control only): replays every committed pact against
 * the target (contracts/provider/verifyContracts.ts), where each replayed exchange — the provider state's
 * World, the request sent, the response, the world after — is judged by the same checks as every other
 * exchange (harness/checks). Their outcomes go into the ledger with source `contract:<description>`, like a
 * documented case's: a contract failure names the rule its check found. Pact's own pass/fail is listed in
 * the report's `contracts` entries and never decides a rule. Consumer-only interactions are listed as
 * `skip` and judge nothing; an interaction replayed but not judged (its request attributed to no single
 * interaction, or outside the request model) gives `error` on the rules the catalogue names for it. Rules
 * for which `judged(rule)` is false (client rules, `--only`) are not recorded; when no check judges a
 * selected rule, nothing runs. A provider state the world URL refused ends the run like any refused World
 * (`WORLD_REFUSED`), after the other results are recorded. When the verifier cannot run at all, every rule
 * the replayable interactions name gets `error`.
 */
export async function runContracts(
  target: Target,
  options: {
    ledger: RuleLedger;
    judged: (rule: RuleId) => boolean;
    /** The reproduction of an interaction's failure of `rule` (reproduceCommand.ts). */
    reproduce: (rule: RuleId, interaction: string) => string;
    /** The verification already under way ({@link startContracts}); absent, it runs now against `target`. */
    started?: Promise<ContractResult[]>;
  },
): Promise<ContractsRun> {
  const anyJudged = checks.some((check) => check.rules.some(options.judged));
  if (!anyJudged || target.worldUrl === null)
    return { entries: [], failures: [], requests: 0, inconclusive: 0 };
  let results: ContractResult[];
  try {
    results = await (options.started ??
      verifyContracts({
        origin: target.origin,
        worldUrl: target.worldUrl,
        credentials: contractsCredentials,
      }));
  } catch (error) {
    const message = `contract verification could not run: ${(error as Error).message}`;
    // The catalogue is loaded only here: it builds Pact templates, and Pact JS takes most of a second to
    // load, which a run whose verifier ran (in its own process) never needs in this one.
    const { interactions } = await import('../../contracts/interactions.ts');
    const ruleIds = new Set(
      interactions
        .filter((i) => i.consumerOnly === undefined)
        .flatMap((i) => i.rules)
        .filter(options.judged),
    );
    options.ledger.record(
      [...ruleIds].map((rule): CheckOutcome => ({ status: 'error', rule, message })),
      { source: 'contracts' },
    );
    return { entries: [], failures: [], requests: 0, inconclusive: 0 };
  }

  const refused: string[] = [];
  const failures: ContractFailure[] = [];
  for (const result of results) {
    if (result.stateError !== undefined) {
      refused.push(`${result.consumer} / ${result.interaction}: ${result.stateError}`);
      continue;
    }
    const outcomes: CheckOutcome[] =
      result.status === 'error'
        ? result.rules.map((rule) => ({
            status: 'error',
            rule,
            message: `contract "${result.interaction}" (consumer ${result.consumer}) was not judged: ${result.reason ?? ''}`,
          }))
        : (result.outcomes ?? []);
    const judged = outcomes.filter((o) => options.judged(o.rule));
    if (judged.length === 0) continue;
    const steps: CaseSource | undefined =
      result.replayed === undefined
        ? undefined
        : {
            relation: 'each',
            world: result.replayed.world,
            key: contractsCredentials,
            probes: [result.replayed.probe],
          };
    if (steps !== undefined) {
      for (const outcome of judged) {
        if (outcome.status === 'fail')
          failures.push({
            rule: outcome.rule,
            interaction: result.interaction,
            consumer: result.consumer,
            outcome,
            steps,
          });
      }
    }
    options.ledger.record(judged, {
      ...(steps === undefined ? {} : { steps }),
      source: `contract:${result.interaction}`,
      counterexample: {
        consumer: result.consumer,
        interaction: result.interaction,
        ...(result.state === undefined ? {} : { state: result.state }),
        pact: `contracts/pacts/${result.consumer}-ecs-detachkeypair.json`,
      },
      reproduce: (rule) => options.reproduce(rule, result.interaction),
    });
  }
  if (refused.length > 0) {
    throw new HarnessError(
      'WORLD_REFUSED',
      `the world URL refused a contract's provider state: ${refused[0]}`,
    );
  }
  // A replay that met a transport failure or a retryable answer is inconclusive (target-protocol §2).
  const inconclusive = results.filter(
    (r) => r.status === 'skip' && r.reason?.startsWith('inconclusive:'),
  ).length;
  return {
    entries: results.map((result) => toEntry(result, options.judged)),
    failures,
    requests: results.filter((r) => r.status !== 'skip').length + inconclusive,
    inconclusive,
  };
}

const bounded = (text: string) => (text.length > maxReason ? `${text.slice(0, maxReason)}…` : text);

/**
 * The report's entry for one interaction, as far as the run judged: with `--only`, the failed rules it
 * did not select are left out, and an interaction that failed none of the selected rules passes.
 */
function toEntry(result: ContractResult, judged: (rule: RuleId) => boolean): ContractEntry {
  const failedRules = result.failedRules?.filter(judged);
  const status = result.status === 'fail' && failedRules?.length === 0 ? 'pass' : result.status;
  return {
    interaction: result.interaction,
    consumer: result.consumer,
    rules: result.rules,
    status,
    ...(result.reason === undefined || status === 'pass' ? {} : { reason: bounded(result.reason) }),
    ...(failedRules === undefined || status === 'pass' ? {} : { failedRules }),
    ...(result.pact === undefined ? {} : { pact: result.pact }),
    ...(result.pactMismatch === undefined ? {} : { pactMismatch: bounded(result.pactMismatch) }),
  };
}
