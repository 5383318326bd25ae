import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { describeWithTerraform, offlinePlanOf, OfflinePlanResult, TERRAFORM_TEST_TIMEOUT_MS } from '@platform/terraform-testing';
import { AlarmTopics } from './alarm-topics';
import { CacheAlarms } from './cache-alarms';
import { ClusterAlarms } from './cluster-alarms';
import { ContainerInsights } from './container-insights';
import { DatabaseAlarms } from './database-alarms';
import { EcsServiceAlarms } from './ecs-service-alarms';
import { LoadBalancerAlarms } from './load-balancer-alarms';
import { ApplicationLogGroups } from './log-groups';
import { MetricAlarms } from './metric-alarms';
import { MonthlyBudget } from './monthly-budget';
import { OperationsDashboard } from './operations-dashboard';
import { XRaySampling } from './xray-sampling';
import { API_LATENCY, GENERATION_TIMEOUT_RATE, SAFETY_VIOLATIONS } from './private/testing';

// Every AWS monitoring construct in one stack, planned once (terraform init + plan take about 10 s).
describeWithTerraform('AWS monitoring constructs with the real terraform', () => {
  let result: OfflinePlanResult;

  beforeAll(async () => {
    result = await offlinePlanOf('test-monitoring', (stack) => {
      new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
      const common = { accountId: '123456789012', region: 'eu-central-1' };
      const namePrefix = 'platform-test';
      const topics = new AlarmTopics(stack, 'topics', {
        ...common,
        namePrefix,
        subscriptions: { critical: [{ protocol: 'email', endpoint: 'oncall@example.com' }], warning: [{ protocol: 'https', endpoint: 'https://hooks.example.com/sns' }] },
      });
      const alarmProps = { namePrefix, topicArns: topics.topicArns };
      const database = new DatabaseAlarms(stack, 'database', { ...alarmProps, instanceIdentifiers: { primary: 'platform-test', replicas: { 'replica-1': 'platform-test-replica-1' } } });
      const cache = new CacheAlarms(stack, 'cache', { ...alarmProps, nodeIds: CacheAlarms.memberClusterIds('platform-test', 2), thresholds: { connections: 1000 } });
      const cluster = new ClusterAlarms(stack, 'cluster', { ...alarmProps, clusterName: 'platform-test' });
      const loadBalancers = new LoadBalancerAlarms(stack, 'load-balancers', alarmProps);
      new EcsServiceAlarms(stack, 'ecs', { ...alarmProps, clusterName: 'storymagic-test', services: { api: 'storymagic-api' } });
      // Seed 003's alarms on StoryMagic's custom metrics: a metric-math ratio and a plain threshold.
      new MetricAlarms(stack, 'app-alarms', {
        ...alarmProps,
        application: 'storymagic',
        alarms: {
          'generation-timeout-rate': GENERATION_TIMEOUT_RATE,
          'safety-violations': SAFETY_VIOLATIONS,
          'api-latency': API_LATENCY,
        },
      });
      new XRaySampling(stack, 'xray', { namePrefix: 'storymagic-production', serviceName: 'storymagic-api' });
      new ContainerInsights(stack, 'container-insights', { ...common, clusterName: 'platform-test' });
      new ApplicationLogGroups(stack, 'log-groups', {
        ...common,
        namePrefix,
        logGroups: { ...ApplicationLogGroups.forEnvironment('platform', 'test'), [ContainerInsights.performanceLogGroupName('platform-test')]: { retentionDays: 7 } },
      });
      new OperationsDashboard(stack, 'dashboard', {
        dashboardName: 'platform-test-operations',
        region: common.region,
        database: { primary: 'platform-test', replicas: { 'replica-1': 'platform-test-replica-1' } },
        cacheNodeIds: CacheAlarms.memberClusterIds('platform-test', 2),
        clusterName: 'platform-test',
        alarmArns: [...database.alarmArns, ...cache.alarmArns, ...cluster.alarmArns, ...loadBalancers.alarmArns],
      });
      new MonthlyBudget(stack, 'budget', {
        name: 'platform-test-monthly',
        limitUsd: 400,
        environment: 'test',
        topicArn: topics.topicArn('warning'),
        emailAddresses: ['finance@example.com'],
        activateCostAllocationTags: true,
      });
      new MonthlyBudget(stack, 'project-budget', { name: 'storymagic-monthly', limitUsd: 400, costFilterTags: { Project: 'storymagic' }, topicArn: topics.topicArn('warning') });
    });
  }, TERRAFORM_TEST_TIMEOUT_MS);

  it('validates without diagnostics and plans the topics, alarms, add-on, log groups, dashboard, sampling rule and budgets', () => {
    expect(result.validateDiagnostics).toEqual([]);
    expect(result.plan).toMatchObject({ change: 0, destroy: 0 });
    expect(result.plan.resourceCountsByType).toMatchObject({
      aws_kms_key: 2,
      aws_sns_topic: 3,
      aws_sns_topic_policy: 3,
      aws_sns_topic_subscription: 2,
      // 11 database (5 per instance + replica lag), 8 cache (4 per node), 3 cluster, 4 load balancer, 3 ECS, 3 metric.
      aws_cloudwatch_metric_alarm: 32,
      aws_xray_sampling_rule: 1,
      aws_eks_addon: 1,
      aws_eks_pod_identity_association: 1,
      aws_iam_role: 1,
      aws_cloudwatch_log_group: 2,
      aws_cloudwatch_dashboard: 1,
      aws_budgets_budget: 2,
      aws_ce_cost_allocation_tag: 5,
    });
  });
});
