/**
 * One mismatch as Pact's verifier reports it: `StatusMismatch`, `HeaderMismatch` (with `key`),
 * `BodyTypeMismatch` (content types, and the actual body), `BodyMismatch` (with a JSON or XML `path`; the
 * `actual` value is JSON text), or an `error`. `text` is the human-readable line.
 */
export type PactMismatch = {
  type?: string;
  path?: string;
  key?: string;
  actual?: unknown;
  expected?: unknown;
  actualBody?: string;
  text: string;
};

/**
 * One interaction's outcome as Pact's verifier reported it; `index` is its position in the order Pact ran
 * the interactions (`interactionResults`), when Pact reported it there.
 */
export type VerifiedInteraction = {
  status: 'pass' | 'fail';
  mismatch?: string;
  mismatches?: PactMismatch[];
  index?: number;
};

type VerifierMismatch = {
  mismatch?: string;
  path?: string;
  key?: string;
  type?: string;
  message?: string;
  actual?: unknown;
  expected?: unknown;
  actualBody?: string;
};
type VerifierJson = {
  result?: boolean;
  errors?: {
    interaction?: string;
    mismatch?: { type?: string; message?: string; mismatches?: VerifierMismatch[] };
  }[];
  interactionResults?: { description?: string; result?: string }[];
};

const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/**
 * Reads the JSON that `Verifier.verifyProvider()` resolves to (or rejects with, as the error message) into
 * one outcome per interaction description: `pass` when Pact reported it OK, `fail` with the mismatches as
 * text (`path: mismatch`, one per line) when Pact reported errors for it, and `fail` with "not verified"
 * when Pact never reported it. An error's `interaction` is `Verifying a pact between … - <description>`.
 */
export function parseVerifierResults(
  json: string,
  descriptions: readonly string[],
): Map<string, VerifiedInteraction> {
  let parsed: VerifierJson;
  try {
    parsed = JSON.parse(json) as VerifierJson;
  } catch {
    const text = json.replace(ansi, '').slice(0, 2000);
    return new Map(
      descriptions.map((d) => [d, { status: 'fail', mismatch: `Pact verifier failed: ${text}` }]),
    );
  }
  const out = new Map<string, VerifiedInteraction>();
  const ran = (parsed.interactionResults ?? []).map((r) => r.description);
  for (const description of descriptions) {
    const at = ran.indexOf(description);
    const index = at < 0 ? {} : { index: at };
    const errors = (parsed.errors ?? []).filter(
      (e) => e.interaction === description || (e.interaction ?? '').endsWith(` - ${description}`),
    );
    if (errors.length > 0) {
      const mismatches = errors.flatMap((e): PactMismatch[] => {
        const m = e.mismatch;
        if (m?.mismatches !== undefined && m.mismatches.length > 0) {
          return m.mismatches.map((x) => {
            const where = x.path ?? (x.key === undefined ? undefined : `header ${x.key}`) ?? x.type;
            const what = (x.mismatch ?? x.message ?? JSON.stringify(x)).replace(ansi, '');
            return {
              ...(x.type === undefined ? {} : { type: x.type }),
              ...(x.path === undefined ? {} : { path: x.path }),
              ...(x.key === undefined ? {} : { key: x.key }),
              ...(x.actual === undefined ? {} : { actual: x.actual }),
              ...(x.expected === undefined ? {} : { expected: x.expected }),
              ...(x.actualBody === undefined ? {} : { actualBody: x.actualBody }),
              text: `${where === undefined ? '' : `${where}: `}${what}`,
            };
          });
        }
        return [{ type: 'error', text: (m?.message ?? JSON.stringify(m)).replace(ansi, '') }];
      });
      out.set(description, {
        status: 'fail',
        // The FFI repeats an array element's mismatch once per duplicated matcher: each line once.
        mismatch: [...new Set(mismatches.map((m) => m.text))].join('\n'),
        mismatches,
        ...index,
      });
      continue;
    }
    const reported = (parsed.interactionResults ?? []).find((r) => r.description === description);
    out.set(
      description,
      reported?.result?.toUpperCase() === 'OK'
        ? { status: 'pass', ...index }
        : {
            status: 'fail',
            mismatch: `not verified: Pact reported ${reported?.result ?? 'nothing'} for it`,
            ...index,
          },
    );
  }
  return out;
}
