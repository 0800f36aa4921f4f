import type { Instance, KeyPair, World } from '../spec/World.ts';

/** Which parts of a world to keep; an omitted predicate keeps everything of that kind. */
export type WorldPart = {
  instance?: (instance: Instance) => boolean;
  keyPair?: (keyPair: KeyPair) => boolean;
  /** `false` drops the region list (when only instances or key pairs are compared). */
  regions?: boolean;
};

/**
 * The part of a world that a rule speaks about, so that {@link worldDiff} compares only it: ST-2 one
 * failed instance, ST-3 everything not named, ST-5 everything outside the request's region.
 */
export function restrictWorld(world: World, part: WorldPart): World {
  return {
    accessKeys: [],
    regions: part.regions === false ? [] : world.regions,
    keyPairs: part.keyPair === undefined ? world.keyPairs : world.keyPairs.filter(part.keyPair),
    instances: part.instance === undefined ? world.instances : world.instances.filter(part.instance),
  };
}
