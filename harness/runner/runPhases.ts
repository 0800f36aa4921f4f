import type { EmulatorProfile } from '../emulator/EmulatorProfile.ts';
import type { FaultName } from '../emulator/faults.ts';
import type { RuleId } from '../spec/rules.ts';
import type { AccessKey } from '../spec/World.ts';
import type { Target } from '../targets/Target.ts';
import { HarnessError } from '../util/HarnessError.ts';
import { RuleLedger } from './RuleLedger.ts';
import { countFailures, openTarget, type ResponseBounds } from './runSetup.ts';
import { type CanaryOptions, confirmWorldControl, sendCanary } from './sendCanary.ts';

/** What a phase sent: its requests, and how many of them were inconclusive (the 10% share, §4). */
type PhaseTotals = { requests: number; inconclusive: number };

/** What a server-side run's phases share: the opened target, its origin, the run's credentials (the canary's). */
type ServerResources = {
  target: Target;
  /** The origin opened: `--target`, or the bundled emulator's. */
  origin: string;
  /** The run's credentials and region, as `ServerRun.credentials` gave them. */
  credentials: { key: AccessKey; regionId: string } | undefined;
};

/** What every phase of a run is given: what the run opened, the run's ledger, and its progress line. */
type PhaseContext<R> = R & {
  ledger: RuleLedger;
  /** Reports progress within the phase (`done` of `total` steps), with the run's failures so far. */
  progress: (done: number, total?: number) => void;
};

/**
 * One phase of a run (schemathesis' phases): its name (the progress line's), the rules it can judge, and
 * `run`, which records its outcomes in the ledger and returns what it sent. `R` is what the run opened:
 * a target (`verify`), a client and its stub (`sdk`).
 */
export type Phase<R = ServerResources> = {
  readonly name: string;
  /**
   * The rules the phase can judge: a run whose `--only` selects none of them skips the phase (it would
   * send requests whose outcomes are all dropped). `'every rule'`: never skipped.
   */
  readonly rules: readonly RuleId[] | 'every rule';
  run(context: PhaseContext<R>): Promise<PhaseTotals>;
};

/** Progress events: the phase, steps done (of total), and the run's MUST failures so far. */
type OnProgress = (event: { phase: string; done: number; total?: number; failures: number }) => void;

/** What a run of phases leaves for its report (`finishReport`). */
export type PhasesOutcome = PhaseTotals & {
  ledger: RuleLedger;
  /** Why the run stopped early: a World the target refused (`WORLD_REFUSED`). */
  refused?: string;
};

/** What a run opened: what its phases share, and how to close it (whatever happens). */
export type Opened<R> = { resources: R; close: () => Promise<void> };

/**
 * The one lifecycle of every run (`verify`, `verify --replay`, `verify --smoke`, `sdk`, `audit`): opens what
 * the command judges (a target, a world URL, a client and its stub) with the run's response bounds, sends
 * the canary when there is one, runs `before`, then the phases in order into one ledger, summing what they
 * sent; a World refused ends the run (recorded as `refused`: exit 3 unless something failed); `close` runs
 * whatever happens once something was opened.
 */
export async function runLifecycle<R>(run: {
  /** `--max-response-bytes` / `--response-timeout`: handed to `open`, for everything the run opens. */
  bounds: ResponseBounds;
  /** Opens what the run judges, every answer it reads within `bounds`. */
  open: (bounds: ResponseBounds) => Promise<Opened<R>>;
  /**
   * The canary of target-protocol §4, when the run has no world control: the target and how to sign it.
   * Called first (a thrown `HarnessError`, missing credentials, stops the run before anything is sent).
   */
  canary?: ((resources: R) => { target: Target; options: CanaryOptions } | undefined) | undefined;
  /** Anything else before the phases (an explicit `--world-url` confirmed). */
  before?: ((resources: R) => Promise<void>) | undefined;
  phases: (resources: R) => readonly Phase<R>[];
  /** `--only`: a phase none of whose rules it selects is skipped (`null` or absent: every phase runs). */
  only?: ReadonlySet<RuleId> | null | undefined;
  onProgress?: OnProgress | undefined;
}): Promise<PhasesOutcome & { resources: R }> {
  const { resources, close } = await run.open(run.bounds);
  const ledger = new RuleLedger();
  const outcome: PhasesOutcome = { ledger, requests: 0, inconclusive: 0 };
  try {
    const canary = run.canary?.(resources);
    // Sent once, here, for every command: credentials refused stop the run (exit 2) before any phase.
    if (canary !== undefined) await sendCanary(canary.target, canary.options);
    await run.before?.(resources);
    for (const phase of run.phases(resources)) {
      if (!judgesSelected(phase, run.only)) continue;
      const totals = await phase.run({
        ...resources,
        ledger,
        progress: (done, total) =>
          run.onProgress?.({
            phase: phase.name,
            done,
            ...(total === undefined ? {} : { total }),
            failures: countFailures(ledger),
          }),
      });
      outcome.requests += totals.requests;
      outcome.inconclusive += totals.inconclusive;
    }
  } catch (error) {
    if (!(error instanceof HarnessError) || error.code !== 'WORLD_REFUSED') throw error;
    outcome.refused = error.message;
  } finally {
    await close();
  }
  return { ...outcome, resources };
}

/** Whether a phase can judge a rule `--only` selects (every phase can without a selection). */
function judgesSelected<R>(phase: Phase<R>, only: ReadonlySet<RuleId> | null | undefined): boolean {
  if (only === null || only === undefined || phase.rules === 'every rule') return true;
  return phase.rules.some((rule) => only.has(rule));
}

/** A server-side run: what to open, the credentials of the canary, and the phases once it passed. */
export type ServerRun = {
  /** `--target`, `--world-url` and the bundled emulator's fault and profile (`openTarget`). */
  target?: string | undefined;
  worldUrl?: string | undefined;
  emulator?: { fault?: FaultName; profile?: EmulatorProfile | string } | undefined;
  /** `--max-response-bytes` / `--response-timeout`: passed to every target the run opens. */
  bounds: ResponseBounds;
  /** Wraps the opened target before anything is sent (verify tallies every answer); default: as opened. */
  instrument?: ((target: Target) => Target) | undefined;
  /**
   * The run's credentials and region, given the opened target; the canary signs with them when the target
   * has no world control. A thrown `HarnessError` (missing credentials) stops the run before it sends.
   */
  credentials: (target: Target) => { key: AccessKey; regionId: string } | undefined;
  /** The phases, in order, given the opened target (world control decides which apply). */
  phases: (target: Target) => readonly Phase[];
  /** `--only`: phases none of whose rules it selects are skipped. */
  only?: ReadonlySet<RuleId> | null | undefined;
  onProgress?: OnProgress | undefined;
};

/** What a server-side run leaves for its report: {@link PhasesOutcome}, the target and its origin. */
export type RunOutcome = PhasesOutcome & { target: Target; origin: string };

/**
 * The lifecycle of a server-side run (`verify`, `verify --replay`): {@link runLifecycle} opens the target
 * with the response bounds, then — before any phase judges anything — sends the canary of target-protocol
 * §4 once when the target has no world control (`sendCanary`: credentials refused is exit 2), or confirms
 * an explicit `--world-url` controls it; then runs the phases and closes the target.
 */
export async function runPhases(run: ServerRun): Promise<RunOutcome> {
  const outcome = await runLifecycle<ServerResources>({
    bounds: run.bounds,
    open: async (bounds) => {
      const opened = await openTarget({
        target: run.target,
        worldUrl: run.worldUrl,
        emulator: run.emulator,
        bounds,
      });
      const target = run.instrument === undefined ? opened.target : run.instrument(opened.target);
      return {
        resources: { target, origin: opened.origin, credentials: undefined },
        close: opened.close,
      };
    },
    canary: (resources) => {
      const { target } = resources;
      resources.credentials = run.credentials(target);
      return target.worldUrl === null && resources.credentials !== undefined
        ? { target, options: resources.credentials }
        : undefined;
    },
    before: async ({ target }) => {
      if (target.worldUrl !== null && run.worldUrl !== undefined) await confirmWorldControl(target);
    },
    phases: ({ target }) => run.phases(target),
    only: run.only,
    onProgress: run.onProgress,
  });
  const { resources, ...phases } = outcome;
  return { ...phases, target: resources.target, origin: resources.origin };
}
