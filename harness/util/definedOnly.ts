/**
 * `T` without `undefined` as a value: a key whose value may be undefined becomes optional (and never holds
 * `undefined`), so that the result fits a type with optional properties under `exactOptionalPropertyTypes`.
 */
export type DefinedOnly<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/**
 * `fields` without the keys whose value is `undefined`, the others in their order: `...definedOnly({ seed,
 * runs })` spreads `seed` and `runs` where they are defined, as `...(seed === undefined ? {} : { seed })`
 * does for one.
 */
export function definedOnly<T extends object>(fields: T): DefinedOnly<T> {
  const defined: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) defined[key] = value;
  return defined as DefinedOnly<T>;
}
