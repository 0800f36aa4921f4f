import fc from 'fast-check';
import type { ErrorDocument, Member } from '../../harness/clients/ServedDocument.ts';
import {
  type CatalogueCode,
  errorCatalogue,
  missingParameterMessage,
} from '../../harness/spec/errorCatalogue.ts';
import { requestId } from './successDocument.ts';

/** Every code of the error catalogue, in table order. */
export const catalogueCodes = Object.keys(errorCatalogue) as CatalogueCode[];

/** One catalogued error before it is written (CL-6, CL-8). */
export type ErrorSpec = {
  Code: CatalogueCode;
  /** Use the catalogue's alternative status (404 for `InvalidKeyPairName.NotFound`, `InvalidAccessKeyId.NotFound`). */
  alternativeStatus: boolean;
  RequestId: string;
  HostId: string;
  /** `MissingParameter`'s parameter. */
  parameter: 'RegionId' | 'KeyPairName' | 'InstanceIds';
  recommend: boolean;
  /** Sort keys that shuffle the members (all zero: the live service's order). */
  order: [number, number, number, number, number];
};

/** Every error of the catalogue with its documented or alternative status, fields in any order (CL-6). */
export function errorSpec(): fc.Arbitrary<ErrorSpec> {
  const key = fc.nat({ max: 4 });
  return fc.record({
    Code: fc.constantFrom(...catalogueCodes),
    alternativeStatus: fc.boolean(),
    RequestId: requestId(),
    HostId: fc.constantFrom(
      'ecs.aliyuncs.com',
      'ecs.cn-hangzhou.aliyuncs.com',
      'ecs-cn-hangzhou.aliyuncs.com',
    ),
    parameter: fc.constantFrom('RegionId', 'KeyPairName', 'InstanceIds'),
    recommend: fc.boolean(),
    order: fc.tuple(key, key, key, key, key),
  });
}

/**
 * Writes an error spec as the live service does (ERR-2): `RequestId`, `HostId`, `Code`, `Message` (the
 * catalogue's text; `MissingParameter` names a parameter), optionally `Recommend`, with the catalogue's
 * status or its alternative.
 */
export function errorDocumentOf(spec: ErrorSpec): ErrorDocument {
  const entry = errorCatalogue[spec.Code];
  const alternative = entry.alternativeStatuses[0];
  const message = spec.Code === 'MissingParameter' ? missingParameterMessage(spec.parameter) : entry.message;
  const members: Member[] = [
    { kind: 'scalar', name: 'RequestId', value: spec.RequestId },
    { kind: 'scalar', name: 'HostId', value: spec.HostId },
    { kind: 'scalar', name: 'Code', value: spec.Code },
    { kind: 'scalar', name: 'Message', value: message },
    ...(spec.recommend
      ? [
          {
            kind: 'scalar' as const,
            name: 'Recommend',
            value: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(spec.Code)}&product=Ecs`,
          },
        ]
      : []),
  ];
  const keyed = members
    .map((member, i) => ({ member, key: spec.order[i] ?? 0, i }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .map(({ member }) => member);
  return {
    status: spec.alternativeStatus && alternative !== undefined ? alternative : entry.status,
    members: keyed,
  };
}
