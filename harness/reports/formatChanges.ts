import type { AspectChange, Changes, ProbeChange, RuleChange } from './compareAudits.ts';

/** A value of an aspect as one short line of text. */
function show(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  return JSON.stringify(value);
}

/**
 * One aspect's change in words, both sides: `status 400 → 403`; for the field set only what was added
 * and removed (`fields +KeyPairName:string −TotalCount:number`).
 */
export function describeAspectChange(change: AspectChange): string {
  if (change.aspect === 'fields' && Array.isArray(change.before) && Array.isArray(change.after)) {
    const before = new Set(change.before as string[]);
    const after = new Set(change.after as string[]);
    const added = [...after].filter((f) => !before.has(f)).map((f) => `+${f}`);
    const removed = [...before].filter((f) => !after.has(f)).map((f) => `−${f}`);
    return `fields ${[...added, ...removed].join(' ')}`;
  }
  return `${change.aspect} ${show(change.before)} → ${show(change.after)}`;
}

/** A rule change in words: `AU-4 pass → fail` plus the observed behaviours when they moved. */
export function describeRuleChange(change: RuleChange): string {
  const status =
    change.before.status === change.after.status
      ? change.after.status
      : `${change.before.status} → ${change.after.status}`;
  const observed =
    JSON.stringify(change.before.observed) === JSON.stringify(change.after.observed)
      ? ''
      : `; observed ${show(change.before.observed)} → ${show(change.after.observed)}`;
  return `${change.id} ${status}${observed}`;
}

function probeLines(probe: ProbeChange): string[] {
  switch (probe.kind) {
    case 'changed':
      return [
        `changed   ${probe.name}`,
        ...(probe.differences ?? []).map((d) => `            ${describeAspectChange(d)}`),
      ];
    case 'request-changed':
      return [`suite     ${probe.name}: the suite sent another request (not a service change)`];
    case 'inconclusive':
      return [`unknown   ${probe.name}: ${probe.reason ?? 'no conclusive answer'}`];
    case 'new':
    case 'gone':
      return [`${probe.kind.padEnd(9)} ${probe.name}`];
    default:
      return [];
  }
}

/**
 * The terminal summary of `compare`: each change with both sides — service changes first, then suite
 * changes, inconclusive probes, new and gone probes — and a closing count with the exit code's meaning.
 */
export function formatChanges(changes: Changes): string[] {
  const lines: string[] = [];
  const { before, after } = changes;
  if (before === null) {
    lines.push(`compare: ${after.dir} (${after.startedAt}) has no earlier audit to compare with`);
    for (const note of changes.notes) lines.push(`note: ${note}`);
    lines.push('exit 0: nothing to compare yet (the first night)');
    return lines;
  }
  lines.push(
    `compare: ${before.dir} (${before.startedAt}, suite ${before.suiteVersion}, rules ${before.rulesVersion})`,
    `      →  ${after.dir} (${after.startedAt}, suite ${after.suiteVersion}, rules ${after.rulesVersion}), region ${after.region}`,
  );
  for (const note of changes.notes) lines.push(`note: ${note}`);
  const order = ['changed', 'request-changed', 'inconclusive', 'new', 'gone'] as const;
  for (const kind of order)
    for (const probe of changes.probes.filter((p) => p.kind === kind)) lines.push(...probeLines(probe));
  for (const rule of changes.rules)
    lines.push(
      rule.attribution === 'service'
        ? `rule      ${describeRuleChange(rule)}`
        : `suite     ${describeRuleChange(rule)}: ${rule.why}`,
    );
  const { probes, rules, behaviouralChanges } = changes.summary;
  lines.push(
    `changes: ${behaviouralChanges} behavioural (${probes.changed} probes, ${rules.service} rules); ` +
      `${probes.unchanged} probes unchanged, ${probes.new} new, ${probes.gone} gone, ` +
      `${probes['request-changed']} sent differently and ${rules.suite} rule verdicts explained by the suite, ` +
      `${probes.inconclusive} inconclusive`,
  );
  lines.push(
    changes.exitCode === 1
      ? 'exit 1: the live service changed its behaviour since the last audit'
      : 'exit 0: no behavioural change',
  );
  return lines;
}
