import fc from 'fast-check';
import { type CheckOutcome, fail, pass } from '../harness/checks/CheckOutcome.ts';
import { describeResponse, notAnApiAnswer } from '../harness/checks/describeResponse.ts';
import { errorBodyComplete } from '../harness/checks/errorBodyComplete.ts';
import { errorStatusIsError } from '../harness/checks/errorStatusIsError.ts';
import { runChecks } from '../harness/checks/index.ts';
import { worldDiff } from '../harness/checks/worldDiff.ts';
import { defineProperty } from '../harness/suite/PropertyDefinition.ts';
import { decodeResponse } from '../harness/wire/decodeResponse.ts';
import { encodeProbe } from '../harness/wire/encodeProbe.ts';
import { probe as makeProbe, type Probe } from '../harness/wire/Probe.ts';
import { percentEncode } from '../harness/wire/percentEncode.ts';
import type { WireRequest, WireResponse } from '../harness/wire/WireMessage.ts';
import { detachScenario, type Scenario } from './arbitraries/scenario.ts';
import { showScenario } from './every-request-judged.prop.ts';

/**
 * Broken percent-escapes, each a bug of its own kind: a `%` followed by no hex digits, by one, or by
 * nothing; and escapes that decode to bytes that are not UTF-8 (a truncated three-byte sequence, a lone
 * continuation byte). `decodeURIComponent` throws on every one; a lenient decoder keeps them as text or
 * replaces them with U+FFFD; a servlet container drops the parameter.
 */
export const brokenEscapes = ['%zz', '%4', '%', '%E0%A4', '%80'] as const;

/** The start of the one instance ID the probe names: no instance ID has it (they are `i-` + 20 of [0-9a-z]). */
export const brokenIdPrefix = 'i-dkp-conformance-broken-';

/** One case: a scenario's World and credentials, how the request travels, and the broken escape. */
export type BrokenEncodingCase = {
  scenario: Scenario;
  scheme: 'v1' | 'v3';
  transport: 'get-query' | 'post-query' | 'post-form';
  brokenEscape: (typeof brokenEscapes)[number];
};

/**
 * The request of a case: a DetachKeyPair of the scenario's key pair in its region, naming one instance ID
 * that ends in the broken escape, signed as if the escape were literal text (so a server that keeps it as
 * text finds the signature right), then sent with the escape's `%` bytes unescaped on the wire. V3 travels
 * in the query only: a form body edited after signing would no longer match its `x-acs-content-sha256`.
 */
export function brokenEncodingRequest(
  c: BrokenEncodingCase,
  host: string,
  now: number = Date.now(),
): { probe: Probe; wire: WireRequest } {
  const probe = makeProbe({
    scheme: c.scheme,
    transport: c.transport,
    format: 'JSON',
    regionId: c.scenario.target.regionId,
    keyPairName: c.scenario.target.keyPairName,
    instanceIds: JSON.stringify([`${brokenIdPrefix}${c.brokenEscape}`]),
  });
  const { wire } = encodeProbe(probe, { key: c.scenario.key, host, now });
  const signedForm = `${brokenIdPrefix}${percentEncode(c.brokenEscape)}`;
  const broken = `${brokenIdPrefix}${c.brokenEscape}`;
  const edit = (text: string) => {
    if (!text.includes(signedForm)) throw new Error(`the encoded request does not carry ${signedForm}`);
    return text.replace(signedForm, broken);
  };
  const inBody = c.transport === 'post-form';
  return {
    probe,
    wire: inBody
      ? { ...wire, body: new TextEncoder().encode(edit(new TextDecoder().decode(wire.body))) }
      : { ...wire, target: edit(wire.target) },
  };
}

/**
 * ERR-4 and ST-3 on a parameter whose percent-encoding is broken. Readings differ (reject the request,
 * drop the parameter, keep the escape as text, replace it with U+FFFD), and so may the answer: any 4xx, or
 * a success whose one result fails. What holds under every reading is judged: the answer is no 5xx (ERR-4:
 * malformed input never yields one; `decodeURIComponent` throwing is the classic bug), nothing in the
 * World changes (ST-3: the only ID named is no instance's, with or without its escape), and an error is a
 * well-formed one (ERR-1, ERR-2). The other checks are not run: what a success echoes depends on the reading.
 */
export const brokenPercentEncoding = defineProperty<BrokenEncodingCase>({
  id: 'broken-percent-encoding',
  title: 'a parameter whose percent-encoding is broken',
  rules: ['ERR-4', 'ST-3', 'ERR-1', 'ERR-2'],
  weight: 0.05,
  arbitrary: fc
    .record({
      scenario: detachScenario({ sizes: 'small', invalidInputs: false }),
      scheme: fc.constantFrom('v1' as const, 'v3' as const),
      transport: fc.constantFrom('get-query' as const, 'post-query' as const, 'post-form' as const),
      brokenEscape: fc.constantFrom(...brokenEscapes),
    })
    .map((c) =>
      c.scheme === 'v3' && c.transport === 'post-form' ? { ...c, transport: 'post-query' as const } : c,
    ),
  async run(target, c) {
    const world = c.scenario.world;
    await target.loadWorld(world);
    const { probe, wire } = brokenEncodingRequest(c, target.host);
    let response: WireResponse;
    try {
      response = await target.send(wire);
    } catch {
      return { outcomes: [], requests: 1, inconclusive: 1 };
    }
    const after = await target.readWorld();
    const decoded = decodeResponse(response);
    const code = decoded.fields.Code?.value ?? '';
    // Throttling is no verdict on the input (as noServerErrorOnBadInput): inconclusive.
    if (code.includes('Throttling') || (decoded.status === 503 && code === 'ServiceUnavailable')) {
      return { outcomes: [], requests: 1, inconclusive: 1 };
    }
    const named = `InstanceIds ending in the broken escape ${c.brokenEscape}`;
    const outcomes: CheckOutcome[] = [
      decoded.status < 500
        ? pass('ERR-4')
        : fail(
            'ERR-4',
            'a server error for a broken percent-encoding',
            `a 4xx error, or a success, for ${named}`,
            `status ${decoded.status}${code === '' ? '' : ` ${code}`}`,
          ),
    ];
    const changes = worldDiff(world, after);
    outcomes.push(
      changes.length === 0
        ? pass('ST-3')
        : fail(
            'ST-3',
            'a request naming no instance changed the World',
            `nothing changed (the only ID named, ${brokenIdPrefix}…, is no instance's under any reading)`,
            changes.join('; '),
          ),
    );
    const exchange = {
      probe,
      request: wire,
      response,
      decoded,
      expectation: null,
      worldBefore: null,
      worldAfter: null,
    };
    outcomes.push(...runChecks(exchange, [errorStatusIsError, errorBodyComplete]));
    // As runChecks does: an answer that is no API answer can break a rule but never pass one.
    const answer = describeResponse(response, decoded);
    const judged = answer.api
      ? outcomes
      : outcomes.map(
          (o): CheckOutcome =>
            o.status === 'pass'
              ? { status: 'skip', rule: o.rule, reason: notAnApiAnswer(answer.kind ?? answer.text) }
              : o,
        );
    return { outcomes: judged, requests: 1, inconclusive: 0 };
  },
  show: (c) => ({
    ...(showScenario(c.scenario) as object),
    scheme: c.scheme,
    transport: c.transport,
    brokenEscape: c.brokenEscape,
    instanceIds: `["${brokenIdPrefix}${c.brokenEscape}"] with ${c.brokenEscape} sent unescaped`,
  }),
});
