import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../util/HarnessError.ts';
import { transports } from '../wire/encodeRequest.ts';
import { breakages, type Probe } from '../wire/Probe.ts';
import type { RecordedExchange, Recording } from './Recording.ts';

const formats: readonly unknown[] = ['JSON', 'json', 'XML', 'xml', null];

/**
 * Reads and validates `DIR/recording.json` (the format of `Recording.ts`, written by `audit --record DIR`).
 * A missing or unreadable file, a file that is not JSON, or one that is not a schemaVersion 1 recording
 * throws a `HarnessError` `CONFIG` (exit 2) whose message names the file and the first problems found,
 * each with its JSON path (`exchanges[3].probe.scheme: expected "v1" or "v3", got "v2"`).
 */
export async function readRecording(dir: string): Promise<Recording> {
  const path = join(dir, 'recording.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new HarnessError('CONFIG', `--replay ${dir}: cannot read ${path}: ${(error as Error).message}`);
  }
  return parseRecording(text, path);
}

/**
 * Parses and validates the text of a recording; `source` names it in error messages. Throws a
 * `HarnessError` `CONFIG` naming every problem (up to ten) with its JSON path.
 */
function parseRecording(text: string, source = 'recording.json'): Recording {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new HarnessError('CONFIG', `${source} is not JSON: ${(error as Error).message}`);
  }
  const problems = recordingProblems(json);
  if (problems.length > 0) {
    const shown = problems.slice(0, 10).join('; ');
    const more = problems.length > 10 ? ` (and ${problems.length - 10} more)` : '';
    throw new HarnessError('CONFIG', `${source} is not a valid recording: ${shown}${more}`);
  }
  return json as Recording;
}

/** Every problem that keeps `value` from being a {@link Recording}, each prefixed with its JSON path. */
function recordingProblems(value: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(value)) return ['the top level: expected an object'];
  if (value.schemaVersion !== 1)
    problems.push(`schemaVersion: expected 1, got ${show(value.schemaVersion)} (a newer suite wrote it?)`);
  for (const field of ['suiteVersion', 'endpoint', 'region', 'recordedAt', 'accessKeyId'] as const)
    if (typeof value[field] !== 'string')
      problems.push(`${field}: expected a string, got ${show(value[field])}`);
  if (!Array.isArray(value.exchanges)) {
    problems.push(`exchanges: expected an array, got ${show(value.exchanges)}`);
    return problems;
  }
  value.exchanges.forEach((exchange: unknown, i: number) => {
    problems.push(...exchangeProblems(exchange).map((p) => `exchanges[${i}]${p}`));
  });
  return problems;
}

function exchangeProblems(value: unknown): string[] {
  if (!isObject(value)) return [': expected an object'];
  const problems: string[] = [];
  const e = value as Partial<Record<keyof RecordedExchange, unknown>>;
  if (typeof e.name !== 'string' || e.name === '')
    problems.push(`.name: expected a non-empty string, got ${show(e.name)}`);
  problems.push(...probeProblems(e.probe).map((p) => `.probe${p}`));
  if (!isObject(e.request)) problems.push('.request: expected an object');
  else {
    for (const field of ['method', 'target', 'body'] as const)
      if (typeof e.request[field] !== 'string') problems.push(`.request.${field}: expected a string`);
    if (!isStringRecord(e.request.headers)) problems.push('.request.headers: expected an object of strings');
  }
  if (e.response !== undefined) {
    if (!isObject(e.response)) problems.push('.response: expected an object');
    else {
      const status = e.response.status;
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
        problems.push(`.response.status: expected an HTTP status 100..599, got ${show(status)}`);
      if (!isStringRecord(e.response.headers))
        problems.push('.response.headers: expected an object of strings');
      if (typeof e.response.body !== 'string') problems.push('.response.body: expected a string');
    }
  }
  if (e.inconclusive !== undefined && typeof e.inconclusive !== 'string')
    problems.push(`.inconclusive: expected a string, got ${show(e.inconclusive)}`);
  if (e.response === undefined && e.inconclusive === undefined)
    problems.push(': has neither a response nor an inconclusive reason');
  return problems;
}

function probeProblems(value: unknown): string[] {
  if (!isObject(value)) return [': expected an object'];
  const p = value as Partial<Record<keyof Probe, unknown>>;
  const problems: string[] = [];
  if (p.scheme !== 'v1' && p.scheme !== 'v3')
    problems.push(`.scheme: expected "v1" or "v3", got ${show(p.scheme)}`);
  if (!(transports as readonly unknown[]).includes(p.transport))
    problems.push(`.transport: expected one of ${transports.join(', ')}, got ${show(p.transport)}`);
  if (!formats.includes(p.format))
    problems.push(`.format: expected JSON, json, XML, xml or null, got ${show(p.format)}`);
  for (const field of ['action', 'version', 'regionId', 'keyPairName', 'instanceIds'] as const)
    if (p[field] !== null && typeof p[field] !== 'string')
      problems.push(`.${field}: expected a string or null, got ${show(p[field])}`);
  if (p.breakage !== null && !(breakages as readonly unknown[]).includes(p.breakage))
    problems.push(`.breakage: expected null or one of ${breakages.join(', ')}, got ${show(p.breakage)}`);
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringRecord(value: unknown): boolean {
  return isObject(value) && Object.values(value).every((v) => typeof v === 'string');
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
