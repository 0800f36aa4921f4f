import { devNull } from 'node:os';

/**
 * The environment that keeps Pact's verifier from loading the system's certificate store. The verifier
 * (Rust) builds an HTTP client for every provider-state call and every replayed request, and each build
 * loads the trust store afresh: with `/etc/ssl/certs` that is about 900 files opened per interaction, three
 * quarters of a verification's CPU. Its clients only ever reach Pact's own proxy on `http://127.0.0.1`
 * (the suite reads pact files from disk, and verifyContracts.ts keeps the broker variables from it); the
 * target itself, `https` or not, is reached by the worker's Node side (`sendWire`), whose trust store this
 * does not touch — unless Node was told to use OpenSSL's (`--use-openssl-ca`, `--use-system-ca`), which
 * reads the same variables: then they are left alone.
 */
export function noCertificateStore(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string = process.env.NODE_OPTIONS ?? '',
): Record<string, string> {
  const flags = [...execArgv, ...nodeOptions.split(/\s+/)];
  if (flags.some((flag) => flag === '--use-openssl-ca' || flag === '--use-system-ca')) return {};
  return { SSL_CERT_FILE: devNull, SSL_CERT_DIR: devNull };
}
