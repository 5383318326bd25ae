import { ecsServiceNames, EnvironmentConfig, MetricAlarmConfig } from '@platform/config';
import {
  AlarmSubscription,
  AlarmTopics,
  ApplicationLogGroups,
  CacheAlarms,
  ClusterAlarms,
  ContainerInsights,
  DatabaseAlarms,
  EcsServiceAlarms,
  LoadBalancerAlarms,
  MetricAlarms,
  MetricAlarmSpec,
  MonthlyBudget,
  OperationsDashboard,
  QueueAlarms,
  SEVERITIES,
  Severity,
} from '@platform/observability';
import { CIS_METRIC_FILTERS, CIS_METRIC_NAMESPACE, FindingAlerts } from '@platform/security';
import { dependable, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterStack } from './cluster-stack';
import { PlatformStack } from './platform-stack';
import { MonitoredDatabase } from './services-data-tier';

/**
 * Days Container Insights' raw performance events are kept: the metrics derived from them stay in CloudWatch
 * Metrics for 15 months, the events only serve drill-down, and they are the bulk of its cost.
 */
const CONTAINER_INSIGHTS_EVENT_RETENTION_DAYS = 7;

/**
 * `<env>-monitoring`: what watches the environment from AWS (seed 003): an SNS topic per severity, CloudWatch alarms
 * on RDS, ElastiCache, EKS nodes, load balancers and queues, each notifying its severity's topic; application log
 * groups; an operations dashboard; the monthly budget. AWS resources only, so it is validated and planned offline.
 */
export class MonitoringStack extends PlatformStack {
  readonly topics: AlarmTopics;
  /**
   * ECS service key → the alarms a release of it rolls back on: no running task (which also fires while a new
   * service has not reported yet, so blue/green only) and target 5xx at the load balancers. Empty without CloudWatch
   * alarms.
   */
  readonly rollbackAlarmNames: Readonly<Record<string, ServiceRollbackAlarms>>;

  /**
   * `cluster`: the EKS environment's cluster stack; none on ECS, whose services stack comes after this one (its
   * blue/green deployments roll back on these alarms, by name). `data`: the region's DataStack, or a serving
   * secondary site's StandbyDataStack.
   */
  constructor(scope: Construct, environment: EnvironmentConfig, cluster: ClusterStack | undefined, data: MonitoredDatabase) {
    super(scope, environment, 'monitoring');
    const { observability, accountId, region, resourcePrefix: namePrefix } = environment;
    const { cloudwatch } = observability;
    const clusterName = cluster?.eks.cluster.name;
    // Container Insights of EKS is an add-on of the cluster; an ECS cluster turns it on itself (services stack).
    const eksContainerInsights = clusterName !== undefined && cloudwatch.containerInsights;

    // The account's GuardDuty findings (its other regions forward theirs here) reach the primary region's topics only.
    const routesFindings = environment.site === undefined && environment.security.guardDuty.enabled;
    this.topics = new AlarmTopics(this, 'topics', {
      namePrefix,
      accountId,
      region,
      subscriptions: alarmSubscriptions(environment),
      eventRuleNamePrefix: routesFindings ? FindingAlerts.ruleNamePrefix(namePrefix) : undefined,
    });
    const alarmProps = { namePrefix, topicArns: this.topics.topicArns };
    if (routesFindings) new FindingAlerts(this, 'security-findings', { namePrefix, topicArns: this.topics.topicArns });

    const logGroups: Record<string, { retentionDays: number }> = {
      [`/${environment.project}/${environment.name}/application`]: { retentionDays: cloudwatch.applicationLogRetentionDays },
    };
    if (eksContainerInsights) {
      // Created before the agent starts, so the agent does not create it without an expiry.
      logGroups[ContainerInsights.performanceLogGroupName(environment.resourcePrefix)] = { retentionDays: CONTAINER_INSIGHTS_EVENT_RETENTION_DAYS };
    }
    const applicationLogs = new ApplicationLogGroups(this, 'log-groups', { namePrefix, accountId, region, logGroups });
    if (eksContainerInsights) {
      const insights = new ContainerInsights(this, 'container-insights', { clusterName, accountId, region, roleName: `${namePrefix}-cloudwatch-agent` });
      insights.addon.dependsOn = [...(insights.addon.dependsOn ?? []), ...Object.values(applicationLogs.logGroups).map((group) => dependable(group))];
    }

    const database = data.databaseIdentifiers;
    const cacheNodeIds = CacheAlarms.memberClusterIds(environment.resourcePrefix, environment.data.redis.nodes);
    const alarmArns: string[] = [];
    const rollbackAlarmNames: Record<string, ServiceRollbackAlarms> = {};
    if (cloudwatch.alarms) {
      alarmArns.push(
        ...new DatabaseAlarms(this, 'database-alarms', { ...alarmProps, instanceIdentifiers: database, allocatedStorageGiB: environment.data.postgres.allocatedStorageGiB })
          .alarmArns,
        ...new CacheAlarms(this, 'cache-alarms', { ...alarmProps, nodeIds: cacheNodeIds }).alarmArns,
        ...(clusterName === undefined ? [] : new ClusterAlarms(this, 'cluster-alarms', { ...alarmProps, clusterName }).alarmArns),
      );
      const loadBalancerAlarms = new LoadBalancerAlarms(this, 'load-balancer-alarms', alarmProps);
      alarmArns.push(...loadBalancerAlarms.alarmArns);
      const ecs = ecsServiceNames(environment);
      if (ecs !== undefined) {
        const serviceAlarms = new EcsServiceAlarms(this, 'ecs-service-alarms', { ...alarmProps, clusterName: ecs.clusterName, services: ecs.serviceNames });
        alarmArns.push(...serviceAlarms.alarmArns);
        for (const key of Object.keys(ecs.serviceNames)) {
          // References, not names: the services stack then follows this one in cdktf's manifest.
          rollbackAlarmNames[key] = { noRunningTasks: serviceAlarms.alarms[`${key}-no-running-tasks`].alarmName, target5xx: loadBalancerAlarms.alarms['alb-target-5xx'].alarmName };
        }
      }
      if (Object.keys(cloudwatch.metricAlarms).length > 0) {
        const alarms = Object.fromEntries(Object.entries(cloudwatch.metricAlarms).map(([name, alarm]) => [name, metricAlarmSpec(alarm)]));
        alarmArns.push(...new MetricAlarms(this, 'metric-alarms', { ...alarmProps, application: environment.project, alarms }).alarmArns);
      }
      if (environment.data.queues.length > 0) {
        const queueNames = environment.data.queues.map((queue) => `${environment.resourcePrefix}-${queue}`);
        alarmArns.push(...new QueueAlarms(this, 'queue-alarms', { ...alarmProps, queueNames }).alarmArns);
      }
    }

    this.rollbackAlarmNames = rollbackAlarmNames;
    alarmArns.push(...securityAlarmArns(this, environment, alarmProps));

    new OperationsDashboard(this, 'dashboard', {
      dashboardName: `${namePrefix}-operations`,
      region,
      database,
      cacheNodeIds,
      clusterName: eksContainerInsights ? clusterName : undefined,
      alarmArns,
    });

    // One budget per environment: it counts the environment's spending in every region (by its tags), so a serving
    // secondary site adds none (AWS Budgets is global: the primary's stays while its region is down).
    if (observability.budget !== false && environment.site === undefined) {
      new MonthlyBudget(this, 'budget', {
        name: `${namePrefix}-monthly`,
        limitUsd: observability.budget.monthlyLimitUsd,
        environment: environment.name,
        thresholdsPercent: observability.budget.thresholdsPercent,
        // Spending is a warning: someone should look today, nobody should be woken up.
        topicArn: this.topics.topicArn('warning'),
      });
    }

    for (const severity of SEVERITIES) {
      new TerraformOutput(this, `alarm_topic_${severity}`, { value: this.topics.topicArn(severity), description: `SNS topic of ${severity} alarms` });
    }
  }
}

/**
 * Alarms on the CIS metric filters of the account's audit trail (security-<account>-<region> stack), where its log
 * group is: in the environment's primary region, when the trail delivers to CloudWatch Logs. Independent of
 * `cloudwatch.alarms`: they watch the account, not the environment's services. Silence is no breach.
 */
function securityAlarmArns(scope: Construct, environment: EnvironmentConfig, alarmProps: { namePrefix: string; topicArns: AlarmTopics['topicArns'] }): string[] {
  const { cloudTrail } = environment.security;
  if (environment.site !== undefined || !cloudTrail.enabled || !cloudTrail.cloudWatchLogs) return [];
  const alarms = Object.fromEntries(
    CIS_METRIC_FILTERS.map(({ metricName, control, description, severity, threshold }): [string, MetricAlarmSpec] => [
      metricName.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase(),
      {
        kind: 'threshold',
        namespace: CIS_METRIC_NAMESPACE,
        metricName,
        statistic: 'Sum',
        periodSeconds: 300,
        evaluationPeriods: 1,
        comparison: '>=',
        threshold,
        severity,
        treatMissingData: 'notBreaching',
        description: `CIS AWS Foundations ${control}: ${description} (audit trail of account ${environment.accountId}). Check who and why in CloudTrail.`,
      },
    ]),
  );
  return [...new MetricAlarms(scope, 'cis-alarms', { ...alarmProps, application: 'cis', alarms }).alarmArns];
}

/** Names of the alarms an ECS service's releases roll back on. */
export interface ServiceRollbackAlarms {
  readonly noRunningTasks: string;
  readonly target5xx: string;
}

/** Who each severity's topic emails: the configured subscribers, or the environment's contact for every severity. */
function alarmSubscriptions(environment: EnvironmentConfig): Partial<Record<Severity, AlarmSubscription[]>> {
  const configured = environment.observability.cloudwatch.subscriptions;
  return Object.fromEntries(
    SEVERITIES.map((severity) => {
      const addresses = configured === undefined ? [environment.contactEmail] : (configured[severity] ?? []);
      return [severity, addresses.map((endpoint) => ({ protocol: 'email' as const, endpoint }))];
    }),
  );
}

/** An application metric alarm of the config as the observability library takes it. */
function metricAlarmSpec(alarm: MetricAlarmConfig): MetricAlarmSpec {
  if (alarm.kind === 'ratio') return alarm;
  const { metric, ...threshold } = alarm;
  return { ...threshold, ...metric };
}
