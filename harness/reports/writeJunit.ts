import { escapeXml } from '../util/escapeXml.ts';
import { formatFailure } from './formatFailure.ts';
import type { Report, RuleVerdict } from './Report.ts';
import { ruleFamilyOf, ruleStatementOf } from './ruleFamilyOf.ts';

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value), true)}"`)
    .join('');
}

function text(value: string): string {
  return escapeXml(value);
}

// Everything the JUnit body of a verdict says besides its status element: expectation, failure, observed.
function details(verdict: RuleVerdict): string {
  const parts: string[] = [];
  if (verdict.expected === true) {
    parts.push(`expected failure (--expectations): ${verdict.expectationReason ?? ''}`);
  }
  if (verdict.failure !== undefined) parts.push(formatFailure(verdict.failure));
  if (verdict.observed !== undefined && verdict.observed.length > 0) {
    parts.push(`observed:\n${verdict.observed.map((o) => `  - ${o}`).join('\n')}`);
  }
  return parts.join('\n');
}

function testcase(verdict: RuleVerdict): string {
  const open = `    <testcase${attrs({
    classname: ruleFamilyOf(verdict.id),
    name: `${verdict.id}: ${ruleStatementOf(verdict)}`,
  })}`;
  const body = details(verdict);
  switch (verdict.status) {
    case 'fail': {
      const message = verdict.failure?.title ?? verdict.reason ?? 'failed';
      return `${open}>\n      <failure${attrs({ message, type: verdict.level })}>${text(body)}</failure>\n    </testcase>`;
    }
    case 'error': {
      const message = verdict.reason ?? verdict.failure?.title ?? 'the check could not run';
      const errorBody = [verdict.reason, body].filter((part) => part !== undefined && part !== '').join('\n');
      return `${open}>\n      <error${attrs({ message, type: 'error' })}>${text(errorBody)}</error>\n    </testcase>`;
    }
    case 'skip':
      return `${open}>\n      <skipped${attrs({ message: verdict.reason ?? 'skipped' })}/>\n    </testcase>`;
    case 'warn': {
      const out = `warning (${verdict.level}): ${body}`;
      return `${open}>\n      <system-out>${text(out)}</system-out>\n    </testcase>`;
    }
    case 'report':
    case 'pass':
      if (body === '') return `${open}/>`;
      return `${open}>\n      <system-out>${text(body)}</system-out>\n    </testcase>`;
  }
}

/**
 * Renders a report as JUnit XML (target-protocol §4): one `<testsuite name="dkp-conformance <command>">`
 * with one `<testcase classname="<family>" name="<rule id>: <statement>">` per rule, in report order.
 * `fail` → `<failure message="<title>">` (expected, received, counterexample and reproduce in its text;
 * an expected failure stays a failure and says so), `error` → `<error>`, `skip` → `<skipped message="<reason>"/>`;
 * `pass`, `warn` and `report` pass, `warn` and `report` (and any rule with `observed`) adding `<system-out>`.
 * All text is escaped, and characters XML 1.0 cannot hold become U+FFFD, so the output is always well-formed.
 */
export function renderJunit(report: Report): string {
  const count = (status: RuleVerdict['status']): number =>
    report.rules.filter((r) => r.status === status).length;
  const totals = {
    tests: report.rules.length,
    failures: count('fail'),
    errors: count('error'),
    skipped: count('skip'),
    time: (report.run.durationMs / 1000).toFixed(3),
  };
  const suiteName = `dkp-conformance ${report.command}`;
  const properties: Record<string, string> = {
    target: report.target,
    verdict: report.verdict,
    exitCode: String(report.exitCode),
    suiteVersion: report.suiteVersion,
    rulesVersion: String(report.rulesVersion),
    seed: String(report.run.seed),
    runs: String(report.run.runs),
    strict: String(report.run.strict),
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
  };
  if (report.run.only !== undefined) properties.only = report.run.only.join(',');
  for (const stale of report.staleExpectations ?? []) {
    properties[`staleExpectation.${stale.rule}`] = stale.reason;
  }
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'dkp-conformance', ...totals })}>`,
    `  <testsuite${attrs({ name: suiteName, ...totals, timestamp: report.startedAt })}>`,
    '    <properties>',
    ...Object.entries(properties).map(([name, value]) => `      <property${attrs({ name, value })}/>`),
    '    </properties>',
    ...report.rules.map(testcase),
    '  </testsuite>',
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}
