/**
 * A JSON value as {@link readJson} saw it (RFC 8259): tagged by type, numbers kept as written, object
 * members in order with duplicates.
 */
export type JsonNode =
  | { type: 'string'; value: string }
  | { type: 'number'; text: string }
  | { type: 'true' | 'false' | 'null' }
  | { type: 'array'; items: JsonNode[] }
  | { type: 'object'; members: Array<[key: string, value: JsonNode]> };

/** The result of {@link readJson}: the value, or where and why the text is not one JSON value. */
export type JsonReading = { ok: true; node: JsonNode } | { ok: false; problem: string };

/**
 * Reads `text` as exactly one JSON value (RFC 8259), with JSON whitespace (space, tab, LF, CR) allowed
 * around every token and nothing else: it accepts what `JSON.parse` accepts and nothing more. The oracle's
 * own reader, so that the judge of `InstanceIds` (ID-1, ID-4) shares no parser with the emulator. It uses
 * no recursion (any depth of nesting reads), and never throws.
 */
export function readJson(text: string): JsonReading {
  try {
    return { ok: true, node: new Reader(text).document() };
  } catch (error) {
    if (error instanceof NotJson) return { ok: false, problem: error.message };
    throw error;
  }
}

/**
 * Thrown inside the reader only; {@link readJson} turns it into its answer. Not an `Error`: nothing reads
 * its stack, and capturing one cost more than the read whenever a bare-text `InstanceIds` failed to parse.
 */
class NotJson {
  constructor(readonly message: string) {}
}

type JsonArray = Extract<JsonNode, { type: 'array' }>;
type JsonObject = Extract<JsonNode, { type: 'object' }>;
/** A container whose closing bracket is still ahead; an object also holds the key of its next member. */
type OpenContainer = { node: JsonArray } | { node: JsonObject; key: string };

const escapes: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ['\\', '\\'],
  ['/', '/'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
]);
const fourHexDigits = /^[0-9A-Fa-f]{4}$/;
const numberToken = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class Reader {
  private at = 0;

  constructor(private readonly text: string) {}

  /** The one value of the text; containers still open are kept on an explicit stack. */
  document(): JsonNode {
    const open: OpenContainer[] = [];
    for (;;) {
      let done = this.valueOrOpen(open);
      while (done !== null) {
        const parent = open.at(-1);
        this.skipWhitespace();
        if (parent === undefined) {
          if (this.at < this.text.length) this.fail('the end of the text');
          return done;
        }
        if ('key' in parent) parent.node.members.push([parent.key, done]);
        else parent.node.items.push(done);
        const close = 'key' in parent ? '}' : ']';
        const next = this.text[this.at];
        if (next === ',') {
          this.at++;
          if ('key' in parent) parent.key = this.memberKey();
          done = null;
        } else if (next === close) {
          this.at++;
          open.pop();
          done = parent.node;
        } else {
          this.fail(`',' or '${close}'`);
        }
      }
    }
  }

  /** A complete scalar or empty container, or `null` after opening a container (pushed on `open`). */
  private valueOrOpen(open: OpenContainer[]): JsonNode | null {
    this.skipWhitespace();
    const c = this.text[this.at];
    if (c === '[') {
      this.at++;
      const node: JsonArray = { type: 'array', items: [] };
      if (this.closesAt(']')) return node;
      open.push({ node });
      return null;
    }
    if (c === '{') {
      this.at++;
      const node: JsonObject = { type: 'object', members: [] };
      if (this.closesAt('}')) return node;
      open.push({ node, key: this.memberKey() });
      return null;
    }
    if (c === '"') return { type: 'string', value: this.string() };
    for (const literal of ['true', 'false', 'null'] as const) {
      if (this.text.startsWith(literal, this.at)) {
        this.at += literal.length;
        return { type: literal };
      }
    }
    numberToken.lastIndex = this.at;
    const number = numberToken.exec(this.text);
    if (number === null) this.fail('a value');
    this.at += number[0].length;
    return { type: 'number', text: number[0] };
  }

  /** Whether the container just opened closes at once with `close` (consumed if so). */
  private closesAt(close: ']' | '}'): boolean {
    this.skipWhitespace();
    if (this.text[this.at] !== close) return false;
    this.at++;
    return true;
  }

  /** `"key"` and the `:` after it. */
  private memberKey(): string {
    this.skipWhitespace();
    if (this.text[this.at] !== '"') this.fail('a member name');
    const key = this.string();
    this.skipWhitespace();
    if (this.text[this.at] !== ':') this.fail("':'");
    this.at++;
    return key;
  }

  /** A string literal starting at the opening quote: its decoded value. */
  private string(): string {
    this.at++;
    let value = '';
    // Plain characters are taken a run at a time (a slice), not one concatenation each.
    let run = this.at;
    for (;;) {
      if (this.at >= this.text.length) this.fail("the closing '\"' of a string");
      const code = this.text.charCodeAt(this.at);
      if (code === 0x22) {
        value += this.text.slice(run, this.at);
        this.at++;
        return value;
      }
      if (code < 0x20) this.fail('an escaped control character');
      if (code !== 0x5c) {
        this.at++;
        continue;
      }
      value += this.text.slice(run, this.at);
      const escaped = this.text[this.at + 1] ?? '';
      if (escaped === 'u') {
        const hex = this.text.slice(this.at + 2, this.at + 6);
        if (!fourHexDigits.test(hex)) this.fail('four hex digits after \\u');
        value += String.fromCharCode(Number.parseInt(hex, 16));
        this.at += 6;
      } else {
        const replacement = escapes.get(escaped);
        if (replacement === undefined) this.fail('a valid escape');
        value += replacement;
        this.at += 2;
      }
      run = this.at;
    }
  }

  private skipWhitespace(): void {
    for (;;) {
      const c = this.text[this.at];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return;
      this.at++;
    }
  }

  private fail(wanted: string): never {
    const found = this.text[this.at];
    throw new NotJson(
      `expected ${wanted} at offset ${this.at}, found ${found === undefined ? 'the end' : JSON.stringify(found)}`,
    );
  }
}
