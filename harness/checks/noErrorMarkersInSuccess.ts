import { type Check, fail, pass } from './CheckOutcome.ts';
import { shown } from './countValue.ts';
import { parsedSuccess } from './parsedSuccess.ts';
import { successCodes } from './responseKind.ts';

/** Top-level `Message` values that read as success, accepted without a `Code`. */
const successMessages: ReadonlySet<string> = new Set(['', 'successful', 'success', 'ok']);

/**
 * A success body carries no error marker at the top level (OK-11): no `Code` other than `200`/`"200"`/
 * `OK`/`Success`/`success`, no `Success` false, and no error `Message` — Terraform and the legacy Node
 * client turn such a body into an error. An error `Message` is read as: a top-level `Message` beside no
 * allowed `Code` that is not itself a success word (`successful`, `success`, `OK`, any case, or empty);
 * beside an allowed `Code` any `Message` is that code's text and is accepted.
 */
export const noErrorMarkersInSuccess: Check = {
  name: 'noErrorMarkersInSuccess',
  rules: ['OK-11'],
  run(exchange) {
    const decoded = parsedSuccess(exchange);
    if (decoded === null) return [];
    const { Code: code, Success: success, Message: message } = decoded.fields;
    const markers: string[] = [];
    const codeAllowed = code !== undefined && successCodes.has(code.value);
    if (code !== undefined && !codeAllowed) markers.push(`top-level Code ${shown(code)}`);
    if (success?.value === 'false') markers.push(`top-level Success ${shown(success)}`);
    if (message !== undefined && !codeAllowed && !successMessages.has(message.value.toLowerCase())) {
      markers.push(`top-level Message ${shown(message)}`);
    }
    if (markers.length === 0) return [pass('OK-11')];
    return [
      fail(
        'OK-11',
        'a success body carries an error marker',
        'no top-level Code (other than 200/OK/Success/success), Success false or error Message',
        markers.join('; '),
      ),
    ];
  },
};
