import { randomUUID } from 'node:crypto';
import type { World } from '../spec/World.ts';
import type { ParamList, WireRequest, WireResponse } from '../wire/WireMessage.ts';
import { type ApiError, apiError, missingParameter } from './apiError.ts';
import { type ActiveFault, faultyBody, faultyIncoming, faultyProfile, faultyResponse } from './applyFault.ts';
import { authenticate, type Scheme, schemeOf } from './authenticate.ts';
import { detachKeyPair } from './detachKeyPair.ts';
import { type EmulatorProfile, referenceProfile } from './EmulatorProfile.ts';
import type { FaultName } from './faults.ts';
import { type Incoming, paramValue, readIncoming } from './readIncoming.ts';
import {
  errorBody,
  instancesBody,
  jsonContentType,
  type ResponseBody,
  type ResponseFormat,
  renderBody,
  successBody,
} from './renderResponse.ts';
import { attachKeyPair, describeInstances } from './sandboxActions.ts';

/** Everything one request is answered from: the handler reads no clock, randomness or store of its own. */
export type HandlerInput = {
  world: World;
  request: WireRequest;
  /** The server clock, in milliseconds since the epoch (AU-6). */
  now: number;
  /** Whether a nonce key was already used by an authenticated request within the window (AU-7). */
  nonceSeen: (nonceKey: string) => boolean;
  /** Defaults to a fresh upper-case UUID (OK-2). */
  requestId?: string;
  profile?: EmulatorProfile;
  /** An injected fault (`faults.ts`): the emulator then breaks exactly that rule. None by default. */
  fault?: FaultName;
};

/** The answer, the world after it, and the nonce key the caller must remember for 15 minutes, if any. */
export type HandlerOutput = { world: World; response: WireResponse; rememberNonce?: string };

/** The only API version the emulator serves (RQ-3). */
export const apiVersion = '2014-05-26';

/** What an action's business judgement yields: the success body and the world after it, or an error. */
type ActionOutcome =
  | { ok: true; world: World; body: ResponseBody }
  /** `world` is set only by faults that change the world anyway (WIN-2, ERR-3). */
  | { ok: false; error: ApiError; world?: World };

/** What an action is judged with besides its parameters and the world. */
type ActionContext = {
  /** The profile as configured (success bodies are written with it). */
  profile: EmulatorProfile;
  /** The profile as the MR faults bend it for this request (`faultyProfile`). */
  requestProfile: EmulatorProfile;
  fault: ActiveFault;
  format: ResponseFormat;
  requestId: string;
};

/**
 * The business judgement of one action on a routed request, authenticated but under fault
 * `auth-after-business`.
 */
type ActionHandler = (params: ParamList, world: World, context: ActionContext) => ActionOutcome;

/** DetachKeyPair, the action under test: the only one whose own judgement and success body take a fault. */
const detach: ActionHandler = (params, world, { profile, requestProfile, fault, format, requestId }) => {
  const outcome = detachKeyPair(params, world, requestProfile, fault);
  if (!outcome.ok) return outcome;
  return {
    ok: true,
    world: outcome.world,
    body: faultyBody(fault, format, successBody(outcome, requestId, profile)),
  };
};

/**
 * The actions served on `/`, by name: DetachKeyPair, and the two that `audit`'s sandbox tier sends to
 * restore and confirm (`sandboxActions.ts`), which take the configured profile and no fault.
 */
const actions: ReadonlyMap<string, ActionHandler> = new Map<string, ActionHandler>([
  ['DetachKeyPair', detach],
  [
    'AttachKeyPair',
    (params, world, { profile, requestId }) => {
      const outcome = attachKeyPair(params, world, profile);
      if (!outcome.ok) return outcome;
      return {
        ok: true,
        world: outcome.world,
        body: successBody(outcome, requestId, profile, 'AttachKeyPairResponse'),
      };
    },
  ],
  [
    'DescribeInstances',
    (params, world, { profile, requestId }) => {
      const outcome = describeInstances(params, world, profile);
      return outcome.ok ? { ok: true, world, body: instancesBody(outcome, requestId) } : outcome;
    },
  ],
]);

/**
 * The reference emulator as a pure function `(world, request) → (world, response)`. Order of judgement:
 * routing (RQ-1..RQ-3, GEN-5), then authentication (AU-1..AU-8), then the business parameters (RQ-4, RQ-5,
 * ID, KP, WIN), then per-instance effects (ST). Any error leaves the world as it was (ERR-3). Besides
 * DetachKeyPair it serves AttachKeyPair and DescribeInstances (`sandboxActions.ts`) the same way.
 */
export function handleRequest(input: HandlerInput): HandlerOutput {
  const profile = input.profile ?? referenceProfile;
  const fault: ActiveFault = input.fault ?? null;
  const { world } = input;
  const requestId = input.requestId ?? randomUUID().toUpperCase();
  const incoming = faultyIncoming(fault, readIncoming(input.request));
  const scheme = schemeOf(incoming);
  const format = responseFormat(incoming, scheme, fault);
  const r: Rejecting = { world, fault, format, profile, requestId, hostId: incoming.headers.host ?? '' };

  if (incoming.path !== '/' || (incoming.method !== 'GET' && incoming.method !== 'POST')) {
    return reject(
      r,
      apiError(
        404,
        'InvalidAction.NotFound',
        'Specified api is not found, please check your url and method.',
      ),
    );
  }
  if (incoming.malformed.length > 0) {
    return reject(
      r,
      apiError(
        400,
        'InvalidParameter',
        'The request contains a parameter whose percent-encoding is malformed.',
      ),
    );
  }
  // GEN-5: a V3 request names its action and version in headers.
  // Fault v3-routed-by-query (GEN-5): V3 requests are routed by parameters, as V1 ones are.
  const byHeaders = scheme === 'v3' && fault !== 'v3-routed-by-query';
  const action = byHeaders ? incoming.headers['x-acs-action'] : paramValue(incoming.params, 'Action');
  if (!action) {
    // RQ-1; fault missing-action-wrong-code: a generic validator's code.
    return reject(
      r,
      fault === 'missing-action-wrong-code'
        ? apiError(400, 'InvalidParameter', 'The specified parameter "Action" is not valid.')
        : missingParameter('Action'),
    );
  }
  // Fault unknown-action-accepted (RQ-2): an action the router does not know is served as DetachKeyPair.
  const handler = actions.get(action) ?? (fault === 'unknown-action-accepted' ? detach : undefined);
  if (handler === undefined) {
    return reject(
      r,
      apiError(
        404,
        'InvalidAction.NotFound',
        'Specified api is not found, please check your url and method.',
      ),
    ); // RQ-2
  }
  const version = byHeaders ? incoming.headers['x-acs-version'] : paramValue(incoming.params, 'Version');
  // Fault version-ignored (RQ-3): the version is not checked.
  if (fault !== 'version-ignored') {
    if (!version) return reject(r, missingParameter('Version')); // RQ-3
    if (version !== apiVersion)
      return reject(r, apiError(400, 'InvalidVersion', 'Specified parameter Version is not valid.'));
  }

  const requestProfile = faultyProfile(fault, profile, incoming, scheme, world);
  const context: ActionContext = { profile, requestProfile, fault, format, requestId };
  const auth = authenticate(incoming, scheme, world, input.now, input.nonceSeen, profile, fault);
  // Fault auth-after-business (AU-8): the business parameters are judged first.
  if (fault === 'auth-after-business') {
    const early = handler(incoming.params, world, context);
    if (!early.ok) return reject(r, early.error, auth.ok ? auth.nonceKey : undefined);
  }
  if (!auth.ok) return reject(r, auth.error);

  const outcome = handler(incoming.params, world, context);
  if (!outcome.ok) return reject(r, outcome.error, auth.nonceKey, outcome.world);
  return {
    world: outcome.world,
    // The body already carries its fault (`detach`): only the content type is left to bend (TR-4).
    response: faultyResponse(fault, styled(renderBody(outcome.body, format), profile)),
    rememberNonce: auth.nonceKey,
  };
}

/** What an error answer is written with (one object per request rather than closures over it). */
type Rejecting = {
  world: World;
  fault: ActiveFault;
  format: ResponseFormat;
  profile: EmulatorProfile;
  requestId: string;
  hostId: string;
};

/** An error answer (ERR-1, ERR-2): the world stays `after` (the request's own, ERR-3, unless a fault changed it). */
function reject(
  r: Rejecting,
  error: ApiError,
  rememberNonce?: string,
  after: World = r.world,
): HandlerOutput {
  const body = faultyBody(r.fault, r.format, errorBody(error, r.requestId, r.hostId));
  return {
    world: after,
    response: faultyResponse(r.fault, styled(renderBody(body, r.format), r.profile)),
    ...(rememberNonce === undefined ? {} : { rememberNonce }),
  };
}

/** TR-4: a JSON body's `Content-Type` as the profile spells it (the charset parameter is free). */
function styled(response: WireResponse, profile: EmulatorProfile): WireResponse {
  if (profile.jsonContentType === undefined || response.headers['content-type'] !== jsonContentType)
    return response;
  return { ...response, headers: { ...response.headers, 'content-type': profile.jsonContentType } };
}

/**
 * TR-2, TR-3, GEN-3: `Format` is case-insensitive and wins when present (V3 included); without it V1
 * answers XML and V3 answers JSON. An unrecognised `Format` value falls back to the scheme's default.
 */
function responseFormat(incoming: Incoming, scheme: Scheme, fault: ActiveFault): ResponseFormat {
  const sent = paramValue(incoming.params, 'Format');
  const requested = sent?.toLowerCase();
  // Fault format-case-sensitive (TR-2): only the upper-case values are recognised.
  const recognised = fault !== 'format-case-sensitive' || sent === 'JSON' || sent === 'XML';
  if (recognised && (requested === 'json' || requested === 'xml')) return requested;
  // Fault v1-default-json (TR-3): JSON for V1 too.
  return scheme === 'v3' || fault === 'v1-default-json' ? 'json' : 'xml';
}
