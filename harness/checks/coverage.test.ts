import { describe, expect, it } from 'vitest';
import { rules } from '../spec/rules.ts';
import { conditionChecks } from './conditionChecks.ts';
import { checks } from './index.ts';
import { outcomeIsAcceptable } from './outcomeIsAcceptable.ts';

// Judged in pairs by sameOutcome (FM-1, MR-1..MR-4, driven by the metamorphic properties).
const pairRules = ['FM-1', 'MR-1', 'MR-2', 'MR-3', 'MR-4'];
// A rule for the judge, not the target: every check ignores unknown fields (decodeResponse keeps only what
// it reads; the checks' tests include extra fields).
const judgeRules = ['OK-12'];
const judgedFamilies = ['TR', 'AU', 'GEN', 'RQ', 'ID', 'KP', 'WIN', 'OK', 'ERR', 'ST', 'FM', 'MR'];

describe('the check registry', () => {
  it('has a check for every MUST and SHOULD rule, and for every REPORT rule with a MUST/SHOULD clause or a choice to record', () => {
    const covered = new Set<string>([...checks.flatMap((c) => c.rules), ...pairRules, ...judgeRules]);
    const judged = rules.filter((r) => judgedFamilies.includes(r.family));
    const missing = judged.filter((r) => !covered.has(r.id) && r.id !== 'GEN-2').map((r) => r.id);
    // GEN-2 (REPORT: which duplicate wins) is observed by its own property, parameter-sent-twice.
    expect(missing).toEqual([]);
  });

  it('slices the oracle verdict into one check per rule, losing none of its rules', () => {
    const sliced = new Set(conditionChecks.flatMap((c) => c.rules));
    expect(outcomeIsAcceptable.rules.filter((r) => !sliced.has(r))).toEqual([]);
  });

  it('names every check uniquely', () => {
    const names = checks.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
