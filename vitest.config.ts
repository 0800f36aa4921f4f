import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The longest test files, longest first: started first, so that none of them is the tail of the run. Vitest
 * otherwise orders by the durations it cached on this machine, and a fresh clone has none (there it would
 * start these small files last). Every other file follows in Vitest's own order.
 */
const longestFirst = [
  'harness/package.test.ts',
  'harness/runner/faultMatrix.test.ts',
  'harness/runner/faultMatrixHalf.test.ts',
  'harness/runner/verify.test.ts',
  'harness/readmeSnippets.test.ts',
  'harness/runner/reliability.test.ts',
  'harness/vitest/conformanceSuite.test.ts',
  'contracts/provider/verifyContracts.test.ts',
  'harness/runner/reproduceCommand.test.ts',
  'harness/runner/shard.test.ts',
];

/** Vitest's sequencer with {@link longestFirst} in front. */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const i = longestFirst.indexOf(relative(this.ctx.config.root, file.moduleId));
      return i < 0 ? longestFirst.length : i;
    };
    return (await super.sort(files))
      .map((file, i) => ({ file, i }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.i - b.i)
      .map(({ file }) => file);
  }
}

/** The package journey (npm pack of a staged copy, install, run): runs beside the other test files. */
const packageTest = 'harness/package.test.ts';

export default defineConfig({
  test: {
    // Timeouts only catch hangs: no outcome may depend on the machine's speed, and a shared CI machine can
    // be ten times slower than a quiet one (a verify run, the contracts, the README snippets took over 60 s
    // at load 13 on 2 cores). No timed assertions anywhere.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    sequence: { sequencer: LongestFirst },
    // Test files and the code under test load through Node's own import with tsx's loader, not Vite's module
    // runner: the same code paths users run (`tsx`), and about 1.5× faster on the suite's hot paths (a
    // verify run spends its time in loopback HTTP, signing and judging, which the runner's module
    // indirection slowed). Nothing here uses Vite transforms or module mocking.
    execArgv: ['--import', 'tsx'],
    experimental: { viteModuleRunner: false, nodeLoader: false },
    isolate: false,
    // One more worker than cores: the package journey's worker mostly waits for npm and tsc (processes of
    // their own), and the fault matrix runs in two files; neither should hold a core idle.
    maxWorkers: availableParallelism() + 1,
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: [
            'harness/**/*.test.ts',
            'contracts/**/*.test.ts',
            'properties/**/*.test.ts',
            'fixtures/**/*.test.ts',
          ],
          // The kill tests of `npm run mutation` (stryker.config.mjs) run in Stryker's Vitest only.
          exclude: [packageTest, 'harness/emulator/mutation/*.mutation.test.ts'],
        },
      },
      {
        // Its own project, so that `vitest --project suite` leaves the slow journey out.
        extends: true,
        test: { name: 'package', include: [packageTest] },
      },
    ],
  },
});
