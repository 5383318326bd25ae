/**
 * The one command-line convention of tools/: `node:util` `parseArgs` over a declared table of options and
 * positional arguments, strict, with the same messages everywhere.
 *
 * - `--help` / `-h` (every command has it) prints the usage, generated from the table, and exits 0.
 * - `--x value` and `--x=value` both work; a boolean takes no value.
 * - An unknown flag fails with exit 2: `--plans: unknown option. Fix: use one of --out-dir, --yes, --help`.
 * - Positional arguments are declared (required, optional, or a trailing list) and counted.
 * Tools declare a {@link CommandSpec}, export their `parse…Arguments(args)` (specs call it without spawning) and run
 * their main through tools/run-tool.ts, which prints the help or the error ({@link reportCommandLine}).
 * tools/run-synth.cjs, plain CommonJS on the synth hot path, cannot load this file: it uses parseArgs directly with
 * the same message shape (its spec compares the two).
 */
import { PlatformError } from '@platform/core';
import { parseArgs } from 'node:util';

/** An option taking a value: `--out-dir DIR` or `--out-dir=DIR`. */
export interface StringOption {
  readonly type: 'string';
  /** One line for `--help`. */
  readonly description: string;
  /** The value's name in the usage (`--out-dir <dir>`). @default - the option's name */
  readonly value?: string;
  /** May be given more than once; the values are collected in order. @default false */
  readonly multiple?: boolean;
  /** The value when the option is not given (shown in `--help`). @default - undefined */
  readonly default?: string;
}

/** A switch: `--yes`. Takes no value; false unless given. */
export interface BooleanOption {
  readonly type: 'boolean';
  /** One line for `--help`. */
  readonly description: string;
}

export type OptionSpec = StringOption | BooleanOption;

/** A positional argument. */
export interface PositionalSpec {
  readonly name: string;
  /** One line for `--help`. */
  readonly description: string;
  /** May be left out. @default false */
  readonly optional?: boolean;
  /** Takes every remaining argument (the last positional only). @default false */
  readonly variadic?: boolean;
}

/** A command: how it is run, what it does, its options and positional arguments. */
export interface CommandSpec {
  /** How a person runs it, without arguments: `npm run cost --`, `npx tsx tools/plan.ts`. */
  readonly command: string;
  /** One line: what the command does. */
  readonly description: string;
  readonly positionals?: readonly PositionalSpec[];
  /** Options by name (`out-dir` for `--out-dir`). `help` is added to every command. */
  readonly options?: Readonly<Record<string, OptionSpec>>;
}

/** The values of a command's options: booleans default to false, repeatable options to []. */
export type OptionValues<S extends CommandSpec> = S['options'] extends Readonly<Record<string, OptionSpec>>
  ? {
      -readonly [K in keyof S['options']]: S['options'][K] extends BooleanOption
        ? boolean
        : S['options'][K] extends { readonly multiple: true }
          ? string[]
          : S['options'][K] extends { readonly default: string }
            ? string
            : string | undefined;
    }
  : Record<string, never>;

export interface ParsedCommandLine<S extends CommandSpec> {
  readonly values: OptionValues<S>;
  /** The positional arguments, in order; their count matches the declaration. */
  readonly positionals: string[];
}

/** A wrong command line: printed without a stack trace, exit code 2. */
export class CommandLineError extends PlatformError {
  readonly exitCode = 2;
}

/** `--help` was given: not an error; the usage goes to stdout and the exit code is 0. */
export class HelpRequested extends Error {
  constructor(readonly usage: string) {
    super('help requested');
    this.name = 'HelpRequested';
  }
}

const HELP: BooleanOption = { type: 'boolean', description: 'print this help and exit' };

/** `--name`, with `-h` for help. */
function flag(name: string): string {
  return `--${name}`;
}

/** `--out-dir <dir>` / `--yes`, as the usage shows an option. */
function optionSynopsis(name: string, option: OptionSpec): string {
  return option.type === 'string' ? `${flag(name)} <${option.value ?? name}>` : flag(name);
}

function positionalSynopsis({ name, optional, variadic }: PositionalSpec): string {
  const shown = variadic ? `${name}...` : name;
  return optional ? `[${shown}]` : `<${shown}>`;
}

/** The one-line synopsis: `npm run cost -- <environment> [options]`. */
export function synopsis(spec: CommandSpec): string {
  const parts = [spec.command, ...(spec.positionals ?? []).map(positionalSynopsis)];
  if (Object.keys(spec.options ?? {}).length > 0) parts.push('[options]');
  return parts.join(' ');
}

/** Aligned `  left  description` lines. */
function table(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, description]) => `  ${left.padEnd(width)}  ${description}`);
}

/** The `--help` text: synopsis, description, arguments and options, one line each. */
export function usage(spec: CommandSpec): string {
  const positionals = spec.positionals ?? [];
  const options: [string, string][] = Object.entries(spec.options ?? {}).map(([name, option]) => [
    optionSynopsis(name, option),
    option.type === 'string' && option.default !== undefined ? `${option.description} (default: ${option.default})` : option.description,
  ]);
  options.push([`-h, ${flag('help')}`, HELP.description]);
  return [
    `Usage: ${synopsis(spec)}`,
    '',
    spec.description,
    ...(positionals.length > 0 ? ['', 'Arguments:', ...table(positionals.map((positional) => [positionalSynopsis(positional), positional.description]))] : []),
    '',
    'Options:',
    ...table(options),
  ].join('\n');
}

/** An error about `subject` (an option or argument) with the command's synopsis as the fix. */
export function commandLineError(spec: CommandSpec, subject: string, problem: string): CommandLineError {
  return new CommandLineError(`${subject}: ${problem}. Fix: ${synopsis(spec)}`);
}

/** Checks the declaration itself: a table mistake is a bug of the tool, caught by its parse spec. */
function checkSpec(spec: CommandSpec): void {
  const positionals = spec.positionals ?? [];
  positionals.forEach((positional, index) => {
    if (positional.variadic && index !== positionals.length - 1) throw new Error(`${spec.command}: only the last positional may be variadic`);
    if (!positional.optional && positionals.slice(0, index).some((earlier) => earlier.optional)) {
      throw new Error(`${spec.command}: required positional ${positional.name} after an optional one`);
    }
  });
  if ('help' in (spec.options ?? {})) throw new Error(`${spec.command}: --help is added to every command; do not declare it`);
}

/**
 * Parses `args` (without node and the script) against `spec`. Throws {@link HelpRequested} when `--help`/`-h` is
 * among them, {@link CommandLineError} for an unknown option, a missing or unexpected value, a repeated option or the
 * wrong number of positional arguments.
 */
export function parseCommandLine<const S extends CommandSpec>(spec: S, args: readonly string[]): ParsedCommandLine<S> {
  checkSpec(spec);
  const declared: Record<string, OptionSpec> = { ...spec.options, help: HELP };
  // Non-strict with tokens: every problem is reported here, in this file's words, whatever node's version says.
  const { tokens } = parseArgs({
    args: [...args],
    options: Object.fromEntries(Object.entries(declared).map(([name, { type }]) => [name, name === 'help' ? { type, short: 'h' } : { type }])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  if (tokens.some((token) => token.kind === 'option' && token.name === 'help' && token.value === undefined)) throw new HelpRequested(usage(spec));

  const values: Record<string, string | string[] | boolean | undefined> = {};
  for (const [name, option] of Object.entries(spec.options ?? {})) {
    values[name] = option.type === 'boolean' ? false : option.multiple ? [] : option.default;
  }
  const given = new Set<string>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const option = declared[token.name];
    if (option === undefined) {
      // `-detailed-exitcode` is a group of short flags to parseArgs: name the whole argument, not its `-d`.
      const given = token.rawName.startsWith('--') ? token.rawName : args[token.index];
      throw new CommandLineError(`${given}: unknown option. Fix: use one of ${Object.keys(declared).map(flag).join(', ')}`);
    }
    const shown = flag(token.name);
    if (option.type === 'boolean') {
      if (token.value !== undefined) throw new CommandLineError(`${shown}: takes no value. Fix: write ${shown} alone`);
      values[token.name] = true;
      continue;
    }
    // `--out-dir --yes` would otherwise take `--yes` as the directory; `--out-dir=-x` says it means it.
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-'))) {
      throw new CommandLineError(`${shown}: needs a value. Fix: ${optionSynopsis(token.name, option)} or ${shown}=<${option.value ?? token.name}>`);
    }
    if (option.multiple) {
      (values[token.name] as string[]).push(token.value);
    } else {
      if (given.has(token.name)) throw new CommandLineError(`${shown}: given more than once. Fix: give it once`);
      values[token.name] = token.value;
    }
    given.add(token.name);
  }

  const declaredPositionals = spec.positionals ?? [];
  const missing = declaredPositionals.find((positional, index) => !positional.optional && positionals[index] === undefined);
  if (missing !== undefined) throw commandLineError(spec, positionalSynopsis(missing), 'missing');
  if (!declaredPositionals.at(-1)?.variadic && positionals.length > declaredPositionals.length) {
    throw commandLineError(spec, `'${positionals[declaredPositionals.length]}'`, 'unexpected argument');
  }
  return { values: values as OptionValues<S>, positionals };
}

/** A command with subcommands (`plan-comment render|post|drift`): the first argument names one of `commands`. */
export interface ProgramSpec<C extends Readonly<Record<string, CommandSpec>>> {
  /** How a person runs it, without arguments: `npm run plan-comment --`. */
  readonly command: string;
  readonly description: string;
  /** Each subcommand's own spec; its `command` includes the subcommand's name. */
  readonly commands: C;
}

/** The `--help` text of a program: its synopsis and one line per subcommand. */
export function programUsage<C extends Readonly<Record<string, CommandSpec>>>(program: ProgramSpec<C>): string {
  const commands = Object.entries(program.commands).map(([name, spec]): [string, string] => [name, spec.description]);
  return [`Usage: ${program.command} <command> [options]`, '', program.description, '', 'Commands:', ...table(commands), '', `${program.command} <command> --help shows a command's options.`].join('\n');
}

/** The parsed command line of one subcommand, tagged with its name. */
export type ParsedSubcommand<C extends Readonly<Record<string, CommandSpec>>> = { [K in keyof C & string]: { readonly command: K } & ParsedCommandLine<C[K]> }[keyof C & string];

/** Parses `args` whose first element names a subcommand, then the rest against that subcommand's spec. */
export function parseSubcommand<const C extends Readonly<Record<string, CommandSpec>>>(program: ProgramSpec<C>, args: readonly string[]): ParsedSubcommand<C> {
  const [command, ...rest] = args;
  const names = Object.keys(program.commands);
  if (command === '--help' || command === '-h') throw new HelpRequested(programUsage(program));
  if (command === undefined || command.startsWith('-')) throw new CommandLineError(`<command>: missing. Fix: ${program.command} <${names.join('|')}> (--help for more)`);
  if (!names.includes(command)) throw new CommandLineError(`${command}: unknown command. Fix: use one of ${names.join(', ')}`);
  return { command, ...parseCommandLine(program.commands[command], rest) } as ParsedSubcommand<C>;
}

/** Where a command writes; tests capture it. */
export interface Output {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** stdout and stderr, a line per call. */
export const processOutput: Output = { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) };

/**
 * The exit code of a help request (0, usage on stdout) or a wrong command line (2, the message on stderr);
 * undefined for any other error, which the caller handles.
 */
export function reportCommandLine(error: unknown, output: Output = processOutput): number | undefined {
  if (error instanceof HelpRequested) {
    output.out(error.usage);
    return 0;
  }
  if (error instanceof CommandLineError) {
    output.err(`error: ${error.message}`);
    return error.exitCode;
  }
  return undefined;
}
