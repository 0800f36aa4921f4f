import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

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
          exclude: [packageTest],
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
