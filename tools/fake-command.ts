/**
 * A stand-in for a command-line tool the tools run (aws, curl), for testing them without the tool, credentials or
 * network: it records the arguments of every call and answers the calls in turn with the replies given, the last
 * one for every call after it. The tools find it through an environment variable naming the binary, e.g.
 * `AWS_CLI_BINARY`, which it sets until {@link restore}.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export class FakeCommand {
  /** Holds the script, its replies and its call log. */
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-command-'));
  private replies = 0;
  private readonly previous: string | undefined;

  /** @param variable the environment variable the tool reads the binary from, e.g. `AWS_CLI_BINARY` */
  constructor(private readonly variable: string) {
    const binary = path.join(this.dir, 'command');
    const script = `#!/usr/bin/env bash
dir='${this.dir}'
n=$(( $(cat "$dir/count" 2>/dev/null || echo 0) + 1 ))
echo "$n" > "$dir/count"
printf '%s\\t' "$@" >> "$dir/calls.log"; echo >> "$dir/calls.log"
last=$(cat "$dir/last" 2>/dev/null || echo 0)
if [ "$last" -eq 0 ]; then echo "fake command: no reply given" >&2; exit 127; fi
if [ "$n" -gt "$last" ]; then n=$last; fi
cat "$dir/reply-$n.out"; cat "$dir/reply-$n.err" >&2
exit "$(cat "$dir/reply-$n.code")"
`;
    fs.writeFileSync(binary, script, { mode: 0o755 });
    this.previous = process.env[variable];
    process.env[variable] = binary;
  }

  /** Adds the answer to the next call: what it prints and its exit code. */
  reply(stdout: string, exitCode = 0, stderr = ''): this {
    this.replies += 1;
    fs.writeFileSync(path.join(this.dir, `reply-${this.replies}.out`), stdout);
    fs.writeFileSync(path.join(this.dir, `reply-${this.replies}.err`), stderr);
    fs.writeFileSync(path.join(this.dir, `reply-${this.replies}.code`), String(exitCode));
    fs.writeFileSync(path.join(this.dir, 'last'), String(this.replies));
    return this;
  }

  /** The arguments of every call so far. */
  calls(): string[][] {
    const log = path.join(this.dir, 'calls.log');
    if (!fs.existsSync(log)) return [];
    return fs
      .readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.replace(/\t$/, '').split('\t'));
  }

  restore(): void {
    if (this.previous === undefined) delete process.env[this.variable];
    else process.env[this.variable] = this.previous;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
