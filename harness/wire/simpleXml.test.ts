import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceXmlSample } from '../../fixtures/documented/referenceSamples.ts';
import { apiError } from '../emulator/apiError.ts';
import { emulatorProfiles } from '../emulator/EmulatorProfile.ts';
import { errorBody, renderBody, successBody } from '../emulator/renderResponse.ts';
import { xmlTree } from './decodeResponse.ts';
import { parseSimpleXml } from './simpleXml.ts';

/** The fast path must give fast-xml-parser's tree, own-key order included, whenever it answers at all. */
function expectSameTree(text: string): boolean {
  const fast = parseSimpleXml(text);
  if (fast === undefined) return false;
  const slow = xmlTree(text);
  expect(slow).toHaveProperty('tree');
  const tree = (slow as { tree: unknown }).tree;
  expect(sameTree(fast, tree), `${JSON.stringify(fast)} vs ${JSON.stringify(tree)}`).toBe(true);
  return true;
}

/**
 * Same strings, arrays and plain objects with the same own keys in the same order (toStrictEqual would
 * compare an element named `constructor` as the object's type).
 */
function sameTree(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b))
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameTree(x, b[i]))
    );
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a === b;
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype)
    return false;
  const keys = Reflect.ownKeys(a);
  const others = Reflect.ownKeys(b);
  return (
    keys.length === others.length &&
    keys.every(
      (k, i) =>
        k === others[i] &&
        sameTree((a as Record<string | symbol, unknown>)[k], (b as Record<string | symbol, unknown>)[k]),
    )
  );
}

// Pieces of element text, names and what may come between elements: the subset's own, then what lies
// just outside it. Half the documents draw from the first lists only, so that most of those are read.
const plainPieces = [
  'i-abc',
  'Success',
  ' ',
  '\u00a0',
  'é',
  '字',
  '&amp;',
  '&lt;',
  '&gt;',
  '&quot;',
  '&apos;',
  '&#233;',
  '&#x41;',
  '&#X41;',
  '&#x1F600;',
  '&#0000065;',
  '"',
  "'",
  'true',
  '200',
];
const wildPieces = [
  '&#1;',
  '&#xD800;',
  '&foo;',
  '&',
  '&amp',
  '>',
  ']]>',
  '\t',
  '\n',
  '\r',
  '\u0000',
  '\u0085',
  '😀',
  '\ud800',
];
const plainNames = [
  'Results',
  'Result',
  'RequestId',
  'Code',
  'A',
  'a1',
  'constructor',
  'toString',
  'hasOwnProperty',
];
const wildNames = ['__proto__', '_x', 'x-y', 'x.y', 'ns:x', 'Ünï'];
const wildGaps = [' ', '\n', '\n  ', '<!-- c -->'];

type Node = { name: string; content: string | Node[] | null; gaps: string[] };

function documents(wild: boolean) {
  const pick = (plain: string[], other: string[]) =>
    wild ? fc.oneof(fc.constantFrom(...plain), fc.constantFrom(...other)) : fc.constantFrom(...plain);
  const text = fc.array(pick(plainPieces, wildPieces), { maxLength: 5 }).map((parts) => parts.join(''));
  const gap = wild ? fc.oneof(fc.constant(''), fc.constantFrom(...wildGaps)) : fc.constant('');
  const node: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
    node: fc.record({
      name: pick(plainNames, wildNames),
      content: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constant(null),
        text,
        fc.array(tie('node'), { maxLength: 4 }),
      ),
      gaps: fc.array(gap, { minLength: 5, maxLength: 5 }),
    }),
  })).node;
  const plainProlog = ['', '<?xml version="1.0" encoding="UTF-8"?>'];
  return fc.record({
    prolog: pick(plainProlog, [
      "<?xml version='1.0' encoding='UTF-8'?>",
      '<?xml version="1.0"?>',
      '<?xml version="1.0" encoding="UTF-8"?>\n',
      '\ufeff',
    ]),
    root: node,
    attribute: wild ? fc.boolean() : fc.constant(false),
    trailer: pick([''], ['\n', ' ', '<X/>', 'x']),
  });
}

function write(n: Node, attribute: boolean): string {
  const open = `<${n.name}${attribute ? ' a="1"' : ''}`;
  if (n.content === null) return `${open}/>`;
  if (typeof n.content === 'string') return `${open}>${n.content}</${n.name}>`;
  const children = n.content.map((c, i) => `${n.gaps[i] ?? ''}${write(c, false)}`).join('');
  return `${open}>${children}${n.gaps[4] ?? ''}</${n.name}>`;
}

const document = fc.oneof(documents(false), documents(true));

describe('parseSimpleXml: the same tree as fast-xml-parser, or no answer', () => {
  it('answers generated documents (in and around the subset) exactly as decodeResponse reads them', () => {
    let answered = 0;
    fc.assert(
      fc.property(document, ({ prolog, root, attribute, trailer }) => {
        if (expectSameTree(`${prolog}${write(root, attribute)}${trailer}`)) answered++;
      }),
      { numRuns: 3000 },
    );
    // Not a path that never answers: a good share of the documents are in the subset.
    expect(answered).toBeGreaterThan(300);
  });

  it('reads every body the emulator writes, and the API reference sample, on the fast path', () => {
    const profile = emulatorProfiles.reference;
    if (profile === undefined) throw new Error('no reference profile');
    const results = fc.array(
      fc.record({
        InstanceId: fc.string({ unit: fc.constantFrom('i', '-', 'a', ' ', '&', '<', '>', 'é', '"', "'") }),
        Success: fc.boolean(),
        Code: fc.constantFrom('200', 'InvalidInstanceId.NotFound'),
        Message: fc.constantFrom('successful', 'The specified instance <x> & "y" is not found.'),
      }),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(results, fc.string({ unit: 'binary', maxLength: 6 }), (entries, keyPairName) => {
        const success = renderBody(
          successBody({ KeyPairName: keyPairName, Results: entries }, 'R-1', profile),
          'xml',
        );
        const error = renderBody(errorBody(apiError(400, 'Code.X', `bad ${keyPairName}`), 'R-2', 'h'), 'xml');
        for (const body of [success.body, error.body]) {
          const xml = new TextDecoder().decode(body);
          // What falls back: text of white space only (the renderer writes a carriage return as `&#13;`,
          // anything XML cannot carry as U+FFFD); everything else the emulator writes is read on the fast path.
          const plain = !/>[ \t\r\n]+</.test(xml);
          expect(expectSameTree(xml)).toBe(plain);
        }
      }),
      { numRuns: 500 },
    );
    // The sample as printed has a line break between elements: fast-xml-parser reads it. Written compactly,
    // as the emulator writes, it is read on the fast path to the same tree.
    expect(parseSimpleXml(referenceXmlSample)).toBeUndefined();
    expect(expectSameTree(referenceXmlSample.trim().replace(/>\s+</g, '><'))).toBe(true);
  });

  it('leaves to fast-xml-parser what it does not read: markup, references and spacing outside the subset', () => {
    for (const outside of [
      '<R a="1"/>',
      '<R><!-- c --><A>1</A></R>',
      '<R><![CDATA[x]]></R>',
      '<!DOCTYPE R [<!ENTITY e "x">]><R>&e;</R>',
      '<R>&e;</R>',
      '<R>&#1;</R>',
      '<R>a>b</R>',
      '<R> </R>',
      '<R>\n<A>1</A></R>',
      '<R><A>1</A></R>\n',
      ' <R/>',
      '<ns:R/>',
      '<R>x<A/>y</R>',
      '<R></S>',
      '<R>',
      '',
    ]) {
      expect(parseSimpleXml(outside), outside).toBeUndefined();
    }
  });
});
