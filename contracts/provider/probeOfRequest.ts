import { paramValues, viewRequest } from '../../harness/clients/viewRequest.ts';
import type { Transport } from '../../harness/wire/encodeRequest.ts';
import type { Breakage, FormatParam, Probe } from '../../harness/wire/Probe.ts';
import type { WireRequest } from '../../harness/wire/WireMessage.ts';
import { schemeOfReplayed } from './resignReplayed.ts';

/** A request read into the suite's request model, or why it cannot be. */
export type ReadProbe = { ok: true; probe: Probe } | { ok: false; problem: string };

const formats: readonly FormatParam[] = ['JSON', 'json', 'XML', 'xml'];

/**
 * The suite's model of a request as it was sent (harness/wire/Probe.ts), so that the oracle and the checks
 * judge a replayed pact interaction exactly as they judge the suite's own probes: the signing scheme (V3
 * by its `ACS3-` `Authorization` or V3 signing headers, AU-2; V1 otherwise, AU-1), the transport (TR-1: a
 * GET query, a POST query, a form body, or V1 signing parameters in the query beside a form body), the
 * action and version (V1 parameters; V3 `x-acs-action`/`x-acs-version` headers, GEN-5), and `Format`,
 * `RegionId`, `KeyPairName` and the raw `InstanceIds` value (query ∪ form body). `breakage` is the
 * breakage the request carries on purpose (the provider state's `auth`). A request outside the model — a
 * parameter sent twice (GEN-2), an undecodable parameter, a `Format` no client sends, a method other than
 * GET and POST — is reported, never guessed at.
 */
export function probeOfRequest(request: WireRequest, breakage: Breakage | null): ReadProbe {
  const view = viewRequest(request);
  if (view.malformed.length > 0) {
    return { ok: false, problem: `parameters that do not percent-decode: ${view.malformed.join(', ')}` };
  }
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'POST') return { ok: false, problem: `method ${request.method}` };
  const scheme = schemeOfReplayed(request);
  const repeated = [...new Set(view.params.map(([name]) => name))].filter(
    (name) => paramValues(view, name).length > 1,
  );
  if (repeated.length > 0)
    return { ok: false, problem: `parameters sent more than once: ${repeated.join(', ')}` };
  const param = (name: string): string | null => paramValues(view, name)[0] ?? null;
  const format = param('Format');
  if (format !== null && !formats.includes(format as FormatParam)) {
    return { ok: false, problem: `Format=${format}, a value the request model does not hold` };
  }
  const transport: Transport =
    method === 'GET'
      ? 'get-query'
      : view.form.length === 0
        ? 'post-query'
        : scheme === 'v1' && view.query.length > 0
          ? 'post-split-form'
          : (request.headers['content-type'] ?? '').includes(';')
            ? 'post-form-charset'
            : 'post-form';
  return {
    ok: true,
    probe: {
      scheme,
      transport,
      format: format as FormatParam,
      action: scheme === 'v3' ? (request.headers['x-acs-action'] ?? null) : param('Action'),
      version: scheme === 'v3' ? (request.headers['x-acs-version'] ?? null) : param('Version'),
      regionId: param('RegionId'),
      keyPairName: param('KeyPairName'),
      instanceIds: param('InstanceIds'),
      breakage,
    },
  };
}
