/**
 * `npm run mutation`: Stryker mutates the reference emulator and runs the conformance suite against each
 * mutant (harness/emulator/mutation/); scripts/mutation.ts then judges the JSON report against the
 * committed list of equivalent mutants. CONTRIBUTING.md, "Mutation testing".
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'harness/emulator/mutation/vitest.config.ts', related: false },
  mutate: [
    'harness/emulator/*.ts',
    '!harness/emulator/*.test.ts',
    '!harness/emulator/*TestKit.ts',
    // Faults replace the reference's steps and only run when injected; the sandbox's actions are not
    // reached by verify.
    '!harness/emulator/faults.ts',
    '!harness/emulator/faultKit.ts',
    '!harness/emulator/sandboxActions.ts',
  ],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['json', 'clear-text', 'progress'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  ignorePatterns: ['/dist', '/dist.*', '/.tmp', '/reports', '/coverage'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  concurrency: 2,
  // A survivor runs every kill test; on 2 cores shared with other work that can pass 20 s plus twice its dry
  // run, and a spurious timeout counts as a kill. A mutant that really hangs still ends here, later.
  timeoutMS: 60_000,
  timeoutFactor: 2,
  thresholds: { high: 95, low: 90, break: null },
};
