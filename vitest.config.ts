import { defineConfig } from 'vitest/config';

/** The package journey (npm pack, install, run): after every other test file, see the `package` project. */
const packageTest = 'harness/package.test.ts';

export default defineConfig({
  test: {
    // Loopback servers and real SDKs: give slow shared machines room, but no timed assertions.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
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
        // Runs alone, once the suite project is done: `npm pack` must not snapshot a pact file while the
        // consumer contract tests rewrite it, and the journey's timing should not depend on the others.
        extends: true,
        test: { name: 'package', include: [packageTest], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
