import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareStackJson, compareSyntheses, formatComparisons, formatJsonPath, hasResourceDifferences, jsonDifferences, readSynthesis } from './synthesis-comparison';

/** A stack's JSON as cdktf writes it: two-space indentation, cdktf's metadata under "//". */
const stack = (version: string, bucket: string, tags: unknown = []) =>
  JSON.stringify({ '//': { metadata: { version, stackName: 'app' } }, resource: { aws_s3_bucket: { logs: { bucket, tags } } } }, null, 2);

describe('tools/synthesis-comparison: two syntheses compared stack by stack', () => {
  describe('jsonDifferences', () => {
    it('finds nothing in equal values, whatever the order of object keys', () => {
      expect(jsonDifferences({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toEqual([]);
    });

    it('names each changed leaf, each key on one side only and each array element past the shorter length', () => {
      expect(jsonDifferences({ a: { b: 1, gone: true }, list: [1, 2, 3] }, { a: { b: 2, added: 'x' }, list: [1, 2] })).toEqual([
        { path: ['a', 'added'], before: undefined, after: 'x' },
        { path: ['a', 'b'], before: 1, after: 2 },
        { path: ['a', 'gone'], before: true, after: undefined },
        { path: ['list', 2], before: 3, after: undefined },
      ]);
    });

    it('reports a change of type once, with the whole value', () => {
      expect(jsonDifferences({ a: [1] }, { a: { 0: 1 } })).toEqual([{ path: ['a'], before: [1], after: { 0: 1 } }]);
    });
  });

  it('formatJsonPath writes names plainly and quotes the others', () => {
    expect(formatJsonPath(['//', 'metadata', 'version'])).toBe('["//"].metadata.version');
    expect(formatJsonPath(['resource', 'aws_s3_bucket', 'logs', 'tags', 'cost.center', 0])).toBe('resource.aws_s3_bucket.logs.tags["cost.center"][0]');
    expect(formatJsonPath([])).toBe('(root)');
  });

  describe('compareStackJson', () => {
    it('calls the same bytes identical', () => {
      expect(compareStackJson('dev/dev-network', stack('0.21.0', 'b'), stack('0.21.0', 'b'), 5)).toMatchObject({ verdict: 'identical', differenceCount: 0 });
    });

    it('calls the same JSON written differently formatting (cdktf 0.21 splits empty arrays over two lines, cdktn does not)', () => {
      const cdktf = stack('0.21.0', 'b').replace('"tags": []', '"tags": [\n        ]');
      expect(cdktf).not.toBe(stack('0.21.0', 'b'));
      expect(compareStackJson('dev/dev-network', cdktf, stack('0.21.0', 'b'), 5)).toMatchObject({ verdict: 'formatting', differences: [] });
    });

    it('calls a difference under "//" only metadata, and shows it', () => {
      expect(compareStackJson('dev/dev-network', stack('0.21.0', 'b'), stack('0.24.0', 'b'), 5)).toEqual({
        stack: 'dev/dev-network',
        verdict: 'metadata',
        differences: [{ path: '["//"].metadata.version', before: '"0.21.0"', after: '"0.24.0"' }],
        differenceCount: 1,
      });
    });

    it('calls a resource difference different, lists it before the metadata and caps the list at the limit', () => {
      const compared = compareStackJson('dev/dev-network', stack('0.21.0', 'b', ['x']), stack('0.24.0', 'c', []), 2);
      expect(compared.verdict).toBe('different');
      expect(compared.differenceCount).toBe(3);
      expect(compared.differences).toEqual([
        { path: 'resource.aws_s3_bucket.logs.bucket', before: '"b"', after: '"c"' },
        { path: 'resource.aws_s3_bucket.logs.tags[0]', before: '"x"', after: '(absent)' },
      ]);
    });

    it('shortens long values', () => {
      const [difference] = compareStackJson('s', stack('0.21.0', 'b'), stack('0.21.0', 'x'.repeat(200)), 1).differences;
      expect(difference.after).toHaveLength(80);
      expect(difference.after.endsWith('…')).toBe(true);
    });

    it('calls a stack only one synthesis wrote missing', () => {
      expect(compareStackJson('dev/dev-extra', undefined, stack('0.24.0', 'b'), 5)).toMatchObject({
        verdict: 'missing',
        differences: [{ path: '(file)', before: '(absent)', after: 'cdk.tf.json' }],
      });
    });
  });

  describe('compareSyntheses and the report', () => {
    const before = new Map([
      ['dev/dev-data', stack('0.21.0', 'b')],
      ['dev/dev-network', stack('0.21.0', 'b')],
    ]);

    it('compares every stack either side wrote, in order, and fails only on resources or missing stacks', () => {
      const metadataOnly = compareSyntheses(before, new Map([...before].map(([name, text]) => [name, text.replace('0.21.0', '0.24.0')])), 5);
      expect(metadataOnly.map(({ stack: name, verdict }) => [name, verdict])).toEqual([
        ['dev/dev-data', 'metadata'],
        ['dev/dev-network', 'metadata'],
      ]);
      expect(hasResourceDifferences(metadataOnly)).toBe(false);
      expect(hasResourceDifferences(compareSyntheses(before, new Map([['dev/dev-data', stack('0.21.0', 'b')]]), 5))).toBe(true);
      expect(hasResourceDifferences(compareSyntheses(before, new Map([...before, ['dev/dev-data', stack('0.21.0', 'c')]]), 5))).toBe(true);
    });

    it('prints one line per stack, its differences below and the count of each verdict', () => {
      const report = formatComparisons(compareSyntheses(before, new Map([...before, ['dev/dev-data', stack('0.24.0', 'c')]]), 1));
      expect(report.split('\n')).toEqual([
        expect.stringMatching(/^DIFFERENT +dev\/dev-data$/),
        '    resource.aws_s3_bucket.logs.bucket: "b" -> "c"',
        '    … 1 more',
        expect.stringMatching(/^identical +dev\/dev-network$/),
        '2 stacks: 1 identical; 1 DIFFERENT',
      ]);
    });
  });

  describe('readSynthesis', () => {
    let root: string;
    beforeEach(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'synthesis-comparison-'));
      for (const [app, name] of [['dev', 'dev-network'], ['bootstrap', 'bootstrap-1']]) {
        fs.mkdirSync(path.join(root, app, 'stacks', name), { recursive: true });
        fs.writeFileSync(path.join(root, app, 'stacks', name, 'cdk.tf.json'), `{"path": "/tmp/copy/terraform.${name}.tfstate"}`);
      }
      fs.writeFileSync(path.join(root, 'dev', 'manifest.json'), '{}');
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("reads each app's stacks, keyed <app>/<stack>, with the copy's path rewritten to the workspace's", () => {
      expect(Object.fromEntries(readSynthesis(root, { from: '/tmp/copy', to: '/work/platform' }))).toEqual({
        'bootstrap/bootstrap-1': '{"path": "/work/platform/terraform.bootstrap-1.tfstate"}',
        'dev/dev-network': '{"path": "/work/platform/terraform.dev-network.tfstate"}',
      });
    });
  });
});
