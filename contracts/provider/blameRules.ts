import type { RuleId } from '../../harness/spec/rules.ts';
import { consumerNamed, interactionNamed, rulesOf } from '../interactions.ts';
import type { PactMismatch } from './parseVerifierResults.ts';

/** Which of an interaction's rules a failed verification breaks, and which it still shows to hold. */
export type Blame = { failed: RuleId[]; passed: RuleId[] };

/** What the target answered, when the verification kept it. */
export type ActualResponse = { status: number; contentType: string; body: string };

/** Error codes of a request that failed authentication (AU-3..AU-7). */
const authenticationCodes =
  /^(SignatureDoesNotMatch|IncompleteSignature|InvalidAccessKeyId(\..+)?|InvalidTimeStamp(\..+)?|IllegalTimestamp|SignatureNonceUsed)$/;

/** A body field's path with the XML root and `#text` taken out: `$.Results.Result[1].Code`. */
function fieldPath(path: string): string {
  return path.replace(/^\$\.DetachKeyPairResponse/, '$').replace(/\['#text'\]|\.#text/g, '');
}

/** The path without array indexes, and the first index if any: `$.Results.Result.Code`, 1. */
function splitIndex(path: string): { field: string; index: number | undefined } {
  const match = /\[(\d+)\]/.exec(path);
  return { field: path.replace(/\[\d+\]|\[\*\]/g, ''), index: match === null ? undefined : Number(match[1]) };
}

function mediaKind(contentType: unknown): 'json' | 'xml' | 'other' {
  const media = String(contentType ?? '').toLowerCase();
  if (media.includes('json')) return 'json';
  return media.includes('xml') ? 'xml' : 'other';
}

/** The error code the target answered with: from its response when kept, else from a `$.Code` mismatch. */
function actualCodeOf(
  mismatches: readonly PactMismatch[],
  response: ActualResponse | undefined,
): string | undefined {
  const fromBody = (text: string): string | undefined => {
    try {
      const parsed: unknown = JSON.parse(text);
      const code = (parsed as { Code?: unknown } | null)?.Code;
      if (typeof code === 'string') return code;
    } catch {
      // Not JSON: try XML below.
    }
    return /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  };
  if (response !== undefined && response.status >= 400) {
    const code = fromBody(response.body);
    if (code !== undefined) return code;
  }
  for (const m of mismatches) {
    if (m.type === 'BodyMismatch' && fieldPath(m.path ?? '') === '$.Code' && typeof m.actual === 'string') {
      try {
        const code: unknown = JSON.parse(m.actual);
        if (typeof code === 'string') return code;
      } catch {
        return m.actual;
      }
    }
    if (typeof m.actualBody === 'string') {
      const code = fromBody(m.actualBody);
      if (code !== undefined) return code;
    }
  }
  return undefined;
}

/** The keys of "Actual map is missing the following keys: A, B". */
function missingKeys(text: string): string[] {
  const at = text.indexOf('missing the following keys:');
  return at < 0
    ? []
    : text
        .slice(at + 'missing the following keys:'.length)
        .split(',')
        .map((k) => k.trim());
}

/** The element of "Expected child <Message/> but was missing" (XML). */
function missingChild(text: string): string | undefined {
  return /Expected child <([^/>\s]+)\/?>/.exec(text)?.[1];
}

const topLevelField: Readonly<Record<string, RuleId>> = {
  RequestId: 'OK-2',
  TotalCount: 'OK-5',
  FailCount: 'OK-6',
  Results: 'OK-3',
};

/**
 * Reads Pact's mismatches for a failed interaction as rule violations, so that one wrong field does not fail
 * every rule the interaction judges.
 *
 * - A mismatch that names a field is blamed on that field's rule: `RequestId` OK-2 (ERR-2 in an error),
 *   `TotalCount` OK-5, `FailCount` OK-6, `Results.Result` an object OK-3, a result without a field OK-4, a
 *   result for an ID not requested (or one too many) OK-7 — its other fields and the counts then follow from
 *   it — a result with `Success` false ST-0 (its `Code` and `FailCount` follow), `Code` not 200 with `Success`
 *   true OK-8, the XML root OK-1, `Content-Type` TR-4, a body in the other format the consumer's format rule.
 * - A response of the wrong kind (another status, another error code, an error for a success, a success for
 *   an error) is blamed by the code the target answered: an authentication error for a correctly signed
 *   request on the consumer's signing rule (AU-1/AU-2); `Missing…` for a request that carries every parameter
 *   on its transport rules (TR-1, GEN-5); `InvalidInstanceIds.*` for a valid list of fewer than 50 IDs on
 *   ID-1; anything else on the interaction's `blame` rules. An error body served with a 2xx is ERR-1.
 *
 * Blame is kept to the interaction's own rules (its `blame` rules when none is left). When the response was
 * of the right kind, the rules no mismatch names are shown to hold; otherwise they are left unjudged.
 */
export function blameRules(
  consumer: string,
  description: string,
  mismatches: readonly PactMismatch[],
  response?: ActualResponse,
): Blame {
  const all = rulesOf(consumer, description);
  const interaction = interactionNamed(description);
  if (interaction === undefined) return { failed: all, passed: [] };
  const c = consumerNamed(consumer);
  const expectsError = interaction.response.status !== 200;
  const actualCode = actualCodeOf(mismatches, response);
  const ids = Array.isArray(interaction.input.instanceIds) ? interaction.input.instanceIds : undefined;
  const blamed = new Set<RuleId>();
  let wrongKind = false;

  const blameWrongKind = () => {
    wrongKind = true;
    const code = actualCode ?? '';
    if (authenticationCodes.test(code) && interaction.auth === undefined && c !== undefined) {
      for (const rule of c.requestRules) if (rule.startsWith('AU-')) blamed.add(rule);
    } else if (/^Missing/.test(code) && interaction.input.keyPairName !== null && c !== undefined) {
      for (const rule of c.requestRules) if (!rule.startsWith('AU-')) blamed.add(rule);
    } else if (/^InvalidInstanceIds/.test(code) && ids !== undefined && ids.length > 0 && ids.length < 50) {
      blamed.add('ID-1');
    } else {
      for (const rule of interaction.blame) blamed.add(rule);
    }
  };

  // Per result entry (by index; XML paths carry none, so all entries count as one): an unrequested ID
  // explains the entry, a failed Success explains its Code.
  const entries = new Map<number, Set<string>>();
  for (const m of mismatches) {
    const { field, index } = splitIndex(fieldPath(m.path ?? ''));
    if (field.startsWith('$.Results.Result.')) {
      const fields = entries.get(index ?? -1) ?? new Set<string>();
      fields.add(field.slice('$.Results.Result.'.length));
      entries.set(index ?? -1, fields);
    }
  }
  // An entry for an ID not requested, or more entries than IDs: the counts that include it follow from it.
  const unrequested =
    [...entries.values()].some((f) => f.has('InstanceId')) ||
    mismatches.some((m) => {
      const { field, index } = splitIndex(fieldPath(m.path ?? ''));
      return (
        m.type === 'BodyMismatch' &&
        ((field === '$.Results.Result' && index === undefined && !/type mismatch/i.test(m.text)) ||
          (field === '$.Results' && missingChild(m.text) === undefined))
      );
    });
  const failedSuccess = [...entries.values()].some((f) => f.has('Success') && !f.has('InstanceId'));

  for (const m of mismatches) {
    switch (m.type) {
      case 'StatusMismatch': {
        const status = Number(m.actual);
        if (expectsError && status >= 200 && status < 300) {
          // The body was compared too: unless it lacks `Code`, the 2xx carried the error body (ERR-1).
          if (mismatches.some((x) => missingKeys(x.text).includes('Code'))) blameWrongKind();
          else blamed.add('ERR-1');
        } else blameWrongKind();
        break;
      }
      case 'BodyTypeMismatch':
      case 'HeaderMismatch': {
        if (m.type === 'HeaderMismatch' && (m.key ?? '').toLowerCase() !== 'content-type') {
          blameWrongKind();
          break;
        }
        const actual = mediaKind(m.actual);
        const expected = mediaKind(m.expected);
        if (actual !== 'other' && expected !== 'other' && actual !== expected) {
          wrongKind = true;
          if (c !== undefined) blamed.add(c.formatRule);
        } else {
          blamed.add('TR-4');
          if (m.type === 'BodyTypeMismatch') wrongKind = true;
        }
        break;
      }
      case 'BodyMismatch': {
        const path = fieldPath(m.path ?? '$');
        const { field, index } = splitIndex(path);
        const keys = missingKeys(m.text);
        const child = missingChild(m.text);
        if (field === '$' && keys.length > 0) {
          if (keys.includes('RequestId')) blamed.add(expectsError ? 'ERR-2' : 'OK-2');
          if (keys.some((k) => k !== 'RequestId')) blameWrongKind();
        } else if (child !== undefined) {
          // XML: "Expected child <X/> but was missing".
          if (field === '$' && child === 'RequestId') blamed.add(expectsError ? 'ERR-2' : 'OK-2');
          else if (field === '$') blamed.add(topLevelField[child] ?? 'OK-1');
          else blamed.add('OK-4');
        } else if (field === '$' && /DetachKeyPairResponse/.test(m.text)) {
          // The XML root: an <Error> document is the wrong kind of response, any other root breaks OK-1.
          if (/'Error'/.test(m.text)) blameWrongKind();
          else blamed.add('OK-1');
        } else if (field === '$.RequestId') blamed.add(expectsError ? 'ERR-2' : 'OK-2');
        else if (field === '$.Code') blameWrongKind();
        else if (field === '$.Message') blamed.add('ERR-2');
        else if (field === '$.TotalCount') {
          if (!unrequested) blamed.add('OK-5');
        } else if (field === '$.FailCount') {
          if (!unrequested && !failedSuccess) blamed.add('OK-6');
        } else if (field === '$.Results') blamed.add('OK-7');
        else if (field === '$.Results.Result' && index === undefined) {
          blamed.add(/type mismatch/i.test(m.text) ? 'OK-3' : 'OK-7');
        } else if (field === '$.Results.Result') blamed.add(keys.length > 0 ? 'OK-4' : 'OK-7');
        else if (field.startsWith('$.Results.Result.')) {
          const name = field.slice('$.Results.Result.'.length);
          const fields = entries.get(index ?? -1) ?? new Set<string>();
          if (fields.has('InstanceId')) blamed.add('OK-7');
          else if (name === 'Success' || (name === 'Code' && fields.has('Success'))) blamed.add('ST-0');
          else if (name === 'Code') blamed.add('OK-8');
          else blamed.add('OK-4');
        } else blameWrongKind();
        break;
      }
      default:
        blameWrongKind();
    }
  }

  const failed = all.filter((r) => blamed.has(r));
  if (failed.length === 0) failed.push(...interaction.blame.filter((r) => all.includes(r)));
  return { failed, passed: wrongKind ? [] : all.filter((r) => !failed.includes(r)) };
}
