/**
 * Stability, measured (issue 12): runs `verify` against the bundled emulator in every bundled profile —
 * each a correct implementation, so every run must be conformant — over many seeds, and reports each false
 * failure with its profile, seed and rule. Not part of `npm test`: run it with `npm run stability`
 * (`-- --seeds N` for another number of seeds, `-- --first-seed S` to start elsewhere, `-- --runs R` for
 * the runs per property, `-- --profiles a,b` for a subset). Exit 0 when every run exits 0, 1 otherwise.
 *
 * One process, one run after another: each `verify` starts its own emulator (its own world and nonce log)
 * and draws from its own seed, so no run can change another's verdict. Seeds are fixed (1…N by default) so
 * that a false failure can be replayed: `npm run dkp -- verify --seed S` against `emulate --profile P`.
 */
import { parseArgs } from 'node:util';
import { emulatorProfiles } from '../harness/emulator/EmulatorProfile.ts';
import { verify } from '../harness/runner/verify.ts';
import { definedOnly } from '../harness/util/definedOnly.ts';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '30' },
    'first-seed': { type: 'string', default: '1' },
    runs: { type: 'string' },
    profiles: { type: 'string', default: 'reference,flipped,live-like,lenient' },
  },
});

const seeds = Number(values.seeds);
const firstSeed = Number(values['first-seed']);
const runs = values.runs === undefined ? undefined : Number(values.runs);
const profiles = values.profiles.split(',').map((p) => p.trim());
for (const name of profiles) {
  if (!Object.hasOwn(emulatorProfiles, name)) {
    console.error(`unknown profile "${name}"; known: ${Object.keys(emulatorProfiles).join(', ')}`);
    process.exit(2);
  }
}
if (!Number.isInteger(seeds) || seeds < 1 || !Number.isInteger(firstSeed) || firstSeed < 1) {
  console.error('--seeds and --first-seed must be positive integers');
  process.exit(2);
}

/** Replaces every secret of a run in a text (the report never carries one; this is belt and braces). */
function scrub(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => (secret === '' ? out : out.split(secret).join('<redacted>')), text);
}

const started = performance.now();
let passed = 0;
const failures: string[] = [];
for (const profile of profiles) {
  let profilePassed = 0;
  const profileStarted = performance.now();
  for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
    try {
      const { report, secrets } = await verify({
        seed,
        emulator: { profile },
        ...definedOnly({ runs }),
      });
      if (report.exitCode === 0) {
        profilePassed++;
        continue;
      }
      const lines = [`${profile} seed ${seed}: exit ${report.exitCode} (${report.verdict})`];
      for (const rule of report.rules.filter((r) => r.status === 'fail' || r.status === 'error')) {
        const f = rule.failure;
        lines.push(
          f
            ? `  ${rule.id} ${rule.status}: ${f.title} — expected ${f.expected}; received ${f.received}${f.source ? ` [${f.source}]` : ''}${f.path ? ` --path ${f.path}` : ''}`
            : `  ${rule.id} ${rule.status}: ${rule.reason ?? ''}`,
        );
      }
      if (report.run.aborted !== undefined) lines.push(`  aborted: ${report.run.aborted}`);
      const scrubbed = lines.map((line) => scrub(line, secrets));
      failures.push(...scrubbed);
      console.log(scrubbed.join('\n'));
    } catch (error) {
      failures.push(`${profile} seed ${seed}: threw ${(error as Error).message}`);
      console.log(failures.at(-1));
    }
  }
  passed += profilePassed;
  const seconds = ((performance.now() - profileStarted) / 1000).toFixed(1);
  console.log(`${profile}: ${profilePassed} of ${seeds} runs exit 0 (${seconds} s)`);
}

const total = profiles.length * seeds;
const wall = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `\n${passed} of ${total} runs exit 0 (${profiles.join(', ')} × seeds ${firstSeed}..${firstSeed + seeds - 1}${runs === undefined ? '' : `, --runs ${runs}`}); wall time ${wall} s`,
);
if (failures.length > 0) {
  console.log('\nfalse failures (each a correct emulator accused):');
  console.log(failures.join('\n'));
}
process.exit(passed === total ? 0 : 1);
