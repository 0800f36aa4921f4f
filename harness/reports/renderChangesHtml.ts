import { escapeXml } from '../util/escapeXml.ts';
import type { Changes } from './compareAudits.ts';
import { describeAspectChange, describeRuleChange } from './formatChanges.ts';

function h(value: string | number): string {
  return escapeXml(String(value));
}

/**
 * The report page's "Changes since the last audit" section (`compare`, issue 18): the behavioural changes
 * with both sides, the changes the suite explains, and the probes that are new, gone or inconclusive.
 */
export function renderChangesHtml(changes: Changes): string {
  const heading = '<h2>Changes since the last audit</h2>';
  if (changes.before === null)
    return `<section class="changes" id="changes">${heading}<p>No earlier audit to compare with (the first night): nothing to compare yet.</p></section>`;
  const { summary } = changes;
  const item = (text: string) => `<li>${h(text)}</li>`;
  const changed = changes.probes.filter((p) => p.kind === 'changed');
  const serviceRules = changes.rules.filter((r) => r.attribution === 'service');
  const suiteRules = changes.rules.filter((r) => r.attribution === 'suite');
  const named = (kind: string) =>
    changes.probes
      .filter((p) => p.kind === kind)
      .map((p) => `<code>${h(p.name)}</code>`)
      .join(', ') || 'none';
  const rows = changed
    .map(
      (p) =>
        `<tr><td><code>${h(p.name)}</code></td><td><ul>${(p.differences ?? [])
          .map((d) => item(describeAspectChange(d)))
          .join('')}</ul></td></tr>`,
    )
    .join('\n');
  return `<section class="changes" id="changes">${heading}
<p>Compared with the audit of ${h(changes.before.startedAt)} (<code>${h(changes.before.dir)}</code>, suite ${h(changes.before.suiteVersion)}, rules version ${h(changes.before.rulesVersion)}):
<strong>${h(summary.behaviouralChanges)} behavioural change(s)</strong> — ${h(summary.probes.changed)} probe(s) answered differently, ${h(summary.rules.service)} rule verdict(s) moved;
${h(summary.probes.unchanged)} probes unchanged.</p>
${changes.notes.length === 0 ? '' : `<ul>${changes.notes.map(item).join('')}</ul>`}
${rows === '' ? '' : `<table><thead><tr><th>probe</th><th>what changed (before → after)</th></tr></thead><tbody>\n${rows}\n</tbody></table>`}
${serviceRules.length === 0 ? '' : `<h3>Rule verdicts that moved</h3><ul>${serviceRules.map((r) => item(describeRuleChange(r))).join('')}</ul>`}
${suiteRules.length === 0 ? '' : `<h3>Explained by the suite</h3><ul>${suiteRules.map((r) => item(`${describeRuleChange(r)}: ${r.why}`)).join('')}</ul>`}
<p>Sent differently by the suite (not a service change): ${named('request-changed')}. New probes: ${named('new')}. Gone: ${named('gone')}. Inconclusive on one night: ${named('inconclusive')}.</p>
</section>`;
}
