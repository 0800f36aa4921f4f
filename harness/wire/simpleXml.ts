/**
 * The fast path of XML decoding: the documents servers write (the emulator's, the API reference's
 * samples) read in one pass, with exactly the tree that fast-xml-parser gives `decodeResponse`, or
 * `undefined` for anything outside that plain subset, which `decodeResponse` then gives to
 * fast-xml-parser. A differential property test (`simpleXml.test.ts`) holds the two to the same answer.
 *
 * The subset: an optional `<?xml version="1.0" encoding="UTF-8"?>` (exactly so), then one element and
 * nothing after it; elements named `[A-Za-z][A-Za-z0-9]*`, without attributes, holding either nothing,
 * or text, or elements with nothing between them; text without `<`, `>`, control characters but tab and
 * line feed, or a surrogate outside a pair, not white space alone, whose `&` each open a predefined
 * entity or a character reference (`&#NN;`, `&#xHH;`) to an XML character. Anything else (white space
 * between elements, comments, CDATA, DOCTYPE, attributes, namespaces, other references) is left to
 * fast-xml-parser.
 */

const declaration = '<?xml version="1.0" encoding="UTF-8"?>';
const nameAt = /[A-Za-z][A-Za-z0-9]*/y;
/** Text the subset reads as it stands: no markup, reference, or control character but tab and line feed. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const plainText = /^[^<>&\u0000-\u0008\u000b-\u001f]*$/;
/** Text the subset decodes: as {@link plainText}, but `&` allowed (each then checked). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const referencedText = /^[^<>\u0000-\u0008\u000b-\u001f]*$/;
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const reference = /&(?:#x([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|(lt|gt|amp|quot|apos));/y;
const predefined: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const whitespaceOnly = /^[ \t\r\n]*$/;
/** Deeper documents go to fast-xml-parser (no DetachKeyPair answer nests past four levels). */
const maxDepth = 32;

/** Thrown inside the scanner when the document leaves the subset; never escapes {@link parseSimpleXml}. */
const outside = Symbol('outside the subset');

/**
 * The tree fast-xml-parser gives `decodeResponse` for `text` (`{ root: content }`, element names as
 * written, `Result` under a top-level `Results` always a list), or `undefined` when `text` is outside
 * the subset described above.
 */
export function parseSimpleXml(text: string): Record<string, unknown> | undefined {
  const start = text.startsWith(declaration) ? declaration.length : 0;
  try {
    const [name, value, end] = element(text, start, 1);
    if (end !== text.length) return undefined;
    return { [name]: value };
  } catch (error) {
    if (error === outside) return undefined;
    throw error;
  }
}

/** One element at `at` (the root at depth 1): its name, its value and where it ends. */
function element(text: string, at: number, depth: number): [string, unknown, number] {
  if (depth > maxDepth || text.charCodeAt(at) !== 0x3c /* < */) throw outside;
  nameAt.lastIndex = at + 1;
  const match = nameAt.exec(text);
  if (match === null) throw outside;
  const name = match[0];
  let i = at + 1 + name.length;
  const next = text.charCodeAt(i);
  if (next === 0x2f /* / */) {
    if (text.charCodeAt(i + 1) !== 0x3e /* > */) throw outside;
    return [name, '', i + 2];
  }
  if (next !== 0x3e) throw outside;
  i++;
  if (text.charCodeAt(i) !== 0x3c) {
    // Text content, then the end tag.
    const lt = text.indexOf('<', i);
    if (lt < 0) throw outside;
    const value = decodeText(text.slice(i, lt));
    return [name, value, endTag(text, lt, name)];
  }
  if (text.charCodeAt(i + 1) === 0x2f) return [name, '', endTag(text, i, name)];
  const children: Record<string, unknown> = {};
  // OK-3's list: `Result` directly under a top-level `Results`, as decodeResponse's isArray says.
  const listsResult = depth === 2 && name === 'Results';
  while (text.charCodeAt(i) === 0x3c && text.charCodeAt(i + 1) !== 0x2f) {
    const [childName, value, end] = element(text, i, depth + 1);
    if (Object.hasOwn(children, childName)) {
      const known = children[childName];
      if (Array.isArray(known)) known.push(value);
      else children[childName] = [known, value];
    } else {
      children[childName] = listsResult && childName === 'Result' ? [value] : value;
    }
    i = end;
  }
  return [name, children, endTag(text, i, name)];
}

/** `</name>` at `at`; where it ends. */
function endTag(text: string, at: number, name: string): number {
  const end = at + 2 + name.length;
  if (
    text.charCodeAt(at) !== 0x3c ||
    text.charCodeAt(at + 1) !== 0x2f ||
    text.charCodeAt(end) !== 0x3e ||
    text.slice(at + 2, end) !== name
  )
    throw outside;
  return end + 1;
}

/** An element's text with its references decoded, or {@link outside}. */
function decodeText(raw: string): string {
  if (whitespaceOnly.test(raw) || loneSurrogate.test(raw)) throw outside;
  if (plainText.test(raw)) return raw;
  if (!referencedText.test(raw)) throw outside;
  let out = '';
  let from = 0;
  for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', from)) {
    reference.lastIndex = amp;
    const m = reference.exec(raw);
    if (m === null) throw outside;
    const [whole, hex, decimal, name] = m;
    let decoded: string;
    if (name !== undefined) decoded = predefined[name] as string;
    else {
      const codePoint = hex === undefined ? Number.parseInt(decimal as string, 10) : Number.parseInt(hex, 16);
      if (!isXmlChar(codePoint)) throw outside;
      decoded = String.fromCodePoint(codePoint);
    }
    out += raw.slice(from, amp) + decoded;
    from = amp + whole.length;
  }
  return out + raw.slice(from);
}

/** XML 1.0 `Char`: what a character reference may denote (fast-xml-parser's decoder uses it too). */
export function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}
