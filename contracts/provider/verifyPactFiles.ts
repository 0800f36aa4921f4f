import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import type { CheckOutcome } from '../../harness/checks/CheckOutcome.ts';
import { validateWorld } from '../../harness/spec/validateWorld.ts';
import type { AccessKey, World } from '../../harness/spec/World.ts';
import { isRetryable } from '../../harness/targets/interceptors/withRetry.ts';
import { sendWire } from '../../harness/targets/sendWire.ts';
import { definedOnly } from '../../harness/util/definedOnly.ts';
import type { Breakage, Probe } from '../../harness/wire/Probe.ts';
import { encodeParams } from '../../harness/wire/percentEncode.ts';
import type { WireRequest, WireResponse } from '../../harness/wire/WireMessage.ts';
import { interactionNamed } from '../interactions.ts';
import { type PactInteraction, readPact } from '../pactFiles.ts';
import { type Attribution, attributeRequest } from './attributeRequest.ts';
import type { ContractResult } from './ContractResult.ts';
import { judgeReplayed } from './judgeReplayed.ts';
import { parseVerifierResults } from './parseVerifierResults.ts';
import { replayableBreakages, resignReplayed } from './resignReplayed.ts';
import { postWorld, readWorld } from './worldUrl.ts';

/** What one verification needs: the target, its world URL, the run's credentials and the pact files. */
export type PactVerificationRequest = {
  /** The target's origin, e.g. `http://127.0.0.1:4000`. */
  origin: string;
  /** The target's world URL (target-protocol §1). */
  worldUrl: string;
  /** The run's credentials: added to every world, used to re-sign every replayed request. */
  credentials: AccessKey;
  pactFiles: readonly string[];
};

/** Provider-state parameters as this suite's pacts carry them (target-protocol §1). */
type StateParams = { world?: unknown; auth?: unknown; consumerOnly?: unknown };

/** The express request the Pact proxy hands a request filter: a node request plus the parsed body. */
type ProxyRequest = IncomingMessage & { body?: unknown };

/**
 * What became of one interaction's replayed request: judged by the checks, not judgeable (outside the
 * request model, no World to judge against), or inconclusive (a transport failure or a retryable answer,
 * target-protocol §2: never pass or fail).
 */
type Verdict =
  | { kind: 'judged'; outcomes: CheckOutcome[]; world: World; probe: Probe }
  | { kind: 'unjudged'; reason: string }
  | { kind: 'inconclusive'; reason: string };

const stateSetupPath = '/_pactSetup';

/**
 * Verifies pact files against a target with Pact's `Verifier`, one file at a time (so each result keeps its
 * consumer), and returns one {@link ContractResult} per interaction. Pact does what only Pact does — it
 * reads the pact, drives the provider states and replays each example request — and the suite's checks
 * judge what came back:
 *
 * - `stateHandlers` forward each provider state, setup and teardown, to the world URL; setup adds the run's
 *   credentials to `params.world.accessKeys` (pacts carry none).
 * - `requestFilter` attributes each replayed request to its interaction by the provider state it arrived
 *   under and the pact's example request (attributeRequest.ts; never by position), re-signs it with the
 *   run's credentials and fresh volatile values, re-applies the interaction's breakage (`params.auth`,
 *   {@link resignReplayed}), sends it to the target itself and reads the world back from the world URL. The
 *   exchange — the state's World, the request sent, the response, the world after — is judged by every
 *   check (judgeReplayed.ts): the rule verdicts. The verifier is then answered with the target's response,
 *   byte for byte, and Pact's own pass/fail per interaction is kept beside the checks' verdict as Pact's
 *   verdict (`pact`, `pactMismatch`), never as a rule verdict.
 * - Interactions marked consumer-only (`params.consumerOnly`), or whose breakage a replay cannot carry, are
 *   left out of the verified copy and reported `skip` with the reason.
 *
 * `providerStatesSetupUrl` is deliberately not passed: Pact JS then ignores `stateHandlers`. Pact prints its
 * own report to this process's stdout (the FFI writes there directly); `verifyContracts` runs this in a
 * child process to keep that out of the caller's output.
 */
export async function verifyPactFiles(req: PactVerificationRequest): Promise<ContractResult[]> {
  const results: ContractResult[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'dkp-contracts-'));
  try {
    for (const file of req.pactFiles) results.push(...(await verifyOne(file, dir, req)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}

function paramsOf(interaction: PactInteraction): { state: string | undefined; params: StateParams } {
  const state = interaction.providerStates?.[0];
  return { state: state?.name, params: (state?.params ?? {}) as StateParams };
}

/** Why an interaction cannot be replayed against a world, or `undefined` when it can. */
function skipReason(interaction: PactInteraction): string | undefined {
  const { params } = paramsOf(interaction);
  if (typeof params.consumerOnly === 'string') return params.consumerOnly;
  if (params.consumerOnly !== undefined) return 'consumer-only';
  if (params.auth !== undefined && !replayableBreakages.has(String(params.auth))) {
    return `breakage "${String(params.auth)}" cannot be re-applied to a replayed request`;
  }
  return undefined;
}

/** A request that belongs to no single interaction, described for the interactions left unjudged. */
function stray(attribution: Exclude<Attribution, { kind: 'one' }>, state: string): string {
  return attribution.kind === 'none'
    ? `a request under state "${state}" matched no interaction's example request`
    : `a request under state "${state}" matched several interactions (${attribution.descriptions.join('; ')})`;
}

async function verifyOne(file: string, dir: string, req: PactVerificationRequest): Promise<ContractResult[]> {
  const pact = await readPact(file);
  const consumer = pact.consumer.name;
  const base = (interaction: PactInteraction) => {
    const { state } = paramsOf(interaction);
    return {
      consumer,
      interaction: interaction.description,
      rules: [...(interactionNamed(interaction.description)?.rules ?? [])],
      ...definedOnly({ state }),
    };
  };
  const results: ContractResult[] = [];
  const toRun: PactInteraction[] = [];
  for (const interaction of pact.interactions) {
    const reason = skipReason(interaction);
    if (reason === undefined) toRun.push(interaction);
    else results.push({ ...base(interaction), status: 'skip', reason });
  }
  if (toRun.length === 0) return results;

  const copy = join(dir, basename(file));
  await writeFile(copy, JSON.stringify({ ...pact, interactions: toRun }));
  const stateErrors = new Map<string, string>();
  let current: StateParams = {};
  let currentState = '';
  // The World the current state loaded (with the run's credentials): what a replayed request is judged against.
  let currentWorld: World | undefined;
  const verdicts = new Map<string, Verdict>();
  const strays: string[] = [];
  const host = new URL(req.origin).host;

  const stateHandlers = Object.fromEntries(
    [...new Set(toRun.map((i) => paramsOf(i).state ?? ''))].map((state) => [
      state,
      {
        setup: async (parameters?: unknown) => {
          const params = (parameters ?? {}) as StateParams;
          current = params;
          currentState = state;
          currentWorld = undefined;
          try {
            if (typeof params.world !== 'object' || params.world === null) {
              throw new Error('the provider state carries no params.world');
            }
            const world = { ...(params.world as object), accessKeys: [req.credentials] };
            await postWorld(req.worldUrl, { action: 'setup', state, params: { ...params, world } });
            const checked = validateWorld(world);
            if (checked.ok) currentWorld = checked.world;
          } catch (error) {
            stateErrors.set(state, `setup: ${(error as Error).message}`);
            throw error;
          }
          return undefined;
        },
        teardown: async (parameters?: unknown) => {
          current = {};
          currentWorld = undefined;
          try {
            await postWorld(req.worldUrl, { action: 'teardown', state, params: parameters ?? {} });
          } catch (error) {
            stateErrors.set(state, `teardown: ${(error as Error).message}`);
            throw error;
          }
          return undefined;
        },
      },
    ]),
  );

  /** Records the verdict of an attributed request; a second request for the same interaction is a stray. */
  const settle = (description: string, verdict: Verdict) => {
    if (verdicts.has(description)) {
      verdicts.set(description, { kind: 'unjudged', reason: 'Pact sent more than one request for it' });
    } else verdicts.set(description, verdict);
  };

  const requestFilter = (incoming: ProxyRequest, res: ServerResponse, next: (error?: unknown) => void) => {
    if ((incoming.url ?? '').startsWith(stateSetupPath)) {
      next();
      return;
    }
    const arrived = toWire(incoming);
    const state = currentState;
    const world = currentWorld;
    const breakage = typeof current.auth === 'string' ? (current.auth as Breakage) : null;
    const attribution = attributeRequest(arrived, { state, params: current }, toRun);
    if (attribution.kind !== 'one') strays.push(stray(attribution, state));
    const description = attribution.kind === 'one' ? attribution.description : undefined;
    let out: WireRequest;
    try {
      out = resignReplayed(arrived, { key: req.credentials, host, now: Date.now(), breakage });
    } catch (error) {
      if (description !== undefined) {
        settle(description, { kind: 'unjudged', reason: `re-signing failed: ${(error as Error).message}` });
      }
      next(error);
      return;
    }
    sendWire(req.origin, out).then(
      async (response) => {
        // Judged before the verifier gets its answer: Pact tears the state down only after that.
        if (description !== undefined) {
          const verdict = await judge({ world, request: out, response, breakage }, req.worldUrl).catch(
            (error: unknown): Verdict => ({ kind: 'unjudged', reason: `judging failed: ${String(error)}` }),
          );
          settle(description, verdict);
        }
        const headers = Object.fromEntries(
          Object.entries(response.headers).filter(([name]) => !hopByHop.has(name)),
        );
        res.writeHead(response.status, { ...headers, 'content-length': String(response.body.length) });
        res.end(Buffer.from(response.body));
      },
      (error: unknown) => {
        if (description !== undefined) {
          const code = (error as { code?: string }).code ?? (error as Error).message;
          settle(description, { kind: 'inconclusive', reason: `transport failure: ${code}` });
        }
        next(error);
      },
    );
  };

  let json: string;
  try {
    json = await new Verifier({
      providerBaseUrl: req.origin,
      provider: pact.provider.name,
      pactUrls: [copy],
      logLevel: 'error',
      changeOrigin: false,
      // Pact types stateHandlers as HTTP and message handlers at once; these are HTTP state handlers.
      stateHandlers: stateHandlers as unknown as NonNullable<VerifierOptions['stateHandlers']>,
      // biome-ignore lint/suspicious/noExplicitAny: Pact types requestFilter as express.RequestHandler, which this project does not depend on.
      requestFilter: requestFilter as any,
    }).verifyProvider();
  } catch (error) {
    // A failed verification rejects with the same JSON as its message.
    json = (error as Error).message;
  }
  const pactVerdicts = parseVerifierResults(
    json,
    toRun.map((i) => i.description),
  );
  for (const interaction of toRun) {
    const { state } = paramsOf(interaction);
    const fromPact = pactVerdicts.get(interaction.description);
    const pactFields = {
      pact: fromPact?.status ?? ('fail' as const),
      ...(fromPact?.mismatch === undefined ? {} : { pactMismatch: fromPact.mismatch }),
    };
    const stateError = stateErrors.get(state ?? '');
    const verdict = verdicts.get(interaction.description);
    if (stateError !== undefined) {
      results.push({
        ...base(interaction),
        status: 'error',
        reason: `the world URL refused the provider state (${stateError})`,
        stateError,
        ...pactFields,
      });
    } else if (verdict === undefined) {
      const why = strays.length === 0 ? 'Pact sent no request for it' : strays.join('; ');
      results.push({
        ...base(interaction),
        status: 'error',
        reason: `no replayed request was attributed to it: ${why}`,
        ...pactFields,
      });
    } else if (verdict.kind === 'inconclusive') {
      results.push({
        ...base(interaction),
        status: 'skip',
        reason: `inconclusive: ${verdict.reason}`,
        ...pactFields,
      });
    } else if (verdict.kind === 'unjudged') {
      results.push({ ...base(interaction), status: 'error', reason: verdict.reason, ...pactFields });
    } else {
      const failures = verdict.outcomes.filter((o) => o.status === 'fail');
      results.push({
        ...base(interaction),
        status: failures.length > 0 ? 'fail' : 'pass',
        ...(failures.length === 0
          ? {}
          : {
              failedRules: [...new Set(failures.map((o) => o.rule))],
              reason: failures
                .map((o) => `${o.rule}: ${o.title}; expected ${o.expected}; received ${o.received}`)
                .join('\n'),
            }),
        outcomes: verdict.outcomes,
        replayed: { world: verdict.world, probe: verdict.probe },
        ...pactFields,
      });
    }
  }
  // Keep the pact file's order: skipped and verified interactions interleave as the consumer wrote them.
  const order = new Map(pact.interactions.map((i, n) => [i.description, n]));
  return results.sort((a, b) => (order.get(a.interaction) ?? 0) - (order.get(b.interaction) ?? 0));
}

/**
 * The checks' verdict on one replayed request: a retryable answer (503, throttling) is inconclusive;
 * otherwise the world is read back and the exchange judged (judgeReplayed.ts).
 */
async function judge(
  replayed: {
    world: World | undefined;
    request: WireRequest;
    response: WireResponse;
    breakage: Breakage | null;
  },
  worldUrl: string,
): Promise<Verdict> {
  if (isRetryable(replayed.response)) {
    return {
      kind: 'inconclusive',
      reason: `the target answered HTTP ${replayed.response.status} (retryable)`,
    };
  }
  if (replayed.world === undefined) {
    return { kind: 'unjudged', reason: 'the provider state loaded no valid World to judge against' };
  }
  const judged = judgeReplayed({ ...replayed, world: replayed.world, worldAfter: await readWorld(worldUrl) });
  return judged.ok
    ? { kind: 'judged', outcomes: judged.outcomes, world: replayed.world, probe: judged.probe }
    : { kind: 'unjudged', reason: judged.problem };
}

const encoder = new TextEncoder();

/**
 * The replayed request as a {@link WireRequest}. The Pact proxy has already parsed the body (JSON and form
 * bodies into objects, anything else into a Buffer): a form body is written back with the suite's encoder,
 * which the V1 signature does not depend on (it signs decoded values).
 */
function toWire(incoming: ProxyRequest): WireRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const body = incoming.body;
  let bytes: Uint8Array;
  if (Buffer.isBuffer(body)) bytes = new Uint8Array(body);
  else if (body === undefined || body === null) bytes = new Uint8Array();
  else if (typeof body === 'object' && Object.keys(body).length === 0) bytes = new Uint8Array();
  else if (typeof body === 'object' && (headers['content-type'] ?? '').includes('x-www-form-urlencoded')) {
    const params = Object.entries(body as Record<string, unknown>).flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map((x) => [k, typeof x === 'string' ? x : JSON.stringify(x)] as const),
    );
    bytes = encoder.encode(encodeParams(params));
  } else if (typeof body === 'object') bytes = encoder.encode(JSON.stringify(body));
  else bytes = encoder.encode(String(body));
  for (const name of hopByHop) delete headers[name];
  return { method: incoming.method ?? 'GET', target: incoming.url ?? '/', headers, body: bytes };
}

/** Headers that belong to one connection, or that the sender recomputes: never forwarded either way. */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'expect',
  'proxy-connection',
  'te',
  'trailer',
  'content-length',
  // Asked for by the verifier; dropped so the target answers plain bodies the suite can read.
  'accept-encoding',
]);
