import { type Check, type CheckOutcome, fail, pass, warn } from './CheckOutcome.ts';
import { shown } from './countValue.ts';
import { parsedSuccess } from './parsedSuccess.ts';
import { succeeded } from './resultsByInstance.ts';

/**
 * In every `Result`, `Success` is true exactly when `Code` is 200, both by value (OK-8, MUST; OK-9:
 * `true` ≡ `"true"`, `200` ≡ `"200"`); and `Message` SHOULD be `successful` when `Success` is true.
 * Entries lacking `Success` or `Code` are left to OK-4.
 */
export const successIffCode200: Check = {
  name: 'successIffCode200',
  rules: ['OK-8'],
  run(exchange) {
    const decoded = parsedSuccess(exchange);
    if (decoded === null) return [];
    const mismatched: string[] = [];
    const oddMessages: string[] = [];
    let judged = 0;
    decoded.results.entries.forEach((entry, index) => {
      if (entry.Success === undefined || entry.Code === undefined) return;
      judged++;
      const who = entry.InstanceId?.value ?? `#${index + 1}`;
      const ok = succeeded(entry);
      if (ok !== (entry.Code.value === '200')) {
        mismatched.push(`${who}: Success ${shown(entry.Success)}, Code ${shown(entry.Code)}`);
      }
      if (ok && entry.Message?.value !== 'successful')
        oddMessages.push(`${who}: Message ${shown(entry.Message)}`);
    });
    if (judged === 0) return [];
    const out: CheckOutcome[] = [];
    if (mismatched.length > 0) {
      out.push(
        fail(
          'OK-8',
          'Success and Code disagree',
          'Success true exactly when Code is 200',
          mismatched.join('; '),
        ),
      );
    }
    if (oddMessages.length > 0) {
      out.push(
        warn(
          'OK-8',
          'a successful Result without Message "successful"',
          'Message "successful"',
          oddMessages.join('; '),
        ),
      );
    }
    return out.length > 0 ? out : [pass('OK-8')];
  },
};
