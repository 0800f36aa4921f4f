import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'harness/**/*.test.ts',
      'contracts/**/*.test.ts',
      'properties/**/*.test.ts',
      'fixtures/**/*.test.ts',
    ],
    // Loopback servers and real SDKs: give slow shared machines room, but no timed assertions.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
