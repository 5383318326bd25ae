import { EnvironmentInput, loadEnvironment, SecurityInput } from '@platform/config';
import { exampleEcsEnvironment, exampleEnvironment } from '@platform/config/testing';
import { CIS_METRIC_FILTERS, CIS_METRIC_NAMESPACE } from '@platform/security';
import { Testing } from 'cdktf';
import { dataBucketNames } from './data-bucket-names';
import { addEnvironmentStacks } from './environment-stacks';
import { SecurityBaselineStack, securityBaselines } from './security-baseline-stack';

type Resources = Record<string, Record<string, Record<string, unknown>>>;
const only = (resources: Record<string, Record<string, unknown>> | undefined) => Object.values(resources ?? {});
const load = (overrides: Partial<EnvironmentInput> = {}) => loadEnvironment(exampleEnvironment(overrides));
const DEVELOPMENT_SECURITY: SecurityInput = { cloudTrail: { dataEvents: false }, guardDuty: { runtimeMonitoring: false }, securityHub: { standards: [] }, config: { enabled: false } };
const DEVELOPMENT: Partial<EnvironmentInput> = { production: false, security: DEVELOPMENT_SECURITY };
const WARM_STANDBY = { strategy: 'warm-standby', rpoMinutes: 15, rtoMinutes: 60, secondaryVpcCidr: '10.130.0.0/16' } as const;

/** The synthesized stack of each baseline, by stack name. */
function synthBaselines(...inputs: Partial<EnvironmentInput>[]): Record<string, { resource: Resources; terraform: { backend: { s3: Record<string, unknown> } } }> {
  const app = Testing.app();
  const stacks = securityBaselines(inputs.map(load)).map((baseline) => new SecurityBaselineStack(app, baseline));
  return Object.fromEntries(stacks.map((stack) => [stack.node.id, JSON.parse(Testing.synth(stack))]));
}

describe('securityBaselines', () => {
  it('covers the primary region of the account first, then the secondary region, each with its state store', () => {
    const baselines = securityBaselines([load()]);
    expect(baselines.map(({ region, primaryRegion, state }) => [region, primaryRegion, state.bucket])).toEqual([
      ['eu-central-1', 'eu-central-1', 'platform-tfstate-123456789012-eu-central-1'],
      ['eu-west-1', 'eu-central-1', 'platform-tfstate-123456789012-eu-west-1'],
    ]);
    expect(securityBaselines([load({ recovery: { strategy: 'none' }, production: false })]).map(({ region }) => region)).toEqual(['eu-central-1']);
  });

  it('gives an account of several environments the strictest of their settings', () => {
    const [baseline] = securityBaselines([load({ ...DEVELOPMENT, name: 'development' }), load({ name: 'production', security: { cloudTrail: { retentionDays: 730, glacierAfterDays: 30 } } })]);
    expect(baseline.settings).toEqual({
      cloudTrail: { enabled: true, dataEvents: true, objectLockMode: 'COMPLIANCE', retentionDays: 730, glacierAfterDays: 90, cloudWatchLogs: true, logGroupRetentionDays: 365 },
      guardDuty: { enabled: true, s3Protection: true, eksAuditLogs: true, runtimeMonitoring: true, rdsLoginProtection: true },
      securityHub: { enabled: true, standards: ['aws-foundational-security-best-practices', 'cis-aws-foundations-benchmark'] },
      config: { enabled: true },
      accessAnalyzer: true,
    });
    expect(baseline.accountEnvironments.map(({ name }) => name)).toEqual(['development', 'production']);
  });

  it('locks in governance mode when no environment of the account is production or asks for compliance', () => {
    expect(securityBaselines([load(DEVELOPMENT)])[0].settings.cloudTrail.objectLockMode).toBe('GOVERNANCE');
    expect(securityBaselines([load({ ...DEVELOPMENT, security: { ...DEVELOPMENT_SECURITY, cloudTrail: { objectLockMode: 'COMPLIANCE' } } })])[0].settings.cloudTrail.objectLockMode).toBe('COMPLIANCE');
  });

  describe('runtime agents', () => {
    const ecs = (security: SecurityInput = {}, overrides: Partial<EnvironmentInput> = {}) => loadEnvironment(exampleEcsEnvironment({ security, ...overrides }));

    it('lets GuardDuty manage the EKS add-on where the account runs EKS, the Fargate sidecar where it runs ECS with runtime monitoring, both where it runs both', () => {
      expect(securityBaselines([load()])[0].runtimeAgents).toEqual(['EKS']);
      expect(securityBaselines([ecs()])[0].runtimeAgents).toEqual(['ECS_FARGATE']);
      expect(securityBaselines([load(), ecs()])[0].runtimeAgents).toEqual(['EKS', 'ECS_FARGATE']);
    });

    it('manages no Fargate sidecar where the ECS environments turn runtime monitoring or the detector off', () => {
      expect(securityBaselines([ecs({ guardDuty: { runtimeMonitoring: false } })])[0].runtimeAgents).toEqual([]);
      expect(securityBaselines([ecs({ guardDuty: { enabled: false } }, { production: false })])[0].runtimeAgents).toEqual([]);
    });

    it('refuses ECS environments of one account that disagree on runtime monitoring: the sidecar would reach tasks whose roles cannot pull it', () => {
      expect(() => securityBaselines([ecs(), ecs({ guardDuty: { runtimeMonitoring: false } }, { name: 'storymagic-staging', production: false })])).toThrow(
        /security\.guardDuty\.runtimeMonitoring: 'storymagic-staging' runs ECS without GuardDuty runtime monitoring but 'storymagic-production', in the same account 123456789012, has it on; .* Fix: turn runtime monitoring on .* in both, or off in both/,
      );
    });

    it("turns the ECS account's detector's runtime monitoring on with GuardDuty managing the Fargate agent only", () => {
      const [baseline] = securityBaselines([ecs()]);
      const resource = JSON.parse(Testing.synth(new SecurityBaselineStack(Testing.app(), baseline))).resource as Resources;
      expect(only(resource.aws_guardduty_detector_feature).find((feature) => feature.name === 'RUNTIME_MONITORING')).toMatchObject({
        status: 'ENABLED',
        additional_configuration: [
          { name: 'EKS_ADDON_MANAGEMENT', status: 'DISABLED' },
          { name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'ENABLED' },
          { name: 'EC2_AGENT_MANAGEMENT', status: 'DISABLED' },
        ],
      });
    });
  });

  it('refuses environments of one account in different regions', () => {
    expect(() => securityBaselines([load({ name: 'staging' }), load({ name: 'other', region: 'eu-west-1', availabilityZones: ['eu-west-1a', 'eu-west-1b'], recovery: { secondaryRegion: 'eu-central-1' } })])).toThrow(
      /region: 'other' runs in eu-west-1 but 'staging', in the same account 123456789012, runs in eu-central-1; .* Fix: run the environments of one account in one region/,
    );
  });
});

describe('SecurityBaselineStack', () => {
  const stacks = synthBaselines({ recovery: WARM_STANDBY });
  const primary = stacks['security-123456789012-eu-central-1'];
  const secondary = stacks['security-123456789012-eu-west-1'];

  it('keeps its state in the bootstrap store of its account and region', () => {
    expect(primary.terraform.backend.s3).toMatchObject({ bucket: 'platform-tfstate-123456789012-eu-central-1', key: 'security/123456789012-eu-central-1.tfstate', region: 'eu-central-1', encrypt: true });
    expect(secondary.terraform.backend.s3).toMatchObject({ bucket: 'platform-tfstate-123456789012-eu-west-1', key: 'security/123456789012-eu-west-1.tfstate', region: 'eu-west-1' });
  });

  it('builds the trail, the Config bucket and the global settings in the primary region only', () => {
    const counts = (resource: Resources) =>
      ['aws_cloudtrail', 'aws_iam_account_password_policy', 'aws_s3_account_public_access_block', 'aws_iam_service_linked_role', 'aws_s3_bucket'].map((type) => only(resource[type]).length);
    expect(counts(primary.resource)).toEqual([1, 1, 1, 1, 3]);
    expect(counts(secondary.resource)).toEqual([0, 0, 0, 0, 0]);
    expect(only(primary.resource.aws_config_configuration_recorder)[0]).toMatchObject({ recording_group: { include_global_resource_types: true } });
    expect(only(secondary.resource.aws_config_configuration_recorder)[0]).toMatchObject({ recording_group: { include_global_resource_types: false } });
    expect(only(secondary.resource.aws_config_delivery_channel)[0]).toMatchObject({ s3_bucket_name: 'platform-config-123456789012' });
  });

  it('builds the regional parts in every region, and forwards the secondary region’s findings to the primary', () => {
    for (const { resource } of [primary, secondary]) {
      expect(['aws_guardduty_detector', 'aws_securityhub_account', 'aws_accessanalyzer_analyzer', 'aws_ebs_encryption_by_default', 'aws_ec2_instance_metadata_defaults'].map((type) => only(resource[type]).length)).toEqual([1, 1, 1, 1, 1]);
    }
    expect(only(primary.resource.aws_cloudwatch_event_target)).toEqual([]);
    expect(only(secondary.resource.aws_cloudwatch_event_target)).toEqual([expect.objectContaining({ arn: 'arn:aws:events:eu-central-1:123456789012:event-bus/default' })]);
  });

  it("records the S3 data events of every data bucket of the account's environments, as their stacks name them", () => {
    const environment = load({ recovery: WARM_STANDBY });
    const synthesizedBuckets = addEnvironmentStacks(Testing.app(), environment).flatMap((stack) =>
      only((JSON.parse(Testing.synth(stack)).resource ?? {}).aws_s3_bucket)
        .map(({ bucket }) => String(bucket))
        // Log buckets hold access logs (of the storage bucket, of the ingress ALB), not data.
        .filter((name) => !/-(access|ingress)-logs-/.test(name)),
    );
    const expected = [...synthesizedBuckets, environment.state.bucket, 'platform-tfstate-123456789012-eu-west-1'].sort();
    expect([...dataBucketNames(environment)].sort()).toEqual(expected);
    const selectors = only(primary.resource.aws_cloudtrail)[0].advanced_event_selector as { field_selector: { field: string; starts_with?: string[] }[] }[];
    expect(selectors[1].field_selector[2].starts_with).toEqual(expected.map((name) => `arn:aws:s3:::${name}/`));
  });

  it('leaves out what the development settings turn off', () => {
    const { resource } = synthBaselines(DEVELOPMENT)['security-123456789012-eu-central-1'];
    expect(only(resource.aws_cloudtrail)[0].advanced_event_selector).toHaveLength(1);
    expect(only(resource.aws_securityhub_standards_subscription)).toEqual([]);
    expect(only(resource.aws_config_configuration_recorder)).toEqual([]);
    expect(only(resource.aws_s3_bucket)).toHaveLength(2);
    expect(only(resource.aws_guardduty_detector_feature).find((feature) => feature.name === 'RUNTIME_MONITORING')).toMatchObject({ status: 'DISABLED' });
    expect(only(resource.aws_s3_bucket_object_lock_configuration)[0]).toMatchObject({ rule: { default_retention: { mode: 'GOVERNANCE' } } });
  });

  it('has no trail or detector where every environment of the account turns them off', () => {
    const { resource } = synthBaselines({ ...DEVELOPMENT, security: { ...DEVELOPMENT_SECURITY, cloudTrail: { enabled: false }, guardDuty: { enabled: false } } })['security-123456789012-eu-central-1'];
    expect([only(resource.aws_cloudtrail).length, only(resource.aws_guardduty_detector).length, only(resource.aws_accessanalyzer_analyzer).length]).toEqual([0, 0, 1]);
  });
});

describe("the monitoring stack's security alerts", () => {
  const monitoringOf = (input: EnvironmentInput, name = 'staging-monitoring') => {
    const stack = addEnvironmentStacks(Testing.app(), loadEnvironment(input)).find(({ node }) => node.id === name);
    return JSON.parse(Testing.synth(stack as NonNullable<typeof stack>)).resource as Resources;
  };
  const monitoring = monitoringOf(exampleEnvironment({ workloads: { enabled: false } }));

  it('routes GuardDuty findings to the critical and warning topics, which admit those rules and let EventBridge use their key', () => {
    expect(only(monitoring.aws_cloudwatch_event_rule).map(({ name }) => name).sort()).toEqual(['platform-staging-guardduty-critical', 'platform-staging-guardduty-warning']);
    const topicPolicy = JSON.parse(only(monitoring.aws_sns_topic_policy)[0].policy as string);
    expect(topicPolicy.Statement.find(({ Sid }: { Sid: string }) => Sid === 'EventBridgeRulesPublish').Condition.ArnLike).toEqual({
      'aws:SourceArn': 'arn:aws:events:eu-central-1:123456789012:rule/platform-staging-guardduty-*',
    });
    expect(JSON.stringify(only(monitoring.aws_kms_key).map(({ policy }) => policy))).toContain('events.amazonaws.com');
  });

  it('alarms on every CIS metric of the audit trail, silence not breaching', () => {
    const alarms = only(monitoring.aws_cloudwatch_metric_alarm).filter(({ namespace }) => namespace === CIS_METRIC_NAMESPACE);
    expect(alarms.map(({ metric_name }) => metric_name).sort()).toEqual(CIS_METRIC_FILTERS.map(({ metricName }) => metricName).sort());
    expect(new Set(alarms.map(({ treat_missing_data }) => treat_missing_data))).toEqual(new Set(['notBreaching']));
    const root = alarms.find(({ metric_name }) => metric_name === 'RootAccountUsage');
    expect((root?.alarm_actions as string[])[0]).toContain('aws_sns_topic.topics_Topic-critical');
  });

  it('routes and alarms on nothing the environment turned off', () => {
    const off = monitoringOf(
      exampleEnvironment({ production: false, workloads: { enabled: false }, security: { guardDuty: { enabled: false }, cloudTrail: { cloudWatchLogs: false }, securityHub: { standards: [] }, config: { enabled: false } } }),
    );
    expect(only(off.aws_cloudwatch_event_rule)).toEqual([]);
    expect(only(off.aws_cloudwatch_metric_alarm).filter(({ namespace }) => namespace === CIS_METRIC_NAMESPACE)).toEqual([]);
    expect(JSON.stringify(only(off.aws_sns_topic_policy))).not.toContain('events.amazonaws.com');
  });
});
