/**
 * Pact's own verdict on one interaction: `pass`, or `fail` with its mismatches as text. It is reported as
 * Pact's verdict beside the checks' (contracts/provider/ContractResult.ts) and never decides a rule.
 */
export type VerifiedInteraction = { status: 'pass' | 'fail'; mismatch?: string };

type VerifierMismatch = { mismatch?: string; path?: string; key?: string; type?: string; message?: string };
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
 * Pact's verdict per interaction description: `pass` when Pact reported it OK, `fail` with the mismatches as
 * text (`path: mismatch`, one per line, each line once) when Pact reported errors for it, and `fail` with
 * "not verified" when Pact never reported it. An error's `interaction` is `Verifying a pact between … -
 * <description>`. The text is shown as Pact wrote it; nothing reads rules out of it.
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
  for (const description of descriptions) {
    const errors = (parsed.errors ?? []).filter(
      (e) => e.interaction === description || (e.interaction ?? '').endsWith(` - ${description}`),
    );
    if (errors.length > 0) {
      const lines = errors.flatMap((e): string[] => {
        const m = e.mismatch;
        if (m?.mismatches === undefined || m.mismatches.length === 0) {
          return [(m?.message ?? JSON.stringify(m)).replace(ansi, '')];
        }
        return m.mismatches.map((x) => {
          const where = x.path ?? (x.key === undefined ? undefined : `header ${x.key}`) ?? x.type;
          const what = (x.mismatch ?? x.message ?? JSON.stringify(x)).replace(ansi, '');
          return `${where === undefined ? '' : `${where}: `}${what}`;
        });
      });
      // The FFI repeats an array element's mismatch once per duplicated matcher: each line once.
      out.set(description, { status: 'fail', mismatch: [...new Set(lines)].join('\n') });
      continue;
    }
    const reported = (parsed.interactionResults ?? []).find((r) => r.description === description);
    out.set(
      description,
      reported?.result?.toUpperCase() === 'OK'
        ? { status: 'pass' }
        : { status: 'fail', mismatch: `not verified: Pact reported ${reported?.result ?? 'nothing'} for it` },
    );
  }
  return out;
}
