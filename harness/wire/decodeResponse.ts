import { type EntityDecoderOptions, XMLParser, XMLValidator } from 'fast-xml-parser';
import { type Scalar, scalar } from './Scalar.ts';
import { isXmlChar, parseSimpleXml } from './simpleXml.ts';
import type { WireResponse } from './WireMessage.ts';

/**
 * One `Results.Result` entry: its scalar fields by name (`InstanceId`, `Success`, `Code`, `Message` and
 * any extra scalars, OK-4, OK-12). Nested objects and repeated elements are not scalars and are left out.
 */
export type DecodedResult = Record<string, Scalar>;

/** Where the `Result` entries sat in the body (OK-3). */
export type ResultsContainer = 'array' | 'object' | 'bare-array' | 'missing' | 'invalid';

/**
 * A DetachKeyPair response in one normalised shape whatever its format, so that JSON and XML bodies of
 * the same outcome compare equal by value (FM-1, OK-9) while the received forms stay visible.
 */
export type DecodedResponse = {
  status: number;
  /** The `content-type` header as received, or `undefined` when absent. */
  contentType: string | undefined;
  /**
   * The body format: from the media type (`application/json` → json; `text/xml`, `application/xml` →
   * xml), otherwise sniffed from the first non-whitespace character (`{` json, `<` xml); an HTML page
   * ({@link isHtml}) is `unknown`, never XML.
   */
  format: 'json' | 'xml' | 'unknown';
  /** Set when the body does not parse in its format (and always for format `unknown`). */
  parseError?: string;
  /** The XML root element name (`DetachKeyPairResponse`, `Error`, ...); absent for JSON. */
  root?: string;
  /** Top-level scalar fields (`RequestId`, `TotalCount`, `Code`, `Message`, `HostId`, ...); never `Results`. */
  fields: Record<string, Scalar>;
  /** `Results.Result` (OK-3). */
  results: {
    /**
     * JSON: `Results.Result` an array → `array`; a single object → `object` (entries = [it]); `Results`
     * itself an array → `bare-array` (entries = its elements); no `Results` → `missing`; anything else →
     * `invalid` (no entries). XML: `<Results>` with zero or more `<Result>` → `array`, even with one
     * element; no `<Results>` → `missing`; text-only or repeated `<Results>` → `invalid`.
     */
    container: ResultsContainer;
    /** One entry per element, in order; an element that is not an object decodes as `{}` (OK-4 then fails). */
    entries: DecodedResult[];
  };
  /** The parsed tree: the JSON value, or fast-xml-parser's output for the root's content. */
  document: unknown;
};

type Results = DecodedResponse['results'];

const utf8 = new TextDecoder('utf-8');

// fast-xml-parser throws on element names such as `constructor` or `__proto__` and renames
// `toString`-like ones. Prefixing every name with NUL (never legal in an XML name) sidesteps both; the
// prefix is stripped again when the tree is rebuilt. The transform must be idempotent: fast-xml-parser
// 5.12 applies it twice to self-closing tags.
const XML_NAME_MARK = '\u0000';

function missing(): Results {
  return { container: 'missing', entries: [] };
}

/**
 * Decodes a response body into the normalised {@link DecodedResponse}. It never throws: a body that does
 * not parse yields `parseError`, no fields and `results.container` `missing`.
 */
export function decodeResponse(response: WireResponse): DecodedResponse {
  const contentType = headerValue(response.headers, 'content-type');
  const known = decodings.get(response);
  if (
    known !== undefined &&
    known.status === response.status &&
    known.headers === response.headers &&
    known.body === response.body &&
    known.contentType === contentType
  ) {
    return known.decoded;
  }
  const decoded = decodeBody(response, contentType);
  decodings.set(response, {
    status: response.status,
    headers: response.headers,
    body: response.body,
    contentType,
    decoded,
  });
  return decoded;
}

/**
 * Each response's decoding, while the response lives: `verify` decodes every API answer three times (the
 * answer tally, the RequestId log, the judge), and an XML body costs more to decode than the checks do.
 * Reused only for the same status, header object, content type and body object (a response rebuilt or
 * reassigned is decoded afresh); nothing changes a decoded response after the fact.
 */
const decodings = new WeakMap<
  WireResponse,
  {
    status: number;
    headers: Record<string, string>;
    body: Uint8Array;
    contentType: string | undefined;
    decoded: DecodedResponse;
  }
>();

function decodeBody(response: WireResponse, contentType: string | undefined): DecodedResponse {
  const text = utf8.decode(response.body);
  const format = bodyFormat(contentType, text);
  const base = { status: response.status, contentType, format };
  if (format === 'json') {
    return { ...base, ...decodeJson(text) };
  }
  if (format === 'xml') {
    return { ...base, ...decodeXml(text) };
  }
  const parseError =
    text.trim() === ''
      ? 'empty body, and the content-type names neither JSON nor XML'
      : isHtml(contentType, text)
        ? `an HTML page (${contentType?.split(';')[0]?.trim() || 'no content-type'}), neither JSON nor XML`
        : 'body is neither JSON nor XML (content-type unrecognised, first character neither "{" nor "<")';
  return { ...base, parseError, fields: {}, results: missing(), document: undefined };
}

type DecodedBody = Pick<DecodedResponse, 'parseError' | 'root' | 'fields' | 'results' | 'document'>;

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const direct = headers[name];
  if (direct !== undefined) {
    return direct;
  }
  // WireResponse promises lower-case names; tolerate a hand-built response that broke the promise.
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) {
      return value;
    }
  }
  return undefined;
}

function bodyFormat(contentType: string | undefined, text: string): DecodedResponse['format'] {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/json') {
    return 'json';
  }
  if (mediaType === 'text/xml' || mediaType === 'application/xml') {
    return 'xml';
  }
  if (isHtml(contentType, text)) {
    return 'unknown';
  }
  const first = text.trimStart()[0];
  return first === '{' ? 'json' : first === '<' ? 'xml' : 'unknown';
}

/**
 * Whether a body is an HTML page (a proxy's or a framework's page, never a DetachKeyPair document): the
 * media type says `text/html` or `application/xhtml+xml`, or, with no JSON or XML media type, the body
 * opens with `<!DOCTYPE html` or `<html`.
 */
export function isHtml(contentType: string | undefined, text: string): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'text/html' || mediaType === 'application/xhtml+xml') {
    return true;
  }
  if (mediaType === 'application/json' || mediaType === 'text/xml' || mediaType === 'application/xml') {
    return false;
  }
  return /^(?:\uFEFF)?\s*<(?:!doctype\s+html|html[\s>])/i.test(text.slice(0, 512));
}

function decodeJson(text: string): DecodedBody {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return {
      parseError: `invalid JSON: ${errorMessage(error)}`,
      fields: {},
      results: missing(),
      document: undefined,
    };
  }
  if (!isRecord(document)) {
    return { fields: {}, results: missing(), document };
  }
  return { fields: scalarFields(document, JSON_NON_FIELDS), results: jsonResults(document), document };
}

function jsonResults(document: Record<string, unknown>): Results {
  if (!Object.hasOwn(document, 'Results')) {
    return missing();
  }
  const results = document.Results;
  if (Array.isArray(results)) {
    // The Node SDK silently drops this shape; decode it anyway so the report can show what was sent.
    return { container: 'bare-array', entries: results.map(jsonResultEntry) };
  }
  if (isRecord(results) && Object.hasOwn(results, 'Result')) {
    const result = results.Result;
    if (Array.isArray(result)) {
      return { container: 'array', entries: result.map(jsonResultEntry) };
    }
    if (isRecord(result)) {
      // OK-3: the Node SDK throws on this shape and the Python SDK crashes; the check reports it.
      return { container: 'object', entries: [jsonResultEntry(result)] };
    }
  }
  return { container: 'invalid', entries: [] };
}

function decodeXml(text: string): DecodedBody {
  // The plain documents servers write are read in one pass (simpleXml.ts: the same tree); the rest by
  // fast-xml-parser.
  const simple = parseSimpleXml(text);
  const parsed = simple === undefined ? xmlTree(text) : { tree: simple };
  if ('parseError' in parsed) return { parseError: parsed.parseError, ...noContent() };
  const { tree } = parsed;
  const roots = isRecord(tree) ? Object.keys(tree).filter((key) => key !== TEXT_NODE) : [];
  const root = roots[0];
  const content = isRecord(tree) && root !== undefined ? tree[root] : undefined;
  if (roots.length !== 1 || root === undefined || Array.isArray(content)) {
    // XMLValidator accepts several top-level elements; a response has exactly one.
    return { parseError: 'invalid XML: expected exactly one root element', ...noContent() };
  }
  if (!isRecord(content)) {
    return { root, fields: {}, results: missing(), document: content };
  }
  return {
    root,
    fields: scalarFields(content, XML_NON_FIELDS),
    results: xmlResults(content),
    document: content,
  };
}

/**
 * An XML body's tree as fast-xml-parser reads it (element names restored), or why it does not parse.
 * Every body outside `parseSimpleXml`'s subset is read here; the differential test compares the two.
 */
export function xmlTree(text: string): { tree: unknown } | { parseError: string } {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    return { parseError: `invalid XML: ${msg} (line ${line}, column ${col})` };
  }
  try {
    return { tree: restoreNames(sharedXmlParser.parse(text)) };
  } catch (error) {
    return { parseError: `invalid XML: ${errorMessage(error)}` };
  }
}

const TEXT_NODE = '#text';

/** Top-level members that are not fields: `Results` is decoded separately, text nodes are XML noise. */
const XML_NON_FIELDS = ['Results', TEXT_NODE];
const JSON_NON_FIELDS = ['Results'];

function noContent(): DecodedBody {
  return { fields: {}, results: missing(), document: undefined };
}

/** One parser for every body: its options are fixed and `parse` keeps no state between calls. */
const sharedXmlParser = xmlParser();

function xmlParser(): XMLParser {
  return new XMLParser({
    // Keep every scalar as the text received (OK-9 judges forms; XML has only strings).
    parseTagValue: false,
    ignoreAttributes: true,
    // Element text is kept exactly (an ID may begin or end with a space or U+00A0); whitespace-only text
    // between child elements lands in TEXT_NODE and is ignored as noise.
    trimValues: false,
    processEntities: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    textNodeName: TEXT_NODE,
    transformTagName: (name) => (name.startsWith(XML_NAME_MARK) ? name : XML_NAME_MARK + name),
    // OK-3: `<Result>` directly under a top-level `<Results>` is a list even when there is only one.
    isArray: (name, path) => {
      const parts = typeof path === 'string' ? path.split('.') : path.toArray();
      return parts.length === 3 && stripMark(parts[1]) === 'Results' && stripMark(name) === 'Result';
    },
    jPath: false,
    entityDecoder: xmlReferenceDecoder(),
  });
}

const PREDEFINED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

const REFERENCE = /&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|([^\s&;#][^\s&;]*));/g;

/** Replacement text one document may expand its DOCTYPE entities to, in characters. */
const MAX_ENTITY_EXPANSION = 1_000_000;

/**
 * Decodes XML 1.0 references in one pass: the five predefined entities, character references and the
 * document's own DOCTYPE entities (not re-scanned, so no nested expansion); unknown ones stay as written.
 */
function xmlReferenceDecoder(): EntityDecoderOptions {
  // fast-xml-parser 5.12's default decoder leaves `&#233;` and `&#x41;` undecoded unless `htmlEntities` is
  // set, which would also decode HTML names; a body escaping non-ASCII text would then differ from the
  // same body in JSON (FM-1).
  let declared = new Map<string, string>();
  let expanded = 0;
  return {
    setExternalEntities: () => {},
    addInputEntities: (entities) => {
      for (const [name, value] of Object.entries(entities)) {
        if (typeof value === 'string') {
          declared.set(name, value);
        }
      }
    },
    reset: () => {
      declared = new Map();
      expanded = 0;
    },
    setXmlVersion: () => {},
    decode: (text) =>
      text.replace(REFERENCE, (reference, hex?: string, decimal?: string, name?: string) => {
        if (name !== undefined) {
          const predefined = PREDEFINED_ENTITIES.get(name);
          if (predefined !== undefined) {
            return predefined;
          }
          const value = declared.get(name);
          if (value === undefined) {
            return reference;
          }
          expanded += value.length;
          if (expanded > MAX_ENTITY_EXPANSION) {
            throw new Error(`entity expansion exceeds ${MAX_ENTITY_EXPANSION} characters`);
          }
          return value;
        }
        const codePoint = hex === undefined ? Number.parseInt(decimal ?? '', 10) : Number.parseInt(hex, 16);
        return isXmlChar(codePoint) ? String.fromCodePoint(codePoint) : reference;
      }),
  };
}

function stripMark(name: string | undefined): string | undefined {
  return name?.startsWith(XML_NAME_MARK) ? name.slice(XML_NAME_MARK.length) : name;
}

/** Rebuilds the parser's tree with the original element names; `Object.fromEntries` keeps `__proto__` an own key. */
function restoreNames(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(restoreNames);
  }
  if (isRecord(node)) {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [stripMark(key) ?? key, restoreNames(value)]),
    );
  }
  return node;
}

function xmlResults(content: Record<string, unknown>): Results {
  if (!Object.hasOwn(content, 'Results')) {
    return missing();
  }
  const results = content.Results;
  if (typeof results === 'string' && /^[ \t\r\n]*$/.test(results)) {
    return { container: 'array', entries: [] };
  }
  if (isRecord(results)) {
    const result = Object.hasOwn(results, 'Result') ? results.Result : [];
    if (Array.isArray(result)) {
      return { container: 'array', entries: result.map(xmlResultEntry) };
    }
  }
  return { container: 'invalid', entries: [] };
}

function jsonResultEntry(entry: unknown): DecodedResult {
  return isRecord(entry) ? scalarFields(entry, []) : {};
}

function xmlResultEntry(entry: unknown): DecodedResult {
  // An empty `<Result/>` parses as '': a result without fields, like any non-object element.
  return isRecord(entry) ? scalarFields(entry, [TEXT_NODE]) : {};
}

/** The scalar members of an object, in order, leaving out the names in `skip`. */
function scalarFields(node: Record<string, unknown>, skip: readonly string[]): Record<string, Scalar> {
  // A plain loop: this runs for every body and every result entry (a closure per entry cost more than
  // the XML parse). Own data properties only, `__proto__` included, as Object.fromEntries would make them.
  const fields: Record<string, Scalar> = {};
  for (const key of Object.keys(node)) {
    if (skip.includes(key)) continue;
    const value = scalar(node[key]);
    if (value === undefined) continue;
    if (key === '__proto__')
      Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
    else fields[key] = value;
  }
  return fields;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
