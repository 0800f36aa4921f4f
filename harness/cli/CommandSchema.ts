import { parseArgs } from 'node:util';
import { invocation } from '../runner/reproduceCommand.ts';
import { HarnessError } from '../util/HarnessError.ts';

/** One option of a command: its parseArgs type, and what `--help` says about it. */
export type OptionSchema = {
  readonly type: 'string' | 'boolean';
  /** The value's placeholder in the usage and help (`URL`, `N`); absent for a boolean flag. */
  readonly value?: string;
  /** What the option does, one sentence without a final period. */
  readonly description: string;
  /** What holds when the option is not given, as `--help` prints it; `required` when it must be. */
  readonly default: string;
  /** The names the option accepts (the emulator's profiles, its faults), listed by `--help`. */
  readonly choices?: { readonly label: string; readonly names: () => readonly string[] };
  /** The key of the library's option object it becomes (`harness/index.ts`), when it has one. */
  readonly library?: string;
  /** The flag may be given more than once; its values are collected in order. */
  readonly multiple?: true;
};

/**
 * One command's declaration, from which come its parseArgs options ({@link parseCommandOptions}), its
 * usage lines in `dkp-conformance --help` and its own `--help` ({@link formatHelp}).
 */
export type CommandSchema = {
  readonly name: string;
  /**
   * The usage lines, as `dkp-conformance --help` prints them: the grouping (`[--seed S [--path P]]`,
   * `(--adapter MODULE | --testee "COMMAND")`) is written by hand; `CommandSchema.test.ts` requires that
   * they name exactly the options below.
   */
  readonly usage: string;
  /** Positional arguments (`DIR...`), when the command takes any, with their description. */
  readonly positionals?: { readonly value: string; readonly description: string };
  readonly options: Readonly<Record<string, OptionSchema>>;
};

/** The flags a command's options parse to: a string or `true` per flag given, absent when not given. */
export type OptionValues<T extends Readonly<Record<string, OptionSchema>>> = {
  [K in keyof T]?:
    | (T[K]['multiple'] extends true ? string[] : T[K]['type'] extends 'string' ? string : boolean)
    | undefined;
};

/**
 * Parses a command's arguments strictly by its schema; an unknown or malformed flag, or a positional the
 * command does not take, is a usage error (exit 2).
 */
export function parseCommandOptions<S extends CommandSchema>(
  schema: S,
  args: readonly string[],
): { values: OptionValues<S['options']>; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries(schema.options).map(([name, option]) => [
      name,
      { type: option.type, ...(option.multiple === true ? { multiple: true } : {}) },
    ]),
  );
  try {
    const parsed = parseArgs({
      args: [...args],
      options,
      strict: true,
      allowPositionals: schema.positionals !== undefined,
    });
    return { values: parsed.values as OptionValues<S['options']>, positionals: parsed.positionals };
  } catch (error) {
    throw new HarnessError('USAGE', (error as Error).message);
  }
}

/** Whether `args` ask for a command's help (`--help` or `-h` anywhere). */
export function asksForHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

// Names listed by --help, wrapped to this width.
const width = 100;
const indent = '      ';

// Words joined by spaces into lines of at most `width` characters, each continuation line indented.
function wrap(words: readonly string[], first: string): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of words) {
    if (line.trim() !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else line = line === indent ? line + word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}

// What holds without the option: `(default: X)`, or `(required)`.
function defaultText(option: OptionSchema): string {
  return option.default === 'required' ? '(required)' : `(default: ${option.default})`;
}

/**
 * The text of `dkp-conformance CMD --help` (also `-h` and `help CMD`): the usage lines, then every option
 * with its description and default, and the names it accepts where it takes a profile or a fault.
 */
export function formatHelp(schema: CommandSchema): string {
  const positionals = schema.positionals === undefined ? '' : ` ${schema.positionals.value}`;
  const lines = [`usage: ${invocation().join(' ')} ${schema.name}${positionals} [options]`, schema.usage];
  if (schema.positionals !== undefined) {
    lines.push('', 'arguments:', `  ${schema.positionals.value}`);
    lines.push(...wrap(schema.positionals.description.split(' '), indent));
  }
  lines.push('', 'options:');
  for (const [name, option] of Object.entries(schema.options)) {
    const again = option.multiple === true ? ' (repeatable)' : '';
    lines.push(`  --${name}${option.value === undefined ? '' : ` ${option.value}`}${again}`);
    lines.push(...wrap(`${option.description} ${defaultText(option)}`.split(' '), indent));
    if (option.choices !== undefined) {
      const names = option.choices.names();
      const listed = names.map((name, k) => (k < names.length - 1 ? `${name},` : name));
      lines.push(...wrap(listed, `${indent}${option.choices.label}:`));
    }
  }
  lines.push('  -h, --help', `${indent}print this help and exit 0`);
  return lines.join('\n');
}
