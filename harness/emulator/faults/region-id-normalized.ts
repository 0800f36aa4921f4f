import type { World } from '../../spec/World.ts';
import type { DetachRequest } from '../EmulatorSteps.ts';
import { defineFault } from '../faultKit.ts';

/** The request with its region read as `LOWER(TRIM(?))` against the world's regions. */
function normalized(world: World, request: DetachRequest): DetachRequest {
  const wanted = request.regionId.trim().toLowerCase();
  const regionId = world.regions.find((r) => r.toLowerCase() === wanted) ?? request.regionId;
  return { ...request, regionId };
}

/** The fault `region-id-normalized` (`faults.ts`), breaking RQ-5. */
export const regionIdNormalized = defineFault({
  breaks: 'RQ-5',
  description:
    'The `RegionId` is looked up as `LOWER(TRIM(?))`: a region that differs from an existing one only by surrounding whitespace or letter case (`CN-HANGZHOU`, `cn-hangzhou `) is served as that region, instead of 404 `InvalidRegionId.NotFound`.',
  hooks: {
    decide: (next) => (call, request) => next(call, normalized(call.world, request)),
    apply: (next) => (world, request, decision) => next(world, normalized(world, request), decision),
  },
});
