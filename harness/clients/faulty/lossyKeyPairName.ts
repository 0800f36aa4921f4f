import { referenceAdapter } from '../adapters/reference.ts';

/**
 * Breaks CL-3: re-encodes `KeyPairName` through Latin-1, so every character outside it becomes `?` (a
 * client that encodes with a legacy charset). ASCII names pass; Unicode names arrive changed.
 */
export default referenceAdapter({
  scheme: 'v1',
  transport: 'get-query',
  format: 'JSON',
  editCall: (api) => ({
    ...api,
    params: api.params.map(([name, value]) =>
      name === 'KeyPairName'
        ? [name, [...value].map((c) => ((c.codePointAt(0) ?? 0) > 0xff ? '?' : c)).join('')]
        : [name, value],
    ),
  }),
});
