import type { World } from '../spec/World.ts';

/**
 * The differences between two worlds, one line each, empty when they hold the same state (ERR-3, ST-*).
 * Arrays compare as multisets (World: "array order is not significant"): regions by name, key pairs by
 * region and name, instances by ID with every field. Access keys are left out: they are the run's
 * credentials, not state that DetachKeyPair touches, and a line must never carry a secret.
 */
export function worldDiff(before: World, after: World): string[] {
  // Most answers leave the world as it was loaded, in the same order: nothing to sort or group then.
  if (sameInOrder(before, after)) return [];
  const lines: string[] = [];
  lines.push(...multisetDiff('region', before.regions, after.regions, (r) => r));
  lines.push(
    ...multisetDiff(
      'key pair',
      before.keyPairs,
      after.keyPairs,
      (kp) => `${q(kp.keyPairName)} in ${q(kp.regionId)}`,
    ),
  );
  const instancesBefore = groupBy(before.instances, (i) => i.instanceId);
  const instancesAfter = groupBy(after.instances, (i) => i.instanceId);
  for (const id of sortedKeys(instancesBefore, instancesAfter)) {
    const was = instancesBefore.get(id) ?? [];
    const is = instancesAfter.get(id) ?? [];
    const [first] = was;
    const [now] = is;
    if (first === undefined && now !== undefined) lines.push(`instance ${q(id)} added in ${q(now.regionId)}`);
    else if (first !== undefined && now === undefined)
      lines.push(`instance ${q(id)} removed from ${q(first.regionId)}`);
    else if (first !== undefined && now !== undefined) {
      if (was.length !== is.length)
        lines.push(`instance ${q(id)} listed ${was.length} time(s) before, ${is.length} after`);
      for (const field of ['regionId', 'osType', 'keyPairName'] as const) {
        if (first[field] !== now[field]) {
          lines.push(`instance ${q(id)} ${field}: ${q(first[field])} → ${q(now[field])}`);
        }
      }
    }
  }
  return lines;
}

/** Whether two worlds hold the same state: {@link worldDiff} finds no difference. */
export function sameWorld(a: World, b: World): boolean {
  return worldDiff(a, b).length === 0;
}

/**
 * Whether two worlds list the same regions, key pairs and instances (every field {@link worldDiff} compares)
 * in the same order: then every multiset and every instance agrees, and the diff is empty.
 */
function sameInOrder(a: World, b: World): boolean {
  if (
    a.regions.length !== b.regions.length ||
    a.keyPairs.length !== b.keyPairs.length ||
    a.instances.length !== b.instances.length
  ) {
    return false;
  }
  for (let i = 0; i < a.regions.length; i++) if (a.regions[i] !== b.regions[i]) return false;
  for (let i = 0; i < a.keyPairs.length; i++) {
    const x = a.keyPairs[i] as World['keyPairs'][number];
    const y = b.keyPairs[i] as World['keyPairs'][number];
    if (x.regionId !== y.regionId || x.keyPairName !== y.keyPairName) return false;
  }
  for (let i = 0; i < a.instances.length; i++) {
    const x = a.instances[i] as World['instances'][number];
    const y = b.instances[i] as World['instances'][number];
    if (
      x.instanceId !== y.instanceId ||
      x.regionId !== y.regionId ||
      x.osType !== y.osType ||
      x.keyPairName !== y.keyPairName
    ) {
      return false;
    }
  }
  return true;
}

function multisetDiff<T>(
  what: string,
  before: readonly T[],
  after: readonly T[],
  key: (t: T) => string,
): string[] {
  const counts = new Map<string, number>();
  for (const item of before) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  for (const item of after) counts.set(key(item), (counts.get(key(item)) ?? 0) - 1);
  const lines: string[] = [];
  for (const [name, delta] of [...counts].sort(([a], [b]) => compare(a, b))) {
    if (delta > 0) lines.push(`${what} ${name} removed${delta > 1 ? ` (${delta} times)` : ''}`);
    if (delta < 0) lines.push(`${what} ${name} added${delta < -1 ? ` (${-delta} times)` : ''}`);
  }
  return lines;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group === undefined) groups.set(key(item), [item]);
    else group.push(item);
  }
  return groups;
}

function sortedKeys(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].sort(compare);
}

// Code-unit order: stable whatever the locale, so a report reads the same on every machine.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function q(value: string | null): string {
  return JSON.stringify(value);
}
