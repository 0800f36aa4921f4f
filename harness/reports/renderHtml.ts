import { ruleFamilies } from '../spec/rules.ts';
import { escapeXml } from '../util/escapeXml.ts';
import type { Changes } from './compareAudits.ts';
import { buildDrift } from './driftReport.ts';
import { verdictNote } from './formatFailure.ts';
import { formatJson } from './formatJson.ts';
import type { Report, RuleStatus, RuleVerdict } from './Report.ts';
import { renderChangesHtml } from './renderChangesHtml.ts';
import { driftTableCss, renderDriftTable } from './renderDriftHtml.ts';
import { ruleFamilyOf, ruleStatementOf } from './ruleFamilyOf.ts';

// Escapes text for an element or a double-quoted attribute (quotes are escaped too); newlines stay
// literal so <pre> blocks read well in the page source.
function h(value: string | number): string {
  return escapeXml(String(value));
}

// IDs become fragment identifiers; rule IDs are already safe, this keeps any other value so.
function anchor(prefix: string, id: string): string {
  return `${prefix}-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

const css = `
:root { color-scheme: light dark; --fg: #1d2330; --muted: #5c6475; --bg: #ffffff; --panel: #f5f6f8; --line: #d9dce3;
  --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --skip: #6e7781; --report: #0969da; --error: #8250df; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ef; --muted: #9aa3b2; --bg: #0f1217; --panel: #181c23;
  --line: #2c323c; --pass: #3fb950; --fail: #f85149; --warn: #d29922; --skip: #8b949e; --report: #58a6ff; --error: #bc8cff; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--fg); background: var(--bg); }
h1 { font-size: 1.4rem; margin: 0 0 .75rem; } h2 { font-size: 1.15rem; margin: 2rem 0 .75rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1rem; margin: 0; display: inline; }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; overflow-x: auto;
  white-space: pre-wrap; word-break: break-word; margin: .25rem 0 .75rem; }
header { border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; background: var(--panel); }
.verdict { display: inline-block; font-weight: 700; font-size: 1.1rem; padding: .2rem .8rem; border-radius: 999px; color: #fff; }
.verdict.conformant { background: var(--pass); } .verdict.nonconformant { background: var(--fail); }
.verdict.inconclusive { background: var(--warn); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .75rem 0; }
dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; }
.counts { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: .5rem; }
.counts span { border: 1px solid var(--line); border-radius: 6px; padding: .15rem .6rem; background: var(--bg); }
.badge { display: inline-block; min-width: 4.2rem; text-align: center; font-size: .78rem; font-weight: 700; text-transform: uppercase;
  letter-spacing: .03em; padding: .05rem .45rem; border-radius: 4px; color: #fff; }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); } .badge.warn { background: var(--warn); }
.badge.skip { background: var(--skip); } .badge.report { background: var(--report); } .badge.error { background: var(--error); }
.badge.expected { background: transparent; color: var(--fail); border: 1px solid var(--fail); }
.finding { border: 1px solid var(--line); border-left: 4px solid var(--fail); border-radius: 6px; padding: .6rem .9rem; margin: .75rem 0; }
.finding.warn { border-left-color: var(--warn); } .finding.error { border-left-color: var(--error); }
.finding.expected { border-left-color: var(--skip); }
.finding summary { cursor: pointer; } .finding .title { font-weight: 600; }
.label { color: var(--muted); font-size: .85rem; margin-top: .4rem; }
code.copy { display: block; user-select: all; background: var(--panel); border: 1px dashed var(--line); border-radius: 6px;
  padding: .45rem .7rem; overflow-x: auto; white-space: pre; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--line); }
th { font-size: .85rem; color: var(--muted); font-weight: 600; }
tbody th.family { background: var(--panel); color: var(--fg); font-size: .95rem; }
td.id { white-space: nowrap; font-weight: 600; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.skip td { color: var(--muted); } td.note { color: var(--muted); font-size: .9rem; }
.muted { color: var(--muted); }
ul.observed { margin: .25rem 0; }
`;

const statusOrder: readonly RuleStatus[] = ['fail', 'error', 'warn', 'pass', 'report', 'skip'];

function badge(verdict: RuleVerdict): string {
  const expected = verdict.status === 'fail' && verdict.expected === true;
  return `<span class="badge ${verdict.status}">${h(verdict.status)}</span>${
    expected ? ' <span class="badge expected">expected</span>' : ''
  }`;
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

function header(report: Report): string {
  const { run, summary } = report;
  const meta: [string, string][] = [
    ['Target', report.target],
    ['Command', `dkp-conformance ${report.command}`],
    ['Started', report.startedAt],
    ['Finished', `${report.finishedAt} (${formatDuration(run.durationMs)})`],
    ['Seed', String(run.seed)],
    ['Runs per property', String(run.runs)],
    ['Strict', run.strict ? 'yes (SHOULD failures fail)' : 'no'],
    ['World control', run.worldControl ? 'yes' : 'no'],
    ['Requests', `${run.requests} (${run.inconclusiveRequests} inconclusive)`],
    ['Exit code', String(report.exitCode)],
    ['Suite version', report.suiteVersion],
    ['Rules version', String(report.rulesVersion)],
  ];
  if (run.only !== undefined) meta.splice(7, 0, ['Only', run.only.join(', ')]);
  const counts: [string, number][] = [
    ['passed', summary.passed],
    ['failed', summary.failed],
    ['warned', summary.warned],
    ['errored', summary.errored],
    ['reported', summary.reported],
    ['skipped', summary.skipped],
  ];
  return `<header>
<h1>DetachKeyPair conformance <span class="verdict ${h(report.verdict)}">${h(report.verdict)}</span></h1>
<dl class="meta">
${meta.map(([k, v]) => `<dt>${h(k)}</dt><dd>${k === 'Target' ? `<code>${h(v)}</code>` : h(v)}</dd>`).join('\n')}
</dl>
<div class="counts">${counts.map(([k, v]) => `<span><strong>${v}</strong> ${h(k)}</span>`).join('')}<span><strong>${
    report.rules.length
  }</strong> rules</span></div>
</header>`;
}

/** The headline, before everything else: every request got the same non-API answer (issue 12, part 5). */
function diagnosisSection(report: Report): string {
  const d = report.diagnosis;
  const reasons = report.run.inconclusiveReasons ?? [];
  const inconclusive =
    reasons.length === 0
      ? ''
      : `<h2>Inconclusive requests</h2>
<ul>${reasons.map((r) => `<li>${h(r.requests)} × ${h(r.reason)}</li>`).join('')}</ul>`;
  if (d === undefined) return inconclusive;
  return `<section class="diagnosis"><h2>Diagnosis: all ${h(d.requests)} API requests got ${h(d.answer)}</h2>
<p>Likely cause: ${h(d.likelyCause)}</p></section>
${inconclusive}`;
}

function staleSection(report: Report): string {
  const stale = report.staleExpectations ?? [];
  if (stale.length === 0) return '';
  return `<h2>Stale expectations</h2>
<p>These rules are listed in <code>--expectations</code> but now pass; they fail the run until the entry is removed.</p>
<ul>${stale.map((s) => `<li><strong>${h(s.rule)}</strong>: ${h(s.reason)}</li>`).join('')}</ul>`;
}

function field(label: string, body: string): string {
  return `<div class="label">${h(label)}</div>${body}`;
}

function finding(verdict: RuleVerdict): string {
  const f = verdict.failure;
  const expected = verdict.status === 'fail' && verdict.expected === true;
  const parts: string[] = [];
  parts.push(
    `<p class="muted">${h(verdict.level)} · ${h(verdict.cases)} cases · ${h(ruleStatementOf(verdict))}</p>`,
  );
  if (expected) {
    parts.push(
      `<p>Expected failure (<code>--expectations</code>): ${h(verdict.expectationReason ?? '')}. It does not change the verdict.</p>`,
    );
  }
  if (verdict.reason !== undefined) parts.push(field('Reason', `<pre>${h(verdict.reason)}</pre>`));
  if (f !== undefined) {
    parts.push(field('Expected', `<pre>${h(f.expected)}</pre>`));
    parts.push(field('Received', `<pre>${h(f.received)}</pre>`));
    if (f.counterexample !== undefined) {
      parts.push(field('Counterexample', `<pre>${h(formatJson(f.counterexample))}</pre>`));
    }
    const where = [
      f.seed !== undefined ? `seed ${f.seed}` : '',
      f.path !== undefined ? `path ${f.path}` : '',
      f.source !== undefined ? `found by ${f.source}` : '',
    ].filter((s) => s !== '');
    if (where.length > 0) parts.push(`<p class="muted">${h(where.join(' · '))}</p>`);
    if (f.caseFile !== undefined)
      parts.push(field('Case file', `<code class="copy">${h(f.caseFile)}</code>`));
    if (f.reproduce !== undefined)
      parts.push(field('Reproduce', `<code class="copy">${h(f.reproduce)}</code>`));
    if (f.curl !== undefined) {
      parts.push(
        field('curl (valid only inside the 15-minute window)', `<code class="copy">${h(f.curl)}</code>`),
      );
    }
  }
  if (verdict.observed !== undefined && verdict.observed.length > 0) {
    parts.push(
      field(
        'Observed',
        `<ul class="observed">${verdict.observed.map((o) => `<li>${h(o)}</li>`).join('')}</ul>`,
      ),
    );
  }
  const title = f?.title ?? verdict.reason ?? verdict.status;
  const classes = ['finding', verdict.status, expected ? 'expected' : ''].filter((c) => c !== '').join(' ');
  return `<details class="${classes}" id="${anchor('finding', verdict.id)}"${expected ? '' : ' open'}>
<summary>${badge(verdict)} <h3>${h(verdict.id)}</h3> <span class="title">${h(title)}</span></summary>
${parts.join('\n')}
</details>`;
}

function findingsSection(report: Report): string {
  const rank = (v: RuleVerdict): number => {
    if (v.status === 'fail') return v.expected === true ? 3 : 0;
    return v.status === 'error' ? 1 : 2;
  };
  const findings = report.rules
    .filter((v) => v.status === 'fail' || v.status === 'error' || v.status === 'warn')
    .map((v, i) => ({ v, i }))
    .sort((a, b) => rank(a.v) - rank(b.v) || a.i - b.i)
    .map(({ v }) => v);
  if (findings.length === 0) return '<h2>Failures</h2>\n<p>No rule failed, warned or errored.</p>';
  return `<h2>Failures, errors and warnings</h2>\n${findings.map(finding).join('\n')}`;
}

function observedSection(report: Report): string {
  const withObserved = report.rules.filter((v) => v.observed !== undefined && v.observed.length > 0);
  if (withObserved.length === 0) return '';
  return `<h2>Observed behaviours (REPORT)</h2>
<p class="muted">Choices the target made where the rules allow more than one; they never fail a run.</p>
<table>
<thead><tr><th>Rule</th><th>Observed</th><th>Statement</th></tr></thead>
<tbody>
${withObserved
  .map(
    (v) =>
      `<tr><td class="id"><a href="#${anchor('rule', v.id)}">${h(v.id)}</a></td><td><ul class="observed">${(
        v.observed ?? []
      )
        .map((o) => `<li>${h(o)}</li>`)
        .join('')}</ul></td><td class="note">${h(ruleStatementOf(v))}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`;
}

function familyOrder(family: string): number {
  const index = (ruleFamilies as readonly string[]).indexOf(family);
  return index < 0 ? ruleFamilies.length : index;
}

function rulesTable(report: Report): string {
  const families = new Map<string, RuleVerdict[]>();
  for (const verdict of report.rules) {
    const family = ruleFamilyOf(verdict.id);
    const list = families.get(family) ?? [];
    list.push(verdict);
    families.set(family, list);
  }
  const ordered = [...families.entries()].sort(
    ([a], [b]) => familyOrder(a) - familyOrder(b) || a.localeCompare(b),
  );
  const groups = ordered.map(([family, verdicts]) => {
    const tally = statusOrder
      .map((status) => [status, verdicts.filter((v) => v.status === status).length] as const)
      .filter(([, n]) => n > 0)
      .map(([status, n]) => `${n} ${status}`)
      .join(', ');
    const rows = verdicts.map((v) => {
      const linked =
        v.status === 'fail' || v.status === 'error' || v.status === 'warn'
          ? `<a href="#${anchor('finding', v.id)}">${h(v.id)}</a>`
          : h(v.id);
      return `<tr class="${h(v.status)}" id="${anchor('rule', v.id)}"><td class="id">${linked}</td><td>${badge(v)}</td><td>${h(
        v.level,
      )}</td><td class="num">${h(v.cases)}</td><td>${h(ruleStatementOf(v))}</td><td class="note">${h(verdictNote(v))}</td></tr>`;
    });
    return `<tbody>
<tr><th class="family" colspan="6">${h(family)} <span class="muted">— ${h(tally)}</span></th></tr>
${rows.join('\n')}
</tbody>`;
  });
  return `<h2>Rules</h2>
<table>
<thead><tr><th>Rule</th><th>Status</th><th>Level</th><th>Cases</th><th>Statement</th><th>Note</th></tr></thead>
${groups.join('\n')}
</table>`;
}

function skippedSection(report: Report): string {
  const skipped = report.rules.filter((v) => v.status === 'skip');
  if (skipped.length === 0) return '';
  // Many skips share one reason ("client rules are judged by sdk"): list each reason once with its rules.
  const byReason = new Map<string, string[]>();
  for (const v of skipped) {
    const reason = v.reason ?? 'no reason given';
    byReason.set(reason, [...(byReason.get(reason) ?? []), v.id]);
  }
  return `<h2>Skipped</h2>
<details>
<summary>${skipped.length} rules skipped, for ${byReason.size} ${byReason.size === 1 ? 'reason' : 'reasons'}</summary>
<ul>
${[...byReason.entries()].map(([reason, ids]) => `<li>${h(reason)}: ${ids.map((id) => `<code>${h(id)}</code>`).join(', ')}</li>`).join('\n')}
</ul>
</details>`;
}

/**
 * Renders a report as one self-contained HTML page (inline CSS; no scripts, fonts or other external assets)
 * for a person to read: a header with the colour-coded verdict, target, command, times, seed and summary
 * counts; stale expectations; failures, errors and warnings expanded first (unexpected failures, errors,
 * warnings, then expected failures collapsed), each with title, expected, received, the counterexample as
 * pretty JSON and a copyable reproduce command; observed REPORT behaviours; every rule in a table grouped by
 * family; skipped rules with their reasons in a collapsed `<details>`. All report text is HTML-escaped, and a
 * Content-Security-Policy forbids scripts and remote loads in case a value ever slipped through.
 */
/**
 * The contracts phase (verify): every replayed interaction with the checks' verdict, the rules a failure
 * broke and the whole reason (never cut), an expected failure marked as such, and Pact's own verdict.
 */
function contractsSection(report: Report): string {
  const contracts = report.contracts ?? [];
  if (contracts.length === 0) return '';
  const expectedRules = new Set(report.rules.filter((r) => r.expected === true).map((r) => r.id));
  const expected = (c: (typeof contracts)[number]) =>
    c.status === 'fail' &&
    (c.failedRules?.length ?? 0) > 0 &&
    (c.failedRules ?? []).every((rule) => expectedRules.has(rule));
  const count = (status: string) => contracts.filter((c) => c.status === status).length;
  const row = (c: (typeof contracts)[number]) => {
    const status = expected(c) ? 'fail (expected)' : c.status;
    const rules = (c.failedRules ?? [])
      .map((id) => `<a href="#${anchor('rule', id)}">${h(id)}</a>`)
      .join(', ');
    const pact =
      c.pact === undefined
        ? ''
        : `${h(c.pact)}${c.pact === 'fail' && c.pactMismatch !== undefined ? `<pre>${h(c.pactMismatch)}</pre>` : ''}`;
    return `<tr class="${h(c.status)}"><td>${h(c.consumer)}</td><td>${h(c.interaction)}</td><td>${h(status)}</td><td>${rules}</td><td class="note">${c.reason === undefined ? '' : `<pre>${h(c.reason)}</pre>`}</td><td>${pact}</td></tr>`;
  };
  return `<h2 id="contracts">Contracts</h2>
<p class="muted">${h(`${count('pass')} interactions passed, ${count('fail')} failed, ${count('skip')} skipped${count('error') > 0 ? `, ${count('error')} not judged` : ''}`)}, judged by the checks; Pact's own verdict is shown beside each and never decides a rule.</p>
<table>
<thead><tr><th>Consumer</th><th>Interaction</th><th>Checks</th><th>Failed rules</th><th>Reason</th><th>Pact</th></tr></thead>
<tbody>
${contracts.map(row).join('\n')}
</tbody>
</table>`;
}

/**
 * The three-way view (reference, target, official clients) for reports judged against a target: `sdk`
 * judges a client, so its report has no target facts to compare.
 */
function driftSection(report: Report): string {
  if (report.command === 'sdk') return '';
  return `<section class="drift"><h2>Drift: the reference, the target and the official clients</h2>
${renderDriftTable(buildDrift({ report }))}</section>`;
}

/**
 * The report page (`report.html`) of a report; given `changes` (`compare`), it opens with a "Changes
 * since the last audit" section.
 */
export function renderHtml(report: Report, changes?: Changes): string {
  const title = `DetachKeyPair conformance: ${report.verdict} — ${report.target}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${h(title)}</title>
<style>${css}${driftTableCss}</style>
</head>
<body>
${header(report)}${changes === undefined ? '' : `\n${renderChangesHtml(changes)}`}
${diagnosisSection(report)}
${staleSection(report)}
${findingsSection(report)}
${observedSection(report)}
${contractsSection(report)}
${rulesTable(report)}
${driftSection(report)}
${skippedSection(report)}
</body>
</html>
`;
}
