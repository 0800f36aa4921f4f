import { describe, expect, it } from 'vitest';
import {
  describeMutant,
  type EquivalentMutant,
  enclosingFunction,
  judgeMutation,
  type MutationReport,
  mutantKey,
  type ReportMutant,
} from './mutationGate.ts';

const source = [
  "import x from './x.ts';", // 1
  'const limit = 100;', // 2
  'export function render(ids: string[]): string {', // 3
  "  const quote = (id: string) => '<' + id;", // 4
  '  return ids', // 5
  '    .map((id) => {', // 6
  '      return quote(id);', // 7
  '    })', // 8
  "    .join(',');", // 9
  '}', // 10
  'class Server {', // 11
  '  close(): void {', // 12
  '    if (limit > 10) x();', // 13
  '  }', // 14
  '}', // 15
  '',
].join('\n');

const at = (line: number, column: number) => {
  const lines = source.split('\n');
  return lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + column - 1;
};

function mutant(
  id: string,
  status: string,
  start: [number, number],
  end: [number, number],
  mutatorName: string,
  replacement: string,
): ReportMutant {
  return {
    id,
    status,
    mutatorName,
    replacement,
    location: { start: { line: start[0], column: start[1] }, end: { line: end[0], column: end[1] } },
  };
}

describe('enclosingFunction', () => {
  it('names the innermost named function, an arrow by the const it is assigned to', () => {
    expect(enclosingFunction(source, at(4, 34))).toBe('quote');
    expect(enclosingFunction(source, at(5, 3))).toBe('render');
  });

  it('counts an anonymous callback as the function it is written in', () => {
    expect(enclosingFunction(source, at(7, 14))).toBe('render');
  });

  it('names a method by its class, and code outside any function as (module)', () => {
    expect(enclosingFunction(source, at(13, 9))).toBe('Server.close');
    expect(enclosingFunction(source, at(2, 15))).toBe('(module)');
  });
});

describe('mutantKey', () => {
  it('keys by file, mutator, function and the original and replacement text, whitespace squashed', () => {
    const key = mutantKey('a.ts', source, mutant('7', 'Survived', [6, 18], [8, 6], 'BlockStatement', '{}'));
    expect(key).toEqual({
      file: 'a.ts',
      mutator: 'BlockStatement',
      function: 'render',
      original: '{ return quote(id); }',
      replacement: '{}',
    });
  });

  it('does not move when unrelated lines are added above', () => {
    const m = mutant('1', 'Survived', [13, 9], [13, 19], 'ConditionalExpression', 'true');
    const shifted = `// a comment\n// another\n${source}`;
    const moved = { ...m, location: { start: { line: 15, column: 9 }, end: { line: 15, column: 19 } } };
    expect(mutantKey('a.ts', shifted, moved)).toEqual(mutantKey('a.ts', source, m));
  });
});

describe('judgeMutation', () => {
  const condition = mutant('1', 'Survived', [13, 9], [13, 19], 'ConditionalExpression', 'true');
  const report = (mutants: ReportMutant[]): MutationReport => ({ files: { 'a.ts': { source, mutants } } });
  const killed = (n: number) =>
    Array.from({ length: n }, (_, i) => mutant(`k${i}`, 'Killed', [2, 15], [2, 18], 'NumericLiteral', '0'));
  const entry: EquivalentMutant = {
    file: 'a.ts',
    mutator: 'ConditionalExpression',
    function: 'Server.close',
    original: 'limit > 10',
    replacement: 'true',
    rule: 'GEN-9 (REPORT)',
    reason: 'the limit is a performance shortcut',
  };

  it('passes when every survivor is listed and the score meets the goal', () => {
    const result = judgeMutation(report([...killed(9), condition]), [entry]);
    expect(result).toMatchObject({
      total: 10,
      killed: 9,
      survived: 1,
      equivalent: 1,
      score: 100,
      passed: true,
    });
  });

  it('fails on an unlisted survivor, NoCoverage included, and names it', () => {
    const uncovered = { ...condition, status: 'NoCoverage' };
    const result = judgeMutation(report([...killed(20), uncovered]), []);
    expect(result.passed).toBe(false);
    expect(result.noCoverage).toBe(1);
    expect(result.unlisted.map(describeMutant)).toEqual([
      'a.ts:13 Server.close ConditionalExpression [NoCoverage]: limit > 10 → true',
    ]);
  });

  it('fails on a stale entry: its mutant is killed now, or gone', () => {
    const result = judgeMutation(report([...killed(9), { ...condition, status: 'Killed' }]), [entry]);
    expect(result.stale).toEqual([entry]);
    expect(result.passed).toBe(false);
    expect(judgeMutation(report(killed(3)), [entry]).passed).toBe(false);
  });

  it('scores killed and timed-out mutants over the non-equivalent ones', () => {
    const survivor = mutant('s', 'Survived', [4, 33], [4, 36], 'StringLiteral', '""');
    const timeout = mutant('t', 'Timeout', [2, 15], [2, 18], 'NumericLiteral', '0');
    const unlisted = judgeMutation(report([...killed(8), timeout, survivor]), []);
    expect(unlisted).toMatchObject({ killed: 8, timedOut: 1, survived: 1, equivalent: 0, passed: false });
    expect(unlisted.score).toBeCloseTo(90);
    const quote = {
      ...entry,
      function: 'quote',
      mutator: 'StringLiteral',
      original: "'<'",
      replacement: '""',
    };
    // One entry names every mutant with its key; with every survivor listed, the score is over the rest.
    const listed = judgeMutation(report([...killed(8), timeout, survivor, { ...survivor, id: 's2' }]), [
      quote,
    ]);
    expect(listed).toMatchObject({ equivalent: 2, score: 100, passed: true });
  });

  it('counts a known gap against the score: listed, it passes only while the score meets the goal', () => {
    const gap = { ...entry, rule: 'AU-6', closeWith: 'a probe whose timestamp rolls over into the window' };
    expect(judgeMutation(report([...killed(9), condition]), [], [gap])).toMatchObject({
      knownGaps: 1,
      equivalent: 0,
      score: 90,
      passed: true,
    });
    const low = judgeMutation(report([...killed(8), condition]), [], [gap]);
    expect(low.score).toBeCloseTo(88.9, 1);
    expect(low.passed).toBe(false);
    // Fixed: the gap's mutant is killed now, and the entry is stale.
    expect(judgeMutation(report(killed(9)), [], [gap]).stale).toEqual([gap]);
  });

  it('fails a report with pending mutants (an unfinished run)', () => {
    expect(judgeMutation(report([...killed(9), { ...condition, status: 'Pending' }]), []).passed).toBe(false);
  });
});
