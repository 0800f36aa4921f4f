import { defineFault } from '../faultKit.ts';

/** The fault `success-not-applied` (`faults.ts`), breaking ST-1. */
export const successNotApplied = defineFault({
  breaks: 'ST-1',
  description:
    'Results say `Success` true but the change is never committed: the world is unchanged. Necessarily breaks ST-0\'s "ends unbound" clause too.',
  hooks: {
    apply: (next) => (world, request, decision) => ({
      results: next(world, request, decision).results,
      world,
    }),
  },
});
