import { ruleFamilies } from '../spec/rules.ts';
import { escapeXml } from '../util/escapeXml.ts';
import type { FactSource } from './documentedFacts.ts';
import type { DriftReport, DriftRow } from './driftReport.ts';
import { ruleFamilyOf } from './ruleFamilyOf.ts';

function h(value: string | number): string {
  return escapeXml(String(value));
}

const css = `
:root { color-scheme: light dark; --fg: #1d2330; --muted: #5c6475; --bg: #ffffff; --panel: #f5f6f8; --line: #d9dce3;
  --agree: #1a7f37; --drift: #9a6700; --risk: #cf222e; --unobserved: #6e7781; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ef; --muted: #9aa3b2; --bg: #0f1217; --panel: #181c23;
  --line: #2c323c; --agree: #3fb950; --drift: #d29922; --risk: #f85149; --unobserved: #8b949e; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 90rem; padding: 1.5rem; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--fg); background: var(--bg); }
h1 { font-size: 1.4rem; margin: 0 0 .75rem; } h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; }
header { border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; background: var(--panel); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .75rem 0; }
dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; }
.counts span { border: 1px solid var(--line); border-radius: 6px; padding: .15rem .6rem; margin-right: .4rem; background: var(--bg); }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
col.id { width: 4.5rem; } col.fact { width: 11%; } col.verdict { width: 7.5rem; }
th { font-size: .85rem; color: var(--muted); font-weight: 600; }
tbody th.family { background: var(--panel); color: var(--fg); font-size: .95rem; }
tr.rule td { background: var(--panel); } td.id { white-space: nowrap; font-weight: 600; }
blockquote { margin: .25rem 0 0; padding-left: .6rem; border-left: 3px solid var(--line); color: var(--muted); font-size: .85rem; }
cite { display: block; font-style: normal; font-size: .78rem; color: var(--muted); }
.badge { display: inline-block; white-space: nowrap; text-align: center; font-size: .72rem; font-weight: 700; text-transform: uppercase;
  padding: .05rem .45rem; border-radius: 4px; color: #fff; }
.badge.agree { background: var(--agree); } .badge.drift { background: var(--drift); } .badge.risk { background: var(--risk); }
.badge.unobserved { background: var(--unobserved); }
.muted { color: var(--muted); } .note { color: var(--muted); font-size: .85rem; }
`;

function quotes(sources: readonly FactSource[]): string {
  return sources
    .filter((s) => s.quote !== '')
    .map((s) => `<blockquote>${h(s.quote)}<cite>${h(s.source)}</cite></blockquote>`)
    .join('');
}

function rowHtml(row: DriftRow, withRecorded: boolean): string {
  const target =
    row.target === null
      ? '<span class="muted">not observed</span>'
      : `${h(row.target)}${row.evidence.length > 0 ? `<cite>${h(row.evidence.slice(0, 4).join(', '))}${row.evidence.length > 4 ? ` and ${row.evidence.length - 4} more` : ''}</cite>` : ''}`;
  const note = row.note === undefined ? '' : `<div class="note">${h(row.note)}</div>`;
  const recorded = !withRecorded
    ? ''
    : row.kind === 'rule'
      ? '<td></td>'
      : `<td>${row.recorded === undefined || row.recorded === null ? '<span class="muted">not observed</span>' : h(row.recorded)}</td>`;
  const sdk =
    row.sdk === null
      ? '<span class="muted">no client depends on it</span>'
      : `${h(row.sdk.expects)}${quotes(row.sdk.sources)}`;
  return `<tr class="${row.kind}" id="${h(row.id.replace(/[^A-Za-z0-9_.:-]/g, '_'))}"><td class="id">${h(row.rule)}</td><td>${h(row.fact)}</td><td>${h(
    row.reference.says,
  )}${row.kind === 'fact' ? quotes(row.reference.sources) : ''}</td><td>${target}${note}</td>${recorded}<td>${sdk}</td><td><span class="badge ${row.verdict}">${h(
    row.verdict,
  )}</span></td></tr>`;
}

/**
 * The drift table alone (legend and rows grouped by rule family): embedded in report.html and in drift.html.
 * Styled by the `.drift` rules of {@link driftTableCss} when embedded.
 */
export function renderDriftTable(d: DriftReport): string {
  const withRecorded = d.recording?.role === 'recorded';
  const families = new Map<string, DriftRow[]>();
  for (const row of d.rows) {
    const family = ruleFamilyOf(row.rule);
    families.set(family, [...(families.get(family) ?? []), row]);
  }
  const rank = (f: string) => {
    const i = (ruleFamilies as readonly string[]).indexOf(f);
    return i < 0 ? ruleFamilies.length : i;
  };
  const columns = withRecorded ? 7 : 6;
  const groups = [...families.entries()]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(
      ([family, rows]) =>
        `<tbody>\n<tr><th class="family" colspan="${columns}">${h(family)}</th></tr>\n${rows
          .map((row) => rowHtml(row, withRecorded))
          .join('\n')}\n</tbody>`,
    );
  return `<p class="muted"><strong>drift</strong>: the target differs from the reference. <strong>risk</strong>: the target's answer breaks what an
official client expects. Drift is information, not a failure: rule verdicts are in report.html.</p>
<table>
<colgroup><col class="id"><col class="fact"><col><col>${withRecorded ? '<col>' : ''}<col><col class="verdict"></colgroup>
<thead><tr><th>Rule</th><th>Fact</th><th>Reference says</th><th>Target did</th>${
    withRecorded ? '<th>Recorded</th>' : ''
  }<th>Official clients expect</th><th>Verdict</th></tr></thead>
${groups.join('\n')}
</table>`;
}

/**
 * Renders a drift report as one self-contained HTML page (inline CSS, no scripts, a Content-Security-Policy
 * that forbids scripts and remote loads): the header with the target, the report it came from and the
 * counts per verdict, then one table grouped by rule family — reference (quoted, with its source), target,
 * the recorded endpoint when the recording is another endpoint's, official clients (quoted), verdict. All
 * text is HTML-escaped.
 */
export function renderDriftHtml(d: DriftReport): string {
  const meta: [string, string][] = [
    ['Target', d.target],
    ['From', `dkp-conformance ${d.command} report (verdict ${d.reportVerdict})`],
    ['Generated', d.generatedAt],
    ['Suite version', d.suiteVersion],
  ];
  if (d.recording !== undefined)
    meta.push([
      'Recording',
      `${d.recording.endpoint} (${d.recording.region}), recorded ${d.recording.recordedAt}, ${d.recording.exchanges} exchanges — ${
        d.recording.role === 'target' ? "the target's own answers" : 'another endpoint, shown as "Recorded"'
      }`,
    ]);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${h(`DetachKeyPair drift — ${d.target}`)}</title>
<style>${css}</style>
</head>
<body>
<header>
<h1>DetachKeyPair drift: reference, target, official clients</h1>
<dl class="meta">
${meta.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('\n')}
</dl>
<div class="counts">${(['risk', 'drift', 'agree', 'unobserved'] as const)
    .map((v) => `<span><strong>${d.summary[v]}</strong> ${h(v)}</span>`)
    .join('')}</div>
</header>
${renderDriftTable(d)}
</body>
</html>
`;
}

/** The drift table's styles scoped to a `.drift` section, for embedding in report.html. */
export const driftTableCss = `
.drift { --agree: #1a7f37; --drift: #9a6700; --risk: #cf222e; --unobserved: #6e7781; }
.drift table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.drift th, .drift td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
.drift col.id { width: 4.5rem; } .drift col.fact { width: 11%; } .drift col.verdict { width: 7.5rem; }
.drift tbody th.family { background: var(--panel); } .drift td.id { white-space: nowrap; font-weight: 600; }
.drift blockquote { margin: .25rem 0 0; padding-left: .6rem; border-left: 3px solid var(--line); color: var(--muted); font-size: .85rem; }
.drift cite { display: block; font-style: normal; font-size: .78rem; color: var(--muted); }
.drift .badge { display: inline-block; font-size: .72rem; font-weight: 700; text-transform: uppercase; padding: .05rem .45rem; border-radius: 4px; color: #fff; }
.drift .badge.agree { background: var(--agree); } .drift .badge.drift { background: var(--drift); }
.drift .badge.risk { background: var(--risk); } .drift .badge.unobserved { background: var(--unobserved); }
.drift .muted, .drift .note { color: var(--muted); }
`;
