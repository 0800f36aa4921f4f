import { verdictNote } from './formatFailure.ts';
import type { Report, RuleStatus, RuleVerdict } from './Report.ts';

/** Where the terminal reporter writes: `process.stdout` fits, so does a test double. */
export type TerminalOut = {
  write(s: string): void;
  isTTY?: boolean;
  /** Terminal width; only used on a TTY. */
  columns?: number;
};

/** One progress event from the runner. */
type ProgressEvent = { phase: string; done: number; total?: number; failures: number };

/** A listener on the runner's events that talks to a person at a terminal. */
export type TerminalReporter = {
  /** Shows progress: one rewritten line on a TTY (at most ~10 times a second), else a line per phase. */
  progress(event: ProgressEvent): void;
  /** Prints the per-rule table, the failures with their reproduce commands, and the summary lines. */
  finish(report: Report): void;
};

/** Options of {@link createTerminalReporter}; the defaults suit a real terminal. */
export type TerminalReporterOptions = {
  /** Colour output; default: on a TTY unless `NO_COLOR` is set. */
  color?: boolean;
  /** Milliseconds clock for throttling; default `Date.now`. */
  now?: () => number;
  /**
   * Off a TTY (a CI log): the least time between two progress lines within a phase, in ms (default
   * {@link defaultProgressIntervalMs}; `--progress-interval`). 0 prints every event.
   */
  progressIntervalMs?: number;
};

/** Off a TTY, a progress line at most this often within a phase (ms), besides each phase's start and end. */
const defaultProgressIntervalMs = 5000;

const progressIntervalMs = 100;
const defaultWidth = 120;
const clearLine = '\r\u001b[2K';

const statusColour: Readonly<Record<RuleStatus, string>> = {
  pass: '32',
  fail: '31',
  warn: '33',
  skip: '90',
  report: '36',
  error: '35',
};

// Target-controlled text must not move the cursor or recolour the terminal: controls become visible escapes.
function oneLine(value: string): string {
  return (
    value
      .replace(/\r\n|[\r\n\t]/g, ' ')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
  );
}

/** `value` in lines of at most `width` characters, broken at spaces where it can: the first indented by two, the rest by four. */
function wrap(value: string, width: number): string[] {
  const lines: string[] = [];
  let rest = [...value];
  let indent = '  ';
  while (rest.length > 0) {
    const room = Math.max(10, width - indent.length);
    let cut = rest.length;
    if (rest.length > room) {
      const space = rest.lastIndexOf(' ', room);
      cut = space > room / 2 ? space : room;
    }
    lines.push(`${indent}${rest.slice(0, cut).join('').trimEnd()}`);
    rest = rest.slice(cut);
    while (rest[0] === ' ') rest = rest.slice(1);
    indent = '    ';
  }
  return lines;
}

function truncate(value: string, width: number): string {
  const chars = [...value];
  if (chars.length <= width) return value;
  return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/**
 * Creates the terminal reporter. On a TTY, `progress` rewrites one line (`\r` and clear-line), at most about
 * ten times a second except when the phase changes; elsewhere (a CI log) it prints each phase's first
 * line, a line with the counts and the elapsed time at most every `progressIntervalMs` within the phase,
 * and the phase's end with its last counts and time.
 * `finish` prints the headline diagnosis when the report has one (every request got the same non-API
 * answer), then a per-rule table (ID, level, status, cases, first failure's title or the reason) cut to
 * the terminal width (120 off a TTY), then every failure, error and warning with its reproduce command
 * (never cut, so it stays copyable), why requests were inconclusive, the verdict, the reported/errored
 * counts, and as the very last line
 * exactly `N passed, N failed, N warned, N skipped`. Colour only on a TTY; target text is made inert.
 */
export function createTerminalReporter(
  out: TerminalOut,
  options: TerminalReporterOptions = {},
): TerminalReporter {
  const tty = out.isTTY === true;
  const color = options.color ?? (tty && !process.env.NO_COLOR);
  const now = options.now ?? Date.now;
  const width = tty && out.columns !== undefined && out.columns > 0 ? out.columns : defaultWidth;
  const paint = (code: string, s: string): string => (color ? `\u001b[${code}m${s}\u001b[0m` : s);

  const logInterval = options.progressIntervalMs ?? defaultProgressIntervalMs;
  let lastPhase: string | undefined;
  let lastDrawn = Number.NEGATIVE_INFINITY;
  let lineShown = false;
  // Off a TTY: the phase's last event not yet printed, when its phase started, and the last line's time.
  let pending: ProgressEvent | undefined;
  let phaseStarted = 0;
  let lastLogged = Number.NEGATIVE_INFINITY;

  const describe = (event: ProgressEvent): string => {
    const count = event.total === undefined ? `${event.done}` : `${event.done}/${event.total}`;
    const failures = `${event.failures} ${event.failures === 1 ? 'failure' : 'failures'}`;
    return `${oneLine(event.phase)}: ${count}, ${failures}`;
  };
  const elapsed = (t: number): string => `${((t - phaseStarted) / 1000).toFixed(1)} s`;
  /** The end of the phase in progress, with its last counts and its time, once. */
  const endPhase = (t: number): void => {
    if (pending !== undefined) out.write(`${describe(pending)}, done in ${elapsed(t)}\n`);
    pending = undefined;
  };

  const progress = (event: ProgressEvent): void => {
    const phaseChanged = event.phase !== lastPhase;
    lastPhase = event.phase;
    if (!tty) {
      // A CI log: each phase's start, a line at most every `logInterval` ms within it, and its end.
      const t = now();
      if (phaseChanged) {
        endPhase(t);
        phaseStarted = t;
        lastLogged = t;
        out.write(`${describe(event)}\n`);
        return;
      }
      pending = event;
      if (t - lastLogged >= logInterval) {
        lastLogged = t;
        out.write(`${describe(event)} (${elapsed(t)})\n`);
      }
      return;
    }
    const t = now();
    if (!phaseChanged && t - lastDrawn < progressIntervalMs) return;
    lastDrawn = t;
    lineShown = true;
    // One column is left free so the cursor never wraps to a new line.
    out.write(`${clearLine}${truncate(describe(event), width - 1)}`);
  };

  // Status is coloured after the row is cut to width, so escape codes never count towards it.
  const row = (
    id: string,
    level: string,
    status: string,
    cases: string,
    note: string,
    code?: string,
  ): string => {
    const head = `${id.padEnd(8)} ${level.padEnd(7)} `;
    const tail = ` ${cases.padStart(6)}  `;
    const room = width - [...head].length - 7 - [...tail].length;
    if (room < 1) return truncate(`${head}${status.padEnd(7)}${tail}${note}`.trimEnd(), width);
    const statusCell = code === undefined ? status.padEnd(7) : paint(code, status.padEnd(7));
    return `${head}${statusCell}${tail}${truncate(note, room)}`.trimEnd();
  };

  const finding = (verdict: RuleVerdict): string[] => {
    const expected = verdict.status === 'fail' && verdict.expected === true;
    const head = `${verdict.id} ${verdict.level} `;
    const suffix = expected ? ` (expected: ${oneLine(verdict.expectationReason ?? '')})` : '';
    const room = Math.max(1, width - [...head].length - verdict.status.length);
    const lines = [`${head}${paint(statusColour[verdict.status], verdict.status)}${truncate(suffix, room)}`];
    const detail = (label: string, value: string): void => {
      lines.push(truncate(`    ${label}: ${oneLine(value)}`, width));
    };
    const f = verdict.failure;
    if (f !== undefined) detail('title', f.title);
    if (verdict.reason !== undefined) detail('reason', verdict.reason);
    if (f !== undefined) {
      detail('expected', f.expected);
      detail('received', f.received);
      if (f.reproduce !== undefined) lines.push(`    reproduce: ${oneLine(f.reproduce)}`);
    }
    return lines;
  };

  const finish = (report: Report): void => {
    if (!tty) endPhase(now());
    if (tty && lineShown) out.write(clearLine);
    lineShown = false;
    const { summary } = report;
    const lines: string[] = [];
    lines.push(
      truncate(
        oneLine(
          `dkp-conformance ${report.command} ${report.target} (seed ${report.run.seed}, ${report.rules.length} rules)`,
        ),
        width,
      ),
      '',
    );
    // The headline comes first: when every request got the same non-API answer, that is the news.
    if (report.diagnosis !== undefined) {
      const d = report.diagnosis;
      lines.push(
        paint('1', `diagnosis: all ${d.requests} API requests got ${oneLine(d.answer)}`),
        `  likely cause: ${oneLine(d.likelyCause)}`,
        '',
      );
    }
    lines.push(paint('1', row('RULE', 'LEVEL', 'STATUS', 'CASES', 'NOTE')));
    // The rules the command judged come first; rules skipped for one shared reason (another command's
    // rules, rules left out by --only) fold into one line each, with their count. report.json lists each.
    const folded = foldedSkips(report.rules);
    for (const verdict of report.rules) {
      if (folded.has(verdict.id)) continue;
      const note = oneLine(
        verdict.status === 'fail' && verdict.expected === true
          ? `[expected] ${verdictNote(verdict)}`
          : verdictNote(verdict),
      );
      const code = statusColour[verdict.status];
      lines.push(row(verdict.id, verdict.level, verdict.status, String(verdict.cases), note, code));
    }
    for (const [note, ids] of groupsOf(folded)) {
      const span = ids.length > 1 ? `${ids[0]}…${ids.at(-1)}` : (ids[0] ?? '');
      lines.push(row(`${ids.length} rules`, '', 'skip', '', oneLine(`${note} (${span})`), statusColour.skip));
    }
    const findings = report.rules.filter(
      (v) => v.status === 'fail' || v.status === 'error' || v.status === 'warn',
    );
    if (findings.length > 0) {
      lines.push('', paint('1', 'Failures, errors and warnings:'));
      for (const verdict of findings) lines.push(...finding(verdict));
    }
    const stale = report.staleExpectations ?? [];
    if (stale.length > 0) {
      lines.push(
        '',
        paint('1', 'Stale expectations (these rules now pass; remove them from --expectations):'),
      );
      for (const entry of stale) lines.push(truncate(`  ${entry.rule}: ${oneLine(entry.reason)}`, width));
    }
    const contracts = report.contracts ?? [];
    if (contracts.length > 0) {
      // The checks' verdict first (it decides the rules); Pact's own verdict after it, for reference.
      const count = (status: string) => contracts.filter((c) => c.status === status).length;
      const pact = (verdict: string) => contracts.filter((c) => c.pact === verdict).length;
      // A failure whose every failed rule is listed in --expectations is expected, like those rules.
      const expectedRules = new Set(report.rules.filter((r) => r.expected === true).map((r) => r.id));
      const isExpected = (c: (typeof contracts)[number]) =>
        c.status === 'fail' &&
        c.failedRules !== undefined &&
        c.failedRules.length > 0 &&
        c.failedRules.every((rule) => expectedRules.has(rule));
      const expected = contracts.filter(isExpected).length;
      lines.push(
        '',
        `contracts: ${count('pass')} interactions passed, ${count('fail')} failed${
          expected > 0 ? ` (${expected} expected)` : ''
        }, ${count('skip')} skipped${
          count('error') > 0 ? `, ${count('error')} not judged` : ''
        } (by the checks); Pact: ${pact('pass')} passed, ${pact('fail')} failed`,
      );
      // Each failure whole, wrapped to the width: the reason is what the reader came for.
      for (const c of contracts.filter((x) => x.status === 'fail' || x.status === 'error')) {
        const rules = c.failedRules === undefined ? '' : ` [${c.failedRules.join(', ')}]`;
        const mark = isExpected(c) ? '[expected] ' : '';
        lines.push(
          ...wrap(`${mark}${c.consumer}: ${c.interaction}${rules} — ${oneLine(c.reason ?? '')}`, width),
        );
      }
      // Pact failing where every check passes: a contract that says more than the rules (or a Pact quirk).
      for (const c of contracts.filter((x) => x.pact === 'fail' && x.status === 'pass')) {
        lines.push(
          ...wrap(
            `Pact alone failed ${c.consumer}: ${c.interaction} — ${oneLine(c.pactMismatch ?? '')}`,
            width,
          ),
        );
      }
    }
    const reasons = report.run.inconclusiveReasons ?? [];
    if (report.run.inconclusiveRequests > 0 && reasons.length > 0) {
      lines.push('', paint('1', `Inconclusive requests (${report.run.inconclusiveRequests}):`));
      for (const r of reasons) lines.push(`  ${r.requests} × ${oneLine(r.reason)}`);
    }
    const verdictColour =
      report.verdict === 'conformant' ? '32' : report.verdict === 'nonconformant' ? '31' : '33';
    lines.push(
      '',
      `verdict: ${paint(verdictColour, report.verdict)} (exit ${report.exitCode})`,
      `${summary.reported} reported, ${summary.errored} errored`,
      // The last line keeps exactly this shape: scripts match it.
      `${summary.passed} passed, ${summary.failed} failed, ${summary.warned} warned, ${summary.skipped} skipped`,
    );
    out.write(`${lines.join('\n')}\n`);
  };

  return { progress, finish };
}

/** Skipped rules whose reason at least {@link foldAt} rules share: rule ID → the shared reason. */
function foldedSkips(rules: readonly RuleVerdict[]): Map<string, string> {
  const byReason = new Map<string, string[]>();
  for (const verdict of rules) {
    if (verdict.status !== 'skip' || verdict.reason === undefined) continue;
    byReason.set(verdict.reason, [...(byReason.get(verdict.reason) ?? []), verdict.id]);
  }
  const folded = new Map<string, string>();
  for (const [reason, ids] of byReason)
    if (ids.length >= foldAt) for (const id of ids) folded.set(id, reason);
  return folded;
}

/** Folded rules grouped by their reason, in report order. */
function groupsOf(folded: ReadonlyMap<string, string>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [id, reason] of folded) groups.set(reason, [...(groups.get(reason) ?? []), id]);
  return groups;
}

/** How many rules must share a skip reason before their rows fold into one. */
const foldAt = 4;
