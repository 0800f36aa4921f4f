import { actionAndVersionSent } from './actionAndVersionSent.ts';
import type { ClientCheck } from './ClientExchange.ts';
import { errorStatusSurfaced } from './errorStatusSurfaced.ts';
import { errorSurfaced } from './errorSurfaced.ts';
import { instanceIdsSentAsJsonList } from './instanceIdsSentAsJsonList.ts';
import { nonceNeverReused } from './nonceNeverReused.ts';
import { routingParametersExact } from './routingParametersExact.ts';
import { signatureVerifies } from './signatureVerifies.ts';
import { signedHeadersComplete } from './signedHeadersComplete.ts';
import { successDecodedByValue } from './successDecodedByValue.ts';
import { throttlingIsRetryable } from './throttlingIsRetryable.ts';
import { timestampIsCurrent } from './timestampIsCurrent.ts';

/**
 * Every client check judged on a single call, in report order: what the client sent (CL-1..CL-4), then
 * what it decoded (CL-5, CL-6, CL-8). CL-7 compares two calls: `unknownFieldsIgnored.ts`.
 */
export const clientChecks: readonly ClientCheck[] = [
  actionAndVersionSent,
  instanceIdsSentAsJsonList,
  routingParametersExact,
  signatureVerifies,
  signedHeadersComplete,
  nonceNeverReused,
  timestampIsCurrent,
  successDecodedByValue,
  errorSurfaced,
  errorStatusSurfaced,
  throttlingIsRetryable,
];

/** Runs every check on a call; a check that throws yields `error` outcomes for its rules, never a crash. */
export function judgeClientExchange(exchange: Parameters<ClientCheck['run']>[0]) {
  return clientChecks.flatMap((check) => {
    try {
      return check.run(exchange);
    } catch (error) {
      return check.rules.map((rule) => ({
        status: 'error' as const,
        rule,
        message: `${check.name} threw: ${error instanceof Error ? error.message : String(error)}`,
      }));
    }
  });
}
