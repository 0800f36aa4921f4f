import type { Scalar } from '../wire/Scalar.ts';

/**
 * A count field read by value (OK-5, OK-6, OK-9): `2` and `"2"` both give 2; anything that is not a
 * decimal integer (`"2.5"`, `"two"`, `true`, `null`) gives `null`.
 */
export function countValue(field: Scalar | undefined): number | null {
  if (field === undefined || field.form === 'boolean' || field.form === 'null') return null;
  return /^\d+$/.test(field.value) ? Number(field.value) : null;
}

/** How a received scalar reads in a report line: its raw JSON, or "absent". */
export function shown(field: Scalar | undefined): string {
  return field === undefined ? 'absent' : JSON.stringify(field.raw);
}
