import type { Expectation } from '../oracle/Expectation.ts';
import type { RuleId } from '../spec/rules.ts';
import { type Check, fail, pass } from './CheckOutcome.ts';
import { isErrorResponse } from './responseKind.ts';
import { worldDiff } from './worldDiff.ts';

/**
 * An error response changes nothing in the world (ERR-3). A change is blamed on the most specific rule
 * that forbids it: AU-8 when authentication failed, WIN-2 for a Windows rejection (atomic), ID-3 for an
 * over-long list, KP-2 for a key pair of another region; otherwise ERR-3. The same rule passes when the
 * world is unchanged.
 */
export const errorChangesNothing: Check = {
  name: 'errorChangesNothing',
  rules: ['ERR-3', 'WIN-2', 'ID-3', 'KP-2', 'AU-8'],
  run(exchange) {
    const { expectation, worldAfter, decoded } = exchange;
    if (expectation === null || worldAfter === null || !isErrorResponse(decoded)) return [];
    const before = exchange.worldBefore ?? expectation.worldBefore;
    const rule = blamed(expectation);
    const diff = worldDiff(before, worldAfter);
    if (diff.length === 0) return [pass(rule)];
    const code = decoded.fields.Code?.value;
    return [
      fail(
        rule,
        'an error response changed the world',
        'the world unchanged',
        `after HTTP ${decoded.status}${code === undefined ? '' : ` ${code}`}: ${diff.join('; ')}`,
      ),
    ];
  },
};

function blamed(expectation: Expectation): RuleId {
  const holds = (rule: RuleId, mustOnly: boolean) =>
    expectation.conditions.some((c) => c.rule === rule && (!mustOnly || c.strength === 'must'));
  if (expectation.conditions.some((c) => c.tier === 'auth' && c.strength === 'must')) return 'AU-8';
  if (holds('WIN-1', false)) return 'WIN-2';
  if (holds('ID-3', true)) return 'ID-3';
  if (holds('KP-2', false)) return 'KP-2';
  return 'ERR-3';
}
