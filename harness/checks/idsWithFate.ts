import type { InstanceFate, SuccessExpectation } from '../oracle/Expectation.ts';
import type { Instance, World } from '../spec/World.ts';

/** The requested IDs the oracle gives a fate, each once, in request order (ST-0, ST-4, ST-5). */
export function idsWithFate(success: SuccessExpectation, fate: InstanceFate): string[] {
  return [...success.fates].filter(([, f]) => f === fate).map(([id]) => id);
}

/** The instance with this ID in this region, if the world has one. */
export function instanceIn(world: World, regionId: string, instanceId: string): Instance | undefined {
  return world.instances.find((i) => i.regionId === regionId && i.instanceId === instanceId);
}
