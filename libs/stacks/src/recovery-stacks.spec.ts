import { EnvironmentInput, loadEnvironment } from '@platform/config';
import { exampleEnvironment } from '@platform/config/testing';
import { App } from 'cdktf';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addEnvironmentStacks, environmentStackNames } from './environment-stacks';
import { applicationPorts } from './network-stack';
import { regionCode, secondarySite } from './secondary-site';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const withRecovery = (recovery: EnvironmentInput['recovery'], overrides: Partial<EnvironmentInput> = {}) => loadEnvironment(exampleEnvironment({ recovery, ...overrides }));
const warmStandby = { strategy: 'warm-standby', rpoMinutes: 15, rtoMinutes: 60, secondaryVpcCidr: '10.130.0.0/16' } as const;
const failedOver = { ...warmStandby, activeRegion: 'secondary' } as const;

/** Synthesizes the environment's stacks as one app (cross-stack references resolved); returns each stack's JSON by name. */
function synthesize(environment: ReturnType<typeof loadEnvironment>): Record<string, Json> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'recovery-stacks-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    const stacks = addEnvironmentStacks(app, environment).map((stack) => stack.node.id);
    app.synth();
    return Object.fromEntries(stacks.map((stack) => [stack, JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as Json]));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
const blocks = (json: Json, type: string): Json[] => Object.values(json.resource?.[type] ?? {});

describe('the secondary site', () => {
  it('is the environment in its secondary region: own zones, VPC, state store and region-coded names', () => {
    const site = secondarySite(withRecovery(warmStandby));
    expect(site).toMatchObject({
      name: 'staging',
      region: 'eu-west-1',
      availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      resourcePrefix: 'platform-staging-euw1',
      network: { vpcCidr: '10.130.0.0/16' },
      state: { bucket: 'platform-tfstate-123456789012-eu-west-1', region: 'eu-west-1', keyPrefix: 'staging', kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:alias/platform-terraform-state' },
      site: { primaryRegion: 'eu-central-1', primaryResourcePrefix: 'platform-staging', active: false, runsCache: true, runsCompute: true },
    });
  });

  it('starts its node groups at their minimum (the autoscaler grows them on failover) and runs no applications until it serves', () => {
    const environment = withRecovery(warmStandby);
    const standing = secondarySite(environment);
    const serving = secondarySite(withRecovery(failedOver));
    for (const [name, group] of Object.entries(environment.cluster.nodeGroups)) {
      // The minimum stays (EKS refuses a minimum above the desired size Terraform keeps sending); the desired size
      // serving is the primary's, reached by the autoscaler.
      expect(standing.cluster.nodeGroups[name]).toMatchObject({ minSize: group.minSize, desiredSize: group.minSize, maxSize: group.maxSize });
      expect(serving.cluster.nodeGroups[name]).toMatchObject({ minSize: group.minSize, desiredSize: group.desiredSize, maxSize: group.maxSize });
    }
    expect([standing.workloads.enabled, serving.workloads.enabled]).toEqual([false, true]);
  });

  it('admits the routed ports of the catalogs while standing by, so the failover changes no network', () => {
    // auth-service (3001) and user-service (3002) are routed by the microservices catalog.
    const environment = withRecovery(warmStandby, { workloads: { catalogs: ['microservices'] } });
    const standing = secondarySite(environment);
    expect(standing.workloads.enabled).toBe(false);
    expect(applicationPorts(standing)).toEqual(applicationPorts(environment));
    expect(applicationPorts(standing)).toEqual(expect.arrayContaining([3001, 3002]));
  });

  it('as a pilot light runs no NAT gateway, endpoint, cache or compute until it serves', () => {
    const pilot = secondarySite(withRecovery({ ...warmStandby, strategy: 'pilot-light', rtoMinutes: 240 }));
    expect(pilot.network).toMatchObject({ natGateways: 'none', interfaceEndpoints: [] });
    expect(pilot.site).toMatchObject({ runsCache: false, runsCompute: false });
  });

  it.each([
    ['eu-west-1', 'euw1'],
    ['eu-central-1', 'euc1'],
    ['us-east-1', 'use1'],
    ['ap-southeast-2', 'apse2'],
    ['us-gov-west-1', 'usgw1'],
  ])('codes %s as %s in resource names', (region, code) => {
    expect(regionCode(region)).toBe(code);
  });
});

describe('the stacks of disaster recovery', () => {
  it.each<[string, EnvironmentInput['recovery'], string[]]>([
    ['none', { strategy: 'none' }, []],
    ['backup-restore', {}, ['recovery-eu-west-1', 'recovery']],
    ['pilot-light', { ...warmStandby, strategy: 'pilot-light', rtoMinutes: 240 }, ['recovery-eu-west-1', 'network-eu-west-1', 'data-eu-west-1', 'recovery']],
    ['warm-standby', warmStandby, ['recovery-eu-west-1', 'network-eu-west-1', 'data-eu-west-1', 'cluster-eu-west-1', 'cluster-addons-eu-west-1', 'cluster-config-eu-west-1', 'recovery']],
    ['a warm standby failed over', failedOver, ['recovery-eu-west-1', 'network-eu-west-1', 'data-eu-west-1', 'cluster-eu-west-1', 'cluster-addons-eu-west-1', 'cluster-config-eu-west-1', 'monitoring-eu-west-1', 'workloads-eu-west-1', 'recovery']],
  ])('with %s are the ones listed, named <env>-<kind>[-<region>]', (_case, recovery, added) => {
    const environment = withRecovery(recovery, recovery?.strategy === 'none' ? { production: false } : {});
    const primary = ['network', 'cluster', 'cluster-addons', 'cluster-config', 'data', 'monitoring', 'observability', 'workloads'];
    const names = environmentStackNames(environment);
    expect(names.filter((name) => !primary.includes(name.slice('staging-'.length)))).toEqual(added.map((kind) => `staging-${kind}`));
    expect(Object.keys(synthesize(environment))).toEqual(names);
  });

  describe('of a warm standby (production)', () => {
    const stacks = synthesize(withRecovery(warmStandby));
    const recovery = stacks['staging-recovery'];

    it('back PostgreSQL and the EBS volumes up by tag, every 6 hours, copied to the secondary region’s vault, in a locked vault', () => {
      const [plan] = blocks(recovery, 'aws_backup_plan');
      // The secondary recovery stack's vault, read from that stack's state.
      const copyVault = expect.stringMatching(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-staging-recovery-eu-west-1\.outputs\.cross-stack-output-aws_backup_vault/);
      const rules = (plan.rule as Json[]).map((rule) => [rule.rule_name, rule.schedule, rule.copy_action[0].destination_vault_arn]);
      expect(rules).toEqual([
        ['daily', 'cron(0 3 ? * * *)', copyVault],
        ['every-6-hours', 'cron(0 */6 ? * * *)', copyVault],
        ['monthly', 'cron(0 4 1 * ? *)', copyVault],
      ]);
      expect(blocks(recovery, 'aws_backup_selection')[0].selection_tag).toEqual([{ type: 'STRINGEQUALS', key: 'Backup', value: 'platform-staging' }]);
      expect(blocks(recovery, 'aws_backup_vault_lock_configuration')[0]).toMatchObject({ min_retention_days: 7, max_retention_days: 35 });
      expect(blocks(stacks['staging-data'], 'aws_db_instance').find((db) => db.replicate_source_db === undefined)?.tags).toMatchObject({ Backup: 'platform-staging', Name: 'platform-staging' });
      const storageClass = blocks(stacks['staging-cluster-addons'], 'kubernetes_storage_class_v1')[0];
      expect(storageClass.parameters.tagSpecification_1).toBe('Backup=platform-staging');
    });

    it('back the application namespaces up with velero daily at 02:00, kept 72 h (seed 002), into the replicated bucket', () => {
      const velero = blocks(stacks['staging-cluster-addons'], 'helm_release').find((release) => release.name === 'velero') as Json;
      expect(JSON.parse(velero.values[0]).schedules.daily).toMatchObject({ schedule: '0 2 * * *', template: { ttl: '72h0m0s', includedNamespaces: ['staging'] } });
    });

    it('replicate the storage and velero buckets, the images and the secrets to eu-west-1', () => {
      expect(blocks(recovery, 'aws_s3_bucket_replication_configuration').map((replication) => replication.bucket)).toEqual([
        'platform-staging-storage-123456789012',
        'platform-staging-backups-123456789012-eu-central-1',
      ]);
      // ECR replication lives with the repositories, so it exists before the first push.
      expect(blocks(recovery, 'aws_ecr_replication_configuration')).toEqual([]);
      const [registry] = blocks(stacks['staging-cluster'], 'aws_ecr_replication_configuration');
      expect(registry.replication_configuration.rule[0].destination).toEqual([{ region: 'eu-west-1', registry_id: '123456789012' }]);
      const [secrets] = blocks(stacks['staging-data'], 'aws_secretsmanager_secret');
      expect(secrets.replica).toEqual([{ region: 'eu-west-1', kms_key_id: expect.stringContaining('secrets-key') }]);
    });

    it('point each application host at the primary region’s ingress and fail over to the secondary’s, both health-checked', () => {
      const records = blocks(recovery, 'aws_route53_record').filter((record) => record.name === 'api.staging.example.com');
      expect(records.map((record) => [record.set_identifier, record.failover_routing_policy.type, record.records])).toEqual([
        ['eu-central-1', 'PRIMARY', ['ingress.eu-central-1.staging.example.com']],
        ['eu-west-1', 'SECONDARY', ['ingress.eu-west-1.staging.example.com']],
      ]);
      expect(blocks(recovery, 'aws_route53_health_check').map((check) => [check.fqdn, check.type, check.port, check.resource_path])).toEqual([
        ['ingress.eu-central-1.staging.example.com', 'HTTPS', 443, '/healthz'],
        ['ingress.eu-west-1.staging.example.com', 'HTTPS', 443, '/healthz'],
      ]);
      // Each region's shared ALB serves its ingress name (the health endpoint), which external-dns publishes.
      const hostOf = (stack: string) => blocks(stacks[stack], 'kubernetes_ingress_v1').map((ingress) => (ingress.spec as { rule: { host: string }[] }).rule[0].host);
      expect(hostOf('staging-cluster-addons')).toEqual(['ingress.eu-central-1.staging.example.com']);
      expect(hostOf('staging-cluster-addons-eu-west-1')).toEqual(['ingress.eu-west-1.staging.example.com']);
    });

    it('keep a PostgreSQL replica of the primary, named by ARN, not by a read of the primary’s state', () => {
      const data = stacks['staging-data-eu-west-1'];
      expect(blocks(data, 'aws_db_instance')[0]).toMatchObject({ replicate_source_db: 'arn:aws:rds:eu-central-1:123456789012:db:platform-staging', multi_az: false });
      const remoteKeys = Object.values(data.data?.terraform_remote_state ?? {}).map((remote) => (remote as Json).config.key);
      expect(remoteKeys.every((key) => /-eu-west-1\.tfstate$/.test(key))).toBe(true);
    });
  });

  it('keep only the secondary’s failover records (Route 53 refuses two PRIMARY) and promote the replica once failed over', () => {
    const stacks = synthesize(withRecovery(failedOver));
    const records = blocks(stacks['staging-recovery'], 'aws_route53_record').filter((record) => record.name === 'api.staging.example.com');
    expect(records.map((record) => [record.set_identifier, record.failover_routing_policy.type])).toEqual([['eu-west-1', 'SECONDARY']]);
    const [replica] = blocks(stacks['staging-data-eu-west-1'], 'aws_db_instance');
    expect(replica.replicate_source_db).toBeUndefined();
    expect(replica.multi_az).toBe(true);
    expect(replica.apply_immediately).toBe(true);
    // The serving site backs its own data up (no copies: they would go to the failed region).
    const [plan] = blocks(stacks['staging-recovery-eu-west-1'], 'aws_backup_plan');
    expect((plan.rule as Json[]).map((rule) => [rule.rule_name, rule.copy_action])).toEqual([['daily', []], ['every-6-hours', []], ['monthly', []]]);
    expect(blocks(stacks['staging-recovery-eu-west-1'], 'aws_backup_selection')[0].selection_tag).toEqual([{ type: 'STRINGEQUALS', key: 'Backup', value: 'platform-staging-euw1' }]);
    // cert-manager's solver Ingresses leave the failover records' names alone as well.
    const issuer = blocks(stacks['staging-cluster-config-eu-west-1'], 'kubernetes_manifest').find((block) => block.manifest.kind === 'ClusterIssuer');
    expect(issuer?.manifest.spec.acme.solvers[0].http01.ingress.ingressTemplate.metadata.annotations).toEqual({ 'external-dns.alpha.kubernetes.io/ingress-hostname-source': 'annotation-only' });
  });
});

it('builds a serving site’s OpenSearch in a stack of its own, after the promotion (it takes longer to create)', () => {
  const names = environmentStackNames(withRecovery(failedOver, { data: { search: { enabled: true } } }));
  expect(names.slice(-2)).toEqual(['staging-search-eu-west-1', 'staging-recovery']);
  expect(environmentStackNames(withRecovery(warmStandby, { data: { search: { enabled: true } } }))).not.toContain('staging-search-eu-west-1');
});
