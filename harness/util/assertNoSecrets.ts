import { escapeXml } from './escapeXml.ts';

/** Secrets shorter than this are not looked for: they would match by chance. */
const minimumSecretLength = 4;

/** Thrown by {@link assertNoSecrets}; the message names the output, never the secret. */
export class SecretLeakError extends Error {
  /** Stable code for callers that map errors to exit codes. */
  readonly code = 'SECRET_LEAK';
  /** The output that would have carried the secret (a file name). */
  readonly file: string;

  constructor(file: string, secretIndex: number) {
    super(
      `refusing to write ${file}: it would contain secret #${secretIndex + 1} of the run ` +
        '(an AccessKeySecret or a live signature); redact it before the report is written',
    );
    this.name = 'SecretLeakError';
    this.file = file;
  }
}

// The forms a secret takes in the outputs: as is, inside a JSON string, XML/HTML-escaped, percent-encoded.
function renderings(secret: string): Set<string> {
  return new Set([
    secret,
    JSON.stringify(secret).slice(1, -1),
    escapeXml(secret),
    escapeXml(secret, true),
    encodeURIComponent(secret),
  ]);
}

/**
 * Throws a {@link SecretLeakError} naming `file` when any secret of at least four characters occurs in
 * `text`, as is or as JSON, XML/HTML or percent encoding would render it (target-protocol §4: no file
 * written carries an AccessKeySecret or a full live signature). The message never repeats the secret.
 */
export function assertNoSecrets(text: string, secrets: readonly string[], file = 'the output'): void {
  secrets.forEach((secret, index) => {
    if (secret.length < minimumSecretLength) return;
    for (const form of renderings(secret)) {
      if (text.includes(form)) throw new SecretLeakError(file, index);
    }
  });
}
