import { type CheckOutcome, warn } from '../checks/CheckOutcome.ts';
import { isErrorResponse } from '../checks/responseKind.ts';
import type { Target } from '../targets/Target.ts';
import { decodeResponse } from '../wire/decodeResponse.ts';

/** A target whose every API answer's `RequestId` is remembered, and the run's verdict on their uniqueness. */
export type RequestIdLog = {
  /** The same target; its `send` remembers the `RequestId` of each answer that carries one. */
  target: Target;
  /**
   * OK-2's SHOULD clause judged across the run: `warn` when a `RequestId` answered more than one response
   * and at least one of them was a success, else `[]` (the per-exchange check passes OK-2; within a shard
   * of `--shard`, uniqueness is judged among that shard's responses).
   */
  outcomes(): CheckOutcome[];
};

type Seen = { responses: number; successes: number };

/**
 * Wraps `target.send` so that the run can judge OK-2's "unique per response" (SHOULD), which no single
 * exchange can: one entry per distinct `RequestId` (a string of every API answer, success or error, that
 * decodes), so memory grows with the run's requests and no more. A success whose `RequestId` another
 * response (success or error) also carried is the warning; errors alone repeating one are no rule's
 * (ERR-2 asks only that the field be there).
 */
export function logRequestIds(target: Target): RequestIdLog {
  const seen = new Map<string, Seen>();
  let repeated: { id: string; entry: Seen } | undefined;
  return {
    target: {
      ...target,
      async send(request, options) {
        const response = await target.send(request, options);
        const decoded = decodeResponse(response);
        const id = decoded.parseError === undefined ? decoded.fields.RequestId : undefined;
        if (id?.form === 'string' && id.value !== '') {
          const entry = seen.get(id.value) ?? { responses: 0, successes: 0 };
          entry.responses++;
          if (!isErrorResponse(decoded)) entry.successes++;
          seen.set(id.value, entry);
          if (repeated === undefined && entry.responses > 1 && entry.successes > 0)
            repeated = { id: id.value, entry };
        }
        return response;
      },
    },
    outcomes() {
      if (repeated !== undefined) {
        const { id, entry } = repeated;
        const responses = [...seen.values()].reduce((n, e) => n + e.responses, 0);
        return [
          warn(
            'OK-2',
            'the same RequestId answered several responses',
            'a RequestId unique per response',
            `RequestId ${JSON.stringify(id)} in ${entry.responses} of the run's ${responses} responses carrying one (${entry.successes} of them successes)`,
          ),
        ];
      }
      // No pass is recorded: OK-2's cases stay those of the exchanges (a sharded run merges to the same).
      return [];
    },
  };
}
