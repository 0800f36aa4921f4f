/**
 * `npm run mutation` (issue 16): Stryker mutates the reference emulator (stryker.config.mjs) and runs the
 * conformance suite against each mutant (harness/emulator/mutation/conformance.mutation.test.ts); then the
 * gate judges Stryker's JSON report against harness/emulator/mutation/equivalentMutants.json
 * (harness/emulator/mutation/mutationGate.ts). Exit 1 unless at least 90% of the non-equivalent mutants
 * are killed, every survivor is listed (as equivalent, or as a known gap, which counts against the score)
 * and every entry still names a surviving mutant.
 *
 * Arguments go to `stryker run` (`-- --force` for a full run, `-- --mutate FILE:LINES` to re-run some);
 * `-- --gate-only` judges the last report without running Stryker. Not part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import {
  describeMutant,
  type EquivalentMutant,
  goal,
  judgeMutation,
  type KnownGap,
  type MutationReport,
} from '../harness/emulator/mutation/mutationGate.ts';

const reportFile = 'reports/mutation/mutation.json';
const listFile = 'harness/emulator/mutation/equivalentMutants.json';

const args = process.argv.slice(2);
if (!args.includes('--gate-only')) {
  const stryker = spawnSync('npx', ['stryker', 'run', ...args], { stdio: 'inherit' });
  if (stryker.status !== 0) process.exit(stryker.status ?? 1);
}

const report = JSON.parse(await readFile(reportFile, 'utf8')) as MutationReport;
const { equivalents, gaps } = JSON.parse(await readFile(listFile, 'utf8')) as {
  equivalents: EquivalentMutant[];
  gaps: KnownGap[];
};
const key = ['file', 'mutator', 'function', 'original', 'replacement'] as const;
const incomplete = [
  ...equivalents.map((e) => ({ e, fields: [...key, 'rule', 'reason'] as const })),
  ...gaps.map((e) => ({ e, fields: [...key, 'rule', 'closeWith'] as const })),
].filter(({ e, fields }) =>
  fields.some((field) => {
    const value = (e as Record<string, unknown>)[field];
    return typeof value !== 'string' || (field !== 'replacement' && value === '');
  }),
);
if (incomplete.length > 0) {
  console.error(`${listFile}: every entry needs ${key.join(', ')}, a rule and a reason (a gap: closeWith):`);
  for (const { e } of incomplete) console.error(`  ${JSON.stringify(e)}`);
  process.exit(2);
}

const result = judgeMutation(report, equivalents, gaps);
console.log(
  `\nmutants ${result.total}: killed ${result.killed}, timed out ${result.timedOut}, survived ${result.survived}, ` +
    `no coverage ${result.noCoverage}, errors or ignored ${result.other}; listed as equivalent ${result.equivalent}, ` +
    `as known gaps ${result.knownGaps}`,
);
console.log(`score over the non-equivalent mutants: ${result.score.toFixed(2)}% (goal ${goal}%)`);
if (result.pending > 0) console.log(`${result.pending} mutants pending: the report is of an unfinished run`);
if (result.unlisted.length > 0) {
  console.log(
    `\n${result.unlisted.length} survivors not in ${listFile} (a gap in the suite, or equivalent):`,
  );
  for (const survivor of result.unlisted) console.log(`  ${describeMutant(survivor)}`);
}
if (result.stale.length > 0) {
  console.log(
    `\n${result.stale.length} entries of ${listFile} name no surviving mutant (killed now, or gone):`,
  );
  for (const entry of result.stale) console.log(`  ${describeMutant(entry)}`);
}
console.log(result.passed ? '\nmutation gate: pass' : '\nmutation gate: FAIL');
process.exit(result.passed ? 0 : 1);
