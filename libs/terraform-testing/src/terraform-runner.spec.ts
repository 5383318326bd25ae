import { PlatformAwsProvider } from '@platform/core';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { App, S3Backend, TerraformStack } from 'cdktf';
import { lstatSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithTerraform, TERRAFORM_TEST_TIMEOUT_MS } from './jest';
import { daemonsAllowedBy, unpackedAwsProviderDir, unpackedProviderBinary } from './private/provider-daemons';
import { requireToolchain, terraformPlatform } from './toolchain';
import type { TerraformPlanJson } from './plan-json';
import { initializeLikeTemplate, isDevelopmentOverrideNotice, offlinePlan, offlinePlanOf, planFromStream, runTerraformCommand, streamedPlanChanges, summarizePlan, type TerraformDiagnostic, TerraformValidationError } from './terraform-runner';

describe('summarizePlan', () => {
  it('counts actions like terraform does, with a replace as one add and one destroy', () => {
    const change = (address: string, ...actions: string[]) => ({
      address,
      mode: 'managed' as const,
      type: address.split('.')[0],
      change: { actions },
    });
    const plan: TerraformPlanJson = {
      resource_changes: [
        change('aws_vpc.main', 'create'),
        change('aws_subnet.a', 'create'),
        change('aws_subnet.b', 'delete', 'create'),
        change('aws_route_table.main', 'create', 'delete'),
        change('aws_security_group.web', 'update'),
        change('aws_instance.old', 'delete'),
        change('aws_s3_bucket.logs', 'no-op'),
        { address: 'data.aws_region.current', mode: 'data', type: 'aws_region', change: { actions: ['read'] } },
      ],
    };

    expect(summarizePlan(plan)).toEqual({
      add: 4,
      change: 1,
      destroy: 3,
      replace: 2,
      resourceCountsByType: { aws_vpc: 1, aws_subnet: 2, aws_route_table: 1 },
      addresses: ['aws_route_table.main', 'aws_subnet.a', 'aws_subnet.b', 'aws_vpc.main'],
    });
  });

  it('summarizes a plan without changes', () => {
    expect(summarizePlan({})).toEqual({ add: 0, change: 0, destroy: 0, replace: 0, resourceCountsByType: {}, addresses: [] });
  });
});

describe('streamedPlanChanges', () => {
  const stream = (...messages: object[]) => messages.map((message) => JSON.stringify(message)).join('\n');
  const planned = (action: string) => ({ type: 'planned_change', change: { action, resource: { addr: 'aws_vpc.main', resource_type: 'aws_vpc' } } });
  const outputs = (...actions: string[]) => ({ type: 'outputs', outputs: Object.fromEntries(actions.map((action, index) => [`out${index}`, { action }])) });

  it('is false for a plan that changes nothing: no planned change, every output noop', () => {
    expect(streamedPlanChanges(stream({ type: 'version' }, outputs('noop', 'noop'), { type: 'change_summary' }))).toBe(false);
    expect(streamedPlanChanges(stream(planned('noop')))).toBe(false);
  });

  it.each(['create', 'update', 'delete', 'replace', 'read', 'remove'])('is true for a planned %s', (action) => {
    expect(streamedPlanChanges(stream(planned(action), outputs('noop')))).toBe(true);
  });

  it('is true for an output that changes while no resource does', () => {
    expect(streamedPlanChanges(stream(outputs('noop', 'update')))).toBe(true);
  });
});

describeWithTerraform('offlinePlan', () => {
  const cleanup: string[] = [];
  afterAll(() => Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true }))));

  /** A product-like stack (S3 backend, allowed account, default tags) synthesized to disk; returns its directory. */
  function synthNetworkStack(customize: (subnet: Subnet) => void = () => undefined): string {
    const outdir = mkdtempSync(join(tmpdir(), 'terraform-runner-spec-'));
    cleanup.push(outdir);
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'network');
    new S3Backend(stack, { bucket: 'platform-state', key: 'network.tfstate', region: 'eu-central-1' });
    new PlatformAwsProvider(stack, 'aws', { region: 'eu-central-1', accountId: '123456789012', tags: { team: 'platform' } });
    const vpc = new Vpc(stack, 'vpc', { cidrBlock: '10.0.0.0/16' });
    customize(new Subnet(stack, 'private', { vpcId: vpc.id, cidrBlock: '10.0.1.0/24', availabilityZone: 'eu-central-1a' }));
    app.synth();
    return join(outdir, 'stacks', 'network');
  }

  // Both tests run terraform (about 10 s and 4 s); concurrently they fit the suite's time budget.
  it.concurrent(
    'plans a VPC and a subnet without credentials and removes its work dir',
    async () => {
      const result = await offlinePlan(synthNetworkStack());

      expect(result.validateDiagnostics).toEqual([]);
      expect(result.plan).toEqual({
        add: 2,
        change: 0,
        destroy: 0,
        replace: 0,
        resourceCountsByType: { aws_subnet: 1, aws_vpc: 1 },
        addresses: ['aws_subnet.private', 'aws_vpc.vpc'],
      });
      await expect(access(result.workDir)).rejects.toThrow(/ENOENT/);
      // The same summary from the plan's own stream, without `terraform show -json` (and so without planned values).
      const streamed = await offlinePlan(synthNetworkStack(), { plannedValues: false });
      expect(streamed.plan).toEqual(result.plan);
      expect(streamed.plannedValues).toEqual({});
      expect(Object.keys(result.plannedValues).sort()).toEqual(['aws_subnet.private', 'aws_vpc.vpc']);
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );

  it.concurrent(
    "fails validation with terraform's diagnostic for an attribute that does not exist",
    async () => {
      const stackDir = synthNetworkStack((subnet) => subnet.addOverride('vpc_id', '${aws_vpc.vpc.no_such_attribute}'));

      const error = await offlinePlan(stackDir, { keepWorkDir: true }).catch((rejection: unknown) => rejection);

      expect(error).toBeInstanceOf(TerraformValidationError);
      const { message, workDir } = error as TerraformValidationError;
      cleanup.push(workDir);
      expect(message).toMatch(
        /Error: Unsupported attribute \(resource\.aws_subnet\.private, cdk\.tf\.json line \d+\)\n\s+This object has no argument, nested block, or exported attribute named "no_such_attribute"/,
      );
      await access(join(workDir, '.terraform'));
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );

  it.concurrent(
    'initialises work dirs from one real init per provider requirements, which still checks versions against the mirror',
    async () => {
      const config = (version: string) => ({ terraform: { required_providers: { aws: { source: 'hashicorp/aws', version } }, backend: { local: { path: 'terraform.tfstate' } } } });
      const dirs = [mkdtempSync(join(tmpdir(), 'init-like-template-')), mkdtempSync(join(tmpdir(), 'init-like-template-'))];
      cleanup.push(...dirs);
      for (const dir of dirs) await initializeLikeTemplate(dir, config('5.100.0'));
      // Again, as for a next version.
      await initializeLikeTemplate(dirs[1], config('5.100.0'));
      const locks = await Promise.all(dirs.map((dir) => readFile(join(dir, '.terraform.lock.hcl'), 'utf8')));
      expect(locks[0]).toMatch(/provider "registry\.terraform\.io\/hashicorp\/aws" \{\n\s+version\s+= "5\.100\.0"/);
      expect(locks[1]).toBe(locks[0]);
      // The provider stays a link into the mirror, not a 675 MB copy.
      expect(lstatSync(join(dirs[1], '.terraform', 'providers', 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', terraformPlatform())).isSymbolicLink()).toBe(true);
      const other = mkdtempSync(join(tmpdir(), 'init-like-template-'));
      cleanup.push(other);
      await expect(initializeLikeTemplate(other, config('= 5.99.0'))).rejects.toThrow(/5\.99\.0/);
      // A lock selecting another version than the override's binary: commands run with the plain mirror, so
      // terraform's own check of the lock still fails them.
      await writeFile(join(dirs[1], 'cdk.tf.json'), JSON.stringify(config('5.100.0')));
      await writeFile(join(dirs[1], '.terraform.lock.hcl'), locks[1].replace('version     = "5.100.0"', 'version     = "5.99.0"'));
      const { exitCode, stderr } = await runTerraformCommand(dirs[1], ['plan', '-input=false', '-no-color'], { allowFailure: true });
      expect(exitCode).not.toBe(0);
      expect(stderr).toMatch(/5\.99\.0/);
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );

  it.concurrent(
    "installs from the mirror (lock file) but plans through a development override, whose notice it drops",
    async () => {
      const result = await offlinePlan(synthNetworkStack(), { plannedValues: false, keepWorkDir: true });
      cleanup.push(result.workDir);
      // init checked the version against the mirror and locked it ...
      expect(await readFile(join(result.workDir, '.terraform.lock.hcl'), 'utf8')).toMatch(/provider "registry\.terraform\.io\/hashicorp\/aws" \{\n\s+version\s+= "5\.100\.0"/);
      // ... plan ran with the override (terraform says so), and that notice is not reported as the stack's warning.
      const { stdout } = await runTerraformCommand(result.workDir, ['plan', '-json', '-lock=false', '-input=false']);
      const notices = stdout.split('\n').filter((line) => line.includes('"type":"diagnostic"')).map((line) => (JSON.parse(line) as { diagnostic: TerraformDiagnostic }).diagnostic);
      expect(notices.length).toBeGreaterThan(0);
      expect(notices.filter((notice) => !isDevelopmentOverrideNotice(notice))).toEqual([]);
      expect(result.validateDiagnostics).toEqual([]);
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );

  it.concurrent(
    'reports the warnings terraform gives while validating (a deprecated argument), which the suites hold to none',
    async () => {
      const result = await offlinePlanOf('warning', (stack) => {
        new PlatformAwsProvider(stack, 'aws', { region: 'eu-central-1', accountId: '123456789012', tags: {} });
        new S3Bucket(stack, 'bucket', { bucket: 'platform-warning-example', acl: 'private' });
      });
      expect(result.validateDiagnostics).toEqual([expect.objectContaining({ severity: 'warning', summary: expect.stringMatching(/deprecated/i) })]);
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );
});

describeWithTerraform('commands attached to a running provider', () => {
  /** Processes started by this one (directly or not) that are the aws provider serving with -debug (Linux's /proc). */
  function providerDaemonsOfThisProcess(): number {
    const processes = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .flatMap((pid) => {
        try {
          // The parent pid is the 2nd field after the command name in parentheses (which may hold spaces).
          const parent = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]);
          return [{ pid: Number(pid), parent, args: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean) }];
        } catch {
          return []; // exited meanwhile
        }
      });
    const parentOf = new Map(processes.map(({ pid, parent }) => [pid, parent]));
    const descends = (pid: number): boolean => {
      for (let parent = parentOf.get(pid); parent !== undefined && parent > 1; parent = parentOf.get(parent)) if (parent === process.pid) return true;
      return false;
    };
    return processes.filter(({ pid, args }) => /terraform-provider-aws/.test(args[0] ?? '') && args[1] === '-debug' && descends(pid)).length;
  }
  /** Whether this machine's commands attach at all: an unpacked mirror, not turned off, no TF_LOG* (asked in a test: without terraform the suite is only collected). */
  const attaching = () =>
    daemonsAllowedBy() &&
    unpackedProviderBinary(unpackedAwsProviderDir(requireToolchain().providerMirror)) !== undefined;

  /** A bucket and a queue, each tagged by the configuration of the provider it uses. */
  const taggedStack = (stack: TerraformStack, configurations: readonly { tag: string; alias?: string }[]): void => {
    for (const { tag, alias } of configurations) {
      const provider = new PlatformAwsProvider(stack, `aws-${tag}`, { region: 'eu-central-1', accountId: '123456789012', tags: { Configuration: tag }, alias });
      new S3Bucket(stack, `bucket-${tag}`, { bucket: `platform-attached-${tag}`, provider });
    }
  };
  const tagsOf = (result: { plannedValues: Readonly<Record<string, Readonly<Record<string, unknown>>>> }) =>
    Object.fromEntries(Object.entries(result.plannedValues).map(([address, values]) => [address, (values.tags_all as Record<string, string>).Configuration]));

  it(
    'plans one stack after another with each one\'s provider configuration (the provider is configured again each time)',
    async () => {
      // The daemons of the suites before stop when they end (describeWithTerraform): wait until they are gone.
      for (let waited = 0; providerDaemonsOfThisProcess() > 0 && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      const first = await offlinePlanOf('attached-first', (stack) => taggedStack(stack, [{ tag: 'first' }]));
      const daemons = providerDaemonsOfThisProcess();
      const second = await offlinePlanOf('attached-second', (stack) => taggedStack(stack, [{ tag: 'second' }]));
      expect([tagsOf(first), tagsOf(second)]).toEqual([{ 'aws_s3_bucket.bucket-first': 'first' }, { 'aws_s3_bucket.bucket-second': 'second' }]);
      // One command at a time: the first plan's daemon served the second plan's commands too.
      expect({ afterFirst: daemons, afterSecond: providerDaemonsOfThisProcess() }).toEqual(attaching() ? { afterFirst: 1, afterSecond: 1 } : { afterFirst: 0, afterSecond: 0 });
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );

  it(
    'gives each configuration of a stack with aliases its own provider, as terraform does',
    async () => {
      // Four: configurations sharing one provider process overwrite each other in whatever order terraform
      // configures them, so with fewer a wrong attachment could still come out right by chance.
      const tags = ['default', 'second', 'third', 'fourth'];
      const result = await offlinePlanOf('aliased-configurations', (stack) => taggedStack(stack, tags.map((tag, index) => ({ tag, alias: index === 0 ? undefined : tag }))));
      expect(tagsOf(result)).toEqual(Object.fromEntries(tags.map((tag) => [`aws_s3_bucket.bucket-${tag}`, tag])));
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );
});

describe('planFromStream', () => {
  const message = (addr: string, action: string) =>
    JSON.stringify({ '@level': 'info', type: 'planned_change', change: { resource: { addr, resource_type: addr.replace(/^(module\.\w+\.)?(data\.)?/, '').split('.')[0] }, action } });
  const stream = [
    JSON.stringify({ '@level': 'info', type: 'version', terraform: '1.11.4' }),
    message('aws_vpc.vpc', 'create'),
    message('aws_subnet.private', 'replace'),
    message('aws_route.default', 'update'),
    message('aws_eip.old', 'delete'),
    message('aws_kms_alias.same', 'noop'),
    message('data.aws_iam_policy_document.trust', 'read'),
    message('module.logs.data.aws_region.current', 'read'),
    message('aws_s3_bucket.kept', 'remove'),
    JSON.stringify({ '@level': 'info', type: 'change_summary', changes: { add: 2, change: 1, remove: 2 } }),
    'not json',
  ].join('\n');

  it('reads the resource changes terraform streams, counted as show -json would be', () => {
    expect(summarizePlan(planFromStream(stream))).toEqual({
      add: 2,
      change: 1,
      destroy: 2,
      replace: 1,
      resourceCountsByType: { aws_subnet: 1, aws_vpc: 1 },
      addresses: ['aws_subnet.private', 'aws_vpc.vpc'],
    });
    expect(planFromStream(stream).resource_changes?.filter(({ mode }) => mode === 'data').map(({ address }) => address)).toEqual([
      'data.aws_iam_policy_document.trust',
      'module.logs.data.aws_region.current',
    ]);
  });

  it('refuses an action it has no mapping for rather than miscounting it', () => {
    expect(() => planFromStream(message('aws_vpc.moved', 'move'))).toThrow("aws_vpc.moved has the planned action 'move', which has no mapping");
  });
});

