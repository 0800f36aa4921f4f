import type { EmulatorProfile } from '../emulator/EmulatorProfile.ts';
import type { FaultName } from '../emulator/faults.ts';
import { startEmulator } from '../emulator/startEmulator.ts';
import { expandRuleSelection, type RuleId, rules } from '../spec/rules.ts';
import type { AccessKey } from '../spec/World.ts';
import { connectTarget, type Target } from '../targets/Target.ts';
import { definedOnly } from '../util/definedOnly.ts';
import { HarnessError } from '../util/HarnessError.ts';
import type { RuleLedger } from './RuleLedger.ts';

/** The suite's bounds on reading one answer (options of `verify`; defaults 1 MiB and 30 s, `sendWire.ts`). */
export type ResponseBounds = {
  /** `--max-response-bytes`: a larger body is not read further and its request is inconclusive. */
  maxResponseBytes?: number | undefined;
  /** `--response-timeout`: an answer not complete within this many ms is inconclusive. */
  responseTimeoutMs?: number | undefined;
};

/** `--only RULES` as a set of rule IDs (`null`: every rule); an unknown entry is a usage error (exit 2). */
export function selectedRules(only: string | undefined): Set<RuleId> | null {
  if (only === undefined) return null;
  const selection = expandRuleSelection(only);
  if (!selection.ok)
    throw new HarnessError('USAGE', `--only: unknown rule or family: ${selection.unknown.join(', ')}`);
  return new Set(selection.ids);
}

/** Rules that need known resources: skipped without world control (target-protocol §1). */
function needsKnownResources(id: RuleId): boolean {
  return (
    id.startsWith('ST-') || id.startsWith('OK-') || id.startsWith('WIN-') || id === 'ID-2' || id === 'KP-2'
  );
}

/**
 * The rules a server-side run (`verify`, `verify --replay`) cannot judge, each with its reason: excluded by
 * `--only`, client rules (judged by `sdk`), OK-12 (a rule for the judge), and without world control the
 * rules that need known resources.
 */
export function serverRunSkips(only: ReadonlySet<RuleId> | null, worldControl: boolean): Map<RuleId, string> {
  const skips = new Map<RuleId, string>();
  for (const rule of rules) {
    if (only !== null && !only.has(rule.id)) skips.set(rule.id, 'excluded by --only');
    else if (rule.family === 'CL') skips.set(rule.id, 'client rules are judged by sdk');
    else if (rule.id === 'OK-12')
      skips.set(rule.id, 'a rule for the judge, not the target: every check ignores unknown fields');
    else if (!worldControl && needsKnownResources(rule.id))
      skips.set(rule.id, 'needs known resources: the target has no world control');
  }
  return skips;
}

/**
 * The target of a server-side run: `target` when given, else the bundled emulator started on loopback
 * (with the given fault or profile). `close` stops whatever was started. Without world control the run
 * then sends the canary of target-protocol §4 (`sendCanary.ts`) before judging anything; with an explicit
 * `--world-url`, `confirmWorldControl`.
 */
export async function openTarget(options: {
  target?: string | undefined;
  worldUrl?: string | undefined;
  emulator?: { fault?: FaultName; profile?: EmulatorProfile | string } | undefined;
  /** `--max-response-bytes` / `--response-timeout`: the bounds of every read of an answer (`sendWire`). */
  bounds?: ResponseBounds | undefined;
}): Promise<{ target: Target; origin: string; close: () => Promise<void> }> {
  let close = async () => {};
  let origin = options.target;
  if (origin === undefined) {
    const server = await startEmulator({
      ...(options.emulator?.fault === undefined ? {} : { fault: options.emulator.fault }),
      ...(options.emulator?.profile === undefined ? {} : { profile: options.emulator.profile }),
    });
    origin = server.origin;
    close = server.close;
  }
  try {
    const target = await connectTarget({
      origin,
      ...definedOnly({ worldUrl: options.worldUrl }),
      ...(options.bounds?.maxResponseBytes === undefined
        ? {}
        : { maxResponseBytes: options.bounds.maxResponseBytes }),
      ...(options.bounds?.responseTimeoutMs === undefined
        ? {}
        : { timeoutMs: options.bounds.responseTimeoutMs }),
    });
    const stop = close;
    return {
      target,
      origin,
      close: async () => {
        await target.close();
        await stop();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Credentials from `ALIBABA_CLOUD_ACCESS_KEY_ID` / `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (the names every
 * Alibaba Cloud SDK reads); missing ones are a configuration error (exit 2) with `hint` saying what to set.
 */
export function environmentCredentials(
  env: Readonly<Record<string, string | undefined>>,
  hint: string,
): AccessKey {
  const accessKeyId = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const accessKeySecret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (!accessKeyId || !accessKeySecret) throw new HarnessError('CONFIG', hint);
  return { accessKeyId, accessKeySecret };
}

/** How a report names the target: the `--target` given, or the bundled emulator's origin and fault. */
export function targetLabel(
  target: string | undefined,
  origin: string,
  fault: FaultName | undefined,
): string {
  return target ?? `${origin} (bundled reference emulator${fault ? `, fault ${fault}` : ''})`;
}

/**
 * `--path <property>:<fast-check path>` split in two (the form every reproduction command prints); anything
 * else is a usage error (exit 2).
 */
export function parsePath(path: string): { property: string; path: string } {
  const at = path.indexOf(':');
  if (at <= 0 || at === path.length - 1) {
    throw new HarnessError(
      'USAGE',
      `--path must look like <property>:<path> (e.g. detach:12:0), got "${path}"`,
    );
  }
  return { property: path.slice(0, at), path: path.slice(at + 1) };
}

/** How many rules have a MUST failure so far: the progress line's failure count. */
export function countFailures(ledger: RuleLedger): number {
  let n = 0;
  for (const [, t] of ledger.entries()) if (t.mustFailure !== undefined) n++;
  return n;
}
