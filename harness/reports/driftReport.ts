import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isErrorResponse, successCodes } from '../checks/responseKind.ts';
import type { ExchangeSummary } from '../recordings/ParityRow.ts';
import type { Recording } from '../recordings/Recording.ts';
import { redacted } from '../recordings/Recording.ts';
import { recordedResponse, summariseResponse } from '../recordings/summariseResponse.ts';
import { isRuleId, type RuleId, ruleById } from '../spec/rules.ts';
import { assertNoSecrets } from '../util/assertNoSecrets.ts';
import { type DecodedResponse, decodeResponse } from '../wire/decodeResponse.ts';
import type { Probe } from '../wire/Probe.ts';
import {
  type DocumentedFact,
  documentedFacts,
  type FactSource,
  type FactSubject,
} from './documentedFacts.ts';
import type { Report, RuleVerdict } from './Report.ts';
import { renderDriftHtml } from './renderDriftHtml.ts';
import { sdkExpectations } from './sdkExpectations.ts';

/**
 * A row's verdict: `agree` (the target did what the reference says, and no client is at risk), `drift`
 * (the target differs from the reference), `risk` (the target's answer breaks what an official client
 * expects; it may also drift), `unobserved` (nothing the target did bears on it).
 */
export type DriftVerdict = 'agree' | 'drift' | 'risk' | 'unobserved';

/** One row of the drift report: a rule, or one documented fact of a rule, in three columns and a verdict. */
export type DriftRow = {
  /** `rule:<ID>` or the fact's id (`status:InvalidAccessKeyId.NotFound`). */
  id: string;
  rule: RuleId;
  kind: 'rule' | 'fact';
  /** What the row is about. */
  fact: string;
  /** What the reference says, and where, verbatim. */
  reference: { says: string; sources: readonly FactSource[] };
  /** What the target did; `null` when nothing it did bears on the row. */
  target: string | null;
  /** Where that was seen: `recording: <probe>`, `replay: <probe>`, `report: <rule> <status>`. */
  evidence: string[];
  /** With a recording of another endpoint than the target (`verify --replay`): what the recorded endpoint did. */
  recorded?: string | null;
  /** What the official clients expect, and where; `null` when no client depends on it. */
  sdk: { expects: string; sources: readonly FactSource[] } | null;
  verdict: DriftVerdict;
  /** The target differs from the reference. */
  drift: boolean;
  /** The target's answer breaks what an official client expects. */
  risk: boolean;
  note?: string;
};

/** `drift.json`: where a target stands against the reference and against the official clients. */
export type DriftReport = {
  schemaVersion: 1;
  suiteVersion: string;
  generatedAt: string;
  /** The report the drift was built from. */
  command: Report['command'];
  target: string;
  reportVerdict: Report['verdict'];
  /** The recording used; `role` says whether its answers are the target's or another endpoint's. */
  recording?: {
    endpoint: string;
    region: string;
    recordedAt: string;
    exchanges: number;
    role: 'target' | 'recorded';
  };
  summary: Record<DriftVerdict, number>;
  rows: DriftRow[];
};

/** The drift report as HTML (`renderDriftHtml.ts`), exported here beside {@link buildDrift} and {@link writeDrift}. */
export { renderDriftHtml };

/** Input of {@link buildDrift}. */
export type DriftInput = {
  /** An `audit` or `verify` report (a `verify --replay` report brings its `parity` rows). */
  report: Report;
  /** The recording the report's run wrote (`audit --record`) or replayed (`verify --replay`). */
  recording?: Recording;
  /** The report's generation time (tests fix it). */
  now?: Date;
};

/** One answer the drift report reads: its summary, and the full decoding when the body is known. */
type Seen = {
  source: string;
  probe: Probe | undefined;
  /** The `Host` header the request carried, when recorded. */
  requestHost: string | undefined;
  summary: ExchangeSummary;
  decoded: DecodedResponse | undefined;
};

type Judgement = { target: string | null; evidence: string[]; drift: boolean; risk: boolean; note?: string };

const unobserved: Judgement = { target: null, evidence: [], drift: false, risk: false };
const upperCaseUuid = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const rulesSource = (id: RuleId) => `spec/DetachKeyPair.rules.md § ${id}`;

/**
 * Builds the drift report: for every rule of the report, and every documented fact of `documentedFacts.ts`,
 * three columns — what the reference says (quoted), what the target did (the recording's answers when they
 * are the target's, a `verify --replay` report's replayed answers, else the report's observations and
 * failures), what the official clients expect (`sdkExpectations.ts`, quoted) — and a verdict: `agree`,
 * `drift` (target vs reference), `risk` (target vs client) or `unobserved`. A recording of another endpoint
 * than the report's target (a replay) fills an extra `recorded` column.
 */
export function buildDrift(input: DriftInput): DriftReport {
  const { report, recording } = input;
  const role = recordingRole(report, recording);
  const recordedSeen = recording === undefined ? [] : seenInRecording(recording);
  const targetSeen = [...(role === 'target' ? recordedSeen : []), ...seenInParity(report, recording)];
  const verdicts = new Map(report.rules.map((v) => [v.id, v]));
  const rows: DriftRow[] = [];
  const order = report.rules.map((v) => v.id);
  for (const fact of documentedFacts) if (!order.includes(fact.rule)) order.push(fact.rule);
  for (const id of order) {
    const verdict = verdicts.get(id);
    if (verdict !== undefined) rows.push(ruleRow(verdict));
    for (const fact of documentedFacts.filter((f) => f.rule === id)) {
      const judged = judgeFact(fact, targetSeen, report);
      const recordedText = role === 'recorded' ? judgeFact(fact, recordedSeen, undefined).target : undefined;
      const sdk = sdkExpectations[fact.subject.kind];
      rows.push({
        id: fact.id,
        rule: fact.rule,
        kind: 'fact',
        fact: fact.fact,
        reference: { says: fact.says, sources: fact.sources },
        target: judged.target,
        evidence: judged.evidence,
        ...(recordedText === undefined ? {} : { recorded: recordedText }),
        sdk: { expects: sdk.expects, sources: sdk.sources },
        verdict: verdictOf(judged),
        drift: judged.drift,
        risk: judged.risk,
        ...(judged.note === undefined ? {} : { note: judged.note }),
      });
    }
  }
  const summary: Record<DriftVerdict, number> = { agree: 0, drift: 0, risk: 0, unobserved: 0 };
  for (const row of rows) summary[row.verdict]++;
  return {
    schemaVersion: 1,
    suiteVersion: report.suiteVersion,
    generatedAt: (input.now ?? new Date()).toISOString(),
    command: report.command,
    target: report.target,
    reportVerdict: report.verdict,
    ...(recording === undefined || role === undefined
      ? {}
      : {
          recording: {
            endpoint: recording.endpoint,
            region: recording.region,
            recordedAt: recording.recordedAt,
            exchanges: recording.exchanges.length,
            role,
          },
        }),
    summary,
    rows,
  };
}

/** The recording's answers are the target's, unless the report replayed it against another endpoint. */
function recordingRole(report: Report, recording: Recording | undefined): 'target' | 'recorded' | undefined {
  if (recording === undefined) return undefined;
  const same = (a: string) => a.replace(/\/+$/, '').toLowerCase();
  if (report.parity !== undefined && same(recording.endpoint) !== same(report.target)) return 'recorded';
  return 'target';
}

function seenInRecording(recording: Recording): Seen[] {
  return recording.exchanges.flatMap((exchange): Seen[] => {
    const response = recordedResponse(exchange);
    if (response === undefined) return [];
    return [
      {
        source: `recording: ${exchange.name}`,
        probe: exchange.probe,
        requestHost: exchange.request.headers.host,
        summary: summariseResponse(response),
        decoded: decodeResponse(response),
      },
    ];
  });
}

function seenInParity(report: Report, recording: Recording | undefined): Seen[] {
  return (report.parity ?? []).flatMap((row, i): Seen[] => {
    if (row.replayed.kind === 'inconclusive') return [];
    const recorded = recording?.exchanges[i];
    return [
      {
        source: `replay: ${row.name}`,
        probe: recorded?.name === row.name ? recorded.probe : undefined,
        requestHost: undefined,
        summary: row.replayed,
        decoded: undefined,
      },
    ];
  });
}

function verdictOf(j: Judgement): DriftVerdict {
  if (j.target === null) return 'unobserved';
  if (j.risk) return 'risk';
  return j.drift ? 'drift' : 'agree';
}

/** A rule's own row: the registry's statement against the report's verdict on it. */
function ruleRow(verdict: RuleVerdict): DriftRow {
  const rule = isRuleId(verdict.id) ? ruleById(verdict.id) : undefined;
  const statement = verdict.statement ?? rule?.statement ?? '';
  const consumer = (rule?.basis as readonly string[] | undefined)?.includes('consumer') === true;
  let judged: Judgement;
  switch (verdict.status) {
    case 'pass':
      judged = { ...unobserved, target: `pass (${verdict.cases} cases)` };
      break;
    case 'report':
      judged = { ...unobserved, target: `report: ${(verdict.observed ?? []).join('; ')}` };
      break;
    case 'fail':
    case 'warn': {
      const f = verdict.failure;
      judged = {
        ...unobserved,
        target: `${verdict.status}: ${f?.title ?? 'failed'}${f === undefined ? '' : ` — received ${f.received}`}`,
        drift: true,
        risk: consumer,
      };
      break;
    }
    default:
      judged = { ...unobserved, ...(verdict.reason === undefined ? {} : { note: verdict.reason }) };
  }
  if (verdict.status !== 'report' && verdict.observed !== undefined && verdict.observed.length > 0)
    judged.note = `observed: ${verdict.observed.join('; ')}`;
  return {
    id: `rule:${verdict.id}`,
    rule: verdict.id,
    kind: 'rule',
    fact: `${verdict.id} (${verdict.level})`,
    reference: {
      says: statement,
      sources: [{ source: rulesSource(verdict.id), quote: statement }],
    },
    target: judged.target,
    evidence: judged.target === null ? [] : [`report: ${verdict.id} ${verdict.status}`],
    sdk: consumer
      ? {
          expects: 'real clients depend on this rule (basis: consumer)',
          sources: [{ source: rulesSource(verdict.id), quote: `basis: ${rule?.basis.join(', ') ?? ''}` }],
        }
      : null,
    verdict: verdictOf(judged),
    drift: judged.drift,
    risk: judged.risk,
    ...(judged.note === undefined ? {} : { note: judged.note }),
  };
}

/** What the target did about one fact, from its answers first, else from the report's verdicts. */
function judgeFact(fact: DocumentedFact, seen: readonly Seen[], report: Report | undefined): Judgement {
  const s = fact.subject;
  switch (s.kind) {
    case 'error-status':
      return errorStatus(s, seen, report);
    case 'error-message':
      return errorMessage(s, seen);
    case 'scalar-form':
      return scalarForm(s.field, seen, report);
    case 'default-format':
      return defaultFormat(s, seen, report);
    case 'key-pair-name-echo':
      return keyPairNameEcho(seen, report);
    case 'content-type':
      return contentType(s.body, seen, report);
    case 'host-id':
      return hostId(seen, report);
    case 'request-id':
      return requestId(seen, report);
    case 'results-list':
      return fromDecoded(
        seen,
        report,
        'OK-3',
        (d) => (isErrorResponse(d) ? undefined : d.results.container),
        {
          agree: (container) => container === 'array',
          risky: (container) => container !== 'array',
          show: (container) => `Results.Result ${container === 'array' ? 'a list' : `(${container})`}`,
        },
      );
    case 'error-fields':
      return errorFields(seen, report);
    case 'success-markers':
      return fromDecoded(seen, report, 'OK-11', (d) => (isErrorResponse(d) ? undefined : markersOf(d)), {
        agree: (markers) => markers === 'none',
        risky: (markers) => markers !== 'none',
        show: (markers) => (markers === 'none' ? 'no error markers' : markers),
      });
  }
}

function codeMatches(documented: string, code: string | null): boolean {
  if (code === null) return false;
  if (documented === 'MissingParameter')
    return code.startsWith('MissingParameter') || /^Missing[A-Z]/.test(code);
  if (documented === 'Throttling') return code.includes('Throttling');
  return code === documented;
}

function errorStatus(
  s: Extract<FactSubject, { kind: 'error-status' }>,
  seen: readonly Seen[],
  report: Report | undefined,
): Judgement {
  const hits: { status: number; source: string }[] = seen
    .filter(
      (x) => x.summary.kind === 'error' && codeMatches(s.code, x.summary.code) && x.summary.status !== null,
    )
    .map((x) => ({ status: x.summary.status ?? 0, source: x.source }));
  if (hits.length === 0 && report !== undefined) {
    // No answers at hand: the statuses the report's failures quote (`HTTP 404 InvalidKeyPairName.NotFound`).
    for (const v of report.rules) {
      for (const m of (v.failure?.received ?? '').matchAll(/HTTP (\d{3}) ([\w.]+)/g)) {
        if (codeMatches(s.code, m[2] ?? null))
          hits.push({ status: Number(m[1]), source: `report: ${v.id} ${v.status}` });
      }
    }
  }
  if (hits.length === 0) return unobserved;
  const statuses = [...new Set(hits.map((h) => h.status))].sort();
  const klass = (status: number) => Math.floor(status / 100);
  return {
    target: `${statuses.join(' / ')} (${count(hits.length, 'answer')})`,
    evidence: unique(hits.map((h) => h.source)),
    drift: statuses.some((status) => status !== s.status),
    risk: statuses.some((status) => status < 400 || klass(status) !== klass(s.status)),
  };
}

function errorMessage(s: Extract<FactSubject, { kind: 'error-message' }>, seen: readonly Seen[]): Judgement {
  const hits = seen.filter((x) => x.summary.kind === 'error' && codeMatches(s.code, x.summary.code));
  if (hits.length === 0) return unobserved;
  const messages = unique(hits.map((x) => x.summary.message ?? '(no Message)'));
  return {
    target: messages.join(' | '),
    evidence: unique(hits.map((x) => x.source)),
    drift: hits.some((x) => !messageMatches(s.message, x.summary.message)),
    risk: hits.some((x) => (x.summary.message ?? '') === ''),
  };
}

/**
 * A message matches the documented one exactly, or begins with it (the live `SignatureDoesNotMatch` adds the
 * string to sign), a trailing period aside; `"X"` in a template stands for any parameter name.
 */
export function messageMatches(documented: string, message: string | null): boolean {
  if (message === null) return false;
  const trim = (t: string) => t.trim().replace(/\.$/, '');
  const escaped = trim(documented)
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace('"X"', '"[^"]+"');
  return new RegExp(`^${escaped}(?:\\.|\\s|$)`).test(message.trim()) || trim(message) === trim(documented);
}

function scalarForm(
  field: 'counts' | 'Success' | 'Code',
  seen: readonly Seen[],
  report: Report | undefined,
): Judgement {
  const typed = field === 'counts' ? 'number' : field === 'Success' ? 'boolean' : 'number';
  const forms = new Set<string>();
  const evidence: string[] = [];
  for (const x of seen) {
    const d = x.decoded;
    if (d === undefined || d.format !== 'json' || isErrorResponse(d)) continue;
    const scalars =
      field === 'counts'
        ? [d.fields.TotalCount, d.fields.FailCount]
        : d.results.entries.map((entry) => entry[field]);
    for (const scalar of scalars) if (scalar !== undefined) forms.add(scalar.form);
    if (scalars.some((scalar) => scalar !== undefined)) evidence.push(x.source);
  }
  const ok9 = report?.rules.find((v) => v.id === 'OK-9');
  if (ok9 !== undefined && (ok9.status === 'fail' || ok9.status === 'warn')) {
    return {
      target: `undocumented form: ${ok9.failure?.received ?? ok9.status}`,
      evidence: [`report: OK-9 ${ok9.status}`],
      drift: true,
      risk: true,
    };
  }
  if (forms.size === 0) {
    const what = field === 'counts' ? 'JSON counts' : `JSON ${field}`;
    const observed = (ok9?.observed ?? []).filter((o) => o.startsWith(what));
    if (observed.length === 0) return unobserved;
    return { target: observed.join('; '), evidence: ['report: OK-9 observed'], drift: false, risk: false };
  }
  const shown = [...forms]
    .sort()
    .map((form) => (form === typed ? `${typed}s (as the JSON sample)` : `${form}s`));
  const undocumented = [...forms].some((form) => form !== 'string' && form !== typed);
  return {
    target: `JSON ${shown.join(' and ')}`,
    evidence: unique(evidence),
    drift: undocumented,
    risk: undocumented,
    ...(forms.has('string') && !undocumented ? { note: 'strings follow the parameter table' } : {}),
  };
}

function defaultFormat(
  s: Extract<FactSubject, { kind: 'default-format' }>,
  seen: readonly Seen[],
  report: Report | undefined,
): Judgement {
  const hits = seen.filter(
    (x) =>
      x.probe !== undefined &&
      x.probe.format === null &&
      x.probe.scheme === s.scheme &&
      x.summary.format !== null,
  );
  if (hits.length === 0) return fromRule(report, 'TR-3', `${s.format.toUpperCase()}, as documented`);
  const formats = unique(hits.map((x) => x.summary.format ?? 'unknown'));
  const wrong = formats.some((f) => f !== s.format);
  return {
    target: formats.map((f) => f.toUpperCase()).join(' / '),
    evidence: unique(hits.map((x) => x.source)),
    drift: wrong,
    risk: s.scheme === 'v3' && wrong,
  };
}

function keyPairNameEcho(seen: readonly Seen[], report: Report | undefined): Judgement {
  const states = new Set<string>();
  const evidence: string[] = [];
  let wrong = false;
  for (const x of seen) {
    const d = x.decoded;
    if (d === undefined || isErrorResponse(d)) continue;
    const echoed = d.fields.KeyPairName;
    evidence.push(x.source);
    if (echoed === undefined) states.add('absent');
    else {
      states.add('present');
      if (
        x.probe?.keyPairName !== undefined &&
        x.probe.keyPairName !== null &&
        echoed.value !== x.probe.keyPairName
      )
        wrong = true;
    }
  }
  const ok10 = report?.rules.find((v) => v.id === 'OK-10');
  if (ok10?.status === 'fail') wrong = true;
  if (states.size === 0) {
    const observed = (ok10?.observed ?? []).filter((o) => o.startsWith('KeyPairName'));
    if (observed.length === 0 && !wrong) return unobserved;
    states.add(observed.join('; ') || 'present');
    evidence.push('report: OK-10');
  }
  return {
    target: `${[...states].join(' and ')}${wrong ? ', not the requested name' : ''}`,
    evidence: unique(evidence),
    drift: wrong,
    risk: wrong,
    ...(wrong ? {} : { note: 'either is documented (the table lists it, the samples leave it out)' }),
  };
}

function contentType(
  body: 'json' | 'xml' | 'xml-error',
  seen: readonly Seen[],
  report: Report | undefined,
): Judgement {
  const hits = seen.filter((x) => {
    if (x.summary.kind === 'inconclusive') return false;
    if (body === 'json') return x.summary.format === 'json';
    if (body === 'xml') return x.summary.format === 'xml';
    return x.summary.format === 'xml' && x.summary.kind === 'error';
  });
  if (hits.length === 0)
    return body === 'xml-error'
      ? fromRule(report, 'TR-5', 'text/xml;charset=utf-8, as documented')
      : fromRule(report, 'TR-4', 'as documented');
  const types = unique(hits.map((x) => x.summary.contentType ?? '(none)'));
  const media = (t: string) => t.split(';')[0]?.trim().toLowerCase() ?? '';
  const compact = (t: string) => t.toLowerCase().replace(/\s+/g, '');
  const drift =
    body === 'json'
      ? types.some((t) => media(t) !== 'application/json')
      : body === 'xml'
        ? types.some((t) => media(t) !== 'text/xml' && media(t) !== 'application/xml')
        : types.some((t) => compact(t) !== 'text/xml;charset=utf-8');
  const risk =
    body === 'json'
      ? types.some((t) => compact(t) === 'text/xml;charset=utf-8')
      : body === 'xml-error' && drift;
  return { target: types.join(' | '), evidence: unique(hits.map((x) => x.source)), drift, risk };
}

function hostId(seen: readonly Seen[], report: Report | undefined): Judgement {
  const hits = seen.filter((x) => x.summary.kind === 'error');
  if (hits.length === 0) return fromRule(report, 'GEN-4', 'the Host header, as documented');
  const shown = new Set<string>();
  let drift = false;
  for (const x of hits) {
    const value = x.summary.hostId;
    if (value === null || value === '') {
      shown.add('absent');
      drift = true;
    } else if (x.requestHost !== undefined && value !== x.requestHost) {
      shown.add(`${value} (Host ${x.requestHost})`);
      drift = true;
    } else shown.add(x.requestHost === undefined ? value : `${value} (the Host header)`);
  }
  return { target: [...shown].join(' | '), evidence: unique(hits.map((x) => x.source)), drift, risk: false };
}

function requestId(seen: readonly Seen[], report: Report | undefined): Judgement {
  const values: { value: string | undefined; source: string }[] = [];
  for (const x of seen)
    if (x.decoded !== undefined) values.push({ value: x.decoded.fields.RequestId?.value, source: x.source });
  const visible = values.filter((v) => v.value !== redacted.requestId);
  if (visible.length === 0) {
    const fallback = fromRule(report, 'OK-2', 'an upper-case UUID, as documented');
    return values.length > 0 && fallback.target === null
      ? { ...unobserved, note: 'request IDs are normalised in the recording' }
      : fallback;
  }
  const missing = visible.filter((v) => v.value === undefined || v.value === '');
  const notUuid = visible.filter(
    (v) => v.value !== undefined && v.value !== '' && !upperCaseUuid.test(v.value),
  );
  const parts = [
    ...(visible.length - missing.length - notUuid.length > 0 ? ['upper-case UUIDs'] : []),
    ...(notUuid.length > 0 ? [`not upper-case UUIDs (e.g. ${notUuid[0]?.value})`] : []),
    ...(missing.length > 0 ? ['missing'] : []),
  ];
  return {
    target: parts.join(' and '),
    evidence: unique(visible.map((v) => v.source)),
    drift: missing.length + notUuid.length > 0,
    risk: missing.length > 0,
  };
}

function errorFields(seen: readonly Seen[], report: Report | undefined): Judgement {
  const hits = seen.filter((x) => x.decoded !== undefined && isErrorResponse(x.decoded));
  if (hits.length === 0) return fromRule(report, 'ERR-2', 'RequestId, Code, Message, as documented');
  const lacking = new Set<string>();
  const extra = new Set<string>();
  for (const x of hits) {
    const fields = x.decoded?.fields ?? {};
    for (const name of ['RequestId', 'Code', 'Message', 'HostId'])
      if ((fields[name]?.value ?? '') === '') lacking.add(name);
    for (const name of Object.keys(fields))
      if (!['RequestId', 'Code', 'Message', 'HostId'].includes(name)) extra.add(name);
  }
  const has = ['RequestId', 'Code', 'Message', 'HostId'].filter((n) => !lacking.has(n));
  return {
    target: `${has.join(', ')}${extra.size > 0 ? `, ${[...extra].sort().join(', ')}` : ''}${
      lacking.size > 0 ? `; lacking ${[...lacking].join(', ')}` : ''
    }`,
    evidence: unique(hits.map((x) => x.source)),
    drift: lacking.size > 0,
    risk: ['RequestId', 'Code', 'Message'].some((n) => lacking.has(n)),
  };
}

function markersOf(d: DecodedResponse): string {
  const found: string[] = [];
  const code = d.fields.Code;
  if (code !== undefined && !successCodes.has(code.value)) found.push(`top-level Code ${code.value}`);
  if (d.fields.Success?.value === 'false') found.push('top-level Success false');
  if (d.fields.Message !== undefined && code !== undefined && !successCodes.has(code.value))
    found.push('an error Message');
  return found.length === 0 ? 'none' : found.join(', ');
}

/** A fact judged from decoded successes: the distinct values `pick` reads, each judged by `judge`. */
function fromDecoded(
  seen: readonly Seen[],
  report: Report | undefined,
  rule: RuleId,
  pick: (d: DecodedResponse) => string | undefined,
  judge: { agree: (v: string) => boolean; risky: (v: string) => boolean; show: (v: string) => string },
): Judgement {
  const hits: { value: string; source: string }[] = [];
  for (const x of seen) {
    if (x.decoded === undefined) continue;
    const value = pick(x.decoded);
    if (value !== undefined) hits.push({ value, source: x.source });
  }
  if (hits.length === 0) return fromRule(report, rule, 'as documented');
  const values = unique(hits.map((h) => h.value));
  return {
    target: values.map(judge.show).join(' | '),
    evidence: unique(hits.map((h) => h.source)),
    drift: values.some((v) => !judge.agree(v)),
    risk: values.some(judge.risky),
  };
}

/** Without answers at hand: what the report's verdict on `rule` says about the fact. */
function fromRule(report: Report | undefined, rule: RuleId, passText: string): Judgement {
  const v = report?.rules.find((r) => r.id === rule);
  if (v === undefined) return unobserved;
  const evidence = [`report: ${rule} ${v.status}`];
  const consumer = (ruleById(rule).basis as readonly string[]).includes('consumer');
  if (v.status === 'pass')
    return {
      target: `${passText} (${rule} passed, ${count(v.cases, 'case')})`,
      evidence,
      drift: false,
      risk: false,
    };
  if (v.status === 'fail' || v.status === 'warn')
    return { target: v.failure?.received ?? v.status, evidence, drift: true, risk: consumer };
  return unobserved;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/**
 * Writes `drift.json` (2-space JSON) and `drift.html` into `dir`, creating it, and returns their paths. Both
 * are rendered and checked with `assertNoSecrets` first: if any secret would leak, it throws naming the
 * file and nothing is written, not even the directory.
 */
export async function writeDrift(
  d: DriftReport,
  dir: string,
  secrets: readonly string[] = [],
): Promise<{ json: string; html: string }> {
  const paths = { json: join(dir, 'drift.json'), html: join(dir, 'drift.html') };
  const outputs: [string, string][] = [
    [paths.json, `${JSON.stringify(d, null, 2)}\n`],
    [paths.html, renderDriftHtml(d)],
  ];
  for (const [path, text] of outputs) assertNoSecrets(text, secrets, path);
  await mkdir(dir, { recursive: true });
  await Promise.all(outputs.map(([path, text]) => writeFile(path, text, 'utf8')));
  return paths;
}
