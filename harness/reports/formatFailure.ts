import { formatJson } from './formatJson.ts';
import type { RuleFailure, RuleVerdict } from './Report.ts';

/**
 * A failure as plain text, one labelled field per line (multi-line values indented below their label):
 * title, expected, received, counterexample as pretty JSON, seed and path, source, reproduce, curl.
 * Absent fields are left out; nothing is shortened.
 */
export function formatFailure(failure: RuleFailure): string {
  const lines = [failure.title];
  const field = (label: string, value: string): void => {
    if (value.includes('\n')) {
      lines.push(`${label}:`, ...value.split('\n').map((line) => `  ${line}`));
    } else {
      lines.push(`${label}: ${value}`);
    }
  };
  field('expected', failure.expected);
  field('received', failure.received);
  if (failure.counterexample !== undefined) field('counterexample', formatJson(failure.counterexample));
  if (failure.seed !== undefined) field('seed', String(failure.seed));
  if (failure.path !== undefined) field('path', failure.path);
  if (failure.source !== undefined) field('source', failure.source);
  if (failure.caseFile !== undefined) field('case file', failure.caseFile);
  if (failure.reproduce !== undefined) field('reproduce', failure.reproduce);
  if (failure.curl !== undefined) field('curl', failure.curl);
  return lines.join('\n');
}

/** The one-line note a table shows for a verdict: the failure's title, else the reason, else what was observed. */
export function verdictNote(verdict: RuleVerdict): string {
  if (verdict.failure !== undefined) return verdict.failure.title;
  if (verdict.reason !== undefined) return verdict.reason;
  if (verdict.observed !== undefined && verdict.observed.length > 0)
    return `observed: ${verdict.observed.join('; ')}`;
  return '';
}
