/**
 * Broken environment files through the synth CLI (`tools/synth.ts`, the app of cdktf.json), each in its own folder
 * of environment files ($PLATFORM_ENVIRONMENTS_DIR): the command must fail, name the field and the fix, and write
 * nothing. Problems of one run are reported together, not one per run.
 */
import { exampleEcsEnvironment, exampleEnvironment } from '@platform/config/testing';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ENVIRONMENTS_DIR_VARIABLE } from './environments';
import { synthCommand } from './synth';

const WORKSPACE = path.resolve(__dirname, '..');
const TSX = path.join(WORKSPACE, 'node_modules', '.bin', 'tsx');
/** A valid environment: staging, with the production guardrails on (the default). */
const EXAMPLE = exampleEnvironment();

interface BadInput {
  /** Environment files by folder name. */
  readonly files: Readonly<Record<string, unknown>>;
  /** Environments named on the command line. @default [] (every environment in the folder) */
  readonly args?: readonly string[];
  /** What stderr must contain: each problem with its field path and fix. */
  readonly reports: readonly string[];
}

type Patch = { readonly [key: string]: unknown };

/** `base` with `patch` merged in: nested objects are merged, anything else (arrays too) replaced; `undefined` removes. */
function patched(base: Patch, patch: Patch): Patch {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = result[key];
    result[key] = isObject(current) && isObject(value) ? patched(current, value) : value;
  }
  return result;
}

function isObject(value: unknown): value is Patch {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The example with one thing broken. */
const staging = (patch: Patch, ...reports: string[]): BadInput => ({ files: { staging: patched(EXAMPLE, patch) }, reports });

const issue = (field: string, message: string) => `\n  - ${field}: ${message}`;
const nodeGroup = (group: Patch) => ({ cluster: { nodeGroups: { general: { instanceTypes: ['t3.medium'], minSize: 1, desiredSize: 2, maxSize: 3, ...group } } } });
const alertRule = (rule: Patch) => ({
  observability: { alerting: { rules: [{ alert: 'QueueBacklogHigh', expr: 'sum(queue_depth) > 100', for: '10m', severity: 'warning', summary: 's', description: 'd', ...rule }] } },
});

const CASES: Readonly<Record<string, BadInput>> = {
  // Wrong types
  'account id written as a number': staging({ accountId: 123456789012 }, issue('accountId', 'Invalid input: expected string, received number')),
  'production flag written as a string': staging({ production: 'yes' }, issue('production', 'Invalid input: expected boolean, received string')),
  'zones written as one string': staging({ availabilityZones: 'eu-central-1a' }, issue('availabilityZones', 'Invalid input: expected array, received string')),
  'storage size written as a string': staging(
    { data: { postgres: { allocatedStorageGiB: '100' } } },
    issue('data.postgres.allocatedStorageGiB', 'Invalid input: expected number, received string'),
  ),
  // Missing required fields
  'no VPC CIDR': staging({ network: { vpcCidr: undefined } }, issue('network.vpcCidr', "is missing. Fix: add vpcCidr: '...' (see docs/environment-config.md)")),
  'no account id': staging({ accountId: undefined }, issue('accountId', "is missing. Fix: add accountId: '...' (see docs/environment-config.md)")),
  'empty owner tag': staging({ owner: '' }, issue('owner', 'is empty. Fix: write the value the tag should carry')),
  'no admin role': staging({ cluster: { adminRoleArns: [] } }, issue('cluster.adminRoleArns', 'lists no role (empty, or not written): nobody could administer the cluster'), 'Fix: list the IAM role that deploys and administers the cluster'),
  // Out of range
  'backup retention of 40 days': staging({ data: { postgres: { backupRetentionDays: 40 } } }, issue('data.postgres.backupRetentionDays', 'is outside 0–35 days, the RDS limits. Fix: write a number of days from 0 to 35')),
  'backup retention of 3 days in production': staging(
    { data: { postgres: { backupRetentionDays: 3 } } },
    issue('data.postgres.backupRetentionDays', '3 days is too short for production. Fix: keep backups at least 7 days (default 30)'),
  ),
  'node group maxSize 0': staging(nodeGroup({ minSize: 0, desiredSize: 0, maxSize: 0 }), issue('cluster.nodeGroups.general.maxSize', 'Too small: expected number to be >=1')),
  'node group minSize above maxSize': staging(
    nodeGroup({ minSize: 5, desiredSize: 5, maxSize: 2 }),
    issue('cluster.nodeGroups.general.minSize', '5 is greater than maxSize 2. Fix: make minSize <= maxSize'),
  ),
  'budget of 0 USD': staging({ observability: { budget: { monthlyLimitUsd: 0 } } }, issue('observability.budget.monthlyLimitUsd', 'is not more than 0 USD. Fix: write the monthly limit in USD such as 400, or set budget: false')),
  'WAF rate limit below the minimum': staging({ data: { cdn: { rateLimitPer5Minutes: 10 } } }, issue('data.cdn.rateLimitPer5Minutes', 'is below 100, the WAF minimum. Fix: write 100 or more')),
  'log retention CloudWatch does not accept': staging(
    { network: { flowLogRetentionDays: 45 } },
    issue('network.flowLogRetentionDays', 'is not a retention CloudWatch Logs accepts. Fix: use one of 1, 3, 5, 7, 14, 30'),
  ),
  // Networks
  'malformed VPC CIDR': staging(
    { network: { vpcCidr: '10.300.0.0/16' } },
    issue('network.vpcCidr', "'10.300.0.0/16' is not an IPv4 CIDR such as 10.0.0.0/16. Fix: use a private range such as 10.20.0.0/16"),
  ),
  'VPC larger than AWS allows': staging(
    { network: { vpcCidr: '10.0.0.0/8' } },
    issue('network.vpcCidr', '10.0.0.0/8 is outside the /16 to /28 range AWS allows for a VPC. Fix: use a prefix between /16 and /28'),
  ),
  'overlapping subnet CIDRs': staging(
    { network: { subnetCidrs: { private: { 'eu-central-1a': '10.30.128.0/20', 'eu-central-1b': '10.30.16.0/20', 'eu-central-1c': '10.30.32.0/20' } } } },
    issue('network.subnetCidrs.private.eu-central-1a', '10.30.128.0/20 overlaps subnetCidrs.public.eu-central-1a (10.30.128.0/23). Fix: '),
  ),
  'subnet outside the VPC': staging(
    { network: { subnetCidrs: { public: { 'eu-central-1a': '192.168.0.0/24', 'eu-central-1b': '10.30.201.0/24', 'eu-central-1c': '10.30.202.0/24' } } } },
    issue('network.subnetCidrs.public.eu-central-1a', '192.168.0.0/24 does not fit in the VPC'),
  ),
  'a single-AZ database in production': staging(
    { data: { postgres: { multiAz: false } } },
    issue('data.postgres.multiAz', 'must be true in production: a single-AZ database goes down with its zone. Fix: remove multiAz: false, or set production: false'),
  ),
  'a missing field, with the fix zod does not give': staging({ accountId: undefined }, issue('accountId', "is missing. Fix: add accountId: '...' (see docs/environment-config.md)")),
  'production API endpoint open to the internet': staging(
    { cluster: { publicAccessCidrs: ['0.0.0.0/0'] } },
    issue('cluster.publicAccessCidrs.0', '0.0.0.0/0 opens the production API endpoint to the whole internet. Fix: list the office or VPN ranges'),
  ),
  'same port listed twice': staging({ network: { applicationPorts: [80, 80] } }, issue('network.applicationPorts.1', '80 is listed twice. Fix: list each port once')),
  'same queue listed twice': staging({ data: { queues: ['tasks', 'tasks'] } }, issue('data.queues.1', "'tasks' is listed twice. Fix: list each queue once")),
  // Cluster
  'unknown add-on': staging(
    { cluster: { addons: { istio: true } } },
    issue('cluster.addons.istio', 'is not a setting of cluster.addons. Fix: remove it, or write one of the settings docs/environment-config.md lists there'),
  ),
  'Kubernetes version EKS does not support': staging({ cluster: { version: '1.20' } }, issue('cluster.version', 'Invalid option: expected one of "1.32"|"1.33"|"1.34"|"1.35"')),
  'external-dns without the id of its zone': staging(
    { dnsZoneId: undefined },
    issue('dnsZoneId', 'is required by external-dns, whose IAM policy may change records only in that zone. Fix: set dnsZoneId to the id of the Route 53 zone dnsZoneName'),
  ),
  'hosted zone id with its /hostedzone/ prefix': staging(
    { dnsZoneId: '/hostedzone/Z0123456789ABCDEFGHIJ' },
    issue('dnsZoneId', "is not a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ. Fix: write the zone's Id without the /hostedzone/ prefix"),
  ),
  'instance type that does not exist': staging(
    nodeGroup({ instanceTypes: ['huge'] }),
    issue('cluster.nodeGroups.general.instanceTypes.0', "is not an EC2 instance type. Fix: write family and size such as 't3.medium' or 'c5.large'"),
  ),
  // Region and zones
  'invalid region': staging({ region: 'europe-central' }, issue('region', "'europe-central' is not a region of the AWS partitions the platform supports")),
  'misspelt region with matching zones': staging(
    { region: 'eu-centrall-1', availabilityZones: ['eu-centrall-1a', 'eu-centrall-1b', 'eu-centrall-1c'] },
    issue('region', "'eu-centrall-1' is not a region of the AWS partitions the platform supports (aws, aws-cn, aws-us-gov). Fix: write 'eu-central-1'"),
  ),
  'maintenance window Alertmanager would refuse': staging(
    { observability: { alerting: { maintenanceWindows: [{ name: 'm', weekdays: ['funday'] }] } } },
    issue('observability.alerting.maintenanceWindows.0.weekdays.0', "'funday' is not a weekday or range of weekdays. Fix: write lower-case names"),
  ),
  'zone outside the region': staging(
    { availabilityZones: ['eu-central-1a', 'us-east-1a'] },
    issue('availabilityZones.1', "'us-east-1a' is not a zone of region eu-central-1. Fix: use zones of eu-central-1 such as eu-central-1a"),
  ),
  'zone listed twice': staging({ availabilityZones: ['eu-central-1a', 'eu-central-1a'] }, issue('availabilityZones.1', "'eu-central-1a' is listed twice. Fix: list each zone once")),
  'a single zone': staging({ availabilityZones: ['eu-central-1a'] }, issue('availabilityZones', 'needs at least 2 zones: RDS subnet groups and a highly available cluster require them')),
  // Names
  'unknown environment on the command line': {
    files: { staging: EXAMPLE },
    args: ['prod'],
    reports: ["error: Unknown environment 'prod'. Known environments: staging. Fix: use one of those"],
  },
  'file declaring another environment': {
    files: { staging: { ...EXAMPLE, name: 'production' } },
    reports: [issue('name', "declares 'production' but the file belongs to environment 'staging'. Fix: set name: 'staging'")],
  },
  'additional tag overriding a mandatory one': staging({ additionalTags: { Owner: 'someone-else' } }, issue('additionalTags.Owner', "'Owner' is set by the platform or reserved by AWS. Fix: remove it")),
  // Observability
  'contact that is not an email address': staging({ contactEmail: 'platform-team' }, issue('contactEmail', "is not an email address. Fix: write the owning team's address such as platform-team@example.com")),
  'alarm subscriptions of an unknown severity': staging(
    { observability: { cloudwatch: { subscriptions: { urgent: ['oncall@example.com'] } } } },
    issue('observability.cloudwatch.subscriptions.urgent', "'urgent' is not a severity. Fix: use critical, warning, info"),
  ),
  'alert rule of an unknown severity': staging(alertRule({ severity: 'urgent' }), issue('observability.alerting.rules.0.severity', 'is not a severity. Fix: write one of critical, warning, info')),
  "alert rule whose 'for' is not a duration": staging(
    alertRule({ for: 'ten minutes' }),
    issue('observability.alerting.rules.0.for', "is not a Prometheus duration. Fix: write a number and unit such as '5m'"),
  ),
  'secret referenced but not in data.secrets': staging(
    { observability: { grafana: { adminSecretName: 'observability/grafana' } } },
    issue('observability.grafana.adminSecretName', "'observability/grafana' is not one of data.secrets, so no such secret would exist. Fix: add 'observability/grafana' to data.secrets"),
  ),
  // Misspelt keys
  'misspelt top-level key': {
    files: { staging: { ...EXAMPLE, network: undefined, netwrok: EXAMPLE.network } },
    // The misspelt key with its line (` (<file>:<line>)` follows), which the synth command finds; the section it misspells is missing.
    reports: [
      `${issue('netwrok', "is not a setting (did you mean 'network'?). Fix: rename it to network, or remove it")} (`,
      issue('network', 'is missing. Fix: add network: { ... } (see docs/environment-config.md)'),
    ],
  },
  'misspelt nested key': staging(
    { data: { postgress: { multiAz: true } } },
    `${issue('data.postgress', "is not a setting (did you mean 'postgres'?). Fix: rename it to postgres, or remove it")} (`,
  ),
  // Aggregation: every problem of a run is reported at once
  'many problems in one environment': staging(
    {
      accountId: '12345',
      contactEmail: 'nobody',
      availabilityZones: ['eu-central-1a', 'eu-central-1a', 'eu-central-1c'],
      network: { vpcCidr: '10.30.0.0/33', flowLogRetentionDays: 10 },
      cluster: { addons: { istio: true }, publicAccessCidrs: ['0.0.0.0/0'] },
      data: { postgres: { backupRetentionDays: 40 }, redis: { nodes: 1 } },
      observability: { grafana: { adminSecretName: 'observability/grafana' }, budget: { monthlyLimitUsd: -5 }, cloudwatch: { subscriptions: { urgent: ['nobody'] } } },
    },
    issue('accountId', 'is not a 12-digit AWS account id'),
    issue('contactEmail', 'is not an email address'),
    issue('availabilityZones.1', "'eu-central-1a' is listed twice"),
    issue('network.vpcCidr', "'10.30.0.0/33' is not an IPv4 CIDR"),
    issue('network.flowLogRetentionDays', 'is not a retention CloudWatch Logs accepts'),
    issue('cluster.addons.istio', 'is not a setting of cluster.addons'),
    issue('cluster.publicAccessCidrs.0', '0.0.0.0/0 opens the production API endpoint to the whole internet'),
    issue('observability.grafana.adminSecretName', "'observability/grafana' is not one of data.secrets"),
    issue('data.postgres.backupRetentionDays', 'is outside 0–35 days'),
    issue('data.redis.multiAz', 'needs at least 2 nodes for automatic failover, but nodes is 1. Fix: set nodes: 2 or more, or multiAz: false'),
    issue('observability.budget.monthlyLimitUsd', 'is not more than 0 USD'),
    issue('observability.cloudwatch.subscriptions.urgent', "'urgent' is not a severity"),
    issue('observability.cloudwatch.subscriptions.urgent.0', 'is not an email address'),
  ),
  // Seed 003 on ECS Fargate (issue 15): every mistake of a StoryMagic environment file at once.
  'an ECS environment with EKS settings, a size Fargate lacks, latest and a non-EU country in a GDPR allow-list': {
    files: {
      'storymagic-production': patched(exampleEcsEnvironment() as Patch, {
        cluster: { nodeGroups: {} },
        ecs: { services: { api: { repository: 'storymagic/api', cpu: 1024, memoryMiB: 1024, imageTag: 'latest' } } },
        data: { cdn: { gdpr: true, allowedCountries: ['DE', 'US'] } },
      }),
    },
    reports: [
      "Environment 'storymagic-production' (",
      issue('cluster', "is an EKS setting, and this environment runs on ECS (compute: 'ecs'), which has no cluster to apply it to. Fix: remove cluster, or set compute: 'eks'"),
      issue('ecs.services.api.memoryMiB', '1024 MiB is not offered by Fargate with cpu 1024. Fix: use one of 2048, 3072, 4096, 5120, 6144, 7168, 8192'),
      issue('ecs.services.api.imageTag', "'latest' is not reproducible"),
      issue('data.cdn.allowedCountries.1', "'US' is outside the EU/EEA, and gdpr: true limits the CDN to visitors from there. Fix: remove 'US'"),
    ],
  },
  'problems in two environments': {
    files: {
      staging: patched(EXAMPLE, { data: { postgres: { backupRetentionDays: 40 } } }),
      production: patched(EXAMPLE, { name: 'production', accountId: '210987654321', region: 'mars-1' }),
    },
    reports: [
      "Environment 'production' (",
      issue('region', "'mars-1' is not a region of the AWS partitions the platform supports"),
      "Environment 'staging' (",
      issue('data.postgres.backupRetentionDays', 'is outside 0–35 days'),
    ],
  },
};

interface CommandRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly environmentsDir: string;
  readonly outdir: string;
}

function writeEnvironments(workDir: string, files: Readonly<Record<string, unknown>>): string {
  const environmentsDir = path.join(workDir, 'environments');
  for (const [name, input] of Object.entries(files)) {
    fs.mkdirSync(path.join(environmentsDir, name), { recursive: true });
    fs.writeFileSync(path.join(environmentsDir, name, 'environment.ts'), `export const environment = ${JSON.stringify(input, null, 2)};\n`);
  }
  return environmentsDir;
}

/**
 * Runs the command in this process, as `tsx tools/synth.ts <args>` would with these environment files: a process
 * per case would cost over a second each.
 */
function runCommand(workDir: string, { files, args = [] }: Pick<BadInput, 'files' | 'args'>): CommandRun {
  const environmentsDir = writeEnvironments(workDir, files);
  const outdir = path.join(workDir, 'cdktf.out', 'all');
  const variables = { CDKTF_OUTDIR: outdir, [ENVIRONMENTS_DIR_VARIABLE]: environmentsDir };
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  const stdout: string[] = [];
  const stderr: string[] = [];
  jest.spyOn(console, 'log').mockImplementation((text: string) => stdout.push(`${text}\n`));
  jest.spyOn(console, 'error').mockImplementation((text: string) => stderr.push(`${text}\n`));
  try {
    synthCommand(args);
    return { status: Number(process.exitCode ?? 0), stdout: stdout.join(''), stderr: stderr.join(''), environmentsDir, outdir };
  } finally {
    process.exitCode = undefined;
    jest.restoreAllMocks();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Runs `tsx tools/synth.ts` as a process of its own, as cdktf does. */
function spawnCommand(environmentsDir: string, outdir: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(TSX, ['tools/synth.ts'], {
    cwd: WORKSPACE,
    encoding: 'utf8',
    env: { ...process.env, CDKTF_OUTDIR: outdir, [ENVIRONMENTS_DIR_VARIABLE]: environmentsDir },
  });
}

function outputLeft(outdir: string): string[] {
  const parent = path.dirname(outdir);
  return fs.existsSync(parent) ? fs.readdirSync(parent) : [];
}

describe('tools/synth.ts on broken environment files', () => {
  const names = Object.keys(CASES);
  let workDir: string;
  beforeAll(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-input-'));
  });
  afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

  it('covers at least 25 kinds of broken input', () => {
    expect(names.length).toBeGreaterThanOrEqual(25);
  });

  it('synthesizes the unbroken example, so each failure below comes from what its case breaks', () => {
    const run = runCommand(path.join(workDir, 'baseline'), { files: { staging: EXAMPLE } });
    expect(run.stderr).toMatch(/^policy staging: \d+ rules, \d+ checks: \d+ passed, 0 errors/);
    expect(run.stderr).not.toMatch(/^error/m);
    expect(run.status).toBe(0);
    expect(fs.readdirSync(path.join(run.outdir, 'stacks'))).toContain('staging-network');
  });

  it.each(names.map((name, index) => [name, index] as const))('%s: exits 1, names the field and the fix, writes nothing', (name, index) => {
    const run = runCommand(path.join(workDir, String(index)), CASES[name]);
    for (const report of CASES[name].reports) expect(run.stderr).toContain(report);
    expect(run.stderr).toMatch(/^error: /);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(outputLeft(run.outdir)).toEqual([]);
  });

  it('fails the same way as a process of its own, without a stack trace', () => {
    const inProcess = runCommand(path.join(workDir, 'process'), CASES['many problems in one environment']);
    const outdir = path.join(workDir, 'process', 'spawned.out', 'all');
    const spawned = spawnCommand(inProcess.environmentsDir, outdir);
    expect({ status: spawned.status, stdout: spawned.stdout, stderr: spawned.stderr }).toEqual({ status: 1, stdout: '', stderr: inProcess.stderr });
    expect(spawned.stderr).not.toMatch(/^\s+at /m);
    expect(outputLeft(outdir)).toEqual([]);
  }, 30_000);
});
