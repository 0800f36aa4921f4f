import { xmlCarriable } from '../wire/xmlCarriable.ts';
import { type Check, type CheckOutcome, fail, pass, report } from './CheckOutcome.ts';
import { shown } from './countValue.ts';
import { parsedSuccess } from './parsedSuccess.ts';

/**
 * Whether a success echoes `KeyPairName` is recorded (OK-10, REPORT: the response table lists it, the
 * samples leave it out); when it is present it equals the requested name exactly (OK-10's MUST clause),
 * case included, also when the target matched a case variant (KP-3).
 */
export const keyPairNameEchoed: Check = {
  name: 'keyPairNameEchoed',
  rules: ['OK-10'],
  run(exchange) {
    const decoded = parsedSuccess(exchange);
    if (decoded === null) return [];
    const echoed = decoded.fields.KeyPairName;
    if (echoed === undefined) return [report('OK-10', 'KeyPairName absent')];
    const out: CheckOutcome[] = [report('OK-10', 'KeyPairName present')];
    const asked = exchange.expectation?.success?.keyPairName ?? exchange.probe.keyPairName;
    if (asked === null) return out;
    // An XML body cannot carry every character a name may hold: compare with what it can.
    const requested = decoded.format === 'xml' ? xmlCarriable(asked) : asked;
    if (echoed.form === 'string' && echoed.value === requested) out.push(pass('OK-10'));
    else {
      out.push(
        fail(
          'OK-10',
          'KeyPairName is not the requested name',
          `KeyPairName ${JSON.stringify(requested)}`,
          `KeyPairName ${shown(echoed)}`,
        ),
      );
    }
    return out;
  },
};
