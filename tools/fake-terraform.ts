/**
 * A stand-in `terraform` for testing the tools that drive it, without providers or AWS: it records every call as
 * `<stack folder> <args>`, writes `-out=` plan files, prints `show -json` from `<stack>.show.json` (default: no
 * changes), `output -json` from `<stack>.output.json` (default: no outputs), writes `<stack>.<command>-stderr` to standard error and exits with the code in `<stack>.<command>-exit` (default 0), all in its own folder.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const SCRIPT = `#!/usr/bin/env bash
stack=$(basename "$PWD")
echo "$stack $*" >> "$FAKE_TERRAFORM_DIR/calls.log"
exit_file="$FAKE_TERRAFORM_DIR/$stack.$1-exit"
case "$1" in
  plan)
    for arg in "$@"; do case "$arg" in -out=*) echo "plan of $stack" > "\${arg#-out=}";; esac; done;;
  show)
    if [ "$2" = -json ]; then cat "$FAKE_TERRAFORM_DIR/$stack.show.json" 2>/dev/null || echo '{"resource_changes":[]}'; else echo "Plan of $stack"; fi;;
  output)
    cat "$FAKE_TERRAFORM_DIR/$stack.output.json" 2>/dev/null || echo '{}';;
esac
if [ -f "$FAKE_TERRAFORM_DIR/$stack.$1-stderr" ]; then cat "$FAKE_TERRAFORM_DIR/$stack.$1-stderr" >&2; fi
if [ -f "$exit_file" ]; then exit "$(cat "$exit_file")"; fi
`;

export class FakeTerraform {
  /** Holds the script, its call log and its settings. */
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-terraform-'));
  private readonly previous = { binary: process.env.TERRAFORM_BINARY, dir: process.env.FAKE_TERRAFORM_DIR };

  /** Installs the fake as TERRAFORM_BINARY until {@link restore}. */
  constructor() {
    const binary = path.join(this.dir, 'terraform');
    fs.writeFileSync(binary, SCRIPT, { mode: 0o755 });
    process.env.TERRAFORM_BINARY = binary;
    process.env.FAKE_TERRAFORM_DIR = this.dir;
  }

  /** A stack folder named `name` (what the fake knows the stack by). */
  stackDir(name: string): string {
    const dir = path.join(this.dir, 'stacks', name);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Makes `terraform <command>` exit with `code` in the stack. */
  exitCode(stack: string, command: string, code: number): void {
    fs.writeFileSync(path.join(this.dir, `${stack}.${command}-exit`), String(code));
  }

  /** What `terraform <command>` of the stack writes to standard error. */
  stderr(stack: string, command: string, text: string): void {
    fs.writeFileSync(path.join(this.dir, `${stack}.${command}-stderr`), text);
  }

  /** What `terraform show -json` prints for the stack. */
  showJson(stack: string, json: unknown): void {
    fs.writeFileSync(path.join(this.dir, `${stack}.show.json`), JSON.stringify(json));
  }

  /** What `terraform output -json` prints for the stack. */
  outputJson(stack: string, json: unknown): void {
    fs.writeFileSync(path.join(this.dir, `${stack}.output.json`), JSON.stringify(json));
  }

  /** Every call so far, as `<stack> <args>` with the fake's own folder written as `<tmp>`. */
  calls(): string[] {
    const log = path.join(this.dir, 'calls.log');
    return fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').map((line) => line.split(this.dir).join('<tmp>')) : [];
  }

  restore(): void {
    for (const [name, value] of [['TERRAFORM_BINARY', this.previous.binary], ['FAKE_TERRAFORM_DIR', this.previous.dir]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
