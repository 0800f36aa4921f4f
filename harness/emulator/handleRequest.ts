import { randomUUID } from 'node:crypto';
import type { World } from '../spec/World.ts';
import type { WireRequest, WireResponse } from '../wire/WireMessage.ts';
import { apiError, missingParameter } from './apiError.ts';
import { authenticate, type Scheme, schemeOf } from './authenticate.ts';
import { detachKeyPair } from './detachKeyPair.ts';
import { type EmulatorProfile, referenceProfile } from './EmulatorProfile.ts';
import { type Incoming, paramValue, readIncoming } from './readIncoming.ts';
import { type ResponseFormat, renderDetachSuccess, renderError } from './renderResponse.ts';

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
 * The reference emulator as a pure function `(world, request) → (world, response)`. Order of judgement:
 * routing (RQ-1..RQ-3, GEN-5), then authentication (AU-1..AU-8), then the business parameters (RQ-4, RQ-5,
 * ID, KP, WIN), then per-instance effects (ST). Any error leaves the world as it was (ERR-3).
 */
export function handleRequest(input: HandlerInput): HandlerOutput {
  const profile = input.profile ?? referenceProfile;
  const { world } = input;
  const requestId = input.requestId ?? randomUUID().toUpperCase();
  const incoming = readIncoming(input.request);
  const scheme = schemeOf(incoming);
  const format = responseFormat(incoming, scheme);
  const hostId = incoming.headers.host ?? '';
  const reject = (error: ReturnType<typeof apiError>, rememberNonce?: string): HandlerOutput => ({
    world,
    response: renderError(error, format, requestId, hostId),
    ...(rememberNonce === undefined ? {} : { rememberNonce }),
  });

  if (incoming.path !== '/' || (incoming.method !== 'GET' && incoming.method !== 'POST')) {
    return reject(
      apiError(
        404,
        'InvalidAction.NotFound',
        'Specified api is not found, please check your url and method.',
      ),
    );
  }
  if (incoming.malformed.length > 0) {
    return reject(
      apiError(
        400,
        'InvalidParameter',
        'The request contains a parameter whose percent-encoding is malformed.',
      ),
    );
  }
  // GEN-5: a V3 request names its action and version in headers.
  const action = scheme === 'v3' ? incoming.headers['x-acs-action'] : paramValue(incoming.params, 'Action');
  if (!action) return reject(missingParameter('Action')); // RQ-1
  if (action !== 'DetachKeyPair') {
    return reject(
      apiError(
        404,
        'InvalidAction.NotFound',
        'Specified api is not found, please check your url and method.',
      ),
    ); // RQ-2
  }
  const version =
    scheme === 'v3' ? incoming.headers['x-acs-version'] : paramValue(incoming.params, 'Version');
  if (!version) return reject(missingParameter('Version')); // RQ-3
  if (version !== apiVersion)
    return reject(apiError(400, 'InvalidVersion', 'Specified parameter Version is not valid.'));

  const auth = authenticate(incoming, scheme, world, input.now, input.nonceSeen, profile);
  if (!auth.ok) return reject(auth.error);

  const outcome = detachKeyPair(incoming.params, world, profile);
  if (!outcome.ok) return reject(outcome.error, auth.nonceKey);
  return {
    world: outcome.world,
    response: renderDetachSuccess(outcome, format, requestId, profile),
    rememberNonce: auth.nonceKey,
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
