import { randomInt } from 'node:crypto';
import { type ReadOnlyProbe, readOnlyProbes } from '../../fixtures/probes/readOnlyProbes.ts';
import { judgeProbe } from '../../properties/judgeProbe.ts';
import type { RecordedExchange, Recording } from '../recordings/Recording.ts';
import { maskAccessKeyId, redactExchange } from '../recordings/redactExchange.ts';
import { writeRecording } from '../recordings/writeRecording.ts';
import type { AuditSection, Report, UnrestoredResource } from '../reports/Report.ts';
import type { Expectation } from '../reports/summarise.ts';
import { expandRuleSelection, type RuleId, rules } from '../spec/rules.ts';
import type { AccessKey, World } from '../spec/World.ts';
import { endpointTarget } from '../targets/endpointTarget.ts';
import { compose, type Send, type SendOutcome } from '../targets/interceptors/Send.ts';
import { transportSend } from '../targets/interceptors/transportSend.ts';
import { withAttemptObserver } from '../targets/interceptors/withAttemptObserver.ts';
import {
  defaultRatePerSecond,
  type LimiterClock,
  withRateLimit,
} from '../targets/interceptors/withRateLimit.ts';
import { withRecording } from '../targets/interceptors/withRecording.ts';
import { withRetry } from '../targets/interceptors/withRetry.ts';
import { defaultTimeoutMs, withTimeout } from '../targets/interceptors/withTimeout.ts';
import type { Target } from '../targets/Target.ts';
import { definedOnly } from '../util/definedOnly.ts';
import { HarnessError } from '../util/HarnessError.ts';
import { parseParams } from '../wire/percentEncode.ts';
import type { WireRequest } from '../wire/WireMessage.ts';
import { finishReport } from './finishReport.ts';
import type { RuleLedger } from './RuleLedger.ts';
import { readSandboxManifest, type SandboxManifest, validateSandboxManifest } from './readSandboxManifest.ts';
import { auditRunCommand, reproduceCommand } from './reproduceCommand.ts';
import { logRequestIds } from './requestIdLog.ts';
import { type Opened, type Phase, runLifecycle } from './runPhases.ts';
import { runSandbox, type SandboxRun } from './runSandbox.ts';
import { environmentCredentials, type ResponseBounds } from './runSetup.ts';
import { isCanaryCall } from './sendCanary.ts';
import { suiteVersion } from './suiteVersion.ts';

/** Progress events for reporters (the terminal reporter's shape). */
export type AuditProgress = { phase: string; done: number; total?: number; failures: number };

/** Options of {@link audit}: the library form of `dkp-conformance audit` (target-protocol §2, §4). */
export type AuditOptions = {
  /** An origin: `https://ecs.<region>.aliyuncs.com` (`http://127.0.0.1:PORT` in tests). */
  endpoint: string;
  region: string;
  /** The sandbox tier: needs `sandbox` too (and only then is anything changed). */
  allowMutation?: boolean;
  /** The sandbox manifest: a file path, or the manifest itself. */
  sandbox?: string | SandboxManifest;
  /** Requests per second (default 5). */
  rate?: number;
  /** Per-request timeout in ms (default 10 000), the answer read included (`--timeout`). */
  timeoutMs?: number;
  /** `--max-response-bytes`: the largest answer body read (default 1 MiB); a larger one is inconclusive. */
  maxResponseBytes?: number;
  /** `--record DIR`: write the redacted recording to `DIR/recording.json`. */
  record?: string;
  /** Orders the read-only probes (reproducibly); names stay fresh and random whatever the seed. */
  seed?: number;
  strict?: boolean;
  /** `--only`: whole rule IDs or family names, comma-separated. */
  only?: string;
  expectations?: readonly Expectation[];
  /** Where the credentials are read (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  onProgress?: (event: AuditProgress) => void;
  /** Retry backoff base (ms; default 200); tests set it low. */
  backoffMs?: number;
  /** The rate limiter's clock; tests inject one. */
  clock?: LimiterClock;
};

/**
 * What `audit` hands back: the report, the secrets no output may carry (the AccessKeySecret, the security
 * token, every signature and nonce sent), the sandbox resources not restored (exit 1 when any), and the
 * recording (with its path when `record` was given).
 */
export type AuditResult = {
  report: Report;
  secrets: string[];
  unrestored: UnrestoredResource[];
  recording?: Recording;
  recordingPath?: string;
};

/** Rules no request of `audit` can judge, with the reason the report gives. */
function fixedSkip(id: RuleId): string | undefined {
  if (id.startsWith('CL-')) return 'client rules are judged by sdk';
  if (id === 'OK-12') return 'a rule for the judge, not the target: every check ignores unknown fields';
  if (id === 'FM-1' || id.startsWith('MR-'))
    return 'metamorphic rules are judged by verify: they repeat a request on a world the suite controls';
  if (id === 'KP-2' || id === 'KP-3')
    return 'needs a key pair that audit never names (another region, a case variant)';
  return undefined;
}

/** Rules that need known resources: judged only by the sandbox tier. */
const needsSandbox = (id: RuleId) =>
  id.startsWith('ST-') || id.startsWith('OK-') || id.startsWith('WIN-') || id === 'ERR-3' || id === 'ID-2';

/**
 * Audits a live endpoint (target-protocol §2): without world control, with the user's credentials
 * (`ALIBABA_CLOUD_ACCESS_KEY_ID` / `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, and `ALIBABA_CLOUD_SECURITY_TOKEN`
 * when set). By default only the read-only probes of `fixtures/probes/readOnlyProbes.ts` are sent, each
 * judged by the oracle against an assumed world (the region exists, no key pairs) and every check; rules
 * that need known resources are `skip`. With `allowMutation` and a sandbox manifest, the sandbox tier
 * (`runSandbox.ts`) runs first and restores what it changed. Every request goes through the interceptor
 * chain: rate limit, per-request timeout, retries of throttling and 503 (never of a mutating request),
 * recording. Usage and configuration problems throw `HarnessError` (exit 2) before anything is sent.
 */
export async function audit(options: AuditOptions): Promise<AuditResult> {
  const startedAt = new Date();
  const endpoint = checkEndpoint(options.endpoint);
  const region = options.region;
  if (typeof region !== 'string' || region.trim() === '')
    throw new HarnessError('USAGE', 'audit needs --region ID (the region the endpoint serves)');
  const rate = options.rate ?? defaultRatePerSecond;
  if (!(rate > 0) || !Number.isFinite(rate) || rate > 1000)
    throw new HarnessError(
      'USAGE',
      `--rate must be a number of requests per second in (0, 1000], got ${rate}`,
    );
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1)
    throw new HarnessError('USAGE', `--timeout must be a positive integer (ms), got ${timeoutMs}`);
  const maxResponseBytes = options.maxResponseBytes;
  if (maxResponseBytes !== undefined && (!Number.isInteger(maxResponseBytes) || maxResponseBytes < 1))
    throw new HarnessError(
      'USAGE',
      `--max-response-bytes must be a positive integer (bytes), got ${maxResponseBytes}`,
    );
  if (options.allowMutation === true && options.sandbox === undefined)
    throw new HarnessError(
      'USAGE',
      '--allow-mutation needs --sandbox FILE (the manifest of what may change)',
    );
  if (options.allowMutation !== true && options.sandbox !== undefined)
    throw new HarnessError('USAGE', '--sandbox needs --allow-mutation: the sandbox tier changes resources');
  let only: Set<RuleId> | null = null;
  if (options.only !== undefined) {
    const selection = expandRuleSelection(options.only);
    if (!selection.ok)
      throw new HarnessError('USAGE', `--only: unknown rule or family: ${selection.unknown.join(', ')}`);
    only = new Set(selection.ids);
  }
  const seed = options.seed ?? randomInt(1, 2 ** 31 - 1);
  const env = options.env ?? process.env;
  const key = credentials(env);
  const securityToken = env.ALIBABA_CLOUD_SECURITY_TOKEN || undefined;
  let manifest: SandboxManifest | undefined;
  if (options.sandbox !== undefined) {
    manifest =
      typeof options.sandbox === 'string'
        ? await readSandboxManifest(options.sandbox)
        : validateSandboxManifest(options.sandbox);
    if (manifest.regionId !== region)
      throw new HarnessError(
        'CONFIG',
        `--sandbox names region ${manifest.regionId} but --region is ${region}; nothing was sent`,
      );
  }
  // Every reproduction names this run's endpoint, region and tiers (reproduceCommand.ts): the sandbox tier
  // runs whatever --only says, so a failure found after it is reproduced after it.
  const command = auditRunCommand({ ...options, endpoint, region });
  const reproduce = (rule: RuleId) => reproduceCommand(command, ['--seed', String(seed), '--only', rule]);

  // Everything volatile or secret the run sends: no report, recording or printed line may carry it.
  const secrets = new Set<string>([key.accessKeySecret]);
  if (securityToken !== undefined) secrets.add(securityToken);
  const exchanges: RecordedExchange[] = [];
  const redaction = {
    accessKeyId: key.accessKeyId,
    accessKeySecret: key.accessKeySecret,
    ...(securityToken === undefined ? {} : { securityToken }),
  };
  let httpRequests = 0;
  let calls = 0;
  let inconclusiveCalls = 0;

  // What the run opens, given its response bounds: the endpoint, every answer read within
  // --max-response-bytes and --timeout, and the interceptor chain every request goes through.
  const open = async (bounds: ResponseBounds): Promise<Opened<AuditResources>> => {
    const timeout = bounds.responseTimeoutMs ?? defaultTimeoutMs;
    // undici's own timeouts sit just behind withTimeout's, so that a slow answer reads "timed out after N ms".
    const opened = logRequestIds(
      endpointTarget(endpoint, {
        timeoutMs: timeout + 1000,
        ...definedOnly({ maxResponseBytes: bounds.maxResponseBytes }),
      }),
    );
    // OK-2's "unique per response" is judged across the run, as verify does (requestIdLog.ts).
    const target = opened.target;
    const send = compose(
      transportSend((request, sendOptions) => target.send(request, sendOptions)),
      withRecording(({ call, outcome }) => {
        // The canary is the run's precondition (target-protocol §4): sent, never judged, counted or recorded.
        if (isCanaryCall(call)) return;
        calls++;
        if (outcome.kind === 'inconclusive') inconclusiveCalls++;
        if (options.record === undefined || call.probe === undefined) return;
        exchanges.push(
          redactExchange(
            {
              name: call.name ?? call.probe.action ?? 'unnamed',
              probe: call.probe,
              request: outcome.request,
              ...(outcome.response === undefined ? {} : { response: outcome.response }),
              ...(outcome.kind === 'inconclusive' ? { inconclusive: outcome.reason } : {}),
            },
            redaction,
          ),
        );
      }),
      withRetry({ baseMs: options.backoffMs ?? 200 }),
      withRateLimit(rate, options.clock),
      withTimeout(timeout),
      withAttemptObserver((attempt: SendOutcome) => {
        httpRequests++;
        for (const value of volatileValues(attempt.request)) secrets.add(value);
      }),
    );
    return { resources: { target, send, requestIds: opened }, close: () => target.close() };
  };

  let sandbox: SandboxRun | undefined;
  const selected = orderBySeed(
    readOnlyProbes.filter((p) => only === null || p.rules.some((r) => only?.has(r))),
    seed,
  );
  // Given a manifest, the sandbox tier always runs (--only filters what it judges), so that the
  // reproduce command of a failure it found finds it again.
  const sandboxTier = (tier: SandboxManifest): Phase<AuditResources> => ({
    name: 'sandbox',
    rules: 'every rule',
    run: async ({ target, send, ledger, progress }) => {
      let done = 0;
      progress(0);
      sandbox = await runSandbox({
        manifest: tier,
        key,
        ...(securityToken === undefined ? {} : { securityToken }),
        host: target.host,
        send,
        ledger,
        only,
        reproduce,
        onStep: () => progress(++done),
      });
      // Counted by the recording interceptor, as every call of the run.
      return { requests: 0, inconclusive: 0 };
    },
  });
  const readOnlyTier: Phase<AuditResources> = {
    name: 'read-only probes',
    rules: [...new Set(selected.flatMap((p) => p.rules))],
    run: async ({ target, send, ledger, progress }) => {
      await runReadOnly(selected, {
        key,
        region,
        ...(securityToken === undefined ? {} : { securityToken }),
        send,
        target,
        ledger,
        only,
        seed,
        reproduce,
        onProbe: (done) => progress(done, selected.length),
      });
      return { requests: 0, inconclusive: 0 };
    },
  };
  const { ledger, resources } = await runLifecycle<AuditResources>({
    bounds: { maxResponseBytes, responseTimeoutMs: timeoutMs },
    open,
    // target-protocol §4: credentials the endpoint refuses stop the run (exit 2) before anything is judged.
    canary: ({ target, send }) => ({
      target,
      options: {
        key,
        regionId: region,
        ...(securityToken === undefined ? {} : { securityToken }),
        readsSecurityToken: true,
        send,
      },
    }),
    phases: () => [...(manifest === undefined ? [] : [sandboxTier(manifest)]), readOnlyTier],
    only,
    onProgress: options.onProgress,
  });
  // Success bodies are judged by the sandbox tier only (OK-*: needs known resources).
  if (sandbox !== undefined && (only === null || only.has('OK-2')))
    ledger.record(resources.requestIds.outcomes(), { source: 'run:request-ids', reproduce });

  const skips = new Map<RuleId, string>();
  for (const rule of rules) {
    const fixed = fixedSkip(rule.id);
    if (only !== null && !only.has(rule.id)) skips.set(rule.id, 'excluded by --only');
    else if (fixed !== undefined) skips.set(rule.id, fixed);
    else if (sandbox === undefined && needsSandbox(rule.id))
      skips.set(
        rule.id,
        'needs known resources: judged only by the sandbox tier (--allow-mutation --sandbox FILE)',
      );
  }
  const strict = options.strict === true;
  const unrestored = sandbox?.unrestored ?? [];
  const section: AuditSection = {
    endpoint,
    region,
    tiers: sandbox === undefined ? ['read-only'] : ['sandbox', 'read-only'],
    rate,
    timeoutMs,
    httpRequests,
    securityToken: securityToken !== undefined,
    ...(sandbox === undefined || manifest === undefined
      ? {}
      : { sandbox: { manifest, steps: sandbox.steps, unrestored } }),
  };
  const secretList = [...secrets];
  const finished = finishReport({
    command: 'audit',
    target: endpoint,
    startedAt,
    ledger,
    skips,
    strict,
    expectations: options.expectations,
    seed,
    runs: selected.length,
    only,
    worldControl: false,
    requests: calls,
    inconclusiveRequests: inconclusiveCalls,
  });
  const report: Report = scrub(
    {
      ...finished,
      // A sandbox resource not restored fails the run whatever the rules say (target-protocol §4).
      exitCode: unrestored.length > 0 ? 1 : finished.exitCode,
      verdict: unrestored.length > 0 ? 'nonconformant' : finished.verdict,
      audit: section,
    },
    secretList,
  );

  const result: AuditResult = { report, secrets: secretList, unrestored };
  if (options.record !== undefined) {
    const recording: Recording = {
      schemaVersion: 1,
      suiteVersion,
      endpoint,
      region,
      recordedAt: startedAt.toISOString(),
      accessKeyId: maskAccessKeyId(key.accessKeyId),
      exchanges,
    };
    result.recording = recording;
    result.recordingPath = await writeRecording(recording, options.record, [...secretList, key.accessKeyId]);
  }
  return result;
}

/**
 * What the phases of an audit share: the endpoint opened, the interceptor chain to send through, and the
 * RequestIds of every answer (OK-2 is judged across the run).
 */
type AuditResources = { target: Target; send: Send; requestIds: ReturnType<typeof logRequestIds> };

/** What the read-only tier needs. */
type ReadOnlyContext = {
  key: AccessKey;
  region: string;
  securityToken?: string;
  send: Send;
  target: Target;
  ledger: RuleLedger;
  only: ReadonlySet<RuleId> | null;
  seed: number;
  reproduce: (rule: RuleId) => string;
  onProbe: (done: number) => void;
};

/**
 * Sends every selected read-only probe and records its judged outcomes: the oracle judges against an
 * assumed world (the region exists, no key pairs, no instances), as `verify` does without world control.
 */
async function runReadOnly(probes: readonly ReadOnlyProbe[], context: ReadOnlyContext): Promise<void> {
  const assumed: World = {
    accessKeys: [context.key],
    regions: [context.region],
    keyPairs: [],
    instances: [],
  };
  let done = 0;
  for (const entry of probes) {
    const probe = entry.build({ regionId: context.region });
    const judged = await judgeProbe(context.target, null, context.key, probe, assumed, {
      send: context.send,
      name: entry.name,
      ...(context.securityToken === undefined ? {} : { securityToken: context.securityToken }),
    });
    const outcomes =
      context.only === null
        ? judged.run.outcomes
        : judged.run.outcomes.filter((o) => context.only?.has(o.rule));
    context.ledger.record(outcomes, {
      source: `probe:${entry.name}`,
      counterexample: {
        probe: entry.name,
        request: probe,
        whyItCannotMutate: entry.whyItCannotMutate,
        assumedWorld: { regions: [context.region], keyPairs: [], instances: [] },
      },
      seed: context.seed,
      reproduce: context.reproduce,
    });
    context.onProbe(++done);
  }
}

/** The probes in an order fixed by the seed (a Fisher–Yates shuffle driven by mulberry32). */
function orderBySeed<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The signatures and nonces a request carries (V1 parameters, V3 headers). */
function volatileValues(request: WireRequest): string[] {
  const at = request.target.indexOf('?');
  const params = [
    ...parseParams(at < 0 ? '' : request.target.slice(at + 1)).params,
    ...(request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')
      ? parseParams(new TextDecoder().decode(request.body)).params
      : []),
  ];
  const values = params
    .filter(([name]) => name === 'Signature' || name === 'SignatureNonce')
    .map(([, v]) => v);
  const nonce = request.headers['x-acs-signature-nonce'];
  if (nonce !== undefined) values.push(nonce);
  const signature = /Signature=([^,\s]+)/.exec(request.headers.authorization ?? '')?.[1];
  if (signature !== undefined) values.push(signature);
  return values.filter((v) => v.length >= 8);
}

/** Every string in `value` with each secret (raw, JSON- or percent-encoded) replaced by `<redacted>`. */
function scrub<T>(value: T, secrets: readonly string[]): T {
  const forms = secrets
    .filter((s) => s.length >= 4)
    .flatMap((s) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)])
    .sort((a, b) => b.length - a.length);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return forms.reduce((text, form) => text.split(form).join('<redacted>'), v);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null)
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

function credentials(env: Readonly<Record<string, string | undefined>>): AccessKey {
  return environmentCredentials(
    env,
    'audit needs credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET ' +
      '(and ALIBABA_CLOUD_SECURITY_TOKEN for temporary credentials); nothing was sent',
  );
}

/** `--endpoint` must be an origin (`scheme://host[:port]`, a trailing `/` allowed); returns it without the `/`. */
function checkEndpoint(endpoint: string | undefined): string {
  if (endpoint === undefined || endpoint === '')
    throw new HarnessError('USAGE', 'audit needs --endpoint URL, e.g. https://ecs.cn-hangzhou.aliyuncs.com');
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new HarnessError(
      'USAGE',
      `--endpoint must be an origin such as https://ecs.cn-hangzhou.aliyuncs.com, got "${endpoint}"`,
    );
  }
  if (
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== '' ||
    url.password !== '' ||
    !/^https?:$/.test(url.protocol)
  )
    throw new HarnessError('USAGE', `--endpoint must be an origin (scheme://host[:port]), got "${endpoint}"`);
  return url.origin;
}
