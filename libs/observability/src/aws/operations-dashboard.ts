import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { Construct } from 'constructs';
import { DatabaseAlarms, DatabaseInstanceIdentifiers } from './database-alarms';
import { LOAD_BALANCER_QUERIES } from './load-balancer-alarms';
import { AWS_REGION, duplicates, quoted, requirement } from './private/validation';

export interface OperationsDashboardProps {
  /** Dashboard name, e.g. `platform-production-operations`: up to 255 letters, digits, `-` and `_`. */
  readonly dashboardName: string;
  /** Region the widgets read metrics from. */
  readonly region: string;
  /**
   * RDS instances: connections, CPU and free storage, one line per instance.
   * @default - no RDS widgets
   */
  readonly database?: DatabaseInstanceIdentifiers;
  /**
   * ElastiCache cache cluster ids: engine CPU, memory and evictions, one line per node.
   * @default [] - no ElastiCache widgets
   */
  readonly cacheNodeIds?: readonly string[];
  /**
   * EKS cluster name: Container Insights node CPU and memory.
   * @default - no EKS widgets
   */
  readonly clusterName?: string;
  /**
   * ALB 5xx counts and response time over every load balancer of the region (Metrics Insights, as the load balancers
   * are created at runtime).
   * @default true
   */
  readonly loadBalancers?: boolean;
  /**
   * Alarms the alarm status widget shows, e.g. the `alarmArns` of the alarm constructs; at most 100.
   * @default [] - no alarm widget
   */
  readonly alarmArns?: readonly string[];
}

type MetricLine = readonly (string | Readonly<Record<string, string | number>>)[];

interface Widget {
  readonly type: 'metric' | 'alarm';
  readonly width: number;
  readonly height: number;
  readonly properties: Readonly<Record<string, unknown>>;
}

const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;
/** CloudWatch's limit on the alarms of one alarm status widget. */
const MAX_ALARMS_PER_WIDGET = 100;
const HALF_WIDTH = 12;
const FULL_WIDTH = 24;
const HEIGHT = 6;

/**
 * The environment's operations dashboard in CloudWatch (`aws_cloudwatch_dashboard`): the status of the alarms on top,
 * then one-minute graphs of RDS (connections, CPU, free storage), ElastiCache (engine CPU, memory, evictions), the EKS
 * nodes (Container Insights CPU and memory) and the ALBs (5xx and response time, as Metrics Insights queries).
 *
 * The body is built with `JSON.stringify`: identifiers and ARNs from other stacks (tokens) end up as `${...}`
 * interpolations inside JSON strings, so the rendered body stays valid JSON; such values never contain quotes.
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;
  /** The dashboard body as synthesized (JSON; tokens appear as Terraform interpolations inside strings). */
  readonly body: string;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const cacheNodeIds = props.cacheNodeIds ?? [];
    const alarmArns = props.alarmArns ?? [];
    const loadBalancers = props.loadBalancers ?? true;
    this.validate(props, cacheNodeIds, alarmArns, loadBalancers);
    const { region } = props;

    const graph = (title: string, stat: string, metrics: readonly MetricLine[], extra: Record<string, unknown> = {}): Widget => ({
      type: 'metric',
      width: HALF_WIDTH,
      height: HEIGHT,
      properties: { title, region, view: 'timeSeries', stat, period: 60, metrics, ...extra },
    });
    const percentAxis = { yAxis: { left: { min: 0, max: 100 } } };
    const widgets: Widget[] = [];

    if (alarmArns.length > 0) {
      widgets.push({ type: 'alarm', width: FULL_WIDTH, height: HEIGHT, properties: { title: 'Alarms', alarms: [...alarmArns], sortBy: 'stateUpdatedTimestamp' } });
    }
    if (props.database !== undefined) {
      const instances: [string, string][] = [[DatabaseAlarms.PRIMARY, props.database.primary], ...Object.entries(props.database.replicas ?? {})];
      const lines = (metricName: string) => instances.map(([label, identifier]): MetricLine => ['AWS/RDS', metricName, 'DBInstanceIdentifier', identifier, { label }]);
      widgets.push(
        graph('RDS connections', 'Maximum', lines('DatabaseConnections')),
        graph('RDS CPU utilization (%)', 'Average', lines('CPUUtilization'), percentAxis),
        graph('RDS free storage (bytes)', 'Minimum', lines('FreeStorageSpace')),
      );
    }
    if (cacheNodeIds.length > 0) {
      const lines = (metricName: string) => cacheNodeIds.map((nodeId): MetricLine => ['AWS/ElastiCache', metricName, 'CacheClusterId', nodeId, { label: nodeId }]);
      widgets.push(
        graph('ElastiCache engine CPU (%)', 'Average', lines('EngineCPUUtilization'), percentAxis),
        graph('ElastiCache memory used (%)', 'Maximum', lines('DatabaseMemoryUsagePercentage'), percentAxis),
        graph('ElastiCache evictions', 'Sum', lines('Evictions')),
      );
    }
    if (props.clusterName !== undefined) {
      const clusterName = props.clusterName;
      // The cluster-wide series averages over the nodes; its Maximum is the busiest node.
      const lines = (metricName: string): MetricLine[] => [
        ['ContainerInsights', metricName, 'ClusterName', clusterName, { label: 'average' }],
        ['ContainerInsights', metricName, 'ClusterName', clusterName, { label: 'busiest node', stat: 'Maximum' }],
      ];
      widgets.push(
        graph('EKS node CPU (%)', 'Average', lines('node_cpu_utilization'), percentAxis),
        graph('EKS node memory (%)', 'Average', lines('node_memory_utilization'), percentAxis),
      );
    }
    if (loadBalancers) {
      const query = (expression: string, label: string, queryId: string): MetricLine => [{ expression, label, id: queryId }];
      widgets.push(
        graph('ALB 5xx per minute', 'Sum', [query(LOAD_BALANCER_QUERIES.target5xx, 'targets', 'target5xx'), query(LOAD_BALANCER_QUERIES.loadBalancer5xx, 'load balancers', 'elb5xx')]),
        graph('ALB average response time (s)', 'Average', [query(LOAD_BALANCER_QUERIES.targetResponseTime, 'average', 'responseTime')]),
      );
    }

    this.body = JSON.stringify({ widgets: layout(widgets) });
    this.dashboard = new CloudwatchDashboard(this, 'Resource', { dashboardName: props.dashboardName, dashboardBody: this.body });
  }

  private validate(props: OperationsDashboardProps, cacheNodeIds: readonly string[], alarmArns: readonly string[], loadBalancers: boolean): void {
    const require = requirement(this);
    require(DASHBOARD_NAME.test(props.dashboardName), 'dashboardName', `'${props.dashboardName}' is not a dashboard name`, 'use up to 255 letters, digits, hyphens and underscores');
    require(AWS_REGION.test(props.region), 'region', `'${props.region}' is not a region name`, 'pass a region such as eu-central-1');
    require(
      props.database !== undefined || cacheNodeIds.length > 0 || props.clusterName !== undefined || loadBalancers || alarmArns.length > 0,
      'dashboardName',
      'the dashboard would have no widget',
      'pass at least one of database, cacheNodeIds, clusterName, loadBalancers or alarmArns',
    );
    require(
      alarmArns.length <= MAX_ALARMS_PER_WIDGET,
      'alarmArns',
      `${alarmArns.length} alarms exceed the ${MAX_ALARMS_PER_WIDGET} an alarm status widget shows`,
      'pass the most important alarms only',
    );
    const repeated = duplicates(cacheNodeIds);
    require(repeated.length === 0, 'cacheNodeIds', `lists ${quoted(repeated)} more than once`, 'list each node once');
  }
}

/** Positions the widgets left to right, top to bottom, on CloudWatch's 24-column grid. */
function layout(widgets: readonly Widget[]): Record<string, unknown>[] {
  let x = 0;
  let y = 0;
  return widgets.map((widget) => {
    if (x + widget.width > FULL_WIDTH) {
      x = 0;
      y += HEIGHT;
    }
    const placed = { ...widget, x, y };
    x += widget.width;
    return placed;
  });
}
