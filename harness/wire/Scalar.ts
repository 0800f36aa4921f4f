/**
 * A scalar response value kept exactly as received and also exposed by value, so that `"2"` and `2`,
 * `"true"` and `true` compare equal (OK-9) while the report can still say which form the target chose.
 *
 * `value` is the canonical by-value text: a number is its decimal `String(n)`, a boolean is `'true'` or
 * `'false'`, a string is itself and `null` is `''`. XML scalars are always `form: 'string'`.
 */
export type Scalar = {
  /** The value as received: a JSON string, number, boolean or `null`; always a string for XML. */
  raw: string | number | boolean | null;
  /** Which JSON type carried the value (REPORT for OK-9). */
  form: 'string' | 'number' | 'boolean' | 'null';
  /** The canonical by-value text that comparisons use (OK-9, FM-1). */
  value: string;
};

/**
 * Wraps a JSON string, number, boolean or `null` as a {@link Scalar}; anything else (objects, arrays,
 * `undefined`, bigints, symbols, functions) gives `undefined`, because it is not a scalar.
 */
export function scalar(raw: unknown): Scalar | undefined {
  switch (typeof raw) {
    case 'string':
      return { raw, form: 'string', value: raw };
    case 'number':
      return { raw, form: 'number', value: String(raw) };
    case 'boolean':
      return { raw, form: 'boolean', value: raw ? 'true' : 'false' };
    default:
      return raw === null ? { raw: null, form: 'null', value: '' } : undefined;
  }
}

/**
 * True exactly when both scalars are absent, or both are present with the same canonical `value`
 * (OK-9: `"200"` ≡ `200`, `"true"` ≡ `true`). The received form plays no part.
 */
export function sameValue(a?: Scalar, b?: Scalar): boolean {
  if (a === undefined || b === undefined) {
    return a === b;
  }
  return a.value === b.value;
}
