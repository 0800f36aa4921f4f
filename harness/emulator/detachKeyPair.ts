import type { Instance, World } from '../spec/World.ts';
import { parseInstanceIds } from '../wire/instanceIdsCodec.ts';
import type { ParamList } from '../wire/WireMessage.ts';
import { type ApiError, apiError, invalidInstanceIds, missingParameter } from './apiError.ts';
import type { EmulatorProfile } from './EmulatorProfile.ts';
import { paramValue } from './readIncoming.ts';

/** One entry of `Results.Result`. */
export type DetachResult = { InstanceId: string; Success: boolean; Code: string; Message: string };

/** A successful DetachKeyPair: the document to render and the world after it. */
export type DetachSuccess = {
  ok: true;
  world: World;
  KeyPairName: string;
  Results: DetachResult[];
};

/** The largest `InstanceIds` list the reference allows (ID-2, ID-3). */
export const maxInstanceIds = 50;

/**
 * DetachKeyPair on an authenticated request. Whole-request errors come first and change nothing
 * (ERR-3, WIN-2); then every named instance is judged on its own, in request order.
 */
export function detachKeyPair(
  params: ParamList,
  world: World,
  profile: EmulatorProfile,
): DetachSuccess | { ok: false; error: ApiError } {
  const fail = (error: ApiError) => ({ ok: false as const, error });
  // RQ-4 and GEN-1: an empty value counts as missing.
  const regionId = paramValue(params, 'RegionId');
  if (!regionId) return fail(missingParameter('RegionId'));
  const keyPairName = paramValue(params, 'KeyPairName');
  if (!keyPairName) return fail(missingParameter('KeyPairName'));
  const rawIds = paramValue(params, 'InstanceIds');
  if (rawIds === undefined) return fail(missingParameter('InstanceIds'));

  const parsed = parseInstanceIds(rawIds);
  let requested: string[];
  switch (parsed.kind) {
    case 'empty':
      return fail(missingParameter('InstanceIds'));
    case 'json-invalid':
    case 'malformed-json':
      return fail(invalidInstanceIds); // ID-4
    case 'json-array':
      requested = parsed.ids;
      break;
    case 'bare-text':
      // ID-6 (REPORT): the reference also says "Separate multiple instance IDs with commas".
      if (profile.bareInstanceIds === 'reject' || parsed.ids.some((id) => id === ''))
        return fail(invalidInstanceIds);
      requested = parsed.ids;
      break;
  }
  if (requested.length === 0) return fail(invalidInstanceIds); // ID-5

  if (!world.regions.includes(regionId)) {
    return fail(apiError(404, 'InvalidRegionId.NotFound', 'The specified RegionId does not exist.')); // RQ-5
  }
  // ID-3: more than 50 entries rejects the whole request (counting entries, not distinct IDs: REPORT).
  if (requested.length > maxInstanceIds) {
    return fail(
      profile.overLimit === 'limit-exceeded'
        ? apiError(
            403,
            'InstanceKeyPairLimitExceeded',
            'The specified instances are beyond the permitted range.',
          )
        : invalidInstanceIds,
    );
  }
  // KP-1, KP-2, KP-3: an exact, case-sensitive match within the request's region.
  if (!world.keyPairs.some((kp) => kp.regionId === regionId && kp.keyPairName === keyPairName)) {
    return fail(
      apiError(
        400,
        'InvalidKeyPairName.NotFound',
        'The specified KeyPairName does not exist in our records.',
      ),
    );
  }
  const inRegion = new Map<string, Instance>();
  for (const instance of world.instances)
    if (instance.regionId === regionId) inRegion.set(instance.instanceId, instance);
  // WIN-1, WIN-2: any Windows instance of the region rejects the whole request; Windows elsewhere is unknown (ST-5).
  if (requested.some((id) => inRegion.get(id)?.osType === 'windows')) {
    return fail(
      apiError(
        403,
        'DependencyViolation.WindowsInstance',
        'The instance creating is windows, cannot use ssh key pair to login',
      ),
    );
  }
  if (profile.unknownInstance === 'reject-request' && requested.some((id) => !inRegion.has(id))) {
    return fail(apiError(404, 'InvalidInstanceId.NotFound', 'The specified InstanceId does not exist.')); // ST-5
  }

  const ids = profile.duplicateInstanceIds === 'dedupe' ? [...new Set(requested)] : requested;
  const unbound = new Set<string>();
  const Results = ids.map((id): DetachResult => {
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
    if (instance.keyPairName === keyPairName && !unbound.has(id)) {
      unbound.add(id); // ST-0, ST-1
      return { InstanceId: id, Success: true, Code: '200', Message: 'successful' };
    }
    // ST-4: bound to another key pair, to none, or already unbound by an earlier occurrence (ID-7).
    if (profile.notBoundToKeyPair === 'no-op-success') {
      return { InstanceId: id, Success: true, Code: '200', Message: 'successful' };
    }
    return {
      InstanceId: id,
      Success: false,
      Code: 'InvalidKeyPair.NotBound',
      Message: 'The specified key pair is not bound to the instance.',
    };
  });

  const next: World =
    unbound.size === 0
      ? world
      : {
          ...world,
          instances: world.instances.map((instance) =>
            instance.regionId === regionId && unbound.has(instance.instanceId)
              ? { ...instance, keyPairName: null }
              : instance,
          ),
        };
  return { ok: true, world: next, KeyPairName: keyPairName, Results };
}
