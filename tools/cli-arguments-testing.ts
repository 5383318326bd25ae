import { CommandLineError, CommandSpec, HelpRequested, usage } from './cli-arguments';

/** What `parse(args)` throws (a parse that returns fails the test). */
export function thrownBy(parse: () => unknown): unknown {
  try {
    parse();
  } catch (error) {
    return error;
  }
  throw new Error('expected the command line to be refused');
}

/**
 * The two tests every tool's command line has (tools/cli-arguments.ts): an unknown flag fails listing the valid
 * ones, and `--help` yields the usage generated from `spec`. `before` is what precedes the options (a subcommand,
 * an environment).
 */
export function itFollowsTheCommandLineConvention(spec: CommandSpec, parse: (args: readonly string[]) => unknown, before: readonly string[] = []): void {
  it('rejects an unknown flag, listing the valid ones', () => {
    const error = thrownBy(() => parse([...before, '--no-such-flag']));
    expect(error).toBeInstanceOf(CommandLineError);
    const valid = [...Object.keys(spec.options ?? {}), 'help'].map((name) => `--${name}`).join(', ');
    expect((error as Error).message).toBe(`--no-such-flag: unknown option. Fix: use one of ${valid}`);
  });

  it('prints the usage for --help and -h', () => {
    for (const help of ['--help', '-h']) {
      const error = thrownBy(() => parse([...before, help]));
      expect(error).toBeInstanceOf(HelpRequested);
      expect((error as HelpRequested).usage).toBe(usage(spec));
    }
    expect(usage(spec)).toContain(spec.description);
  });
}
