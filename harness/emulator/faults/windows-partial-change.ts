import { unbind } from '../detachKeyPair.ts';
import { defineFault } from '../faultKit.ts';

/** The fault `windows-partial-change` (`faults.ts`), breaking WIN-2. */
export const windowsPartialChange = defineFault({
  breaks: 'WIN-2',
  description:
    'The OS check runs while detaching: the named Linux instances bound to the key pair are unbound, then 403 `DependencyViolation.WindowsInstance` is returned. Necessarily breaks ERR-3 too (an error that changed the world).',
  hooks: {
    checkWindows: (next) => (world, request, inRegion) => {
      const error = next(world, request, inRegion);
      if (error === undefined) return undefined;
      // The Linux instances were already unbound when the check ran.
      const linux = request.instanceIds.filter((id) => {
        const instance = inRegion.get(id);
        return instance?.osType === 'linux' && instance.keyPairName === request.keyPairName;
      });
      return { ...error, world: unbind(world, request.regionId, new Set(linux)) };
    },
  },
});
