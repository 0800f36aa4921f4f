import type { PropertyDefinition } from '../harness/suite/PropertyDefinition.ts';
import { authenticationFirst } from './authentication-first.prop.ts';
import { brokenPercentEncoding } from './broken-percent-encoding.prop.ts';
import { detachSequences } from './detach-sequences.prop.ts';
import { everyRequestJudged } from './every-request-judged.prop.ts';
import { jsonAndXmlAgree } from './json-and-xml-agree.prop.ts';
import { orderDoesNotMatter } from './order-does-not-matter.prop.ts';
import { parameterSentTwice } from './parameter-sent-twice.prop.ts';
import { routingParameters } from './routing-parameters.prop.ts';
import { schemesAgree } from './schemes-agree.prop.ts';
import { transportsAgree } from './transports-agree.prop.ts';
import { whitespaceDoesNotMatter } from './whitespace-does-not-matter.prop.ts';

/** Every property `verify` runs against a target with world control, in run order. */
export const allProperties: readonly PropertyDefinition[] = [
  everyRequestJudged,
  authenticationFirst,
  routingParameters,
  jsonAndXmlAgree,
  orderDoesNotMatter,
  transportsAgree,
  schemesAgree,
  whitespaceDoesNotMatter,
  detachSequences,
  parameterSentTwice,
  brokenPercentEncoding,
];
