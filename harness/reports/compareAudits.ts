import { absentPrefix } from '../../fixtures/probes/readOnlyProbes.ts';
import type { RecordedExchange, Recording } from '../recordings/Recording.ts';
import { recordedResponse } from '../recordings/summariseResponse.ts';
import { decodeResponse } from '../wire/decodeResponse.ts';
import type { Report, RuleStatus, RuleVerdict } from './Report.ts';

/** One audit as `compare` reads it: the `report.json` and the recording an `audit` run wrote. */
export type AuditSnapshot = { report: Report; recording: Recording; dir: string };

/** The aspects of an answer `compare` looks at, each normalised (volatile values replaced by placeholders). */
type AnswerAspects = {
  status: number | null;
  /** The error `Code`; `null` for a success or an answer without one. */
  code: string | null;
  message: string | null;
  contentType: string | null;
  /** The body's format (`json`, `xml`, `unknown`): a different default format shows here. */
  format: string | null;
  /** Every field path of the body with its JSON type (`Results.Result[].Success:boolean`), sorted. */
  fields: string[];
};

/** The aspects of {@link AnswerAspects}, in the order they are reported. */
const aspectNames = ['status', 'code', 'message', 'contentType', 'format', 'fields'] as const;
type AspectName = (typeof aspectNames)[number];

/** One aspect that differs between the two nights. */
export type AspectChange = { aspect: AspectName; before: unknown; after: unknown };

/**
 * A probe's comparison: `unchanged`; `changed` (same normalised request, a different answer: a service
 * change); `request-changed` (the suite sent another request: a suite change, never a service change);
 * `inconclusive` (no conclusive answer on one night: nothing can be said); `new` / `gone` (the probe set
 * grew or shrank with the suite).
 */
type ProbeChangeKind = 'unchanged' | 'changed' | 'request-changed' | 'inconclusive' | 'new' | 'gone';

export type ProbeChange = {
  /** The probe's name (a `#2` suffix tells a second exchange of the same name apart). */
  name: string;
  kind: ProbeChangeKind;
  /** `changed`: every aspect that differs, both sides. */
  differences?: AspectChange[];
  /** `request-changed`: the two normalised requests. */
  requests?: { before: string; after: string };
  /** `inconclusive`: why, per night. */
  reason?: string;
};

/** A rule's verdict on one night. */
type RuleSide = { status: RuleStatus; observed: string[]; reason?: string; source?: string };

/**
 * A rule whose verdict (status, or the REPORT-level behaviours observed) changed. `service` counts as a
 * behavioural change; `suite` is explained by the suite: its rules changed meaning, it judged the rule
 * from a probe whose request changed or that one night did not send, or one night did not judge the rule.
 */
export type RuleChange = {
  id: string;
  before: RuleSide;
  after: RuleSide;
  attribution: 'service' | 'suite';
  why: string;
};

/** `changes.json` (schemaVersion 1): what changed between two audits of one endpoint. */
export type Changes = {
  schemaVersion: 1;
  kind: 'dkp-conformance-changes';
  /** `compared`; `no-baseline` when there was no earlier audit (the first night). */
  status: 'compared' | 'no-baseline';
  before: AuditSide | null;
  after: AuditSide;
  summary: {
    /** Probe changes and rule changes attributed to the service: the exit code is 1 when any. */
    behaviouralChanges: number;
    probes: Record<ProbeChangeKind, number>;
    rules: { service: number; suite: number };
  };
  /** Every probe of either night, by name. */
  probes: ProbeChange[];
  /** Only the rules whose verdict changed. */
  rules: RuleChange[];
  notes: string[];
  /** 0 no behavioural change; 1 at least one (target-protocol §4). */
  exitCode: 0 | 1;
};

/** What `changes.json` says about one night. */
type AuditSide = {
  dir: string;
  endpoint: string;
  region: string;
  startedAt: string;
  suiteVersion: string;
  rulesVersion: number;
  verdict: Report['verdict'];
};

/**
 * Placeholders for values that differ on every run: a random name, a random AccessKeyId, the endpoint's
 * host (it may be quoted in a string to sign), the run's masked AccessKeyId (credentials rotate).
 */
const volatile = {
  random: '<random>',
  unknownAccessKey: '<unknown-access-key>',
  host: '<host>',
  accessKeyId: '<access-key-id>',
} as const;

// The read-only probes' names are made fresh per request from random hex after `absentPrefix`: key pair
// names, instance IDs (`i-` + the prefix), region IDs. Hyphens and hex survive percent-encoding, so the
// same pattern finds them in a query, a form body, a JSON body and a quoted string to sign alike.
const randomName = new RegExp(`${absentPrefix.replace(/-/g, '\\-')}[0-9a-f]+`, 'g');
// An `unknown-access-key` probe's AccessKeyId (`unknownAccessKey` + 24 hex), raw or masked (`unkn****ab`).
const unknownAccessKey = /unknownAccessKey[0-9a-f]{24}|unkn\*\*\*\*[0-9a-f]{2}/g;

/** The function that replaces every volatile value of one recording's text by its placeholder. */
function normaliserFor(recording: Recording): (text: string) => string {
  let host = '';
  try {
    host = new URL(recording.endpoint).host;
  } catch {
    // An endpoint that is not a URL has no host to hide; the rest still applies.
  }
  const literal: [string, string][] = [];
  if (host !== '') literal.push([host, volatile.host]);
  if (recording.accessKeyId.length >= 4) literal.push([recording.accessKeyId, volatile.accessKeyId]);
  return (text) => {
    let out = text.replace(randomName, volatile.random).replace(unknownAccessKey, volatile.unknownAccessKey);
    for (const [value, placeholder] of literal) out = out.split(value).join(placeholder);
    return out;
  };
}

// Request headers that say nothing about the request the suite meant to send: the connection's, and the
// body hash (it hashes random names; a wrong hash on purpose is the probe's breakage, already in `probe`).
const ignoredRequestHeaders = new Set(['host', 'content-length', 'connection', 'x-acs-content-sha256']);

/**
 * A recorded request as one normalised line of text: the method, target, headers (sorted, those of
 * `ignoredRequestHeaders` left out) and body, every volatile value a placeholder. Two nights sent the same
 * request exactly when their lines are equal.
 */
function normalisedRequest(exchange: RecordedExchange, normalise: (text: string) => string): string {
  const r = exchange.request;
  const headers = Object.entries(r.headers)
    .filter(([name]) => !ignoredRequestHeaders.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}: ${value}`);
  return normalise([`${r.method} ${r.target}`, ...headers, '', r.body].join('\n'));
}

/** The aspects of a recorded answer, normalised; `undefined` when the exchange had no conclusive answer. */
function answerAspects(
  exchange: RecordedExchange,
  normalise: (text: string) => string,
): AnswerAspects | undefined {
  const response = recordedResponse(exchange);
  if (response === undefined) return undefined;
  const decoded = decodeResponse(response);
  const code = decoded.fields.Code?.value;
  const message = decoded.fields.Message?.value;
  return {
    status: decoded.status,
    code: code === undefined || decoded.status < 300 ? null : normalise(String(code)),
    message: message === undefined ? null : normalise(String(message)),
    contentType: decoded.contentType ?? null,
    format: decoded.format,
    fields: [...new Set(fieldPaths(decoded.document, ''))].sort(),
  };
}

/** Every leaf path of a parsed body with its JSON type; arrays as `[]`. */
function fieldPaths(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => fieldPaths(v, `${path}[]`));
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return [`${path}:{}`];
    return entries.flatMap(([k, v]) => fieldPaths(v, path === '' ? k : `${path}.${k}`));
  }
  if (path === '') return [];
  return [`${path}:${value === null ? 'null' : typeof value}`];
}

/** The exchanges of a recording by name; a repeated name gets `#2`, `#3`… in order. */
function byName(recording: Recording): Map<string, RecordedExchange> {
  const out = new Map<string, RecordedExchange>();
  for (const exchange of recording.exchanges) {
    let name = exchange.name;
    for (let n = 2; out.has(name); n++) name = `${exchange.name}#${n}`;
    out.set(name, exchange);
  }
  return out;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Compares two recordings probe by probe (matched by name). */
function compareProbes(before: Recording, after: Recording): ProbeChange[] {
  const normaliseBefore = normaliserFor(before);
  const normaliseAfter = normaliserFor(after);
  const left = byName(before);
  const right = byName(after);
  const names = [...new Set([...left.keys(), ...right.keys()])].sort();
  return names.map((name): ProbeChange => {
    const b = left.get(name);
    const a = right.get(name);
    if (b === undefined) return { name, kind: 'new' };
    if (a === undefined) return { name, kind: 'gone' };
    const requestBefore = normalisedRequest(b, normaliseBefore);
    const requestAfter = normalisedRequest(a, normaliseAfter);
    if (requestBefore !== requestAfter)
      return { name, kind: 'request-changed', requests: { before: requestBefore, after: requestAfter } };
    const answerBefore = answerAspects(b, normaliseBefore);
    const answerAfter = answerAspects(a, normaliseAfter);
    if (answerBefore === undefined || answerAfter === undefined) {
      const why = (side: string, e: RecordedExchange, x: AnswerAspects | undefined) =>
        x === undefined ? [`${side}: ${e.inconclusive ?? 'no answer recorded'}`] : [];
      return {
        name,
        kind: 'inconclusive',
        reason: [...why('before', b, answerBefore), ...why('after', a, answerAfter)].join('; '),
      };
    }
    const differences = aspectNames
      .filter((aspect) => !sameValue(answerBefore[aspect], answerAfter[aspect]))
      .map((aspect) => ({ aspect, before: answerBefore[aspect], after: answerAfter[aspect] }));
    return differences.length === 0 ? { name, kind: 'unchanged' } : { name, kind: 'changed', differences };
  });
}

function side(rule: RuleVerdict): RuleSide {
  return {
    status: rule.status,
    observed: [...(rule.observed ?? [])].sort(),
    ...(rule.reason === undefined ? {} : { reason: rule.reason }),
    ...(rule.failure?.source === undefined ? {} : { source: rule.failure.source }),
  };
}

/**
 * The rules whose status or observed REPORT-level behaviours differ, each attributed. A change is the
 * suite's when (in this order): the reports' `rulesVersion` differ (a rule may have changed meaning, and
 * the reports cannot say which one did); the rule's level or statement differs; one night did not judge
 * it (`skip`: another `--only`, another tier) or could not (`error`: a check threw); or the failure that
 * decides it came from a probe whose request changed or that the other night did not send. Otherwise the
 * same suite asked the same questions and got other answers: a service change.
 */
function compareRules(before: Report, after: Report, probes: readonly ProbeChange[]): RuleChange[] {
  const suiteProbes = new Map(
    probes
      .filter((p) => p.kind === 'request-changed' || p.kind === 'new' || p.kind === 'gone')
      .map((p) => [`probe:${p.name}`, p.kind]),
  );
  const earlier = new Map(before.rules.map((r) => [r.id, r]));
  const changes: RuleChange[] = [];
  for (const now of after.rules) {
    const then = earlier.get(now.id);
    if (then === undefined) continue;
    const b = side(then);
    const a = side(now);
    if (b.status === a.status && sameValue(b.observed, a.observed)) continue;
    const suiteProbe = [b.source, a.source].find((s) => s !== undefined && suiteProbes.has(s));
    let attribution: RuleChange['attribution'] = 'suite';
    let why: string;
    if (before.rulesVersion !== after.rulesVersion)
      why = `rules version ${before.rulesVersion} → ${after.rulesVersion}: the rules may have changed meaning`;
    else if (then.level !== now.level || (then.statement ?? '') !== (now.statement ?? ''))
      why = `the rule itself changed (level ${then.level} → ${now.level}, or its statement)`;
    else if (b.status === 'skip' || a.status === 'skip')
      why = `not judged on one night: ${(b.status === 'skip' ? b.reason : a.reason) ?? 'skipped'}`;
    else if (b.status === 'error' || a.status === 'error') why = 'a check threw on one night (status error)';
    else if (suiteProbe !== undefined)
      why = `decided by ${suiteProbe.slice('probe:'.length)}, a probe that is ${suiteProbes.get(suiteProbe) === 'request-changed' ? 'sent differently' : suiteProbes.get(suiteProbe)} on the other night`;
    else {
      attribution = 'service';
      why = 'same suite, same rules, other answers';
    }
    changes.push({ id: now.id, before: b, after: a, attribution, why });
  }
  return changes;
}

function auditSide(snapshot: AuditSnapshot): AuditSide {
  const { report, recording, dir } = snapshot;
  return {
    dir,
    endpoint: recording.endpoint,
    region: recording.region,
    startedAt: report.startedAt,
    suiteVersion: report.suiteVersion,
    rulesVersion: report.rulesVersion,
    verdict: report.verdict,
  };
}

const emptyCounts = (): Record<ProbeChangeKind, number> => ({
  unchanged: 0,
  changed: 0,
  'request-changed': 0,
  inconclusive: 0,
  new: 0,
  gone: 0,
});

/**
 * What changed between two audits (issue 18): per probe and per rule, with suite changes told apart from
 * service changes. Without `before` (the first night) the result says so and counts no change. The two
 * must be comparable (one region, one report schema): `compare` checks that before calling this.
 */
export function compareAudits(before: AuditSnapshot | null, after: AuditSnapshot): Changes {
  if (before === null) {
    const probes = [...byName(after.recording).keys()]
      .sort()
      .map((name): ProbeChange => ({ name, kind: 'new' }));
    const counts = emptyCounts();
    counts.new = probes.length;
    return {
      schemaVersion: 1,
      kind: 'dkp-conformance-changes',
      status: 'no-baseline',
      before: null,
      after: auditSide(after),
      summary: { behaviouralChanges: 0, probes: counts, rules: { service: 0, suite: 0 } },
      probes,
      rules: [],
      notes: ['no earlier audit to compare with (the first night): nothing to compare yet'],
      exitCode: 0,
    };
  }
  const probes = compareProbes(before.recording, after.recording);
  const rules = compareRules(before.report, after.report, probes);
  const counts = emptyCounts();
  for (const p of probes) counts[p.kind]++;
  const serviceRules = rules.filter((r) => r.attribution === 'service').length;
  const behaviouralChanges = counts.changed + serviceRules;
  const notes: string[] = [];
  if (before.report.suiteVersion !== after.report.suiteVersion)
    notes.push(`suite upgraded: ${before.report.suiteVersion} → ${after.report.suiteVersion}`);
  if (before.report.rulesVersion !== after.report.rulesVersion)
    notes.push(
      `rules version ${before.report.rulesVersion} → ${after.report.rulesVersion}: verdict changes are counted as suite changes`,
    );
  if (before.recording.endpoint !== after.recording.endpoint)
    notes.push(`endpoint ${before.recording.endpoint} → ${after.recording.endpoint}`);
  return {
    schemaVersion: 1,
    kind: 'dkp-conformance-changes',
    status: 'compared',
    before: auditSide(before),
    after: auditSide(after),
    summary: {
      behaviouralChanges,
      probes: counts,
      rules: { service: serviceRules, suite: rules.length - serviceRules },
    },
    probes,
    rules,
    notes,
    exitCode: behaviouralChanges > 0 ? 1 : 0,
  };
}
