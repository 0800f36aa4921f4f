import ts from 'typescript';

// The gate of `npm run mutation` (scripts/mutationGate.ts runs it on Stryker's JSON report): every mutant of
// the reference emulator that the conformance run does not kill is either listed as equivalent, with the
// rule or clause that leaves its behaviour free, or it fails the run; so does a listed entry that no
// surviving mutant matches any more (the list cannot go stale), and a score under the goal.

/** The part of a mutation-testing-report-schema mutant the gate reads. */
export type ReportMutant = {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
};

/** The part of Stryker's JSON report (mutation-testing-report-schema) the gate reads. */
export type MutationReport = {
  files: Record<string, { source: string; mutants: ReportMutant[] }>;
};

/**
 * What names a mutant across unrelated edits: its file, mutator, the original text and its replacement
 * (whitespace runs collapsed to one space) and the innermost named function around it — never a line
 * number or Stryker's id.
 */
export type MutantKey = {
  file: string;
  mutator: string;
  function: string;
  original: string;
  replacement: string;
};

/** An entry of equivalentMutants.json: a key, and why the suite may not tell the mutant apart. */
export type EquivalentMutant = MutantKey & {
  /** The REPORT-level rule (spec/DetachKeyPair.rules.md) or the clause that leaves the behaviour free. */
  rule: string;
  reason: string;
};

/**
 * An entry of equivalentMutants.json's `gaps`: a survivor that is a real gap in the suite, not yet closed.
 * It counts against the score like an unlisted survivor; listing it only says that it is known and how it
 * would be closed.
 */
export type KnownGap = MutantKey & {
  /** The rule whose judgement misses the mutant. */
  rule: string;
  /** What would kill it: the check, oracle clause, generator or documented case the suite lacks. */
  closeWith: string;
};

/** A mutant the conformance run did not kill, keyed. */
type Survivor = MutantKey & { status: string; line: number };

/** The gate's verdict on one report against the equivalent list. */
export type GateResult = {
  total: number;
  killed: number;
  timedOut: number;
  survived: number;
  noCoverage: number;
  /** Mutants neither killed nor surviving: compile and runtime errors, ignored ones. */
  other: number;
  equivalent: number;
  /** Survivors listed as known gaps: they count against the score. */
  knownGaps: number;
  /** (killed + timed out) / (every judged mutant − equivalent), in percent. */
  score: number;
  unlisted: Survivor[];
  /** Entries, equivalent or gap, that name no surviving mutant. */
  stale: (EquivalentMutant | KnownGap)[];
  /** Pending mutants: the report is of an unfinished run. */
  pending: number;
  passed: boolean;
};

/** The least share of non-equivalent mutants that must be killed (percent). */
export const goal = 90;

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The offset of a report location (lines and columns from 1) in `source`. */
function offsetOf(source: string, position: { line: number; column: number }): number {
  let offset = 0;
  for (let line = 1; line < position.line; line++) {
    const next = source.indexOf('\n', offset);
    if (next < 0) return source.length;
    offset = next + 1;
  }
  return offset + position.column - 1;
}

/** A function-like node's name: its own, or that of the variable, property or method it is assigned to. */
function nameOf(node: ts.Node): string | undefined {
  if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) {
    const own = node.name?.getText();
    const owner = node.parent;
    if (ts.isMethodDeclaration(node) && ts.isClassLike(owner) && owner.name)
      return `${owner.name.text}.${own}`;
    return own;
  }
  if (ts.isGetAccessor(node) || ts.isSetAccessor(node) || ts.isConstructorDeclaration(node)) {
    const owner = node.parent;
    const own = ts.isConstructorDeclaration(node) ? 'constructor' : node.name.getText();
    return ts.isClassLike(owner) && owner.name ? `${owner.name.text}.${own}` : own;
  }
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
    let parent = node.parent;
    while (
      ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isSatisfiesExpression(parent)
    )
      parent = parent.parent;
    if (
      ts.isVariableDeclaration(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent)
    )
      return parent.name.getText();
    if (ts.isFunctionExpression(node) && node.name) return node.name.text;
  }
  return undefined;
}

/**
 * The innermost named function, method or arrow function assigned to a name that encloses `offset` of a
 * TypeScript source (an anonymous callback counts as the function it is written in); `(module)` outside any.
 */
export function enclosingFunction(source: string, offset: number): string {
  const file = ts.createSourceFile('mutant.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let found = '(module)';
  const visit = (node: ts.Node): void => {
    if (offset < node.getStart(file) || offset >= node.getEnd()) return;
    const name = nameOf(node);
    if (name !== undefined) found = name;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  return found;
}

/** The key of one mutant of `file` (whose text is `source`). */
export function mutantKey(file: string, source: string, mutant: ReportMutant): MutantKey {
  const start = offsetOf(source, mutant.location.start);
  const end = offsetOf(source, mutant.location.end);
  return {
    file,
    mutator: mutant.mutatorName,
    function: enclosingFunction(source, start),
    original: squash(source.slice(start, end)),
    replacement: squash(mutant.replacement ?? ''),
  };
}

/** Whether an equivalent-list entry names the mutant `key` (the original and replacement compared squashed). */
function matches(entry: MutantKey, key: MutantKey): boolean {
  return (
    entry.file === key.file &&
    entry.mutator === key.mutator &&
    entry.function === key.function &&
    squash(entry.original) === key.original &&
    squash(entry.replacement) === key.replacement
  );
}

/**
 * Judges a report: the figures, the survivors (NoCoverage counts as surviving) that no entry of
 * `equivalents` or `gaps` names, and the entries that name no survivor. It passes when nothing is pending,
 * every survivor is listed, no entry is stale and at least {@link goal}% of the non-equivalent mutants are
 * killed (a timeout — a mutant that hangs the emulator — counts as killed, as in Stryker's score; a known
 * gap counts as surviving).
 */
export function judgeMutation(
  report: MutationReport,
  equivalents: readonly EquivalentMutant[],
  gaps: readonly KnownGap[] = [],
): GateResult {
  const counts = { killed: 0, timedOut: 0, survived: 0, noCoverage: 0, other: 0, pending: 0 };
  const survivors: Survivor[] = [];
  let total = 0;
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    for (const mutant of mutants) {
      total++;
      if (mutant.status === 'Killed') counts.killed++;
      else if (mutant.status === 'Timeout') counts.timedOut++;
      else if (mutant.status === 'Pending') counts.pending++;
      else if (mutant.status === 'Survived' || mutant.status === 'NoCoverage') {
        counts[mutant.status === 'Survived' ? 'survived' : 'noCoverage']++;
        survivors.push({
          ...mutantKey(file, source, mutant),
          status: mutant.status,
          line: mutant.location.start.line,
        });
      } else counts.other++;
    }
  }
  const used = new Set<EquivalentMutant | KnownGap>();
  const unlisted: Survivor[] = [];
  let equivalent = 0;
  let knownGaps = 0;
  for (const survivor of survivors) {
    const entry = equivalents.find((e) => matches(e, survivor));
    const gap = entry === undefined ? gaps.find((g) => matches(g, survivor)) : undefined;
    if (entry !== undefined) {
      equivalent++;
      used.add(entry);
    } else if (gap !== undefined) {
      knownGaps++;
      used.add(gap);
    } else unlisted.push(survivor);
  }
  const detected = counts.killed + counts.timedOut;
  const judged = detected + counts.survived + counts.noCoverage - equivalent;
  const score = judged === 0 ? 100 : (100 * detected) / judged;
  const stale = [...equivalents, ...gaps].filter((e) => !used.has(e));
  return {
    total,
    ...counts,
    equivalent,
    knownGaps,
    score,
    unlisted,
    stale,
    passed: counts.pending === 0 && unlisted.length === 0 && stale.length === 0 && score >= goal,
  };
}

/** One line naming a mutant for a person: file:line, function, mutator, original → replacement. */
export function describeMutant(key: MutantKey & { line?: number; status?: string }): string {
  const cut = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}...` : text);
  const where = key.line === undefined ? key.file : `${key.file}:${key.line}`;
  const status = key.status === undefined ? '' : ` [${key.status}]`;
  return `${where} ${key.function} ${key.mutator}${status}: ${cut(key.original)} → ${cut(key.replacement)}`;
}
