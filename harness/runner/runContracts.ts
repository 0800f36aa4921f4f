import { interactions, rulesOf } from '../../contracts/interactions.ts';
import {
  type ContractResult,
  defaultContractCredentials,
  verifyContracts,
} from '../../contracts/provider/verifyContracts.ts';
import { type CheckOutcome, fail, pass, warn } from '../checks/CheckOutcome.ts';
import { HarnessError } from '../cli/HarnessError.ts';
import type { Report } from '../reports/Report.ts';
import { type RuleId, ruleById } from '../spec/rules.ts';
import type { Target } from '../targets/Target.ts';
import type { RuleLedger } from './RuleLedger.ts';

/** One interaction as `report.json` lists it. */
export type ContractEntry = NonNullable<Report['contracts']>[number];

/** What the contracts phase hands back to `verify`. */
export type ContractsRun = { entries: ContractEntry[]; requests: number; inconclusive: number };

/** The credentials the contracts phase loads into every world; `verify` keeps the secret out of reports. */
export const contractsCredentials = defaultContractCredentials;

const maxReason = 2000;

/**
 * The contracts phase of `verify` (target with world control only): replays every committed pact against
 * the target (contracts/provider/verifyContracts.ts) and folds each interaction's result into the ledger
 * under the rules the catalogue names for it, with source `contract:<description>`. A failing interaction
 * fails the rules its mismatches break (contracts/provider/blameRules.ts; a SHOULD rule warns) with Pact's
 * mismatch as `received`, and passes those the response still shows to hold; consumer-only interactions are
 * listed as `skip` and judge nothing. Rules for which `judged(rule)` is false (client rules, `--only`) are
 * not recorded; when no interaction has a judged rule, nothing runs. A provider state the world URL refused
 * ends the run like any refused World (`WORLD_REFUSED`), after the other results are recorded. When the
 * verifier cannot run at all, every rule it would have judged gets `error`.
 */
export async function runContracts(
  target: Target,
  options: {
    ledger: RuleLedger;
    judged: (rule: RuleId) => boolean;
    /** The reproduction of an interaction's failure of `rule` (reproduceCommand.ts). */
    reproduce: (rule: RuleId, interaction: string) => string;
  },
): Promise<ContractsRun> {
  const anyJudged = interactions.some((i) =>
    i.consumers.some((c) => rulesOf(c, i.description).some(options.judged)),
  );
  if (!anyJudged || target.worldUrl === null) return { entries: [], requests: 0, inconclusive: 0 };
  let results: ContractResult[];
  try {
    results = await verifyContracts({
      origin: target.origin,
      worldUrl: target.worldUrl,
      credentials: contractsCredentials,
    });
  } catch (error) {
    const message = `contract verification could not run: ${(error as Error).message}`;
    const ruleIds = new Set(
      interactions
        .flatMap((i) => i.consumers.flatMap((c) => rulesOf(c, i.description)))
        .filter(options.judged),
    );
    options.ledger.record(
      [...ruleIds].map((rule): CheckOutcome => ({ status: 'error', rule, message })),
      { source: 'contracts' },
    );
    return { entries: [], requests: 0, inconclusive: 0 };
  }

  const refused: string[] = [];
  for (const result of results) {
    if (result.stateError !== undefined) {
      refused.push(`${result.consumer} / ${result.interaction}: ${result.stateError}`);
      continue;
    }
    if (result.status === 'skip') continue;
    // A failure fails the rules its mismatches break and passes those the response still shows to hold.
    const failed = result.status === 'fail' ? (result.failedRules ?? result.rules) : [];
    const passed = result.status === 'pass' ? result.rules : (result.passedRules ?? []);
    const outcomes = [
      ...failed.filter(options.judged).map((rule) => outcomeOf(rule, result)),
      ...passed.filter(options.judged).map((rule) => pass(rule)),
    ];
    options.ledger.record(outcomes, {
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
    entries: results.map(toEntry),
    requests: results.filter((r) => r.status !== 'skip').length + inconclusive,
    inconclusive,
  };
}

function outcomeOf(rule: RuleId, result: ContractResult): CheckOutcome {
  const title = `Pact interaction "${result.interaction}" (consumer ${result.consumer}) does not hold`;
  const expected = 'the response the pact promises for this provider state and request';
  const received = result.mismatch ?? result.reason ?? 'a failure without details';
  return ruleById(rule).level === 'SHOULD'
    ? warn(rule, title, expected, received)
    : fail(rule, title, expected, received);
}

function toEntry(result: ContractResult): ContractEntry {
  const reason = result.status === 'fail' ? (result.mismatch ?? result.reason) : result.reason;
  return {
    interaction: result.interaction,
    consumer: result.consumer,
    rules: result.rules,
    status: result.status,
    ...(reason === undefined
      ? {}
      : { reason: reason.length > maxReason ? `${reason.slice(0, maxReason)}…` : reason }),
  };
}
