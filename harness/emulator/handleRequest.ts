import { randomUUID } from 'node:crypto';
import type { World } from '../spec/World.ts';
import type { WireRequest, WireResponse } from '../wire/WireMessage.ts';
import { type ApiError, apiError, missingParameter } from './apiError.ts';
import {
  authenticate,
  parseTimestamp,
  requiredCredentials,
  type Scheme,
  schemeOf,
  verifySignature,
  withinClockWindow,
} from './authenticate.ts';
import {
  apply,
  checkKeyPair,
  checkLimit,
  checkRegion,
  checkWindows,
  decide,
  detachKeyPair,
  parseDetach,
} from './detachKeyPair.ts';
import { type EmulatorProfile, referenceProfile } from './EmulatorProfile.ts';
import type { ActionHandler, Call, EmulatorSteps, NamedRoute, Reply } from './EmulatorSteps.ts';
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
};

/** The answer, the world after it, and the nonce key the caller must remember for 15 minutes, if any. */
export type HandlerOutput = { world: World; response: WireResponse; rememberNonce?: string };

/** The only API version the emulator serves (RQ-3). */
export const apiVersion = '2014-05-26';

/**
 * The actions served on `/`, by name: DetachKeyPair, and the two that `audit`'s sandbox tier sends to
 * restore and confirm (`sandboxActions.ts`), which are judged and written with the configured profile.
 */
export const actions: ReadonlyMap<string, ActionHandler> = new Map<string, ActionHandler>([
  ['DetachKeyPair', detachKeyPair],
  [
    'AttachKeyPair',
    ({ incoming, world, profile, requestId }) => {
      const outcome = attachKeyPair(incoming.params, world, profile);
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
    ({ incoming, world, profile, requestId }) => {
      const outcome = describeInstances(incoming.params, world, profile);
      return outcome.ok ? { ok: true, world, body: instancesBody(outcome, requestId) } : outcome;
    },
  ],
]);

const actionNotFound: ApiError = apiError(
  404,
  'InvalidAction.NotFound',
  'Specified api is not found, please check your url and method.',
);

/** RQ-1: a request naming no action. */
export const missingAction: ApiError = missingParameter('Action');

/**
 * The reference emulator as a pure function `(world, request) → (world, response)`. Order of judgement:
 * routing (RQ-1..RQ-3, GEN-5), then authentication (AU-1..AU-8), then the business parameters (RQ-4, RQ-5,
 * ID, KP, WIN), then per-instance effects (ST). Any error leaves the world as it was (ERR-3). Besides
 * DetachKeyPair it serves AttachKeyPair and DescribeInstances (`sandboxActions.ts`) the same way.
 */
export function handleRequest(input: HandlerInput): HandlerOutput {
  return handle(referenceSteps, input);
}

/**
 * The handler of {@link handleRequest} taking its steps from `steps` (`EmulatorSteps.ts`): built once per
 * emulator, so that a request costs the same whatever the steps are.
 */
export function createHandler(steps: EmulatorSteps): (input: HandlerInput) => HandlerOutput {
  return steps === referenceSteps ? handleRequest : (input) => handle(steps, input);
}

function handle(steps: EmulatorSteps, input: HandlerInput): HandlerOutput {
  const profile = input.profile ?? referenceProfile;
  const { world } = input;
  const requestId = input.requestId ?? randomUUID().toUpperCase();
  const incoming = steps.read(input.request);
  const scheme = schemeOf(incoming);
  const format = steps.format(incoming, scheme);
  const r: Reply = { steps, world, profile, format, requestId, hostId: incoming.headers.host ?? '' };

  if (incoming.path !== '/' || (incoming.method !== 'GET' && incoming.method !== 'POST')) {
    return reject(r, actionNotFound);
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
  const named = steps.readRoute(incoming, scheme);
  const routing = steps.route(named);
  if (routing !== undefined) return reject(r, routing);
  const action = actions.get(named.action ?? '');
  if (action === undefined) return reject(r, actionNotFound);

  // Written out field by field (one object shape for every request), not spread from `r`.
  const call: Call = {
    steps,
    world,
    profile,
    format,
    requestId: r.requestId,
    hostId: r.hostId,
    incoming,
    scheme,
    now: input.now,
    nonceSeen: input.nonceSeen,
    action,
  };
  const auth = steps.authenticate(call);
  if (!auth.ok) return reject(r, auth.error);
  const outcome = action(call);
  if (!outcome.ok) return reject(r, outcome.error, auth.nonceKey, outcome.world);
  return { world: outcome.world, response: steps.render(outcome.body, r), rememberNonce: auth.nonceKey };
}

/** An error answer (ERR-1, ERR-2): the world stays `after` (the request's own, ERR-3, unless a step changed it). */
function reject(r: Reply, error: ApiError, rememberNonce?: string, after: World = r.world): HandlerOutput {
  return {
    world: after,
    response: r.steps.render(r.steps.errorBody(error, r), r),
    ...(rememberNonce === undefined ? {} : { rememberNonce }),
  };
}

/**
 * TR-2, TR-3, GEN-3: `Format` is case-insensitive and wins when present (V3 included); without it V1
 * answers XML and V3 answers JSON. An unrecognised `Format` value falls back to the scheme's default.
 */
function responseFormat(incoming: Incoming, scheme: Scheme): ResponseFormat {
  const requested = paramValue(incoming.params, 'Format')?.toLowerCase();
  if (requested === 'json' || requested === 'xml') return requested;
  return scheme === 'v3' ? 'json' : 'xml';
}

/** GEN-5: a V3 request names its action and version in headers, a V1 request in parameters. */
function readRoute(incoming: Incoming, scheme: Scheme): NamedRoute {
  return scheme === 'v3'
    ? { action: incoming.headers['x-acs-action'], version: incoming.headers['x-acs-version'] }
    : { action: paramValue(incoming.params, 'Action'), version: paramValue(incoming.params, 'Version') };
}

/** RQ-1..RQ-3: an action is named and served; a version is named and is {@link apiVersion}. */
function route(named: NamedRoute): ApiError | undefined {
  if (!named.action) return missingAction; // RQ-1
  if (!actions.has(named.action)) return actionNotFound; // RQ-2
  if (!named.version) return missingParameter('Version'); // RQ-3
  if (named.version !== apiVersion)
    return apiError(400, 'InvalidVersion', 'Specified parameter Version is not valid.');
  return undefined;
}

/** TR-4, TR-5: a body written in the request's format; a JSON body's `Content-Type` as the profile spells it. */
function render(body: ResponseBody, r: Reply): WireResponse {
  const response = renderBody(body, r.format);
  const spelled = r.profile.jsonContentType;
  if (spelled === undefined || response.headers['content-type'] !== jsonContentType) return response;
  return { ...response, headers: { ...response.headers, 'content-type': spelled } };
}

/** The reference emulator's steps: every extension point as the rules file has it. */
export const referenceSteps: EmulatorSteps = {
  read: readIncoming,
  format: responseFormat,
  readRoute,
  route,
  authenticate,
  requiredCredentials,
  parseTimestamp,
  withinClockWindow,
  verifySignature,
  parseDetach,
  decide,
  checkRegion,
  checkLimit,
  checkKeyPair,
  checkWindows,
  apply,
  detachBody: (document, r) => successBody(document, r.requestId, r.profile),
  errorBody: (error, r) => errorBody(error, r.requestId, r.hostId),
  render,
};
