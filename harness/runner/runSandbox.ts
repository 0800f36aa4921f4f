import type { CheckOutcome } from '../checks/CheckOutcome.ts';
import type { Exchange } from '../checks/Exchange.ts';
import { runChecks } from '../checks/index.ts';
import { classifyInstanceIds } from '../oracle/classifyInstanceIds.ts';
import { expectedOutcome } from '../oracle/expectedOutcome.ts';
import type { UnrestoredResource } from '../reports/Report.ts';
import type { RuleId } from '../spec/rules.ts';
import type { AccessKey, World } from '../spec/World.ts';
import type { Send, SendCall, SendOutcome } from '../targets/interceptors/Send.ts';
import { definedOnly } from '../util/definedOnly.ts';
import { HarnessError } from '../util/HarnessError.ts';
import { decodeResponse } from '../wire/decodeResponse.ts';
import { encodeProbe } from '../wire/encodeProbe.ts';
import { encodeRequest } from '../wire/encodeRequest.ts';
import { probe as makeProbe, type Probe } from '../wire/Probe.ts';
import type { RuleLedger } from './RuleLedger.ts';
import type { SandboxManifest } from './readSandboxManifest.ts';

/** What {@link runSandbox} needs: the manifest, the credentials and the interceptor chain to send through. */
export type SandboxContext = {
  manifest: SandboxManifest;
  key: AccessKey;
  securityToken?: string;
  /** The endpoint's `Host` header. */
  host: string;
  /** The chain (rate limit, timeout, retries, recording); mutating calls are marked and never retried. */
  send: Send;
  ledger: RuleLedger;
  /** Outcomes of other rules are dropped (`--only`). */
  only: ReadonlySet<RuleId> | null;
  reproduce: (rule: RuleId) => string;
  onStep?: (step: string, outcome: string) => void;
};

/** What the sandbox tier did, and every instance it could not bring back (empty when all is restored). */
export type SandboxRun = { steps: { step: string; outcome: string }[]; unrestored: UnrestoredResource[] };

/** An instance as DescribeInstances shows it. */
type Seen = { instanceId: string; osType: 'linux' | 'windows'; keyPairName: string | null };

/** DescribeInstances' page size the tier asks for: every manifest instance fits in one page. */
const pageSize = 100;

/**
 * The sandbox tier of `audit` (target-protocol §2), on the manifest's resources only:
 * 1. DescribeInstances confirms the starting bindings (every Linux instance bound to the key pair, the
 *    Windows one a Windows instance); a mismatch is a `CONFIG` error (exit 2) and nothing is changed;
 * 2. detaches of the Linux instances with a wrong signature (V1) and a stale timestamp (V3) must be
 *    refused and change nothing (AU-3, AU-6, AU-8): they would succeed if authentication were not judged;
 * 3. with a Windows instance, a detach naming it and the first Linux instance must be 403 and change
 *    nothing (WIN-1, WIN-2): sent while the Linux instance is still bound, so a non-atomic rejection shows;
 * 4. the Linux instances are detached and the answer judged by every check against the worlds
 *    DescribeInstances shows before and after (OK-*, ST-*);
 * 5. whatever happened, AttachKeyPair restores every instance that was bound to the key pair, and
 *    DescribeInstances confirms it. Anything not back as it was is returned in `unrestored`, with the
 *    command that restores it.
 * Mutating requests are never retried; every request names only the manifest's region, key pair and
 * instances (checked before each is sent).
 */
export async function runSandbox(context: SandboxContext): Promise<SandboxRun> {
  const { manifest } = context;
  const steps: SandboxRun['steps'] = [];
  const step = (name: string, outcome: string) => {
    steps.push({ step: name.replace(/^sandbox:/, ''), outcome });
    context.onStep?.(name, outcome);
  };
  const everyId = [
    ...manifest.linuxInstanceIds,
    ...(manifest.windowsInstanceId === undefined ? [] : [manifest.windowsInstanceId]),
  ];
  const send = (call: SendCall) => {
    if (call.probe !== undefined) assertWithinManifest(call.probe, manifest);
    return context.send(call);
  };

  const describe = async (name: string): Promise<Map<string, Seen> | string> => {
    const probe = makeProbe({
      action: 'DescribeInstances',
      regionId: manifest.regionId,
      keyPairName: null,
      instanceIds: JSON.stringify(everyId),
    });
    const outcome = await send({
      name,
      probe,
      mutating: false,
      build: () =>
        encodeRequest({
          action: 'DescribeInstances',
          params: [
            ['Format', 'JSON'],
            ['RegionId', manifest.regionId],
            ['InstanceIds', JSON.stringify(everyId)],
            ['PageSize', String(pageSize)],
          ],
          transport: 'get-query',
          host: context.host,
          signing: {
            scheme: 'v1',
            ...context.key,
            ...definedOnly({ securityToken: context.securityToken }),
          },
        }),
    });
    return readInstances(outcome);
  };

  const start = await describe('sandbox:describe-start');
  if (typeof start === 'string')
    throw new HarnessError(
      start.startsWith('transport') || start.startsWith('timed out') || start.startsWith('HTTP 5')
        ? 'TARGET_UNREACHABLE'
        : 'CONFIG',
      `cannot read the sandbox's starting state: DescribeInstances ${start}; nothing was changed`,
    );
  const mismatches = startProblems(start, manifest);
  if (mismatches.length > 0)
    throw new HarnessError(
      'CONFIG',
      `the sandbox does not match --sandbox: ${mismatches.join('; ')}; nothing was changed`,
    );
  step('describe-start', `${start.size} instances, bound as the manifest says`);

  const startNames = new Set<string>([manifest.keyPairName]);
  for (const seen of start.values()) if (seen.keyPairName !== null) startNames.add(seen.keyPairName);
  const worldOf = (seen: Map<string, Seen>): World => {
    const names = new Set(startNames);
    for (const s of seen.values()) if (s.keyPairName !== null) names.add(s.keyPairName);
    return {
      accessKeys: [context.key],
      regions: [manifest.regionId],
      keyPairs: [...names].map((keyPairName) => ({ regionId: manifest.regionId, keyPairName })),
      instances: [...seen.values()].map((s) => ({ regionId: manifest.regionId, ...s })),
    };
  };

  let latest: Map<string, Seen> | null = start;
  const detach = async (
    name: string,
    ids: readonly string[],
    judges: readonly string[],
    over: Partial<Probe> = {},
  ) => {
    const probe = makeProbe({
      regionId: manifest.regionId,
      keyPairName: manifest.keyPairName,
      instanceIds: JSON.stringify(ids),
      ...over,
    });
    const before = latest;
    const outcome = await send({
      name,
      probe,
      mutating: true,
      build: () =>
        encodeProbe(probe, {
          key: context.key,
          host: context.host,
          now: Date.now(),
          ...definedOnly({ securityToken: context.securityToken }),
        }).wire,
    });
    const after = await describe(`${name}:describe-after`);
    latest = typeof after === 'string' ? null : after;
    if (outcome.kind === 'inconclusive') {
      step(name, `inconclusive: ${outcome.reason}`);
      return;
    }
    const exchange: Exchange = {
      probe,
      request: outcome.request,
      response: outcome.response,
      decoded: decodeResponse(outcome.response),
      expectation: before === null ? null : expectedOutcome(worldOf(before), probe),
      worldBefore: before === null ? null : worldOf(before),
      worldAfter: latest === null ? null : worldOf(latest),
    };
    const outcomes = keep(runChecks(exchange), context.only);
    context.ledger.record(outcomes, {
      source: name,
      counterexample: {
        step: name,
        probe,
        worldBefore: before === null ? null : { ...worldOf(before), accessKeys: [] },
      },
      reproduce: context.reproduce,
    });
    const code = exchange.decoded.fields.Code?.value;
    const failed = outcomes.filter((o) => o.status === 'fail').map((o) => o.rule);
    step(
      name,
      `HTTP ${outcome.response.status}${code === undefined ? '' : ` ${code}`}` +
        `${latest === null ? '; the world after could not be read' : ''}` +
        `; judged on ${judges.join(', ')}${failed.length > 0 ? `; failed ${[...new Set(failed)].join(', ')}` : ''}`,
    );
  };

  // Whatever happens in between, the restore runs; a failure is raised only after it, with what it left.
  let failure: unknown;
  try {
    // Broken authentication on a request that would otherwise succeed: only here can a target that never
    // checks it show as AU-3 / AU-6 rather than AU-8 (the read-only tier's requests all fail on business).
    await detach('sandbox:wrong-signature', manifest.linuxInstanceIds, ['AU-3', 'AU-8'], {
      breakage: 'wrong-signature',
    });
    await detach('sandbox:stale-timestamp', manifest.linuxInstanceIds, ['AU-6', 'AU-8'], {
      scheme: 'v3',
      format: null,
      breakage: 'stale-timestamp',
    });
    const firstLinux = manifest.linuxInstanceIds[0];
    if (manifest.windowsInstanceId !== undefined && firstLinux !== undefined)
      await detach('sandbox:windows-detach', [manifest.windowsInstanceId, firstLinux], ['WIN-1', 'WIN-2']);
    await detach('sandbox:detach-linux', manifest.linuxInstanceIds, ['OK', 'ST']);
  } catch (error) {
    failure = error;
  }
  const unrestored = await restore(manifest, start, latest, send, context, describe, step);
  if (failure !== undefined) {
    if (unrestored.length === 0 || !(failure instanceof Error)) throw failure;
    failure.message += `; NOT RESTORED, run: ${restoreCommands(unrestored).join(' && ')}`;
    throw failure;
  }
  return { steps, unrestored };
}

/** Brings back every instance that was bound to the manifest's key pair, then confirms the whole start. */
async function restore(
  manifest: SandboxManifest,
  start: Map<string, Seen>,
  latest: Map<string, Seen> | null,
  send: (call: SendCall) => Promise<SendOutcome>,
  context: SandboxContext,
  describe: (name: string) => Promise<Map<string, Seen> | string>,
  step: (name: string, outcome: string) => void,
): Promise<UnrestoredResource[]> {
  const toAttach = [...start.values()]
    .filter((s) => s.keyPairName === manifest.keyPairName)
    .filter((s) => latest === null || latest.get(s.instanceId)?.keyPairName !== manifest.keyPairName)
    .map((s) => s.instanceId);
  if (toAttach.length > 0) {
    const probe = makeProbe({
      action: 'AttachKeyPair',
      regionId: manifest.regionId,
      keyPairName: manifest.keyPairName,
      instanceIds: JSON.stringify(toAttach),
    });
    const outcome = await send({
      name: 'sandbox:restore',
      probe,
      mutating: true,
      build: () =>
        encodeProbe(probe, {
          key: context.key,
          host: context.host,
          now: Date.now(),
          ...definedOnly({ securityToken: context.securityToken }),
        }).wire,
    });
    step(
      'restore',
      outcome.kind === 'inconclusive'
        ? `AttachKeyPair for ${toAttach.join(', ')} inconclusive: ${outcome.reason}`
        : `AttachKeyPair for ${toAttach.join(', ')}: HTTP ${outcome.response.status}`,
    );
  } else step('restore', 'nothing to restore');

  const final = await describe('sandbox:confirm-restore');
  const unrestored: UnrestoredResource[] = [];
  for (const s of start.values()) {
    const now = typeof final === 'string' ? undefined : final.get(s.instanceId);
    if (now !== undefined && now.keyPairName === s.keyPairName) continue;
    unrestored.push({
      regionId: manifest.regionId,
      instanceId: s.instanceId,
      expectedKeyPairName: s.keyPairName,
      observedKeyPairName: now === undefined ? 'unknown' : now.keyPairName,
      restore: restoreCommand(manifest.regionId, s.keyPairName, now?.keyPairName ?? null, [s.instanceId]),
    });
  }
  step(
    'confirm-restore',
    typeof final === 'string'
      ? `DescribeInstances ${final}: the restore could not be confirmed`
      : unrestored.length === 0
        ? 'every instance bound as before the run'
        : `${unrestored.length} instance(s) not restored: ${unrestored.map((u) => u.instanceId).join(', ')}`,
  );
  return unrestored;
}

/**
 * The Alibaba Cloud CLI command that puts instances back on `expected` (AttachKeyPair), or, for an
 * instance that had no key pair, takes `observed` off it again (DetachKeyPair). Arguments are quoted for
 * a POSIX shell.
 */
function restoreCommand(
  regionId: string,
  expected: string | null,
  observed: string | null,
  instanceIds: readonly string[],
): string {
  const ids = shellQuote(JSON.stringify(instanceIds));
  if (expected !== null)
    return `aliyun ecs AttachKeyPair --RegionId ${shellQuote(regionId)} --KeyPairName ${shellQuote(expected)} --InstanceIds ${ids}`;
  return `aliyun ecs DetachKeyPair --RegionId ${shellQuote(regionId)} --KeyPairName ${shellQuote(observed ?? '')} --InstanceIds ${ids}`;
}

/** One command per key pair restoring every unrestored instance that had it (what the CLI prints). */
export function restoreCommands(unrestored: readonly UnrestoredResource[]): string[] {
  const groups = new Map<string, UnrestoredResource[]>();
  for (const u of unrestored) {
    const undo = u.expectedKeyPairName === null ? u.observedKeyPairName : null;
    const key = JSON.stringify([u.regionId, u.expectedKeyPairName, undo]);
    groups.set(key, [...(groups.get(key) ?? []), u]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as UnrestoredResource;
    const observed = first.observedKeyPairName === 'unknown' ? null : first.observedKeyPairName;
    return restoreCommand(
      first.regionId,
      first.expectedKeyPairName,
      observed,
      group.map((u) => u.instanceId),
    );
  });
}

/** A word for a POSIX shell: bare when safe, else single-quoted. */
function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:@,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Refuses (as a suite bug) any sandbox request naming a region, key pair or instance outside the manifest.
 * `InstanceIds` must be a JSON list (ID-1, ID-5) as the oracle reads it — the reading that judges the
 * exchange — and not as the reference emulator's parser happens to.
 */
function assertWithinManifest(probe: Probe, manifest: SandboxManifest): void {
  const allowed = new Set([
    ...manifest.linuxInstanceIds,
    ...(manifest.windowsInstanceId === undefined ? [] : [manifest.windowsInstanceId]),
  ]);
  const value = probe.instanceIds === null ? null : classifyInstanceIds(probe.instanceIds);
  const ids = value?.rule === 'ID-1' || value?.rule === 'ID-5' ? value.ids : null;
  if (
    probe.regionId !== manifest.regionId ||
    (probe.keyPairName !== null && probe.keyPairName !== manifest.keyPairName) ||
    ids === null ||
    ids.some((id) => !allowed.has(id))
  ) {
    throw new Error(
      `internal error: a sandbox request would name a resource outside the manifest (${probe.action})`,
    );
  }
}

/** The instances a DescribeInstances answer lists, or why it cannot be read. */
function readInstances(outcome: SendOutcome): Map<string, Seen> | string {
  if (outcome.kind === 'inconclusive') return outcome.reason;
  const { response } = outcome;
  const decoded = decodeResponse(response);
  if (response.status !== 200) {
    const code = decoded.fields.Code?.value;
    const message = decoded.fields.Message?.value;
    return `answered HTTP ${response.status}${code === undefined ? '' : ` ${code}`}${message === undefined ? '' : `: ${message}`}`;
  }
  const list = (decoded.document as { Instances?: { Instance?: unknown } } | null)?.Instances?.Instance;
  const entries = Array.isArray(list) ? list : list === undefined ? [] : [list];
  const seen = new Map<string, Seen>();
  for (const entry of entries) {
    const e = (entry ?? {}) as Record<string, unknown>;
    if (typeof e.InstanceId !== 'string') return 'answered an instance without InstanceId';
    seen.set(e.InstanceId, {
      instanceId: e.InstanceId,
      osType: String(e.OSType ?? e.OSName ?? '').toLowerCase() === 'windows' ? 'windows' : 'linux',
      keyPairName: typeof e.KeyPairName === 'string' && e.KeyPairName !== '' ? e.KeyPairName : null,
    });
  }
  return seen;
}

/** How the starting state differs from what the manifest promises. */
function startProblems(start: Map<string, Seen>, manifest: SandboxManifest): string[] {
  const problems: string[] = [];
  for (const id of manifest.linuxInstanceIds) {
    const s = start.get(id);
    if (s === undefined) problems.push(`${id} is not an instance of ${manifest.regionId}`);
    else if (s.osType !== 'linux') problems.push(`${id} is not a Linux instance`);
    else if (s.keyPairName !== manifest.keyPairName)
      problems.push(
        `${id} is bound to ${s.keyPairName === null ? 'no key pair' : `"${s.keyPairName}"`}, not "${manifest.keyPairName}"`,
      );
  }
  const win = manifest.windowsInstanceId;
  if (win !== undefined) {
    const s = start.get(win);
    if (s === undefined) problems.push(`${win} is not an instance of ${manifest.regionId}`);
    else if (s.osType !== 'windows') problems.push(`${win} is not a Windows instance`);
  }
  return problems;
}

function keep(outcomes: CheckOutcome[], only: ReadonlySet<RuleId> | null): CheckOutcome[] {
  return only === null ? outcomes : outcomes.filter((o) => only.has(o.rule));
}
