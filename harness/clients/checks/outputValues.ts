import { scalar } from '../../wire/Scalar.ts';
import type { ClientOutput } from '../ClientUnderTest.ts';
import { type ExpectedSuccess, resultFieldNames, successFieldNames } from '../ServedDocument.ts';

/**
 * A reply's `output` read by value (OK-9: `2` ≡ `"2"`, `true` ≡ `"true"`): the documented fields, and the
 * `Results` entries' documented fields; `results` is `null` when `Results` is not a list, and `problems`
 * names any documented value that is not a scalar.
 */
export type OutputValues = ExpectedSuccess & { resultsIsList: boolean; problems: string[] };

function byValue(value: unknown, where: string, problems: string[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = scalar(value);
  if (s === undefined) {
    problems.push(`${where} is not a scalar: ${JSON.stringify(value)?.slice(0, 100)}`);
    return undefined;
  }
  return s.value;
}

function documented(
  source: Record<string, unknown>,
  names: readonly string[],
  where: string,
  problems: string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = byValue(source[name], `${where}${name}`, problems);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** Reads a reply's output by value (CL-5, CL-7). Never throws. */
export function outputValues(output: ClientOutput): OutputValues {
  const problems: string[] = [];
  const results = output.Results;
  const resultsIsList = Array.isArray(results);
  return {
    fields: documented(output, successFieldNames, '', problems),
    results: resultsIsList
      ? results.map((entry, i) =>
          typeof entry === 'object' && entry !== null && !Array.isArray(entry)
            ? documented(entry as Record<string, unknown>, resultFieldNames, `Results[${i}].`, problems)
            : {},
        )
      : [],
    resultsIsList,
    problems,
  };
}

/**
 * Every difference between the values a client should have decoded and what it did (CL-5, CL-7): each
 * expected top-level field by value, and the results as a multiset keyed by `InstanceId` (order is free,
 * OK-7), each expected field by value. Fields the client adds are ignored. `[]` means equal.
 */
export function valueDifferences(expected: ExpectedSuccess, actual: OutputValues): string[] {
  const diffs = [...actual.problems];
  for (const [name, value] of Object.entries(expected.fields)) {
    const got = actual.fields[name];
    if (got !== value)
      diffs.push(
        `${name}: expected ${JSON.stringify(value)}, decoded ${got === undefined ? 'nothing' : JSON.stringify(got)}`,
      );
  }
  if (expected.results.length > 0 && !actual.resultsIsList) {
    diffs.push('Results: expected a list of results, decoded none');
    return diffs;
  }
  if (actual.results.length !== expected.results.length) {
    diffs.push(`Results: expected ${expected.results.length} entries, decoded ${actual.results.length}`);
  }
  const unused = [...actual.results];
  for (const entry of expected.results) {
    const at = unused.findIndex((candidate) =>
      Object.entries(entry).every(([name, value]) => candidate[name] === value),
    );
    if (at >= 0) {
      unused.splice(at, 1);
      continue;
    }
    const sameId = unused.find((candidate) => candidate.InstanceId === entry.InstanceId);
    diffs.push(
      sameId === undefined
        ? `Results: no entry for InstanceId ${JSON.stringify(entry.InstanceId)}`
        : `Results[InstanceId=${JSON.stringify(entry.InstanceId)}]: expected ${JSON.stringify(entry)}, decoded ${JSON.stringify(sameId)}`,
    );
    if (diffs.length > 8) break;
  }
  return diffs;
}
