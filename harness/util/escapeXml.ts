// Characters XML 1.0 forbids (§2.2 Char): C0 controls other than tab, newline and carriage return,
// U+FFFE, U+FFFF, and any UTF-16 surrogate that is not half of a pair.
const notXmlChar =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/**
 * Makes any string safe as XML 1.0 (and HTML) text or, with `attribute`, as a quoted attribute value:
 * `& < > " '` become references, characters XML 1.0 does not allow become U+FFFD, carriage return becomes a
 * character reference (parsers would fold it away), and in attributes so do tab and newline, which
 * attribute-value normalisation would otherwise turn into spaces.
 */
export function escapeXml(text: string, attribute = false): string {
  const special = attribute ? /[&<>"'\t\n\r]/g : /[&<>"'\r]/g;
  return text.replace(notXmlChar, '\ufffd').replace(special, (c) => entities[c] ?? c);
}
