import type { Expectation } from '../oracle/Expectation.ts';
import type { World } from '../spec/World.ts';
import type { DecodedResponse } from '../wire/decodeResponse.ts';
import type { Probe } from '../wire/Probe.ts';
import type { WireRequest, WireResponse } from '../wire/WireMessage.ts';

/**
 * One request and its answer, as the checks read it: the probe (the suite's model of the request), the
 * bytes sent and received, the decoded body, and, with world control, the world before and after and
 * the oracle's expectation. Checks never send anything.
 */
export type Exchange = {
  probe: Probe;
  request: WireRequest;
  response: WireResponse;
  decoded: DecodedResponse;
  /** `null` without world control: rules that need known resources are then skipped. */
  expectation: Expectation | null;
  worldBefore: World | null;
  worldAfter: World | null;
};
