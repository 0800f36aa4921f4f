import { isDeepStrictEqual } from 'node:util';
import { viewRequest } from '../../harness/clients/viewRequest.ts';
import type { WireRequest } from '../../harness/wire/WireMessage.ts';
import { exampleRequest } from '../pactExamples.ts';
import type { PactInteraction } from '../pactFiles.ts';

/** The provider state a request arrived under: its name and the params its setup received. */
export type ArrivedUnder = { state: string; params: unknown };

/** Which interaction a request belongs to: exactly one, none, or several (then it is not guessed). */
export type Attribution =
  | { kind: 'one'; description: string }
  | { kind: 'none' }
  | { kind: 'several'; descriptions: string[] };

/** Decoded parameters, sorted: the same parameters compare equal whatever their order and encoding. */
function sortedParams(params: readonly (readonly [string, string])[]): string[] {
  return params.map(([name, value]) => `${name}=${value}`).sort();
}

/**
 * Whether `request` is the interaction's example request as Pact's verifier sends it: same method and
 * path, the same query parameters, every header the pact names with its value, and the same body (form
 * bodies compared parameter by parameter: the Pact proxy hands a filter the parsed form, which the
 * provider side writes back).
 */
function isExampleOf(request: WireRequest, interaction: PactInteraction): boolean {
  const example = exampleRequest(interaction);
  if (request.method.toUpperCase() !== example.method) return false;
  const actual = viewRequest(request);
  const expected = viewRequest(example);
  if (actual.path !== expected.path) return false;
  if (!isDeepStrictEqual(sortedParams(actual.query), sortedParams(expected.query))) return false;
  for (const [name, value] of Object.entries(example.headers)) {
    if (request.headers[name]?.trim() !== value.trim()) return false;
  }
  if (expected.form.length > 0 || actual.form.length > 0) {
    return isDeepStrictEqual(sortedParams(actual.form), sortedParams(expected.form));
  }
  return Buffer.from(request.body).equals(Buffer.from(example.body));
}

/**
 * The interaction a replayed request belongs to, found by what it is — the provider state it arrived
 * under (name and params) and the pact's example request — never by its position in Pact's run. Pact
 * sends each interaction's example request unchanged, so the one interaction of the file whose state and
 * request both match is the one replayed; a request that matches none, or several, is reported as such.
 */
export function attributeRequest(
  request: WireRequest,
  arrived: ArrivedUnder,
  interactions: readonly PactInteraction[],
): Attribution {
  const matching = interactions.filter((interaction) => {
    const state = interaction.providerStates?.[0];
    return (
      (state?.name ?? '') === arrived.state &&
      isDeepStrictEqual(state?.params ?? {}, arrived.params ?? {}) &&
      isExampleOf(request, interaction)
    );
  });
  const [only] = matching;
  if (only !== undefined && matching.length === 1) return { kind: 'one', description: only.description };
  return matching.length === 0
    ? { kind: 'none' }
    : { kind: 'several', descriptions: matching.map((i) => i.description) };
}
