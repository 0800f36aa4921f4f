import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The kill tests in the order they run, cheapest and most killing first: Stryker stops a mutant's run at
 * its first failing test (bail). Vitest's own order would start the longest file first.
 */
const order = [
  'harness/emulator/mutation/conformance.mutation.test.ts',
  'harness/emulator/mutation/clock.mutation.test.ts',
  'harness/emulator/mutation/worldFree.mutation.test.ts',
  'harness/emulator/mutation/profiles.mutation.test.ts',
];

/** Files in {@link order}; any other after them. */
class CheapestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const i = order.indexOf(relative(this.ctx.config.root, file.moduleId));
      return i < 0 ? order.length : i;
    };
    return [...files].sort((a, b) => rank(a) - rank(b));
  }
}

/**
 * The Vitest of `npm run mutation` (stryker.config.mjs): the kill tests alone, against the reference emulator
 * as Stryker instruments it. Not part of `npm test` (vitest.config.ts leaves `*.mutation.test.ts` out).
 */
export default defineConfig({
  root: fileURLToPath(new URL('../../../', import.meta.url)),
  test: {
    include: ['harness/emulator/mutation/*.mutation.test.ts'],
    sequence: { sequencer: CheapestFirst },
    // Timeouts only catch hangs; a mutant that hangs the emulator is Stryker's timeout to call.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // Vite's module runner, not the tsx loader of vitest.config.ts: Stryker's runner uses worker threads,
    // which do not take `--import tsx`.
  },
});
