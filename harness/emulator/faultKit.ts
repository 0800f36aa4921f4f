/**
 * What the fault modules (`faults/<name>.ts`) share: the shape of a fault, and small edits of the values
 * the reference steps pass along (bodies, requests, signatures). Nothing here is used by the reference
 * handler.
 */
import type { RuleId } from '../spec/rules.ts';
import type { Instance, World } from '../spec/World.ts';
import { signV3 } from '../wire/signV3.ts';
import type { StepHooks } from './EmulatorSteps.ts';
import type { Incoming } from './readIncoming.ts';
import type { BodyField, ResponseBody } from './renderResponse.ts';

/**
 * One fault: the one MUST rule it breaks, the plausible real bug it mimics, and the reference steps it
 * replaces (`EmulatorSteps.ts`), each given the reference step as `next`. `clause: 'SHOULD'` marks a fault
 * that breaks only a SHOULD clause of its rule (a warning; a failure under `--strict`).
 */
export type Fault = { breaks: RuleId; description: string; hooks: StepHooks; clause?: 'SHOULD' };

/** Declares a fault (an identity that types its hooks against the steps they replace). */
export function defineFault(fault: Fault): Fault {
  return fault;
}

/** A nonce log that has seen nothing (AU-5, AU-7 faults). */
export const neverSeen: (nonceKey: string) => boolean = () => false;

/** Whether a JSON text has JSON whitespace outside its string literals (ID-1, MR-4). */
export function hasWhitespaceOutsideStrings(text: string): boolean {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      return true;
    }
  }
  return false;
}

/** Whether the V3 signature is right over the claimed `x-acs-content-sha256`, never compared with the body. */
export function verifiesOverClaimedHash(
  incoming: Incoming,
  auth: { accessKeyId: string; signedHeaders: string[]; signature: string },
  accessKeySecret: string,
): boolean {
  const signed = signV3({
    method: incoming.method,
    path: incoming.path,
    query: incoming.query,
    headers: incoming.headers,
    body: incoming.body,
    accessKeyId: auth.accessKeyId,
    accessKeySecret,
    signedHeaders: auth.signedHeaders,
  });
  return signed.signature === auth.signature;
}

/** Whether a success body's result succeeded. */
export function succeeded(result: readonly BodyField[]): boolean {
  return String(fieldValue(result, 'Success')) === 'true';
}

/** The body with `edit` applied to each `Results.Result` entry. */
export function eachResult(body: ResponseBody, edit: (r: BodyField[]) => BodyField[]): ResponseBody {
  return body.results === undefined ? body : { ...body, results: body.results.map(edit) };
}

/** A field's value, `undefined` when absent. */
export function fieldValue(fields: readonly BodyField[], name: string): BodyField[1] | undefined {
  return fields.find(([k]) => k === name)?.[1];
}

/** The fields without `name`. */
export function without(fields: readonly BodyField[], name: string): BodyField[] {
  return fields.filter(([k]) => k !== name);
}

/** The fields with `name`'s value replaced. */
export function withValue(fields: readonly BodyField[], name: string, value: BodyField[1]): BodyField[] {
  return fields.map(([k, v]) => [k, k === name ? value : v]);
}

/** Each instance of the region and the key pair bound to it, in the world's order. */
export function bindingsIn(world: World, regionId: string): Map<string, Instance['keyPairName']> {
  const bindings = new Map<string, Instance['keyPairName']>();
  for (const i of world.instances) if (i.regionId === regionId) bindings.set(i.instanceId, i.keyPairName);
  return bindings;
}

/** The world with the given instances of the region bound to `to` (`null`: unbound). */
export function rebind(world: World, regionId: string, ids: ReadonlySet<string>, to: string | null): World {
  return {
    ...world,
    instances: world.instances.map((i) =>
      i.regionId === regionId && ids.has(i.instanceId) ? { ...i, keyPairName: to } : i,
    ),
  };
}
