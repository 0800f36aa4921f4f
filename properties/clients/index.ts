import type { PropertyDefinition } from '../../harness/suite/PropertyDefinition.ts';
import type { ClientContext } from '../../harness/suite/runClientCase.ts';
import { decodesEverySuccessForm } from './decodes-every-success-form.prop.ts';
import { ignoresUnknownFields } from './ignores-unknown-fields.prop.ts';
import { sendsRequestExactly } from './sends-request-exactly.prop.ts';
import { surfacesEveryError } from './surfaces-every-error.prop.ts';

/**
 * Every property `sdk` runs against a client under test (CL-1..CL-8), in run order. Each records only the
 * rules it names; the request property runs last, so a request-side failure is shown with its smallest
 * input (a shrunk counterexample of a later property replaces an earlier one).
 */
export const clientProperties: readonly PropertyDefinition<unknown, ClientContext>[] = [
  decodesEverySuccessForm,
  ignoresUnknownFields,
  surfacesEveryError,
  sendsRequestExactly,
];
