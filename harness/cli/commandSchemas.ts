import { emulatorProfiles } from '../emulator/EmulatorProfile.ts';
import { faultNames } from '../emulator/faults.ts';
import { defaultRatePerSecond } from '../targets/interceptors/withRateLimit.ts';
import { defaultTimeoutMs } from '../targets/interceptors/withTimeout.ts';
import type { CommandSchema, OptionSchema } from './CommandSchema.ts';

// Options several commands share, described once.
const runs = {
  type: 'string',
  value: 'N',
  description: 'runs per property',
  default: '100',
  library: 'runs',
} as const satisfies OptionSchema;
const seed = {
  type: 'string',
  value: 'S',
  description: 'the seed of the generated inputs (printed by every run, for replay)',
  default: 'a random seed',
  library: 'seed',
} as const satisfies OptionSchema;
const path = {
  type: 'string',
  value: 'P',
  description:
    "replay one counterexample, PROPERTY:PATH as a failure's reproduction prints it (needs --seed)",
  default: 'every run',
  library: 'path',
} as const satisfies OptionSchema;
const strict = {
  type: 'boolean',
  description: 'a SHOULD failure fails the run (status fail, exit 1) instead of warning',
  default: 'off',
  library: 'strict',
} as const satisfies OptionSchema;
const only = {
  type: 'string',
  value: 'RULES',
  description: 'judge only these rules: whole rule IDs or family names (OK, AU), comma-separated',
  default: 'every rule',
  library: 'only',
} as const satisfies OptionSchema;
const expectations = {
  type: 'string',
  value: 'FILE',
  description: 'known failures, {"failures": [{"rule", "reason"}]}: expected, and stale when they pass',
  default: 'none',
  library: 'expectations',
} as const satisfies OptionSchema;
const reportDir = {
  type: 'string',
  value: 'DIR',
  description: 'write report.json, junit.xml and report.html there',
  default: 'nothing written',
} as const satisfies OptionSchema;
const maxResponseBytes = {
  type: 'string',
  value: 'N',
  description: 'the largest answer read, in bytes; a larger one is inconclusive',
  default: '1048576 (1 MiB)',
  library: 'maxResponseBytes',
} as const satisfies OptionSchema;
const progressInterval = {
  type: 'string',
  value: 'MS',
  description: 'off a TTY, the least time between two progress lines within a phase (0: every step)',
  default: '5000',
} as const satisfies OptionSchema;
const profile = (description: string) =>
  ({
    type: 'string',
    value: 'NAME',
    description,
    default: 'reference',
    choices: { label: 'profiles', names: () => Object.keys(emulatorProfiles) },
  }) as const satisfies OptionSchema;
const fault = (description: string) =>
  ({
    type: 'string',
    value: 'NAME',
    description,
    default: 'none',
    choices: { label: 'faults', names: () => faultNames },
  }) as const satisfies OptionSchema;

/** `emulate`: the reference emulator on loopback (target-protocol §1, §4). */
const emulate = {
  name: 'emulate',
  usage: `  emulate [--port P] [--world FILE] [--profile NAME] [--fault NAME]
                                                       start the reference emulator (with an injected fault)`,
  options: {
    port: {
      type: 'string',
      value: 'P',
      description: 'the port to listen on (0: any free port)',
      default: '0',
    },
    world: {
      type: 'string',
      value: 'FILE',
      description: 'a World (target-protocol §1) to start with',
      default: 'an empty World',
    },
    profile: profile('the REPORT-level choices the emulator makes'),
    fault: fault('a named bug to inject (each breaks one rule)'),
  },
} as const satisfies CommandSchema;

/** `verify`: judge a target rule by rule (target-protocol §4). */
const verify = {
  name: 'verify',
  positionals: {
    value: '[FILE...]',
    description: 'more case files after --case FILE, so that --case DIR/*.case.json replays each',
  },
  usage: `  verify  [--target URL] [--world-url URL | --region ID] [--runs N] [--seed S [--path P]] [--strict]
          [--only RULES] [--expectations FILE] [--report-dir DIR] [--shard I/N] [--replay DIR] [--smoke]
          [--no-contracts] [--profile NAME] [--fault NAME] [--max-response-bytes N] [--response-timeout MS]
          [--progress-interval MS] [--case FILE... | --cases DIR]
                                                       judge a target rule by rule (the bundled emulator by default,
                                                       with --profile and --fault as emulate takes them)`,
  options: {
    target: {
      type: 'string',
      value: 'URL',
      description: 'the origin of the implementation judged (scheme://host:port)',
      default: 'the bundled reference emulator, on loopback',
      library: 'target',
    },
    'world-url': {
      type: 'string',
      value: 'URL',
      description:
        "where the target loads a World (target-protocol §1); it must control the target's answers",
      default: 'TARGET/_conformance/world when it answers, else no world control',
      library: 'worldUrl',
    },
    region: {
      type: 'string',
      value: 'ID',
      description: 'without world control, the region probed (credentials from the environment)',
      default: 'none',
      library: 'region',
    },
    runs,
    seed,
    path,
    strict,
    only,
    expectations,
    'report-dir': reportDir,
    case: {
      type: 'string',
      value: 'FILE',
      multiple: true,
      description:
        'replay a case file (counterexamples/<rule>-<n>.case.json) instead of cases and properties, re-signed, judged by every check; more files may follow (a shell glob)',
      default: 'off',
      library: 'cases',
    },
    cases: {
      type: 'string',
      value: 'DIR',
      description: 'replay every *.case.json file of DIR, as --case does',
      default: 'off',
      library: 'casesDir',
    },
    replay: {
      type: 'string',
      value: 'DIR',
      description:
        're-send the recording DIR/recording.json instead of cases and properties, and write drift',
      default: 'off',
      library: 'replay',
    },
    shard: {
      type: 'string',
      value: 'I/N',
      description: "run shard I of N (1-based, needs --seed); merge-reports combines the shards' reports",
      default: 'the whole run',
      library: 'shard',
    },
    smoke: {
      type: 'boolean',
      description: 'four quick requests against a target with world control, instead of the run',
      default: 'off',
    },
    'no-contracts': {
      type: 'boolean',
      description: 'skip replaying the Pact contracts (the last phase, with world control)',
      default: 'contracts replayed',
      library: 'contracts',
    },
    profile: profile(
      "the bundled emulator's REPORT-level choices, as emulate takes them (not with --target)",
    ),
    fault: fault('a named bug injected into the bundled emulator, as emulate takes it (not with --target)'),
    'max-response-bytes': maxResponseBytes,
    'response-timeout': {
      type: 'string',
      value: 'MS',
      description: 'the time one whole answer may take; a slower one is inconclusive',
      default: '30000',
      library: 'responseTimeoutMs',
    },
    'progress-interval': progressInterval,
  },
} as const satisfies CommandSchema;

/** `sdk`: judge a client (target-protocol §3, §4). */
const sdk = {
  name: 'sdk',
  usage: `  sdk     (--adapter MODULE | --testee "COMMAND") [--runs N] [--seed S [--path P]] [--strict]
          [--only RULES] [--expectations FILE] [--report-dir DIR] [--max-response-bytes N] [--response-timeout MS]
          [--progress-interval MS]
                                                       judge a client (SDK) rule by rule: CL-1..CL-8`,
  options: {
    adapter: {
      type: 'string',
      value: 'MODULE',
      description: 'a JS/TS module or package whose default export is a ClientAdapter (or --testee)',
      default: 'none (one of --adapter and --testee is required)',
      library: 'adapter',
    },
    testee: {
      type: 'string',
      value: '"COMMAND"',
      description: 'a program speaking the testee protocol on stdin/stdout, any language (or --adapter)',
      default: 'none (one of --adapter and --testee is required)',
      library: 'testee',
    },
    runs,
    seed,
    path,
    strict,
    only,
    expectations,
    'report-dir': reportDir,
    'max-response-bytes': {
      ...maxResponseBytes,
      description: 'the longest testee reply line read, in bytes',
    },
    'response-timeout': {
      type: 'string',
      value: 'MS',
      description: 'the time one client call may take; a slower one is inconclusive',
      default: '30000',
      library: 'callTimeoutMs',
    },
    'progress-interval': progressInterval,
  },
} as const satisfies CommandSchema;

/** `audit`: a live endpoint (target-protocol §2, §4). */
const audit = {
  name: 'audit',
  usage: `  audit   --endpoint URL --region ID [--allow-mutation --sandbox FILE] [--rate R] [--timeout MS]
          [--max-response-bytes N] [--record DIR] [--seed S] [--strict] [--only RULES] [--expectations FILE]
          [--report-dir DIR] [--progress-interval MS]
                                                       audit a live endpoint: read-only probes; sandbox mutations opt-in`,
  options: {
    endpoint: {
      type: 'string',
      value: 'URL',
      description: 'the live endpoint audited (credentials from ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET)',
      default: 'required',
      library: 'endpoint',
    },
    region: {
      type: 'string',
      value: 'ID',
      description: 'the region probed',
      default: 'required',
      library: 'region',
    },
    'allow-mutation': {
      type: 'boolean',
      description: 'also run the sandbox tier, which changes resources and restores them (needs --sandbox)',
      default: 'read-only probes only',
      library: 'allowMutation',
    },
    sandbox: {
      type: 'string',
      value: 'FILE',
      description: 'the manifest of what the sandbox tier may change (needs --allow-mutation)',
      default: 'none',
      library: 'sandbox',
    },
    rate: {
      type: 'string',
      value: 'R',
      description: 'at most R requests per second',
      default: String(defaultRatePerSecond),
      library: 'rate',
    },
    timeout: {
      type: 'string',
      value: 'MS',
      description: 'the time one request may take',
      default: String(defaultTimeoutMs),
      library: 'timeoutMs',
    },
    'max-response-bytes': maxResponseBytes,
    record: {
      type: 'string',
      value: 'DIR',
      description: 'write the redacted exchanges to DIR/recording.json (for verify --replay, compare, drift)',
      default: 'nothing recorded',
      library: 'record',
    },
    seed,
    strict,
    only,
    expectations,
    'report-dir': {
      ...reportDir,
      description: 'write report.json, junit.xml, report.html (and the recording) there',
    },
    'progress-interval': progressInterval,
  },
} as const satisfies CommandSchema;

/** `compare`: two audits (target-protocol §4). */
const compare = {
  name: 'compare',
  usage: `  compare --before DIR --after DIR [--report-dir DIR]
                                                       what the live endpoint changed between two audits (exit 1 if anything)`,
  options: {
    before: {
      type: 'string',
      value: 'DIR',
      description: "the earlier audit's report directory (absent or empty: nothing to compare, exit 0)",
      default: 'required',
    },
    after: {
      type: 'string',
      value: 'DIR',
      description: "the later audit's report directory (report.json and recording.json)",
      default: 'required',
    },
    'report-dir': {
      ...reportDir,
      description: 'write changes.json and report.html there',
      default: 'the --after directory',
    },
  },
} as const satisfies CommandSchema;

/** `drift`: reference vs target vs clients. */
const drift = {
  name: 'drift',
  usage: `  drift   --report FILE [--recording DIR] --report-dir DIR
                                                       reference vs target vs official clients, per rule and fact`,
  options: {
    report: {
      type: 'string',
      value: 'FILE',
      description: 'the report.json of an audit or verify run',
      default: 'required',
    },
    recording: {
      type: 'string',
      value: 'DIR',
      description: "the recording of the same run, for each probe's answers",
      default: 'none',
    },
    'report-dir': {
      ...reportDir,
      description: 'write drift.json and drift.html there',
      default: 'required',
    },
  },
} as const satisfies CommandSchema;

/** `rules`: the registry. */
const rules = {
  name: 'rules',
  usage:
    '  rules   [--json]                                     print where the rules and the protocol are, and the registry',
  options: {
    json: { type: 'boolean', description: 'print the rule registry as JSON', default: 'a table' },
  },
} as const satisfies CommandSchema;

/** `merge-reports`: the shards of `verify --shard`. */
const mergeReports = {
  name: 'merge-reports',
  usage: `  merge-reports DIR... --report-dir DIR [--expectations FILE] [--strict]
                                                       combine the reports of verify --shard runs`,
  positionals: {
    value: 'DIR...',
    description: 'the report directories of the shards (each with a report.json)',
  },
  options: {
    'report-dir': { ...reportDir, description: 'write the merged report there', default: 'required' },
    expectations: {
      ...expectations,
      description: `${expectations.description} (applied to the merged report)`,
    },
    strict,
  },
} as const satisfies CommandSchema;

/**
 * Every command of `dkp-conformance`, in the order of its usage: the one declaration of each command's
 * options, from which come parsing, the usage text, `--help` and the README's checked command lines.
 */
export const commandSchemas = {
  emulate,
  verify,
  sdk,
  audit,
  compare,
  drift,
  rules,
  'merge-reports': mergeReports,
} as const;

/** A command's name. */
export type CommandName = keyof typeof commandSchemas;

/** Whether `name` is a command of `dkp-conformance`. */
export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commandSchemas, name);
}
