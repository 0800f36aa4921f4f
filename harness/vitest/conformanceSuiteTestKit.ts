import { describeConformance } from './index.ts';

// Run by conformanceSuite.test.ts in a vitest of its own (not a *.test.ts file: `npm test` never collects
// it, since its tests fail on purpose): the bundled emulator with an injected fault breaking OK-5.

const faulty = {
  emulator: { fault: 'total-count-wrong' },
  runs: 20,
  seed: 7,
  only: 'OK',
  contracts: false,
} as const;

describeConformance({ ...faulty, title: 'faulty' });
describeConformance({
  ...faulty,
  title: 'faulty, with expectations',
  expectations: [
    { rule: 'OK-5', reason: 'TotalCount is known to be wrong' },
    { rule: 'OK-1', reason: 'a stale entry' },
  ],
});
