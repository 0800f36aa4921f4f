import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type JsonNode, readJson } from './readJson.ts';

/** The plain value a node stands for, as `JSON.parse` would build it. */
function plain(node: JsonNode): unknown {
  switch (node.type) {
    case 'string':
      return node.value;
    case 'number':
      return Number(node.text);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'null':
      return null;
    case 'array':
      return node.items.map(plain);
    case 'object':
      return Object.fromEntries(node.members.map(([key, value]) => [key, plain(value)]));
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('readJson', () => {
  it('reads every kind of JSON value, tagged, with JSON whitespace around tokens', () => {
    expect(readJson(' [ "i-a" , 1.5e3 , true , false , null , { "k" : [ ] } , [ ] ] ')).toEqual({
      ok: true,
      node: {
        type: 'array',
        items: [
          { type: 'string', value: 'i-a' },
          { type: 'number', text: '1.5e3' },
          { type: 'true' },
          { type: 'false' },
          { type: 'null' },
          { type: 'object', members: [['k', { type: 'array', items: [] }]] },
          { type: 'array', items: [] },
        ],
      },
    });
    expect(readJson('\r\n\t-0\t')).toEqual({ ok: true, node: { type: 'number', text: '-0' } });
    expect(readJson('{}')).toEqual({ ok: true, node: { type: 'object', members: [] } });
  });

  it('decodes every escape', () => {
    expect(readJson(String.raw`"\" \\ \/ \b \f \n \r \t \u0069\u00E9\ud83d\uDD11 \ud800"`)).toEqual({
      ok: true,
      node: { type: 'string', value: '" \\ / \b \f \n \r \t ié🔑 \ud800' },
    });
  });

  it('keeps object members in order, duplicates included', () => {
    expect(readJson('{"a":1,"a":2}')).toEqual({
      ok: true,
      node: {
        type: 'object',
        members: [
          ['a', { type: 'number', text: '1' }],
          ['a', { type: 'number', text: '2' }],
        ],
      },
    });
  });

  it('refuses what JSON.parse refuses, saying where', () => {
    for (const text of [
      '',
      ' ',
      '[',
      '[1,]',
      '[,1]',
      '[1 2]',
      '{"a"}',
      '{"a":}',
      '{a:1}',
      '{"a":1,}',
      "['i-a']",
      '"abc',
      '"a\nb"',
      '"\\x"',
      '"\\u12"',
      '"\\u12g4"',
      '01',
      '1.',
      '.5',
      '+1',
      '1e',
      '-',
      'nul',
      'truex',
      'True',
      '[]]',
      '[] []',
      '\u00a0[]',
      '\u000b1',
      '\ufeff[]',
    ]) {
      expect(parses(text), text).toBe(false);
      const reading = readJson(text);
      expect(reading.ok, JSON.stringify(text)).toBe(false);
      expect(!reading.ok && /^expected .+ at offset \d+, found /.test(reading.problem)).toBe(true);
    }
    expect(readJson('[1 2]')).toEqual({ ok: false, problem: `expected ',' or ']' at offset 3, found "2"` });
    expect(readJson('[')).toEqual({ ok: false, problem: 'expected a value at offset 1, found the end' });
  });

  it('reads any depth of nesting without recursion', () => {
    const depth = 20_000; // far past the call stack of a recursive reader
    const reading = readJson(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    expect(reading.ok).toBe(true);
    expect(readJson(`${'['.repeat(depth)}${']'.repeat(depth - 1)}`).ok).toBe(false);
  });

  it('reads every JSON text as JSON.parse does', () => {
    const whitespace = fc.stringMatching(/^[ \t\n\r]{0,3}$/);
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 4 }),
        whitespace,
        whitespace,
        fc.boolean(),
        (value, before, after, spaced) => {
          const text = `${before}${JSON.stringify(value, null, spaced ? '\t' : undefined)}${after}`;
          const reading = readJson(text);
          return reading.ok && isDeepStrictEqual(plain(reading.node), JSON.parse(text));
        },
      ),
      { seed: 20261206, numRuns: 500 },
    );
  });

  it('accepts exactly what JSON.parse accepts, on text made of JSON punctuation', () => {
    const alphabet = [...'[]{}",:\\ \t\n\r0123456789-+.eEtrufalsn'];
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 12 }),
        (text) => readJson(text).ok === parses(text),
      ),
      { seed: 20261206, numRuns: 3000 },
    );
  });
});
