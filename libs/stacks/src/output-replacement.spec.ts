import { TerraformOutput, TerraformStack } from 'cdktf';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthesizeAtomically } from './synthesize-environments';

describe('how synthesis replaces the previous output', () => {
  let workDir: string;
  let outdir: string;
  beforeEach(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'output-replacement-'));
    outdir = path.join(workDir, 'cdktf.out', 'staging');
  });
  afterEach(() => fs.rmSync(workDir, { recursive: true, force: true }));

  const synthesizeWith = (value: string, removePrevious?: 'now' | 'in-background') =>
    synthesizeAtomically(
      outdir,
      (app) => {
        new TerraformOutput(new TerraformStack(app, 'staging-network'), 'marker', { value });
      },
      [],
      { removePrevious },
    );
  const markerOf = () => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'staging-network', 'cdk.tf.json'), 'utf8')).output.marker.value;

  it.each(['now', 'in-background'] as const)('%s: the new output is in place when it returns, and nothing of the old one is left once previousRemoved settles', async (removePrevious) => {
    synthesizeWith('first');
    fs.writeFileSync(path.join(outdir, 'left-by-hand.txt'), 'an earlier file');
    const { previousRemoved } = synthesizeWith('second', removePrevious);
    expect(markerOf()).toBe('second');
    expect(fs.existsSync(path.join(outdir, 'left-by-hand.txt'))).toBe(false);
    await previousRemoved;
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['staging']);
  });

  it('in-background: the old output waits aside under the process id until it is deleted', async () => {
    synthesizeWith('first');
    const { previousRemoved } = synthesizeWith('second', 'in-background');
    expect(fs.readdirSync(path.dirname(outdir)).sort()).toEqual(['staging', `staging.previous-${process.pid}`]);
    await previousRemoved;
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['staging']);
  });

  it('in-background with no previous output simply moves the new one in', async () => {
    const { previousRemoved } = synthesizeWith('only', 'in-background');
    await previousRemoved;
    expect(markerOf()).toBe('only');
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['staging']);
  });

  it('refuses to replace a folder an earlier synthesis did not write (a mistyped --out-root such as apps), leaving it untouched', () => {
    fs.mkdirSync(path.join(outdir, 'src'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'src', 'main.ts'), 'source');
    expect(() => synthesizeWith('first')).toThrow(`${outdir}: exists and is not the output of a synthesis (no manifest.json in it), so it is not replaced. Fix: choose another output folder`);
    expect(fs.readFileSync(path.join(outdir, 'src', 'main.ts'), 'utf8')).toBe('source');
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['staging']);
  });

  it('refuses a file where the folder would go, and accepts an empty folder', async () => {
    fs.mkdirSync(path.dirname(outdir), { recursive: true });
    fs.writeFileSync(outdir, 'a file');
    expect(() => synthesizeWith('first')).toThrow('is not the output of a synthesis');
    fs.rmSync(outdir);
    fs.mkdirSync(outdir);
    await synthesizeWith('first', 'in-background').previousRemoved;
    expect(markerOf()).toBe('first');
  });

  it("removes what runs that were killed left beside the output (their process is gone), never a running one's", async () => {
    const parent = path.dirname(outdir);
    fs.mkdirSync(parent, { recursive: true });
    // A process id that cannot be running (above Linux's pid_max), and this process's parent, which is.
    const ended = 4_194_305;
    for (const name of [`staging.partial-${ended}`, `staging.previous-${ended}`, `staging.partial-${process.ppid}`, `other.partial-${ended}`]) {
      fs.mkdirSync(path.join(parent, name));
    }
    await synthesizeWith('first').previousRemoved;
    expect(fs.readdirSync(parent).sort()).toEqual(['other.partial-4194305', 'staging', `staging.partial-${process.ppid}`]);
  });
});

