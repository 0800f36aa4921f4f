import { readFile } from 'node:fs/promises';
import { definedOnly } from '../util/definedOnly.ts';
import { HarnessError } from '../util/HarnessError.ts';

/**
 * The sandbox manifest of target-protocol §2: the region, key pair and Linux instances (optionally a
 * Windows instance) that the user owns for `audit --allow-mutation`. The Linux instances are bound to
 * `keyPairName` before the run and are bound to it again after. No request names anything else.
 */
export type SandboxManifest = {
  regionId: string;
  keyPairName: string;
  linuxInstanceIds: string[];
  windowsInstanceId?: string;
};

/** The most Linux instances one manifest may name: DetachKeyPair's own limit (ID-2). */
const maxSandboxInstances = 50;

/**
 * Checks a parsed manifest: non-empty strings, 1 to 50 distinct Linux instance IDs, a Windows instance
 * (when given) that is not one of them. Any problem is a `CONFIG` error (exit 2) naming every fault found,
 * before anything is sent; unknown fields are ignored.
 */
export function validateSandboxManifest(input: unknown, source = 'the sandbox manifest'): SandboxManifest {
  const problems: string[] = [];
  const value = (typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {}) as Record<
    string,
    unknown
  >;
  if (value !== input) problems.push('it must be a JSON object');
  const text = (name: string): string | undefined => {
    const v = value[name];
    if (typeof v === 'string' && v.trim() !== '') return v;
    problems.push(`"${name}" must be a non-empty string`);
    return undefined;
  };
  const regionId = text('regionId');
  const keyPairName = text('keyPairName');
  const ids = value.linuxInstanceIds;
  let linuxInstanceIds: string[] = [];
  if (
    !Array.isArray(ids) ||
    ids.length === 0 ||
    ids.some((id) => typeof id !== 'string' || id.trim() === '')
  ) {
    problems.push('"linuxInstanceIds" must be a non-empty list of non-empty strings');
  } else {
    linuxInstanceIds = ids as string[];
    if (new Set(linuxInstanceIds).size !== linuxInstanceIds.length)
      problems.push('"linuxInstanceIds" names an instance twice');
    if (linuxInstanceIds.length > maxSandboxInstances)
      problems.push(`"linuxInstanceIds" names more than ${maxSandboxInstances} instances`);
  }
  let windowsInstanceId: string | undefined;
  if (value.windowsInstanceId !== undefined) {
    windowsInstanceId = text('windowsInstanceId');
    if (windowsInstanceId !== undefined && linuxInstanceIds.includes(windowsInstanceId))
      problems.push('"windowsInstanceId" is also listed in "linuxInstanceIds"');
  }
  if (problems.length > 0 || regionId === undefined || keyPairName === undefined)
    throw new HarnessError('CONFIG', `${source} is not valid: ${problems.join('; ')}; nothing was sent`);
  return {
    regionId,
    keyPairName,
    linuxInstanceIds,
    ...definedOnly({ windowsInstanceId }),
  };
}

/** Reads and validates a manifest file; unreadable or not JSON is a `CONFIG` error (exit 2), nothing sent. */
export async function readSandboxManifest(file: string): Promise<SandboxManifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new HarnessError(
      'CONFIG',
      `cannot read --sandbox ${file}: ${(error as Error).message}; nothing was sent`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new HarnessError(
      'CONFIG',
      `--sandbox ${file} is not JSON: ${(error as Error).message}; nothing was sent`,
    );
  }
  return validateSandboxManifest(json, `--sandbox ${file}`);
}
