import { isRuleId, ruleById } from '../spec/rules.ts';

/** The family of a rule ID (`OK-5` → `OK`): the registry's family, else the ID's prefix. */
export function ruleFamilyOf(id: string): string {
  if (isRuleId(id)) return ruleById(id).family;
  const dash = id.lastIndexOf('-');
  return dash < 0 ? id : id.slice(0, dash);
}

/** A verdict's statement: the one the report carries, else the registry's, else empty. */
export function ruleStatementOf(verdict: { id: string; statement?: string }): string {
  if (verdict.statement !== undefined) return verdict.statement;
  return isRuleId(verdict.id) ? ruleById(verdict.id).statement : '';
}
