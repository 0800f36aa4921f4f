/**
 * `npm run contracts:publish [-- --dry-run] [-- --can-i-deploy ENVIRONMENT]`: publishes contracts/pacts to a
 * Pact Broker with the Pact CLI (`@pact-foundation/pact-cli`, fetched by npx on demand: not a dependency),
 * then optionally asks `can-i-deploy` for every consumer. Opt-in: without PACT_BROKER_BASE_URL it says so
 * and exits 0, so CI never needs a broker. Credentials stay in the environment (PACT_BROKER_TOKEN, or
 * PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD), where the CLI reads them; they never go on a command line.
 */
import { spawnSync } from 'node:child_process';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { consumers } from './interactions.ts';
import { pactDir } from './pactFiles.ts';

/** What to publish, and where. */
export type PublishPlan = {
  brokerBaseUrl: string;
  /** The consumer version: PACT_CONSUMER_APP_VERSION, else the git commit. */
  version: string;
  /** PACT_CONSUMER_BRANCH, else the git branch. */
  branch: string;
  /** `--can-i-deploy ENVIRONMENT`. */
  canIDeployTo?: string;
};

/** The Pact CLI's broker client, run through npx (the package has several binaries, none named after it). */
const pactBroker = ['--yes', '--package', '@pact-foundation/pact-cli', 'pact-broker'];

/** The npx argument lists the plan runs, in order: one publish, then one can-i-deploy per consumer. */
export function publishCommands(
  plan: PublishPlan,
  pacts: string = relative(process.cwd(), pactDir),
): string[][] {
  const broker = ['--broker-base-url', plan.brokerBaseUrl];
  const publish = [
    ...pactBroker,
    'publish',
    pacts,
    '--consumer-app-version',
    plan.version,
    '--branch',
    plan.branch,
    ...broker,
  ];
  const checks =
    plan.canIDeployTo === undefined
      ? []
      : Object.keys(consumers).map((pacticipant) => [
          ...pactBroker,
          'can-i-deploy',
          '--pacticipant',
          pacticipant,
          '--version',
          plan.version,
          '--to-environment',
          plan.canIDeployTo as string,
          ...broker,
        ]);
  return [publish, ...checks];
}

function git(args: string[]): string | undefined {
  const out = spawnSync('git', args, { encoding: 'utf8' });
  return out.status === 0 ? out.stdout.trim() : undefined;
}

/** Runs the script; resolves to its exit code. */
export function main(argv: readonly string[], env: NodeJS.ProcessEnv, log: (line: string) => void): number {
  const { values } = parseArgs({
    args: [...argv],
    options: { 'dry-run': { type: 'boolean' }, 'can-i-deploy': { type: 'string' } },
    strict: true,
  });
  const brokerBaseUrl = env.PACT_BROKER_BASE_URL;
  if (brokerBaseUrl === undefined || brokerBaseUrl === '') {
    log(
      'contracts:publish: PACT_BROKER_BASE_URL is not set, so nothing was published. Set it (and PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD) to publish contracts/pacts; see contracts/README.md.',
    );
    return 0;
  }
  const dirty = (git(['status', '--porcelain']) ?? '') !== '';
  const version = env.PACT_CONSUMER_APP_VERSION ?? git(['rev-parse', 'HEAD']);
  const branch = env.PACT_CONSUMER_BRANCH ?? git(['rev-parse', '--abbrev-ref', 'HEAD']);
  if (version === undefined || branch === undefined) {
    log(
      'contracts:publish: no git commit or branch found: set PACT_CONSUMER_APP_VERSION and PACT_CONSUMER_BRANCH.',
    );
    return 2;
  }
  if (dirty && env.PACT_CONSUMER_APP_VERSION === undefined && values['dry-run'] !== true) {
    // A broker keys pacts by version: publishing uncommitted pacts under a commit's SHA would lie about it.
    log(
      'contracts:publish: the working tree has uncommitted changes: commit them, or set PACT_CONSUMER_APP_VERSION.',
    );
    return 2;
  }
  const plan: PublishPlan = {
    brokerBaseUrl,
    version,
    branch,
    ...(values['can-i-deploy'] === undefined ? {} : { canIDeployTo: values['can-i-deploy'] }),
  };
  for (const args of publishCommands(plan)) {
    log(`npx ${args.map((a) => (/^[\w@/:.=+-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`);
    if (values['dry-run'] === true) continue;
    const run = spawnSync('npx', args, { stdio: 'inherit', env });
    if (run.status !== 0) return run.status ?? 1;
  }
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2), process.env, (line) => console.log(line));
}
