import type { DecodedResponse } from '../wire/decodeResponse.ts';
import type { Scalar } from '../wire/Scalar.ts';
import { type Check, type CheckOutcome, fail, pass, report } from './CheckOutcome.ts';
import { parsedSuccess } from './parsedSuccess.ts';

type Judged = { name: string; scalar: Scalar };

/**
 * Scalars take a documented form (OK-9): `TotalCount`/`FailCount` a decimal string or a JSON integer;
 * `Success` `"true"`/`"false"` or a JSON boolean; `Code` a string or a JSON number. The parameter table
 * says String for all four and the JSON samples show numbers and booleans: both are accepted, and for
 * JSON the form chosen is reported. Absent fields are left to OK-4, OK-5 and OK-6.
 */
export const scalarsInDocumentedForms: Check = {
  name: 'scalarsInDocumentedForms',
  rules: ['OK-9'],
  run(exchange) {
    const decoded = parsedSuccess(exchange);
    if (decoded === null) return [];
    const counts = present(decoded.fields, ['TotalCount', 'FailCount']);
    const successes = entryScalars(decoded, 'Success');
    const codes = entryScalars(decoded, 'Code');
    if (counts.length + successes.length + codes.length === 0) return [];
    const wrong = [
      ...counts.filter(({ scalar }) => !isCount(scalar)),
      ...successes.filter(({ scalar }) => !isSuccess(scalar)),
      ...codes.filter(({ scalar }) => scalar.form !== 'string' && scalar.form !== 'number'),
    ];
    if (wrong.length > 0) {
      return [
        fail(
          'OK-9',
          'a scalar in an undocumented form',
          'TotalCount/FailCount a decimal string or JSON integer; Success "true"/"false" or a boolean; Code a string or number',
          wrong.map(({ name, scalar }) => `${name} ${JSON.stringify(scalar.raw)}`).join('; '),
        ),
      ];
    }
    const out: CheckOutcome[] = [pass('OK-9')];
    if (decoded.format === 'json') {
      const formReport = (what: string, judged: Judged[], typed: Scalar['form'], plural: string) => {
        if (judged.length === 0) return;
        const forms = new Set(judged.map(({ scalar }) => scalar.form));
        const observed =
          forms.size > 1
            ? `: ${plural} and strings mixed`
            : forms.has(typed)
              ? ` as ${plural}`
              : ' as strings';
        out.push(report('OK-9', `JSON ${what}${observed}`));
      };
      formReport('counts', counts, 'number', 'numbers');
      formReport('Success', successes, 'boolean', 'booleans');
      formReport('Code', codes, 'number', 'numbers');
    }
    return out;
  },
};

function present(fields: Record<string, Scalar>, names: readonly string[]): Judged[] {
  return names.flatMap((name) => {
    const scalar = fields[name];
    return scalar === undefined ? [] : [{ name, scalar }];
  });
}

function entryScalars(decoded: DecodedResponse, name: string): Judged[] {
  return decoded.results.entries.flatMap((entry, index) => {
    const scalar = entry[name];
    const who = entry.InstanceId?.value ?? `#${index + 1}`;
    return scalar === undefined ? [] : [{ name: `${name} of ${who}`, scalar }];
  });
}

function isCount(scalar: Scalar): boolean {
  if (scalar.form === 'number')
    return typeof scalar.raw === 'number' && Number.isInteger(scalar.raw) && scalar.raw >= 0;
  return scalar.form === 'string' && /^\d+$/.test(scalar.value);
}

function isSuccess(scalar: Scalar): boolean {
  return (
    scalar.form === 'boolean' ||
    (scalar.form === 'string' && (scalar.value === 'true' || scalar.value === 'false'))
  );
}
