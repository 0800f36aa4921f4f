// Characters outside XML 1.0's `Char` production (most C0 controls, U+FFFE, U+FFFF, lone surrogates).
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * The text as an XML 1.0 body can carry it at best: every character XML cannot represent at all (a
 * name may hold U+0000, target-protocol §1 allows any Unicode) becomes U+FFFD. Checks compare a requested
 * value with its XML echo through this, so no server is failed for what XML itself cannot say (OK-7,
 * OK-10, FM-1).
 */
export function xmlCarriable(text: string): string {
  return text.replace(notXmlChar, '\uFFFD');
}
