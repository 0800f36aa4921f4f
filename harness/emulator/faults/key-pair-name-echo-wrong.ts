import { defineFault, fieldValue, withValue } from '../faultKit.ts';

/** The fault `key-pair-name-echo-wrong` (`faults.ts`), breaking OK-10. */
export const keyPairNameEchoWrong = defineFault({
  breaks: 'OK-10',
  description:
    'Success bodies echo `KeyPairName` as the stored key file name `<name>.pub`, which never equals the requested name. Inert under `flipped`, which omits `KeyPairName`.',
  hooks: {
    detachBody: (next) => (document, reply) => {
      const body = next(document, reply);
      const name = fieldValue(body.fields, 'KeyPairName');
      return name === undefined
        ? body
        : { ...body, fields: withValue(body.fields, 'KeyPairName', `${name}.pub`) };
    },
  },
});
