import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readExpectation, readProbe } from '../../fixtures/documented/loadDocumentedCases.ts';
import type { Report, RuleFailure, RuleVerdict } from '../reports/Report.ts';
import { isRuleId, type RuleId, rulesVersion } from '../spec/rules.ts';
import { validateWorld } from '../spec/validateWorld.ts';
import type { AccessKey, World } from '../spec/World.ts';
import { assertNoSecrets } from '../util/assertNoSecrets.ts';
import { HarnessError } from '../util/HarnessError.ts';
import type { Probe } from '../wire/Probe.ts';
import type { CaseSource, DocumentedOutcome, RuleLedger } from './RuleLedger.ts';
import { type RunCommand, reproduceCommand } from './reproduceCommand.ts';
import { suiteVersion } from './suiteVersion.ts';

/**
 * The case-file format this suite writes and reads (target-protocol §4). It changes only when an older
 * file could no longer be read as written; a suite reads every version up to its own, and refuses a newer
 * one with exit 2 and the version it would need.
 */
const caseSchemaVersion = 1;

/** A World as a case file keeps it: every access key reduced to its ID (a fresh secret signs on replay). */
type CaseWorld = Omit<World, 'accessKeys'> & { accessKeys: { accessKeyId: string }[] };

/**
 * One kept counterexample (`counterexamples/<rule>-<n>.case.json`, schemaVersion 1): what failed and what
 * was sent, without a secret, replayable by `verify --case FILE` against any target.
 */
export type CaseFile = {
  schemaVersion: 1;
  /** The rule the failure broke; `rules` are every rule the case is kept for (the first is `rule`). */
  rule: RuleId;
  rules: RuleId[];
  level: 'MUST' | 'SHOULD';
  title: string;
  expected: string;
  received: string;
  /** How the steps are sent and judged (harness/suite/CaseSteps.ts). */
  relation: CaseSource['relation'];
  /** The World loaded before the steps; null for a probe sent without world control. */
  world: CaseWorld | null;
  /** Without world control: the World the oracle assumed (the run's own key left out). */
  assumedWorld?: CaseWorld;
  /** The access key ID of `world` that signs; null: the replaying run's own credentials. */
  signWith: string | null;
  /** The requests, in the suite's request model, in the order sent. */
  steps: Probe[];
  /** `same-outcome`: the metamorphic rule the two steps are compared by, and what was varied. */
  sameOutcome?: { rule: RuleId; variation: string };
  /** A documented case's own outcome, judged on replay as in the documented-cases phase. */
  documented?: DocumentedOutcome;
  /** Where the case came from: informative only, never read on replay. */
  provenance: {
    suiteVersion: string;
    rulesVersion: number;
    target: string;
    source: string;
    seed?: number;
    path?: string;
    foundAt: string;
  };
};

/** The World of a case file: the same World with each access key's secret left out. */
function caseWorld(world: World): CaseWorld {
  return { ...world, accessKeys: world.accessKeys.map((k) => ({ accessKeyId: k.accessKeyId })) };
}

/**
 * The case file of one failure: `steps` as recorded, `failure` as the report shows it. Without world
 * control the run's own key is left out altogether (the replaying run signs with its own).
 */
export function toCaseFile(
  rule: RuleId,
  level: 'MUST' | 'SHOULD',
  failure: Pick<RuleFailure, 'title' | 'expected' | 'received'> & Partial<RuleFailure>,
  steps: CaseSource,
  run: { target: string; foundAt: string },
): CaseFile {
  const worldFree = steps.world === null;
  const assumed = steps.assumedWorld;
  return {
    schemaVersion: caseSchemaVersion,
    rule,
    rules: [rule],
    level,
    title: failure.title,
    expected: failure.expected,
    received: failure.received,
    relation: steps.relation,
    world: steps.world === null ? null : caseWorld(steps.world),
    ...(worldFree && assumed !== undefined
      ? {
          assumedWorld: {
            ...caseWorld(assumed),
            accessKeys: assumed.accessKeys
              .filter((k) => k.accessKeyId !== steps.key.accessKeyId)
              .map((k) => ({ accessKeyId: k.accessKeyId })),
          },
        }
      : {}),
    signWith: worldFree ? null : steps.key.accessKeyId,
    steps: steps.probes,
    ...(steps.sameOutcome === undefined ? {} : { sameOutcome: steps.sameOutcome }),
    ...(steps.documented === undefined ? {} : { documented: steps.documented }),
    provenance: {
      suiteVersion,
      rulesVersion,
      target: run.target,
      source: failure.source ?? 'unknown',
      ...(failure.seed === undefined ? {} : { seed: failure.seed }),
      ...(failure.path === undefined ? {} : { path: failure.path }),
      foundAt: run.foundAt,
    },
  };
}

/** A case file to write: its name, its content, and whether it is the failure the report shows for its rule. */
export type KeptCase = { name: string; file: CaseFile; shown: boolean };

/**
 * The case files of a report's failures: one per failed or warned rule whose failure was recorded with its
 * steps (else the rule's first failure that was), then `extra` failures (every contract failure, not only each rule's first), numbered per rule
 * in that order. A failure that is no single exchange (RequestIds across the run) has no case file.
 */
export function collectCaseFiles(
  verdicts: readonly RuleVerdict[],
  ledger: Pick<RuleLedger, 'stepsOf' | 'firstReplayable'>,
  extra: readonly { rule: RuleId; failure: RuleFailure; steps: CaseSource }[],
  run: { target: string; foundAt: string },
): KeptCase[] {
  const written: KeptCase[] = [];
  const counts = new Map<RuleId, number>();
  const seen = new Set<string>();
  const add = (
    rule: RuleId,
    level: 'MUST' | 'SHOULD',
    failure: RuleFailure,
    steps: CaseSource,
    shown: boolean,
  ) => {
    const key = `${rule}\u0000${failure.source ?? ''}\u0000${failure.title}`;
    if (seen.has(key)) return;
    seen.add(key);
    const n = (counts.get(rule) ?? 0) + 1;
    counts.set(rule, n);
    written.push({
      name: `${rule}-${n}.case.json`,
      file: toCaseFile(rule, level, failure, steps, run),
      shown,
    });
  };
  for (const verdict of verdicts) {
    if (verdict.failure === undefined || (verdict.status !== 'fail' && verdict.status !== 'warn')) continue;
    const level = verdict.level === 'SHOULD' ? 'SHOULD' : 'MUST';
    const steps = ledger.stepsOf(verdict.failure);
    if (steps !== undefined) {
      add(verdict.id, level, verdict.failure, steps, true);
      continue;
    }
    // The shown failure is no replayable request: keep the rule's first one that is.
    const replayable = ledger.firstReplayable(verdict.id);
    if (replayable !== undefined) add(verdict.id, level, replayable.failure, replayable.steps, false);
  }
  for (const { rule, failure, steps } of extra) {
    const level = verdicts.find((v) => v.id === rule)?.level === 'SHOULD' ? 'SHOULD' : 'MUST';
    add(rule, level, failure, steps, false);
  }
  return written;
}

/**
 * Writes case files under `dir/counterexamples/` and returns the path of each, by rule and name. No file
 * carries a secret of the run (`secrets`), checked before anything is written.
 */
export async function writeCaseFiles(
  dir: string,
  cases: readonly KeptCase[],
  secrets: readonly string[],
): Promise<WrittenCase[]> {
  if (cases.length === 0) return [];
  const texts = cases.map(({ name, file }) => {
    const text = `${JSON.stringify(file, null, 2)}\n`;
    assertNoSecrets(text, secrets, name);
    return text;
  });
  const folder = join(dir, 'counterexamples');
  await mkdir(folder, { recursive: true });
  const paths: WrittenCase[] = [];
  for (const [i, { name, file, shown }] of cases.entries()) {
    const path = join(folder, name);
    await writeFile(path, texts[i] as string);
    paths.push({ rule: file.rule, path, shown });
  }
  return paths;
}

/** A case file written: its rule, its path, and whether it is the failure the report shows. */
export type WrittenCase = { rule: RuleId; path: string; shown: boolean };

/**
 * The report with each shown failure that was kept as a case file naming it (`caseFile`) and reproduced by
 * replaying it: `<invocation> verify <the run's target flags> --case FILE --only RULE`.
 */
export function withCaseReproductions(
  report: Report,
  written: readonly WrittenCase[],
  run: RunCommand,
): Report {
  const shown = new Map(written.filter((w) => w.shown).map((w) => [w.rule, w.path]));
  if (shown.size === 0) return report;
  return {
    ...report,
    rules: report.rules.map((verdict) => {
      const path = shown.get(verdict.id);
      if (path === undefined || verdict.failure === undefined) return verdict;
      return {
        ...verdict,
        failure: {
          ...verdict.failure,
          caseFile: path,
          reproduce: reproduceCommand(run, ['--case', path, '--only', verdict.id]),
        },
      };
    }),
  };
}

/** A case file read back: the file, and what replaying it needs. */
export type LoadedCase = { path: string; file: CaseFile };

/**
 * The case files named by `--case` (files) and `--cases` (every `*.case.json` of a directory, in name
 * order), each read strictly: an unreadable file, a newer or unknown `schemaVersion`, or a field that is
 * not what the format says is a usage error (exit 2) naming the file and every problem found.
 */
export async function loadCaseFiles(
  files: readonly string[],
  dirs: readonly string[],
): Promise<LoadedCase[]> {
  const paths = [...files];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      throw new HarnessError(
        'USAGE',
        `--cases ${dir}: cannot read the directory (${(error as Error).message})`,
      );
    }
    const found = names.filter((n) => n.endsWith('.case.json')).sort();
    if (found.length === 0) throw new HarnessError('USAGE', `--cases ${dir}: no *.case.json file in it`);
    paths.push(...found.map((n) => join(dir, n)));
  }
  const loaded: LoadedCase[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new HarnessError('USAGE', `case file ${path}: cannot read it (${(error as Error).message})`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new HarnessError('USAGE', `case file ${path}: not JSON (${(error as Error).message})`);
    }
    loaded.push({ path, file: readCaseFile(json, path) });
  }
  return loaded;
}

const relations: readonly CaseSource['relation'][] = ['each', 'same-outcome', 'sequence'];

/** One case file's JSON, checked field by field (see {@link loadCaseFiles}). */
export function readCaseFile(input: unknown, path: string): CaseFile {
  const fail = (problems: string[]): never => {
    throw new HarnessError('USAGE', `case file ${path}: ${problems.join('; ')}`);
  };
  if (!isObject(input)) return fail(['not a JSON object']);
  const version = input.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return fail(['schemaVersion must be a whole number ≥ 1 (is this a case file of dkp-conformance?)']);
  if (version > caseSchemaVersion) {
    return fail([
      `written in case-file format ${version}; this suite (${suiteVersion}) reads format ${caseSchemaVersion} and older: upgrade detach-key-pair-conformance to replay it`,
    ]);
  }
  const problems: string[] = [];
  const text = (field: string): string => {
    const value = input[field];
    if (typeof value !== 'string') problems.push(`${field} must be a string`);
    return typeof value === 'string' ? value : '';
  };
  const rule = text('rule');
  if (rule !== '' && !isRuleId(rule)) problems.push(`rule "${rule}" is no rule of the registry`);
  const rules = Array.isArray(input.rules) ? input.rules : [];
  if (!Array.isArray(input.rules) || rules.length === 0) problems.push('rules must be a non-empty list');
  for (const r of rules)
    if (typeof r !== 'string' || !isRuleId(r)) problems.push(`rules: unknown rule ${JSON.stringify(r)}`);
  const level = input.level;
  if (level !== 'MUST' && level !== 'SHOULD') problems.push('level must be "MUST" or "SHOULD"');
  const title = text('title');
  const expected = text('expected');
  const received = text('received');
  const relation = relations.find((r) => r === input.relation);
  if (relation === undefined) problems.push(`relation must be one of ${relations.join(', ')}`);
  const world = input.world === null ? null : readCaseWorld(input.world, 'world', problems);
  const assumedWorld =
    input.assumedWorld === undefined
      ? undefined
      : readCaseWorld(input.assumedWorld, 'assumedWorld', problems);
  if (world === null && assumedWorld === undefined)
    problems.push('a case without a world (sent without world control) needs assumedWorld');
  const signWith = input.signWith;
  if (world !== null && world !== undefined) {
    if (typeof signWith !== 'string' || !world.accessKeys.some((k) => k.accessKeyId === signWith))
      problems.push("signWith must name an access key ID of the case's world");
  } else if (signWith !== null) problems.push('signWith must be null for a case without a world');
  if (!Array.isArray(input.steps) || input.steps.length === 0)
    problems.push('steps must be a non-empty list');
  const steps: Probe[] = [];
  for (const [i, step] of (Array.isArray(input.steps) ? input.steps : []).entries()) {
    const stepProblems: string[] = [];
    const probe = readProbe(step, stepProblems);
    problems.push(...stepProblems.map((p) => `steps[${i}]: ${p}`));
    if (probe !== undefined) steps.push(probe);
  }
  if (relation === 'same-outcome' && steps.length !== 2)
    problems.push('a same-outcome case has exactly two steps');
  let sameOutcome: CaseFile['sameOutcome'];
  if (input.sameOutcome !== undefined) {
    const so = input.sameOutcome;
    if (
      !isObject(so) ||
      typeof so.rule !== 'string' ||
      !isRuleId(so.rule) ||
      typeof so.variation !== 'string'
    )
      problems.push('sameOutcome must be { rule, variation }');
    else sameOutcome = { rule: so.rule, variation: so.variation };
  }
  if (relation === 'same-outcome' && sameOutcome === undefined)
    problems.push('a same-outcome case needs sameOutcome');
  let documented: DocumentedOutcome | undefined;
  if (input.documented !== undefined) {
    const d = input.documented;
    const docProblems: string[] = [];
    if (!isObject(d) || typeof d.name !== 'string' || typeof d.description !== 'string') {
      docProblems.push('documented must be { name, description, rules, expect }');
    } else {
      const docRules = Array.isArray(d.rules)
        ? d.rules.filter((r): r is RuleId => typeof r === 'string' && isRuleId(r))
        : [];
      if (!Array.isArray(d.rules) || docRules.length === 0 || docRules.length !== d.rules.length)
        docProblems.push('documented.rules must be a non-empty list of rule IDs');
      const expect = readExpectation(d.expect, docProblems);
      if (expect !== undefined)
        documented = { name: d.name, description: d.description, rules: docRules, expect };
    }
    problems.push(...docProblems);
  }
  if (!isObject(input.provenance)) problems.push('provenance must be an object');
  if (problems.length > 0) return fail(problems);
  return {
    schemaVersion: caseSchemaVersion,
    rule: rule as RuleId,
    rules: rules as RuleId[],
    level: level as 'MUST' | 'SHOULD',
    title,
    expected,
    received,
    relation: relation as CaseSource['relation'],
    world: world ?? null,
    ...(assumedWorld === undefined ? {} : { assumedWorld }),
    signWith: (signWith as string | null) ?? null,
    steps,
    ...(sameOutcome === undefined ? {} : { sameOutcome }),
    ...(documented === undefined ? {} : { documented }),
    provenance: input.provenance as CaseFile['provenance'],
  };
}

// A case world is checked as a World once a placeholder secret is given to each key.
function readCaseWorld(input: unknown, field: string, problems: string[]): CaseWorld | undefined {
  if (!isObject(input) || !Array.isArray(input.accessKeys)) {
    problems.push(`${field} must be a World whose accessKeys are { accessKeyId } objects`);
    return undefined;
  }
  const keys = input.accessKeys.map((k) => (isObject(k) ? k.accessKeyId : undefined));
  if (
    keys.some((k) => typeof k !== 'string') ||
    input.accessKeys.some((k) => isObject(k) && 'accessKeySecret' in k)
  ) {
    problems.push(`${field}.accessKeys: each entry is { accessKeyId } and carries no secret`);
    return undefined;
  }
  const candidate = {
    ...input,
    accessKeys: (keys as string[]).map((accessKeyId) => ({ accessKeyId, accessKeySecret: 'x' })),
  };
  const validation = validateWorld(candidate);
  if (!validation.ok) {
    problems.push(...validation.problems.map((p) => `${field}: ${p}`));
    return undefined;
  }
  return input as CaseWorld;
}

/**
 * A case's World with a fresh random secret for each of its access keys (the replaying run's own
 * credentials: target-protocol §4), and the key that signs.
 */
export function withFreshKeys(world: CaseWorld, signWith: string): { world: World; key: AccessKey } {
  const accessKeys = world.accessKeys.map((k) => ({
    accessKeyId: k.accessKeyId,
    accessKeySecret: randomBytes(18).toString('base64url'),
  }));
  const key = accessKeys.find((k) => k.accessKeyId === signWith);
  if (key === undefined)
    throw new HarnessError('USAGE', `signWith ${signWith} names no key of the case's world`);
  return { world: { ...world, accessKeys }, key };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
