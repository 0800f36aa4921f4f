import { devNull } from 'node:os';
import { describe, expect, it } from 'vitest';
import { noCertificateStore } from './noCertificateStore.ts';

describe('noCertificateStore', () => {
  it("points the verifier's trust store at nothing", () => {
    expect(noCertificateStore([], '')).toEqual({ SSL_CERT_FILE: devNull, SSL_CERT_DIR: devNull });
    expect(noCertificateStore(['--import', 'tsx'], '--max-old-space-size=4096')).toEqual({
      SSL_CERT_FILE: devNull,
      SSL_CERT_DIR: devNull,
    });
  });

  it('leaves the variables alone when Node reads them too (OpenSSL or system CA store)', () => {
    expect(noCertificateStore(['--use-openssl-ca'], '')).toEqual({});
    expect(noCertificateStore([], '--use-system-ca')).toEqual({});
    expect(noCertificateStore([], '--inspect --use-openssl-ca')).toEqual({});
  });
});
