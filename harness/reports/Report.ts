import type { ParityRow } from '../recordings/ParityRow.ts';
import type { RuleId, RuleLevel } from '../spec/rules.ts';

/** A rule's status in a report (target-protocol §4). */
export type RuleStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'report' | 'error';

/** The first failure of a rule, with everything needed to reproduce it. */
export type RuleFailure = {
  title: string;
  expected: string;
  received: string;
  /** The shrunk counterexample (world and probe), secrets removed. */
  counterexample?: unknown;
  seed?: number;
  path?: string;
  /**
   * A command that replays this failure, re-signed afresh: `verify --case FILE` when the run kept it as a
   * case file (`--report-dir`), else `--seed S --path P` (or the documented case, the contract).
   */
  reproduce?: string;
  /** The case file this failure was kept in (`<report-dir>/counterexamples/<rule>-<n>.case.json`). */
  caseFile?: string;
  /** A curl line, valid only inside the 15-minute window; never carries a secret. */
  curl?: string;
  /** Which documented case or property found it. */
  source?: string;
};

/** One rule's verdict: every rule of the registry appears exactly once in a report. */
export type RuleVerdict = {
  id: RuleId;
  level: RuleLevel;
  status: RuleStatus;
  /** Conclusive cases that judged this rule. */
  cases: number;
  failure?: RuleFailure;
  /** REPORT-level behaviours seen, each once. */
  observed?: string[];
  /** Why the rule was skipped, or errored. */
  reason?: string;
  /** Set on a failure listed in `--expectations`: it does not change the verdict. */
  expected?: boolean;
  /** The expectations entry's reason. */
  expectationReason?: string;
  statement?: string;
};

/** `report.json` (schemaVersion 1), the same object the library API returns. */
export type Report = {
  schemaVersion: 1;
  suiteVersion: string;
  /** The version of the rules' meaning the run judged by (`rulesVersion`, spec/DetachKeyPair.rules.md). */
  rulesVersion: number;
  command: 'verify' | 'audit' | 'sdk';
  target: string;
  startedAt: string;
  finishedAt: string;
  verdict: 'conformant' | 'nonconformant' | 'inconclusive';
  exitCode: 0 | 1 | 3;
  summary: {
    passed: number;
    failed: number;
    warned: number;
    skipped: number;
    reported: number;
    errored: number;
  };
  rules: RuleVerdict[];
  /** Run parameters: seed, runs, strict, only, world control. */
  run: {
    seed: number;
    runs: number;
    strict: boolean;
    only?: string[];
    worldControl: boolean;
    requests: number;
    inconclusiveRequests: number;
    /** Why requests ended inconclusive (a bound of the suite passed, a transport failure), most frequent first. */
    inconclusiveReasons?: { reason: string; requests: number }[];
    durationMs: number;
    /** Why the run stopped early (a refused World, a world URL that failed mid-run). */
    aborted?: string;
    /** `I/N` for one shard of a sharded run (`merge-reports` combines them). */
    shard?: string;
  };
  /** Expectations entries that now pass (they fail the run), with reasons. */
  staleExpectations?: { rule: RuleId; reason: string }[];
  /**
   * `verify` with world control: each Pact interaction replayed against the target (contracts/). `status`
   * is the checks' verdict on the replayed exchange — the same checks as every other exchange, recorded
   * under the rules they judge: `pass`, `fail` (`failedRules`, and the failures in `reason`), `skip`
   * (consumer-only, or inconclusive: `reason`), `error` (replayed but not judged: `reason`). `rules` are
   * the rules the catalogue says it exercises. `pact` is Pact's own verdict (its matchers against the
   * response) with its mismatches in `pactMismatch`: shown, never a rule verdict, never the exit code.
   */
  contracts?: {
    interaction: string;
    consumer: string;
    rules: RuleId[];
    status: 'pass' | 'fail' | 'skip' | 'error';
    reason?: string;
    failedRules?: RuleId[];
    pact?: 'pass' | 'fail';
    pactMismatch?: string;
  }[];
  /**
   * The headline, printed before the rule table: every API request of the run got the same answer that
   * is no API answer (a skeleton's 501, a proxy's page, a redirect, a bound passed every time).
   */
  diagnosis?: Diagnosis;
  /** `sdk`: what the client wrote besides its replies (testee stdout noise, stderr, adapter throws), bounded. */
  clientLog?: string[];
  /** `audit`: the endpoint, the tiers run and, with `--allow-mutation`, what the sandbox went through. */
  audit?: AuditSection;
  /**
   * `verify --replay DIR`: each recorded exchange with the recorded and the replayed answer, normalised, and
   * whether they agree. Differences are REPORT-level drift (also observations under the rule each probe
   * exercises); they never fail a run by themselves.
   */
  parity?: ParityRow[];
  /** `verify --replay DIR`: the recording replayed. */
  replay?: {
    /** The directory given to `--replay`. */
    recording: string;
    /** The recorded endpoint and region, and when the recording started. */
    endpoint: string;
    region: string;
    recordedAt: string;
    exchanges: number;
    /** Rows of `parity` whose answers differ (inconclusive ones included). */
    differences: number;
  };
};

/** A sandbox instance `audit` could not bring back to its starting binding (target-protocol §2). */
export type UnrestoredResource = {
  regionId: string;
  instanceId: string;
  /** The key pair bound before the run (`null`: none). */
  expectedKeyPairName: string | null;
  /** The key pair bound at the end (`null`: none), or `unknown` when it could not be read back. */
  observedKeyPairName: string | null | 'unknown';
  /** The command that restores it, or says why the suite cannot. */
  restore: string;
};

/** What `audit` did (report.json `audit`). */
export type AuditSection = {
  endpoint: string;
  region: string;
  tiers: ('read-only' | 'sandbox')[];
  /** Requests per second allowed (`--rate`). */
  rate: number;
  /** Per-request timeout in ms (`--timeout`). */
  timeoutMs: number;
  /** HTTP requests sent, retries included (`run.requests` counts each request once). */
  httpRequests: number;
  /** Whether temporary credentials (a security token) were sent. */
  securityToken: boolean;
  sandbox?: {
    manifest: {
      regionId: string;
      keyPairName: string;
      linuxInstanceIds: string[];
      windowsInstanceId?: string;
    };
    /** Each step, in order, with what came of it. */
    steps: { step: string; outcome: string }[];
    /** Empty when everything is back as it was. */
    unrestored: UnrestoredResource[];
  };
};

/** What every API request of a run got, when it was the same non-API answer, and its likely cause. */
export type Diagnosis = {
  /** The answer every request got, e.g. `HTTP 501 with no error document`. */
  answer: string;
  /** How many API requests got it (all of them). */
  requests: number;
  /** What to check, e.g. "is DetachKeyPair served on `/`?". */
  likelyCause: string;
};
