/**
 * Pretty-prints a value as 2-space JSON for a report; never throws. Values JSON cannot hold (a bigint,
 * a cycle, `undefined`) fall back to a readable string instead of failing the report.
 */
export function formatJson(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
    // JSON.stringify returns undefined (despite its type) for undefined, functions and symbols.
    return typeof text === 'string' ? text : String(value);
  } catch {
    return String(value);
  }
}
