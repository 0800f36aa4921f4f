import { classifyInstanceIds } from '../oracle/classifyInstanceIds.ts';
import type { CodeMatcher, ErrorCondition } from '../oracle/Expectation.ts';
import { codeMatches } from '../oracle/expectedOutcome.ts';
import type { RuleId } from '../spec/rules.ts';
import { blameUnexpectedError } from './blameUnexpectedError.ts';
import { type Check, type CheckOutcome, fail, pass, report, warn } from './CheckOutcome.ts';
import { describeResponse } from './describeResponse.ts';
import type { Exchange } from './Exchange.ts';
import { isErrorResponse } from './responseKind.ts';

/**
 * The response is one the oracle accepts: an error whose code and status one applicable condition
 * accepts, or a success where no MUST condition holds. Authentication comes first (AU-8): when a request
 * breaks authentication, only an authentication (or routing) error is acceptable. A success that a
 * request's form should have earned blames the requirement it leans on (TR-1, AU-1, AU-2, ID-1, ID-2,
 * GEN-5, ST-0). REPORT-level rejections (ST-5, ID-6, ID-3 duplicates) are recorded as observations.
 */
export const outcomeIsAcceptable: Check = {
  name: 'outcomeIsAcceptable',
  rules: [
    'RQ-1',
    'RQ-2',
    'RQ-3',
    'RQ-4',
    'RQ-5',
    'GEN-1',
    'AU-1',
    'AU-2',
    'AU-3',
    'AU-4',
    'AU-5',
    'AU-6',
    'AU-7',
    'AU-8',
    'ID-1',
    'ID-2',
    'ID-3',
    'ID-4',
    'ID-5',
    'ID-6',
    'KP-1',
    'KP-2',
    'KP-3',
    'WIN-1',
    'ST-0',
    'ST-5',
    'TR-1',
    'GEN-5',
  ],
  run(exchange) {
    const { expectation, decoded, probe } = exchange;
    if (expectation === null) return [];
    const conditions = expectation.conditions;
    const authMust = conditions.filter((c) => c.tier === 'auth' && c.strength === 'must');
    const out: CheckOutcome[] = [];
    const answer = describeResponse(exchange.response, decoded);

    if (!answer.api) {
      // A redirect, an HTML page or no document at all answers nothing: every outcome the request
      // demanded is missed, and nothing is accepted or passed on it.
      const demanded = authMust.length > 0 ? authMust : conditions.filter((c) => c.strength !== 'may');
      if (demanded.length > 0)
        return demanded.map((c) =>
          (c.strength === 'must' ? fail : warn)(
            c.rule,
            `no API answer to: ${c.cause}`,
            describe(c),
            answer.text,
          ),
        );
      const mays = conditions.filter((c) => c.strength === 'may');
      return [
        fail(
          blameUnexpectedError(probe, ''),
          'no API answer to a request that must succeed',
          mays.length > 0
            ? `a success (or: ${mays.map(describe).join('; ')})`
            : 'HTTP 200 with a DetachKeyPair result',
          answer.text,
        ),
      ];
    }

    if (!isErrorResponse(decoded)) {
      const demanded = conditions.filter((c) => c.strength !== 'may');
      for (const c of demanded) {
        const broke = c.strength === 'must' ? fail : warn;
        out.push(
          broke(c.rule, `accepted a request that must be rejected: ${c.cause}`, describe(c), answer.text),
        );
      }
      if (demanded.length === 0) {
        out.push(...acceptanceRules(exchange).map(pass));
        for (const c of conditions) out.push(report(c.rule, `${c.situation ?? c.cause}: accepted`));
      }
      return out;
    }

    const code = decoded.fields.Code?.value ?? '';
    const message = decoded.fields.Message?.value ?? '';
    const status = decoded.status;
    if (authMust.length > 0) {
      const acceptable = conditions.filter((c) => c.tier !== 'business');
      const hit = acceptable.find((c) => matches(c, code));
      if (hit !== undefined) return [...judgeStatus(hit, code, status, message), pass('AU-8')];
      const business = conditions.find((c) => c.tier === 'business' && matches(c, code));
      if (business !== undefined) {
        return [
          fail(
            'AU-8',
            'authentication judged after the business parameters',
            `an authentication error (${authMust.map(describe).join('; ')}), whatever else is wrong`,
            `HTTP ${status} ${code}, the answer to: ${business.cause}`,
          ),
        ];
      }
      return authMust.map((c) => fail(c.rule, `wrong answer to: ${c.cause}`, describe(c), answer.text));
    }

    const hit = conditions.find((c) => matches(c, code));
    if (hit !== undefined) {
      out.push(...judgeStatus(hit, code, status, message));
      if (hit.strength === 'may')
        out.push(report(hit.rule, `${hit.situation ?? hit.cause}: rejected with ${code}`));
      return out;
    }
    const demanded = conditions.filter((c) => c.strength !== 'may');
    if (demanded.length > 0) {
      return demanded.map((c) =>
        (c.strength === 'must' ? fail : warn)(
          c.rule,
          `wrong error for: ${c.cause}`,
          describe(c),
          answer.text,
        ),
      );
    }
    const mays = conditions.filter((c) => c.strength === 'may');
    const blamed = blameUnexpectedError(probe, code, message);
    return [
      fail(
        blamed,
        'rejected a request that must succeed',
        mays.length > 0
          ? `a success (or: ${mays.map(describe).join('; ')})`
          : 'HTTP 200 with a DetachKeyPair result',
        `${answer.text}: ${decoded.fields.Message?.value ?? ''}`,
      ),
    ];
  },
};

function matches(condition: ErrorCondition, code: string): boolean {
  return condition.codes.some((m) => codeMatches(code, m));
}

/**
 * The status (and, for KP-1 and WIN-1, the SHOULD-level message) of an error whose code is acceptable.
 * A condition that is itself only a SHOULD (ID-5, KP-3) warns where a MUST condition fails.
 */
function judgeStatus(
  condition: ErrorCondition,
  code: string,
  status: number,
  message: string,
): CheckOutcome[] {
  const out: CheckOutcome[] = [];
  if (!condition.statuses.includes(status)) {
    const expected = `status ${condition.statuses.join(' or ')}`;
    if (condition.warnStatuses?.includes(status)) {
      out.push(warn(condition.rule, `${code} with status ${status}`, expected, `status ${status}`));
    } else {
      const broke = condition.strength === 'should' ? warn : fail;
      out.push(broke(condition.rule, `${code} with the wrong status`, expected, `status ${status}`));
    }
  }
  // The documented message belongs to the condition's primary code (KP-1's NotFound, not Malformed).
  const primary = condition.codes[0];
  const documented = primary !== undefined && 'exact' in primary && primary.exact === code;
  // A rule's status is its worst clause: it passes only when neither the status nor the message broke.
  if (
    documented &&
    condition.message !== undefined &&
    trimPeriod(message) !== trimPeriod(condition.message)
  ) {
    out.push(
      warn(
        condition.rule,
        `${code} with an undocumented message`,
        JSON.stringify(condition.message),
        JSON.stringify(message),
      ),
    );
  }
  return out.length > 0 ? out : [pass(condition.rule)];
}

/** Expectation.message: compared after trimming one trailing period (WIN-1 accepts one). */
function trimPeriod(text: string): string {
  return text.endsWith('.') ? text.slice(0, -1) : text;
}

function describe(condition: ErrorCondition): string {
  const codes = condition.codes.map(showCode).join(' | ');
  return `${condition.statuses.join('/')} ${codes} (${condition.rule}: ${condition.cause})`;
}

function showCode(matcher: CodeMatcher): string {
  if ('exact' in matcher) return matcher.exact;
  if ('prefix' in matcher) return `${matcher.prefix}*`;
  return `MissingParameter*(${matcher.missing})`;
}

/** The acceptance requirements a successful request leans on: each gets a passing case. */
function acceptanceRules(exchange: Exchange): RuleId[] {
  const { probe } = exchange;
  const rules: RuleId[] = ['TR-1', probe.scheme === 'v1' ? 'AU-1' : 'AU-2'];
  if (probe.scheme === 'v3') rules.push('GEN-5');
  const value = probe.instanceIds === null ? null : classifyInstanceIds(probe.instanceIds);
  if (value?.rule === 'ID-1') {
    rules.push('ID-1');
    if (value.ids.length <= 50) rules.push('ID-2');
  }
  return rules;
}
