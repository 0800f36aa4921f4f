import type { AccessKey, Instance, KeyPair, World } from './World.ts';

/** The outcome of {@link validateWorld}: a normalised World, or every structural problem found. */
export type WorldValidation = { ok: true; world: World } | { ok: false; problems: string[] };

/**
 * Accepts exactly the valid Worlds of target-protocol §1 and returns a copy without unknown fields.
 * Valid: every `regionId` used is in `regions`; key pair names are unique within a region; instance IDs
 * are unique across all regions; every bound `keyPairName` names a key pair of the instance's region; all
 * strings are non-empty. Realism (a bound Windows instance, odd characters) is never a reason to refuse.
 * `accessKeys` may be absent (Pact files carry worlds without them); it then reads as `[]`.
 */
export function validateWorld(input: unknown): WorldValidation {
  const problems: string[] = [];
  if (!isObject(input)) return { ok: false, problems: ['a World must be a JSON object'] };

  const accessKeys = listOf(input, 'accessKeys', problems, true, (item, at): AccessKey | undefined => {
    const accessKeyId = text(item, 'accessKeyId', at, problems);
    const accessKeySecret = text(item, 'accessKeySecret', at, problems);
    return accessKeyId === undefined || accessKeySecret === undefined
      ? undefined
      : { accessKeyId, accessKeySecret };
  });
  const regions = listOf(input, 'regions', problems, false, (item, at) => {
    if (typeof item === 'string' && item !== '') return item;
    problems.push(`${at} must be a non-empty string`);
    return undefined;
  });
  const keyPairs = listOf(input, 'keyPairs', problems, false, (item, at): KeyPair | undefined => {
    const regionId = text(item, 'regionId', at, problems);
    const keyPairName = text(item, 'keyPairName', at, problems);
    return regionId === undefined || keyPairName === undefined ? undefined : { regionId, keyPairName };
  });
  const instances = listOf(input, 'instances', problems, false, (item, at): Instance | undefined => {
    const regionId = text(item, 'regionId', at, problems);
    const instanceId = text(item, 'instanceId', at, problems);
    const osType = isObject(item) ? item.osType : undefined;
    if (osType !== 'linux' && osType !== 'windows')
      problems.push(`${at}.osType must be "linux" or "windows"`);
    const bound = isObject(item) ? item.keyPairName : undefined;
    if (bound !== null && (typeof bound !== 'string' || bound === '')) {
      problems.push(`${at}.keyPairName must be null or a non-empty string`);
    }
    if (regionId === undefined || instanceId === undefined) return undefined;
    if (osType !== 'linux' && osType !== 'windows') return undefined;
    return {
      regionId,
      instanceId,
      osType,
      keyPairName: typeof bound === 'string' && bound !== '' ? bound : null,
    };
  });

  const regionSet = new Set(regions);
  const keyPairKeys = new Set<string>();
  keyPairs.forEach((kp, i) => {
    if (!regionSet.has(kp.regionId))
      problems.push(`keyPairs[${i}].regionId "${kp.regionId}" is not in regions`);
    const key = `${kp.regionId}\u0000${kp.keyPairName}`;
    if (keyPairKeys.has(key))
      problems.push(`keyPairs[${i}]: "${kp.keyPairName}" appears twice in ${kp.regionId}`);
    keyPairKeys.add(key);
  });
  const instanceIds = new Set<string>();
  instances.forEach((inst, i) => {
    if (!regionSet.has(inst.regionId))
      problems.push(`instances[${i}].regionId "${inst.regionId}" is not in regions`);
    if (instanceIds.has(inst.instanceId))
      problems.push(`instances[${i}]: instance ID "${inst.instanceId}" is not unique`);
    instanceIds.add(inst.instanceId);
    if (inst.keyPairName !== null && !keyPairKeys.has(`${inst.regionId}\u0000${inst.keyPairName}`)) {
      problems.push(
        `instances[${i}] is bound to "${inst.keyPairName}", which is not a key pair of ${inst.regionId}`,
      );
    }
  });

  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, world: { accessKeys, regions, keyPairs, instances } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(item: unknown, field: string, at: string, problems: string[]): string | undefined {
  const value = isObject(item) ? item[field] : undefined;
  if (typeof value === 'string' && value !== '') return value;
  problems.push(`${at}.${field} must be a non-empty string`);
  return undefined;
}

function listOf<T>(
  input: Record<string, unknown>,
  field: string,
  problems: string[],
  optional: boolean,
  read: (item: unknown, at: string) => T | undefined,
): T[] {
  const value = input[field];
  if (value === undefined && optional) return [];
  if (!Array.isArray(value)) {
    problems.push(`${field} must be an array`);
    return [];
  }
  const out: T[] = [];
  value.forEach((item, i) => {
    const read_ = read(item, `${field}[${i}]`);
    if (read_ !== undefined) out.push(read_);
  });
  return out;
}
