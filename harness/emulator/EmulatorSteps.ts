import type { Instance, World } from '../spec/World.ts';
import type { V1Verification } from '../wire/signV1.ts';
import type { V3Verification } from '../wire/signV3.ts';
import type { ParamList, WireRequest, WireResponse } from '../wire/WireMessage.ts';
import type { ApiError } from './apiError.ts';
import type { Scheme } from './authenticate.ts';
import type { DetachResult } from './detachKeyPair.ts';
import type { EmulatorProfile } from './EmulatorProfile.ts';
import type { Incoming } from './readIncoming.ts';
import type { ResponseBody, ResponseFormat } from './renderResponse.ts';

/** A whole-request error. `world` is set only by a step that changes the world anyway. */
export type Failure = { ok: false; error: ApiError; world?: World };

/** What every answer of one request is written with, routed or not. */
export type Reply = {
  /** The steps this emulator was built with: the handler and its steps call each other through them. */
  steps: EmulatorSteps;
  /** The world the request found. */
  world: World;
  /** The profile as configured. */
  profile: EmulatorProfile;
  format: ResponseFormat;
  requestId: string;
  /** The `Host` header as received (GEN-4). */
  hostId: string;
};

/** One routed request, as its action and authentication judge it. */
export type Call = Reply & {
  incoming: Incoming;
  scheme: Scheme;
  /** The server clock, in milliseconds since the epoch (AU-6). */
  now: number;
  /** Whether a nonce key was already used by an authenticated request within the window (AU-7). */
  nonceSeen: (nonceKey: string) => boolean;
  /** The business judgement of the action the request was routed to. */
  action: ActionHandler;
};

/** What an action's business judgement yields: the success body and the world after it, or an error. */
export type ActionOutcome = { ok: true; world: World; body: ResponseBody } | Failure;

/** The business judgement of one action on a routed, authenticated request. */
export type ActionHandler = (call: Call) => ActionOutcome;

/** The action and version a request names (GEN-5: V3 in headers, V1 in parameters). */
export type NamedRoute = { action: string | undefined; version: string | undefined };

/** A request that passed authentication, with the nonce to remember (AU-7). */
export type Authenticated = { ok: true; nonceKey: string };

/** A DetachKeyPair request whose parameters are all present and readable (RQ-4, GEN-1, ID-1..ID-6). */
export type DetachRequest = { ok: true; regionId: string; keyPairName: string; instanceIds: string[] };

/** What DetachKeyPair decided: the result of every named instance and the instances to unbind (ST). */
export type DetachDecision = { ok: true; results: DetachResult[]; unbind: ReadonlySet<string> };

/** What a DetachKeyPair reports and leaves behind. */
export type DetachEffects = { results: DetachResult[]; world: World };

/**
 * The reference handler's extension points, in the order it takes them: read the request, choose the
 * format, route, authenticate, parse the parameters, decide the outcome, apply it to the world, render.
 * Each is one thing the reference handler does, named for it; the handler and the steps reach one another
 * only through this object ({@link Reply.steps}), so that replacing one step changes every use of it.
 * `handleRequest.ts` holds the reference steps; an emulator built with others ({@link extendSteps}) pays
 * for them once, at start.
 */
export type EmulatorSteps = {
  /** TR-1: the request's parameters (query ∪ form body), path, headers and body. */
  read(request: WireRequest): Incoming;
  /** TR-2, TR-3, GEN-3: the format every answer to the request is written in. */
  format(incoming: Incoming, scheme: Scheme): ResponseFormat;
  /** GEN-5: the action and version the request names. */
  readRoute(incoming: Incoming, scheme: Scheme): NamedRoute;
  /** RQ-1..RQ-3: the routing error, or `undefined` when the action is served and the version right. */
  route(named: NamedRoute): ApiError | undefined;
  /** AU-1..AU-8: whole authentication, in order; built from the three steps below. */
  authenticate(call: Call): Authenticated | Failure;
  /** AU-1, AU-5: the elements a request of `scheme` must carry (V1 parameters, V3 headers). */
  requiredCredentials(scheme: Scheme): readonly string[];
  /** AU-6: the time a `Timestamp` / `x-acs-date` value names (ms since the epoch), or `undefined` when malformed. */
  parseTimestamp(value: string): number | undefined;
  /** AU-6: whether the request's time is within the window around the server clock. */
  withinClockWindow(time: number, now: number): boolean;
  /** AU-2, AU-3: the signature of the request checked with the key's secret. */
  verifySignature(call: Call, accessKeySecret: string): V1Verification | V3Verification;
  /** DetachKeyPair's parameters (RQ-4, GEN-1, ID-1, ID-4..ID-6, ERR-4). */
  parseDetach(params: ParamList, profile: EmulatorProfile): DetachRequest | Failure;
  /** DetachKeyPair's decision, whole-request errors first (RQ-5, ID-3, KP, WIN, ST-5), then per instance (ST). */
  decide(call: Call, request: DetachRequest): DetachDecision | Failure;
  /** RQ-5: the error for a region that does not exist. */
  checkRegion(world: World, regionId: string): Failure | undefined;
  /** ID-2, ID-3: the error for a list of `count` entries over the limit. */
  checkLimit(count: number, profile: EmulatorProfile): Failure | undefined;
  /** KP-1..KP-3: the error for a key pair that does not exist in the region. */
  checkKeyPair(world: World, regionId: string, keyPairName: string): Failure | undefined;
  /** WIN-1, WIN-2: the error for a request naming a Windows instance of the region. */
  checkWindows(
    world: World,
    request: DetachRequest,
    inRegion: ReadonlyMap<string, Instance>,
  ): Failure | undefined;
  /** ST-0..ST-4, OK-7: the decision applied to `world` (the world the request found). */
  apply(world: World, request: DetachRequest, decision: DetachDecision): DetachEffects;
  /** OK-1..OK-11, FM-1: DetachKeyPair's success body. */
  detachBody(document: { KeyPairName: string; Results: DetachResult[] }, reply: Reply): ResponseBody;
  /** ERR-1, ERR-2: the body of an error, of every action. */
  errorBody(error: ApiError, reply: Reply): ResponseBody;
  /** TR-4, TR-5, OK-3: a body written as the response, of every action. */
  render(body: ResponseBody, reply: Reply): WireResponse;
};

/** Replacements of steps, each given the step it replaces (`next`, as an interceptor is). */
export type StepHooks = { [K in keyof EmulatorSteps]?: (next: EmulatorSteps[K]) => EmulatorSteps[K] };

/** `base` with each hooked step replaced by its hook applied to `base`'s step. Built once per emulator. */
export function extendSteps(base: EmulatorSteps, hooks: StepHooks): EmulatorSteps {
  const steps = { ...base };
  for (const name of Object.keys(hooks) as (keyof EmulatorSteps)[]) hook(steps, base, hooks, name);
  return steps;
}

function hook<K extends keyof EmulatorSteps>(
  steps: EmulatorSteps,
  base: EmulatorSteps,
  hooks: StepHooks,
  name: K,
): void {
  const replace = hooks[name] as ((next: EmulatorSteps[K]) => EmulatorSteps[K]) | undefined;
  if (replace !== undefined) steps[name] = replace(base[name]);
}
