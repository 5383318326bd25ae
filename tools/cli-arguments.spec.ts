import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CommandLineError, CommandSpec, HelpRequested, parseCommandLine, parseSubcommand, reportCommandLine, synopsis, usage } from './cli-arguments';
import { itFollowsTheCommandLineConvention, thrownBy } from './cli-arguments-testing';
import { runTool } from './run-tool';

const WORKSPACE = path.resolve(__dirname, '..');

const EXAMPLE = {
  command: 'npm run example --',
  description: 'Does an example thing.',
  positionals: [
    { name: 'environment', description: 'the environment' },
    { name: 'stack', description: 'the stacks', optional: true, variadic: true },
  ],
  options: {
    'out-dir': { type: 'string', value: 'dir', description: 'where to write', default: 'cdktf.out' },
    tag: { type: 'string', description: 'a tag' },
    plan: { type: 'string', multiple: true, description: 'a plan (repeatable)' },
    yes: { type: 'boolean', description: 'do not ask' },
  },
} as const satisfies CommandSpec;

const parse = (args: readonly string[]) => parseCommandLine(EXAMPLE, args);
const message = (args: readonly string[]) => (thrownBy(() => parse(args)) as Error).message;

describe('parseCommandLine', () => {
  it('reads options with a separate or an attached value, anywhere among the positionals, with defaults', () => {
    expect(parse(['staging'])).toEqual({ values: { 'out-dir': 'cdktf.out', tag: undefined, plan: [], yes: false }, positionals: ['staging'] });
    expect(parse(['--out-dir', 'a', 'staging', '--tag=v1', 'staging-network', '--plan', 'x', '--plan=y', '--yes', 'staging-data'])).toEqual({
      values: { 'out-dir': 'a', tag: 'v1', plan: ['x', 'y'], yes: true },
      positionals: ['staging', 'staging-network', 'staging-data'],
    });
  });

  it('takes an empty value, a value starting with a dash when attached, and arguments after -- as positionals', () => {
    expect(parse(['staging', '--tag', '']).values.tag).toBe('');
    expect(parse(['staging', '--tag=-rc1']).values.tag).toBe('-rc1');
    expect(parse(['staging', '--', '--yes']).positionals).toEqual(['staging', '--yes']);
  });

  it.each([
    [['staging', '--force'], '--force: unknown option. Fix: use one of --out-dir, --tag, --plan, --yes, --help'],
    [['staging', '-f'], '-f: unknown option. Fix: use one of --out-dir, --tag, --plan, --yes, --help'],
    [['staging', '-yes'], '-yes: unknown option. Fix: use one of --out-dir, --tag, --plan, --yes, --help'],
    [['staging', '--tag'], '--tag: needs a value. Fix: --tag <tag> or --tag=<tag>'],
    [['staging', '--out-dir', '--yes'], '--out-dir: needs a value. Fix: --out-dir <dir> or --out-dir=<dir>'],
    [['staging', '--yes=true'], '--yes: takes no value. Fix: write --yes alone'],
    [['staging', '--tag', 'a', '--tag', 'b'], '--tag: given more than once. Fix: give it once'],
    [[], '<environment>: missing. Fix: npm run example -- <environment> [stack...] [options]'],
  ])('refuses %j: %s', (args, expected) => {
    expect(message(args)).toBe(expected);
    expect(thrownBy(() => parse(args))).toBeInstanceOf(CommandLineError);
  });

  it('counts positionals: a command without a trailing list refuses one too many', () => {
    const single = { command: 'npm run one --', description: 'One.', positionals: [{ name: 'environment', description: 'the environment' }] } as const;
    expect(parseCommandLine(single, ['staging']).positionals).toEqual(['staging']);
    expect(() => parseCommandLine(single, ['staging', 'production'])).toThrow(/^'production': unexpected argument\. Fix: npm run one -- <environment>$/);
    expect(() => parseCommandLine({ command: 'x', description: 'X.' }, ['y'])).toThrow(/^'y': unexpected argument\. Fix: x$/);
  });

  it('refuses a table a tool got wrong: a list before the last positional, a required one after an optional one, its own --help', () => {
    const positional = (name: string, more: object = {}) => ({ name, description: name, ...more });
    expect(() => parseCommandLine({ command: 'x', description: 'X.', positionals: [positional('a', { variadic: true }), positional('b')] }, [])).toThrow(/only the last positional may be variadic/);
    expect(() => parseCommandLine({ command: 'x', description: 'X.', positionals: [positional('a', { optional: true }), positional('b')] }, [])).toThrow(/required positional b after an optional one/);
    expect(() => parseCommandLine({ command: 'x', description: 'X.', options: { help: { type: 'boolean', description: 'h' } } }, [])).toThrow(/--help is added to every command/);
  });

  itFollowsTheCommandLineConvention(EXAMPLE, parse, ['staging']);
});

describe('usage', () => {
  it('is generated from the table: synopsis, description, one line per argument and option, defaults shown', () => {
    expect(usage(EXAMPLE)).toBe(
      [
        'Usage: npm run example -- <environment> [stack...] [options]',
        '',
        'Does an example thing.',
        '',
        'Arguments:',
        '  <environment>  the environment',
        '  [stack...]     the stacks',
        '',
        'Options:',
        '  --out-dir <dir>  where to write (default: cdktf.out)',
        '  --tag <tag>      a tag',
        '  --plan <plan>    a plan (repeatable)',
        '  --yes            do not ask',
        '  -h, --help       print this help and exit',
      ].join('\n'),
    );
    expect(synopsis({ command: 'x', description: 'X.' })).toBe('x');
  });

  it('wins over every other problem of the command line', () => {
    expect(thrownBy(() => parse(['--force', '--help']))).toBeInstanceOf(HelpRequested);
  });
});

describe('parseSubcommand', () => {
  const PROGRAM = {
    command: 'npm run program --',
    description: 'A program.',
    commands: { first: { ...EXAMPLE, command: 'npm run program -- first', description: 'The first.' }, second: { command: 'npm run program -- second', description: 'The second.' } },
  } as const;

  it('parses the rest against the named command', () => {
    expect(parseSubcommand(PROGRAM, ['first', 'staging', '--yes'])).toMatchObject({ command: 'first', positionals: ['staging'], values: { yes: true } });
    expect(parseSubcommand(PROGRAM, ['second'])).toEqual({ command: 'second', values: {}, positionals: [] });
  });

  it.each([
    [[], '<command>: missing. Fix: npm run program -- <first|second> (--help for more)'],
    [['--yes'], '<command>: missing. Fix: npm run program -- <first|second> (--help for more)'],
    [['third'], 'third: unknown command. Fix: use one of first, second'],
  ])('refuses %j', (args, expected) => {
    expect((thrownBy(() => parseSubcommand(PROGRAM, args)) as Error).message).toBe(expected);
  });

  it('lists the commands for --help, and shows a command its own', () => {
    expect((thrownBy(() => parseSubcommand(PROGRAM, ['-h'])) as HelpRequested).usage).toBe(
      ['Usage: npm run program -- <command> [options]', '', 'A program.', '', 'Commands:', '  first   The first.', '  second  The second.', '', 'npm run program -- <command> --help shows a command\'s options.'].join('\n'),
    );
    expect((thrownBy(() => parseSubcommand(PROGRAM, ['second', '--help'])) as HelpRequested).usage).toMatch(/^Usage: npm run program -- second\n\nThe second\./);
  });
});

describe('reportCommandLine and runTool: what a command exits with', () => {
  const captured = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, output: { out: (text: string) => out.push(text), err: (text: string) => err.push(text) } };
  };

  it('help: the usage on stdout, 0; a wrong command line: the message on stderr, 2; anything else: left to the caller', () => {
    const help = captured();
    expect(reportCommandLine(new HelpRequested('Usage: x'), help.output)).toBe(0);
    expect([help.out, help.err]).toEqual([['Usage: x'], []]);
    const wrong = captured();
    expect(reportCommandLine(new CommandLineError('--x: unknown option. Fix: use one of --help'), wrong.output)).toBe(2);
    expect([wrong.out, wrong.err]).toEqual([[], ['error: --x: unknown option. Fix: use one of --help']]);
    expect(reportCommandLine(new Error('bug'), captured().output)).toBeUndefined();
  });

  it('runTool sets those exit codes', () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const saved = process.exitCode;
    try {
      runTool(() => parse(['--help']) && 0);
      expect(process.exitCode).toBe(0);
      runTool(() => parse(['--bogus']) && 0);
      expect(process.exitCode).toBe(2);
      expect(stderr).toHaveBeenCalledWith(expect.stringMatching(/^error: --bogus: unknown option/));
    } finally {
      process.exitCode = saved;
      [log, stdout, stderr].forEach((spy) => spy.mockRestore());
    }
  });
});

describe('a tool run as a person runs it', () => {
  it('exits 0 with the usage for --help and 2 naming the valid options for an unknown one', () => {
    const tsx = path.join(WORKSPACE, 'node_modules', '.bin', 'tsx');
    const help = spawnSync(tsx, ['tools/plan.ts', '--help'], { cwd: WORKSPACE, encoding: 'utf8' });
    expect([help.status, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toMatch(/^Usage: npx tsx tools\/plan\.ts <environment> \[stack\.\.\.\] \[options\]\n/);
    const unknown = spawnSync(tsx, ['tools/plan.ts', 'staging', '--bogus'], { cwd: WORKSPACE, encoding: 'utf8' });
    expect([unknown.status, unknown.stdout, unknown.stderr]).toEqual([2, '', 'error: --bogus: unknown option. Fix: use one of --out-dir, --detailed-exitcode, --aws-only, --help\n']);
  }, 30_000);
});

describe('the tools in tools/', () => {
  // The TypeScript sources of tools/, with what they read and import.
  const sources = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'))
    .map((name) => ({ name, text: fs.readFileSync(path.join(__dirname, name), 'utf8') }));

  it('parse arguments only through cli-arguments.ts: no other parseArgs, and every reader of process.argv uses the convention', () => {
    expect(sources.filter(({ name, text }) => name !== 'cli-arguments.ts' && /\bparseArgs\s*\(/.test(text)).map(({ name }) => name)).toEqual([]);
    const readers = sources.filter(({ text }) => text.includes('process.argv'));
    expect(readers.length).toBeGreaterThan(10);
    // Directly, or through run-tool.ts and a parse function that declares a CommandSpec (check-cdktn.ts, bench.ts).
    expect(readers.filter(({ text }) => !/from '\.\/(cli-arguments|run-tool)'/.test(text)).map(({ name }) => name)).toEqual([]);
  });
});
