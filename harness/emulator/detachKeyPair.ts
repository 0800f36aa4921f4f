import type { Instance, World } from '../spec/World.ts';
import { parseInstanceIds } from '../wire/instanceIdsCodec.ts';
import type { ParamList } from '../wire/WireMessage.ts';
import { type ApiError, apiError, failed, invalidInstanceIds, missingParameter } from './apiError.ts';
import type { EmulatorProfile } from './EmulatorProfile.ts';
import type {
  ActionOutcome,
  Call,
  DetachDecision,
  DetachEffects,
  DetachRequest,
  Failure,
} from './EmulatorSteps.ts';
import { paramValue } from './readIncoming.ts';

/** One entry of `Results.Result`. */
export type DetachResult = { InstanceId: string; Success: boolean; Code: string; Message: string };

/** The largest `InstanceIds` list the reference allows (ID-2, ID-3). */
const maxInstanceIds = 50;

/**
 * DetachKeyPair on an authenticated request: its parameters are parsed, the outcome decided, applied to
 * the world and written as the success body, each by its step. Whole-request errors come first and change
 * nothing (ERR-3, WIN-2); then every named instance is judged on its own, in request order.
 */
export function detachKeyPair(call: Call): ActionOutcome {
  const { steps } = call;
  const request = steps.parseDetach(call.incoming.params, call.profile);
  if (!request.ok) return request;
  const decision = steps.decide(call, request);
  if (!decision.ok) return decision;
  const effects = steps.apply(call.world, request, decision);
  return {
    ok: true,
    world: effects.world,
    body: steps.detachBody({ KeyPairName: request.keyPairName, Results: effects.results }, call),
  };
}

/**
 * RQ-4, GEN-1: `RegionId`, `KeyPairName` and `InstanceIds` are present and not empty. ID-1, ID-4..ID-6:
 * `InstanceIds` is a non-empty JSON array of strings, or bare text as the profile chooses.
 */
export function parseDetach(params: ParamList, profile: EmulatorProfile): DetachRequest | Failure {
  const regionId = paramValue(params, 'RegionId');
  const keyPairName = paramValue(params, 'KeyPairName');
  const rawIds = paramValue(params, 'InstanceIds');
  if (!regionId) return failed(missingParameter('RegionId'));
  if (!keyPairName) return failed(missingParameter('KeyPairName'));
  if (rawIds === undefined) return failed(missingParameter('InstanceIds'));

  const parsed = parseInstanceIds(rawIds);
  let instanceIds: string[];
  switch (parsed.kind) {
    case 'empty':
      return failed(missingParameter('InstanceIds'));
    case 'json-invalid':
    case 'malformed-json':
      return failed(invalidInstanceIds); // ID-4
    case 'json-array':
      instanceIds = parsed.ids;
      break;
    case 'bare-text':
      // ID-6 (REPORT): the reference also says "Separate multiple instance IDs with commas".
      if (profile.bareInstanceIds === 'reject' || parsed.ids.some((id) => id === ''))
        return failed(invalidInstanceIds);
      instanceIds = parsed.ids;
      break;
  }
  if (instanceIds.length === 0) return failed(invalidInstanceIds); // ID-5
  return { ok: true, regionId, keyPairName, instanceIds };
}

/**
 * The whole-request checks in order — region (RQ-5), limit (ID-3), key pair (KP), Windows (WIN), unknown
 * instances when the profile rejects them (ST-5) — then every named instance in request order: bound to
 * the key pair → unbound, `Success` true (ST-0, ST-1); otherwise a per-instance result (ST-4, ST-5, ID-7).
 */
export function decide(call: Call, request: DetachRequest): DetachDecision | Failure {
  const { steps, world, profile } = call;
  const { regionId, keyPairName, instanceIds: requested } = request;
  const wholeRequest =
    steps.checkRegion(world, regionId) ??
    steps.checkLimit(requested.length, profile) ??
    steps.checkKeyPair(world, regionId, keyPairName);
  if (wholeRequest !== undefined) return wholeRequest;
  const inRegion = new Map<string, Instance>();
  for (const instance of world.instances)
    if (instance.regionId === regionId) inRegion.set(instance.instanceId, instance);
  const windows = steps.checkWindows(world, request, inRegion);
  if (windows !== undefined) return windows;
  if (profile.unknownInstance === 'reject-request' && requested.some((id) => !inRegion.has(id))) {
    return failed(apiError(404, 'InvalidInstanceId.NotFound', 'The specified InstanceId does not exist.')); // ST-5
  }

  const ids = profile.duplicateInstanceIds === 'dedupe' ? [...new Set(requested)] : requested;
  const unbind = new Set<string>();
  const results = ids.map((id): DetachResult => {
    const instance = inRegion.get(id);
    if (instance === undefined) {
      // ST-5 (REPORT): a per-instance failure; nothing outside the region is looked at.
      return {
        InstanceId: id,
        Success: false,
        Code: 'InvalidInstanceId.NotFound',
        Message: 'The specified InstanceId does not exist.',
      };
    }
    if (instance.keyPairName === keyPairName && !unbind.has(id)) {
      unbind.add(id); // ST-0, ST-1
      return { InstanceId: id, Success: true, Code: '200', Message: 'successful' };
    }
    // ST-4: bound to another key pair, to none, or already unbound by an earlier occurrence (ID-7).
    if (profile.notBoundToKeyPair === 'no-op-success') {
      return { InstanceId: id, Success: true, Code: '200', Message: 'successful' };
    }
    return notBound(id);
  });
  return { ok: true, results, unbind };
}

/** RQ-5: the region must exist. */
export function checkRegion(world: World, regionId: string): Failure | undefined {
  return world.regions.includes(regionId)
    ? undefined
    : failed(apiError(404, 'InvalidRegionId.NotFound', 'The specified RegionId does not exist.'));
}

/**
 * ID-3: more than 50 entries rejects the whole request, counting entries, not distinct IDs (REPORT), with
 * the profile's error.
 */
export function checkLimit(count: number, profile: EmulatorProfile): Failure | undefined {
  if (count <= maxInstanceIds) return undefined;
  return failed(
    profile.overLimit === 'limit-exceeded'
      ? apiError(
          403,
          'InstanceKeyPairLimitExceeded',
          'The specified instances are beyond the permitted range.',
        )
      : invalidInstanceIds,
  );
}

/** KP-1, KP-2, KP-3: an exact, case-sensitive match within the request's region. */
export function checkKeyPair(world: World, regionId: string, keyPairName: string): Failure | undefined {
  if (world.keyPairs.some((kp) => kp.regionId === regionId && kp.keyPairName === keyPairName))
    return undefined;
  return failed(keyPairNameNotFound);
}

/** WIN-1, WIN-2: any Windows instance of the region rejects the whole request; Windows elsewhere is unknown (ST-5). */
export function checkWindows(
  _world: World,
  request: DetachRequest,
  inRegion: ReadonlyMap<string, Instance>,
): Failure | undefined {
  return request.instanceIds.some((id) => inRegion.get(id)?.osType === 'windows')
    ? failed(windowsInstance)
    : undefined;
}

/** ST-0, ST-1: the decided instances unbound; nothing else changes (ST-2, ST-3). */
export function apply(world: World, request: DetachRequest, decision: DetachDecision): DetachEffects {
  return {
    results: decision.results,
    world: decision.unbind.size === 0 ? world : unbind(world, request.regionId, decision.unbind),
  };
}

/** The world with the given instances of the region unbound (ST-0, ST-1). */
export function unbind(world: World, regionId: string, ids: ReadonlySet<string>): World {
  return {
    ...world,
    instances: world.instances.map((instance) =>
      instance.regionId === regionId && ids.has(instance.instanceId)
        ? { ...instance, keyPairName: null }
        : instance,
    ),
  };
}

/** ST-4: the result of an instance that is not bound to the key pair. */
export function notBound(instanceId: string): DetachResult {
  return {
    InstanceId: instanceId,
    Success: false,
    Code: 'InvalidKeyPair.NotBound',
    Message: 'The specified key pair is not bound to the instance.',
  };
}

/** KP-1: a key pair that does not exist in the request's region. */
const keyPairNameNotFound: ApiError = apiError(
  400,
  'InvalidKeyPairName.NotFound',
  'The specified KeyPairName does not exist in our records.',
);

/** WIN-1: a Windows instance named. */
const windowsInstance: ApiError = apiError(
  403,
  'DependencyViolation.WindowsInstance',
  'The instance creating is windows, cannot use ssh key pair to login',
);
