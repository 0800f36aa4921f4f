import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CatalogueCode, errorCatalogue, missingParameterMessage } from './errorCatalogue.ts';
import {
  expandRuleSelection,
  isRuleId,
  ruleById,
  ruleFamilies,
  rules,
  rulesDigest,
  rulesVersion,
} from './rules.ts';

// The rules file is the repository's own: the authority the registry mirrors.
const rulesFileUrl = new URL('../../spec/DetachKeyPair.rules.md', import.meta.url);
const rulesSource = readFileSync(rulesFileUrl, 'utf8');

/** The cells of a Markdown table row, trimmed; `undefined` for a line that is not a table row. */
function tableCells(line: string): string[] | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('|') || !trimmed.endsWith('|')) return undefined;
  return trimmed
    .slice(1, -1)
    .split('|')
    .map((cell) => cell.trim());
}

type FileRule = { id: string; level: string; basis: string[] };

function parseRuleRows(source: string): FileRule[] {
  const out: FileRule[] = [];
  for (const line of source.split('\n')) {
    const cells = tableCells(line);
    if (cells === undefined) continue;
    const [id, level, , basis] = cells;
    if (id === undefined || !/^[A-Z]+-\d+$/.test(id)) continue;
    out.push({ id, level: level ?? '', basis: parseBasis(basis ?? '') });
  }
  return out;
}

// `doc ("Required: Yes"), platform` → ['doc', 'platform']; `doc vs doc-sample` → ['doc', 'doc-sample'].
function parseBasis(cell: string): string[] {
  return cell
    .replace(/\s*\([^)]*\)/g, '')
    .split(/\s*(?:,|\bvs\b)\s*/)
    .filter((tag) => tag !== '');
}

function sectionAfter(source: string, headingPrefix: string): string {
  const start = source.indexOf(`\n${headingPrefix}`);
  if (start < 0) return '';
  const next = source.indexOf('\n## ', start + 1);
  return next < 0 ? source.slice(start) : source.slice(start, next);
}

type FileCatalogueRow = { codes: string[]; statuses: number[]; message: string };

function parseCatalogue(source: string): FileCatalogueRow[] {
  const out: FileCatalogueRow[] = [];
  for (const line of sectionAfter(source, '## Error catalogue').split('\n')) {
    const cells = tableCells(line);
    if (cells === undefined) continue;
    const [code, status, message] = cells;
    if (code === undefined || code === 'code' || /^-+$/.test(code)) continue;
    out.push({
      codes: code.split('/').map((c) => c.trim()),
      // `400 (404 in 2018 reference)`, `400 (doc) / 404 (live)`: the first status is the documented one.
      statuses: [...(status ?? '').matchAll(/\b\d{3}\b/g)].map((m) => Number(m[0])),
      message: message ?? '',
    });
  }
  return out;
}

describe('rules registry mirrors the rules file', () => {
  const fileRules = parseRuleRows(rulesSource);

  it(`has exactly the file's rule IDs, in file order`, () => {
    expect(fileRules.length).toBeGreaterThan(0);
    expect(rules.map((rule) => rule.id)).toEqual(fileRules.map((rule) => rule.id));
  });

  it(`gives every rule the file's level`, () => {
    expect(rules.map((rule) => [rule.id, rule.level])).toEqual(
      fileRules.map((rule) => [rule.id, rule.level]),
    );
  });

  it(`gives every rule the file's basis tags`, () => {
    expect(rules.map((rule) => [rule.id, [...rule.basis]])).toEqual(
      fileRules.map((rule) => [rule.id, rule.basis]),
    );
  });

  it(`lists the families in the order the file introduces them`, () => {
    const prefixes = [...new Set(fileRules.map((rule) => rule.id.replace(/-\d+$/, '')))];
    expect([...ruleFamilies]).toEqual(prefixes);
  });

  it(`uses exactly the levels of the file's Levels table`, () => {
    const levels = sectionAfter(rulesSource, '## Levels')
      .split('\n')
      .map(tableCells)
      .map((cells) => cells?.[0])
      .filter((cell): cell is string => cell !== undefined && /^[A-Z]+$/.test(cell));
    expect(levels).toEqual(['MUST', 'SHOULD', 'REPORT']);
  });
});

describe('rules registry is well formed', () => {
  it('names each rule after its family, with unique IDs', () => {
    for (const rule of rules) expect(rule.id.startsWith(`${rule.family}-`)).toBe(true);
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(rules.length);
  });

  it('states every rule and clause on one non-empty line', () => {
    for (const rule of rules) {
      const statements = [rule.statement, ...('clauses' in rule ? rule.clauses.map((c) => c.statement) : [])];
      for (const statement of statements) {
        expect(statement.trim()).not.toBe('');
        expect(statement).not.toMatch(/\n/);
      }
    }
  });

  it('lists only clauses whose level differs from their rule', () => {
    for (const rule of rules) {
      if (!('clauses' in rule)) continue;
      expect(rule.clauses.length).toBeGreaterThan(0);
      for (const clause of rule.clauses) expect(clause.level).not.toBe(rule.level);
    }
  });

  it('carries the mixed-level clauses the Levels section names', () => {
    expect(ruleById('KP-1').clauses.map((c) => c.level)).toEqual(['SHOULD', 'SHOULD']);
    expect(ruleById('OK-10').level).toBe('REPORT');
    expect(ruleById('OK-10').clauses.map((c) => c.level)).toEqual(['MUST']);
  });
});

describe('ruleById and isRuleId', () => {
  it('finds every rule by its ID', () => {
    for (const rule of rules) expect(ruleById(rule.id)).toBe(rule);
  });

  it('accepts exactly the registry IDs, case-sensitively', () => {
    expect(isRuleId('ST-0')).toBe(true);
    expect(isRuleId('OK-99')).toBe(false);
    expect(isRuleId('ok-1')).toBe(false);
    expect(isRuleId(' OK-1')).toBe(false);
  });

  it('makes a typo in a rule ID a type error', () => {
    // @ts-expect-error 'OK-99' is not a RuleId.
    expect(ruleById('OK-99')).toBeUndefined();
  });
});

describe('expandRuleSelection', () => {
  const okIds = rules.filter((rule) => rule.family === 'OK').map((rule) => rule.id);

  it('expands a family to all of its rules', () => {
    expect(okIds).toHaveLength(12);
    expect(expandRuleSelection('OK')).toEqual({ ok: true, ids: okIds });
  });

  it('mixes IDs and families, tolerating whitespace, in registry order without duplicates', () => {
    const auIds = rules.filter((rule) => rule.family === 'AU').map((rule) => rule.id);
    expect(expandRuleSelection('OK-5,AU')).toEqual({ ok: true, ids: [...auIds, 'OK-5'] });
    expect(expandRuleSelection(' OK-5 , AU ,OK-5')).toEqual({ ok: true, ids: [...auIds, 'OK-5'] });
  });

  it('reports every unknown token', () => {
    expect(expandRuleSelection('OK-99')).toEqual({ ok: false, unknown: ['OK-99'] });
    expect(expandRuleSelection('NOPE')).toEqual({ ok: false, unknown: ['NOPE'] });
    expect(expandRuleSelection('OK-1,NOPE,ok,OK-99')).toEqual({
      ok: false,
      unknown: ['NOPE', 'ok', 'OK-99'],
    });
    expect(expandRuleSelection('OK-1,')).toEqual({ ok: false, unknown: [''] });
  });
});

describe('errorCatalogue mirrors the file', () => {
  const fileRows = parseCatalogue(rulesSource);

  it(`has one entry per code of the file's table`, () => {
    expect(fileRows.length).toBeGreaterThan(0);
    expect(Object.keys(errorCatalogue).sort()).toEqual(fileRows.flatMap((row) => row.codes).sort());
  });

  it(`matches the file's status and message for each code`, () => {
    for (const row of fileRows) {
      const [status, ...alternativeStatuses] = row.statuses;
      for (const code of row.codes) {
        const entry = errorCatalogue[code as CatalogueCode];
        expect({ code, ...entry }).toEqual({ code, status, alternativeStatuses, message: row.message });
      }
    }
  });

  it('builds the MissingParameter message for a named parameter', () => {
    expect(missingParameterMessage('RegionId')).toBe(
      'The input parameter "RegionId" that is mandatory for processing this request is not supplied.',
    );
    expect(missingParameterMessage('$&')).toBe(
      'The input parameter "$&" that is mandatory for processing this request is not supplied.',
    );
  });
});

describe('the rules version travels with the rules file', () => {
  it("the file states the registry's rulesVersion", () => {
    expect(rulesSource.match(/\*\*Rules version: (\d+)\.\*\*/)?.[1]).toBe(String(rulesVersion));
  });

  it('the file is the text recorded for this rulesVersion (an edit must be recorded: CONTRIBUTING "Compatibility")', () => {
    const digest = createHash('sha256').update(rulesSource.replace(/\s+/g, ' ').trim()).digest('hex');
    expect(
      digest,
      "spec/DetachKeyPair.rules.md changed: if a rule's meaning changed, raise rulesVersion (and the file's " +
        '"Rules version") and list the rules that may now fail in CHANGELOG.md; then set rulesDigest to this value',
    ).toBe(rulesDigest);
  });
});
