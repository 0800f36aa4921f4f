import { type Check, type CheckOutcome, fail, pass, report } from './CheckOutcome.ts';
import { idsWithFate, instanceIn } from './idsWithFate.ts';
import { resultsByInstance, succeeded } from './resultsByInstance.ts';
import { worldSuccess } from './worldSuccess.ts';

/**
 * Detaching key pair A never changes the binding of a named instance bound to another key pair B or to
 * none (ST-4): it keeps its binding. Whether its entry is a per-instance failure or a successful no-op
 * is recorded (ST-4, REPORT).
 */
export const otherKeyPairNeverUnbound: Check = {
  name: 'otherKeyPairNeverUnbound',
  rules: ['ST-4'],
  run(exchange) {
    const judged = worldSuccess(exchange);
    if (judged === null) return [];
    const { decoded, success, before, after } = judged;
    const notBound = idsWithFate(success, 'not-bound');
    if (notBound.length === 0) return [];
    const results = resultsByInstance(decoded);
    const changed: string[] = [];
    const out: CheckOutcome[] = [];
    for (const id of notBound) {
      const was = instanceIn(before, success.regionId, id)?.keyPairName ?? null;
      const now = instanceIn(after, success.regionId, id);
      if (now === undefined) changed.push(`${JSON.stringify(id)}: gone afterwards`);
      else if (now.keyPairName !== was) {
        changed.push(`${JSON.stringify(id)}: ${JSON.stringify(was)} → ${JSON.stringify(now.keyPairName)}`);
      }
      const entries = results.get(id) ?? [];
      if (entries.length > 0) {
        out.push(
          report(
            'ST-4',
            entries.some(succeeded) ? 'not bound: successful no-op' : 'not bound: per-instance failure',
          ),
        );
      }
    }
    if (changed.length > 0) {
      return [
        fail(
          'ST-4',
          `detaching ${JSON.stringify(success.storedKeyPairName)} changed another binding`,
          'instances bound to another key pair or to none keep their binding',
          changed.join('; '),
        ),
      ];
    }
    return [pass('ST-4'), ...dedupe(out)];
  },
};

function dedupe(outcomes: CheckOutcome[]): CheckOutcome[] {
  const seen = new Set<string>();
  return outcomes.filter((o) => {
    const key = JSON.stringify(o);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
