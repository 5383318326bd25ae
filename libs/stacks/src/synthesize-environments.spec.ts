import { EnvironmentInput } from '@platform/config';
import { exampleEnvironment } from '@platform/config/testing';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runSynthCommand } from './run-synth-command';
import { EnvironmentSource, synthesizeEnvironments } from './synthesize-environments';

const staging = exampleEnvironment();
const production: EnvironmentInput = { ...staging, name: 'production', accountId: '210987654321', network: { vpcCidr: '10.40.0.0/16' } };

describe('synthesizeEnvironments', () => {
  let workDir: string;
  let outdir: string;
  beforeEach(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
    outdir = path.join(workDir, 'cdktf.out', 'staging');
  });
  afterEach(() => fs.rmSync(workDir, { recursive: true, force: true }));

  it('writes one cdktf output with every stack of every environment and lists them', () => {
    const stacks = synthesizeEnvironments([{ input: staging }, { input: production }], outdir);
    // Both recover by backup and restore (the default): copies in eu-west-1 before the data, the backups last.
    const kinds = ['network', 'cluster', 'cluster-addons', 'cluster-config', 'recovery-eu-west-1', 'data', 'monitoring', 'observability', 'workloads', 'recovery'];
    expect(stacks.map(({ environment, stack }) => `${environment}/${stack}`)).toEqual([
      ...kinds.map((kind) => `staging/staging-${kind}`),
      ...kinds.map((kind) => `production/production-${kind}`),
    ]);
    for (const { file } of stacks) expect(fs.existsSync(file)).toBe(true);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')).stacks).sort()).toEqual(
      stacks.map(({ stack }) => stack).sort(),
    );
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['staging']);
  });

  describe('on bad input: exits non-zero, names the field, writes nothing', () => {
    const withNetwork = (network: object): EnvironmentInput => ({ ...staging, network: { vpcCidr: '10.30.0.0/16', ...network } });
    it.each<[string, EnvironmentSource[], RegExp]>([
      ['a malformed CIDR', [{ input: withNetwork({ vpcCidr: '10.30.0.0/40' }) }], /Environment 'staging' .*\n {2}- network\.vpcCidr: '10\.30\.0\.0\/40' is not an IPv4 CIDR/],
      [
        'overlapping CIDRs',
        [{ input: withNetwork({ subnetCidrs: { private: { 'eu-central-1a': '10.30.128.0/20', 'eu-central-1b': '10.30.16.0/20', 'eu-central-1c': '10.30.32.0/20' } } }) }],
        /network\.subnetCidrs\.private\.eu-central-1a: 10\.30\.128\.0\/20 overlaps subnetCidrs\.public\.eu-central-1a \(10\.30\.128\.0\/23\)\. Fix: /,
      ],
      [
        'a subnet outside the VPC',
        [{ input: withNetwork({ subnetCidrs: { public: { 'eu-central-1a': '192.168.0.0/24', 'eu-central-1b': '10.30.201.0/24', 'eu-central-1c': '10.30.202.0/24' } } }) }],
        /network\.subnetCidrs\.public\.eu-central-1a: 192\.168\.0\.0\/24 does not fit in the VPC/,
      ],
      ['fewer than 2 AZs', [{ input: { ...staging, availabilityZones: ['eu-central-1a'] } }], /availabilityZones: needs at least 2 zones/],
      ['an AZ outside the region', [{ input: { ...staging, availabilityZones: ['eu-central-1a', 'us-east-1a'] } }], /availabilityZones\.1: 'us-east-1a' is not a zone of region eu-central-1/],
      ['a file declaring another environment', [{ input: production, expectedName: 'staging' }], /name: declares 'production' but the file belongs to environment 'staging'/],
      ['duplicate stack names', [{ input: staging }, { input: staging }], /Duplicate stack name 'staging-network'.*Fix: give every environment a unique name/],
      [
        'a value only a construct rejects',
        [{ input: { ...staging, cluster: { ...staging.cluster, ecrRepositories: ['novel-engine/back_end', 'novel-engine/back.end'] } } }],
        /staging-cluster\/.*repositoryNames: has names that differ only in '\.', '_' or '\/'/,
      ],
      [
        'one bad environment among good ones',
        [{ input: production }, { input: { ...staging, accountId: '1' } }],
        /Environment 'staging' .*\n {2}- accountId: is not a 12-digit AWS account id/,
      ],
    ])('%s', (_case, sources, message) => {
      const errors: string[] = [];
      jest.spyOn(console, 'error').mockImplementation((text: string) => errors.push(text));
      jest.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        runSynthCommand(() => synthesizeEnvironments(sources, outdir));
        expect(process.exitCode).toBe(1);
      } finally {
        process.exitCode = undefined;
        jest.restoreAllMocks();
      }
      expect(errors.join('\n')).toMatch(message);
      const parent = path.dirname(outdir);
      expect(fs.existsSync(parent) ? fs.readdirSync(parent) : []).toEqual([]);
    });

    it('leaves an earlier, complete output untouched', () => {
      synthesizeEnvironments([{ input: staging }], outdir);
      const before = fs.readFileSync(path.join(outdir, 'stacks', 'staging-network', 'cdk.tf.json'), 'utf8');
      expect(() => synthesizeEnvironments([{ input: { ...staging, network: { vpcCidr: 'bad' } } }], outdir)).toThrow(/network\.vpcCidr/);
      expect(fs.readFileSync(path.join(outdir, 'stacks', 'staging-network', 'cdk.tf.json'), 'utf8')).toBe(before);
      expect(fs.readdirSync(path.dirname(outdir))).toEqual(['staging']);
    });
  });
});
