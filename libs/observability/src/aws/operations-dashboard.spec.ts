import { synthJson } from '@platform/terraform-testing';
import { TerraformVariable } from 'cdktf';
import { OperationsDashboard, OperationsDashboardProps } from './operations-dashboard';

const ALARM_ARN = 'arn:aws:cloudwatch:eu-central-1:123456789012:alarm:platform-test-rds-primary-cpu-high';
const PROPS: OperationsDashboardProps = {
  dashboardName: 'platform-test-operations',
  region: 'eu-central-1',
  database: { primary: 'platform-test', replicas: { 'replica-1': 'platform-test-replica-1' } },
  cacheNodeIds: ['platform-test-001', 'platform-test-002'],
  clusterName: 'platform-test',
  alarmArns: [ALARM_ARN],
};
const synth = (props: Partial<OperationsDashboardProps> = {}) => synthJson((scope) => new OperationsDashboard(scope, 'dashboard', { ...PROPS, ...props }));

interface Widget {
  type: string;
  x: number;
  y: number;
  width: number;
  height: number;
  properties: { title: string; region?: string; stat?: string; alarms?: string[]; metrics?: unknown[][] };
}
const widgetsOf = (json: ReturnType<typeof synth>): Widget[] => JSON.parse(json.resource('aws_cloudwatch_dashboard', 'dashboard').dashboard_body as string).widgets;

describe('OperationsDashboard', () => {
  const json = synth();
  const widgets = widgetsOf(json);
  const widget = (title: string) => widgets.find((candidate) => candidate.properties.title === title) as Widget;

  it('shows the alarm status on top, then RDS, ElastiCache, EKS and ALB graphs', () => {
    expect(json.resource('aws_cloudwatch_dashboard', 'dashboard').dashboard_name).toBe('platform-test-operations');
    expect(widgets.map((w) => [w.type, w.properties.title])).toEqual([
      ['alarm', 'Alarms'],
      ['metric', 'RDS connections'],
      ['metric', 'RDS CPU utilization (%)'],
      ['metric', 'RDS free storage (bytes)'],
      ['metric', 'ElastiCache engine CPU (%)'],
      ['metric', 'ElastiCache memory used (%)'],
      ['metric', 'ElastiCache evictions'],
      ['metric', 'EKS node CPU (%)'],
      ['metric', 'EKS node memory (%)'],
      ['metric', 'ALB 5xx per minute'],
      ['metric', 'ALB average response time (s)'],
    ]);
    expect(widget('Alarms').properties.alarms).toEqual([ALARM_ARN]);
  });

  it('lays the widgets out on the 24-column grid without overlap', () => {
    expect(widgets.slice(0, 4).map((w) => [w.x, w.y, w.width])).toEqual([
      [0, 0, 24],
      [0, 6, 12],
      [12, 6, 12],
      [0, 12, 12],
    ]);
    const cells = widgets.flatMap((w) => Array.from({ length: w.width }, (_, column) => `${w.x + column},${w.y}`));
    expect(new Set(cells).size).toBe(cells.length);
  });

  it('graphs one line per database instance and cache node', () => {
    expect(widget('RDS connections').properties).toMatchObject({
      region: 'eu-central-1',
      stat: 'Maximum',
      metrics: [
        ['AWS/RDS', 'DatabaseConnections', 'DBInstanceIdentifier', 'platform-test', { label: 'primary' }],
        ['AWS/RDS', 'DatabaseConnections', 'DBInstanceIdentifier', 'platform-test-replica-1', { label: 'replica-1' }],
      ],
    });
    expect(widget('ElastiCache evictions').properties).toMatchObject({
      stat: 'Sum',
      metrics: [
        ['AWS/ElastiCache', 'Evictions', 'CacheClusterId', 'platform-test-001', { label: 'platform-test-001' }],
        ['AWS/ElastiCache', 'Evictions', 'CacheClusterId', 'platform-test-002', { label: 'platform-test-002' }],
      ],
    });
    expect(widget('EKS node CPU (%)').properties.metrics).toEqual([
      ['ContainerInsights', 'node_cpu_utilization', 'ClusterName', 'platform-test', { label: 'average' }],
      ['ContainerInsights', 'node_cpu_utilization', 'ClusterName', 'platform-test', { label: 'busiest node', stat: 'Maximum' }],
    ]);
  });

  it('queries the ALBs with Metrics Insights, as their names are unknown to Terraform', () => {
    expect(widget('ALB 5xx per minute').properties.metrics).toEqual([
      [{ expression: 'SELECT SUM(HTTPCode_Target_5XX_Count) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer)', label: 'targets', id: 'target5xx' }],
      [{ expression: 'SELECT SUM(HTTPCode_ELB_5XX_Count) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer)', label: 'load balancers', id: 'elb5xx' }],
    ]);
  });

  it('leaves out the sections it is not given', () => {
    const small = widgetsOf(synth({ database: undefined, cacheNodeIds: [], clusterName: undefined, alarmArns: [], loadBalancers: true }));
    expect(small.map((w) => w.properties.title)).toEqual(['ALB 5xx per minute', 'ALB average response time (s)']);
  });

  it('renders valid JSON when identifiers and ARNs come from other stacks (tokens)', () => {
    const tokens = synthJson((scope) => {
      const variable = (name: string) => new TerraformVariable(scope, name, { type: 'string' }).stringValue;
      new OperationsDashboard(scope, 'dashboard', { ...PROPS, database: { primary: variable('primary') }, clusterName: variable('cluster_name'), alarmArns: [variable('alarm')] });
    });
    const body = tokens.resource('aws_cloudwatch_dashboard', 'dashboard').dashboard_body as string;
    expect(body).toContain('"${var.primary}"');
    const asApplied = JSON.parse(body.replace(/\$\{var\.(\w+)\}/g, 'value-of-$1'));
    expect(asApplied.widgets[0].properties.alarms).toEqual(['value-of-alarm']);
    expect(asApplied.widgets[1].properties.metrics[0][3]).toBe('value-of-primary');
  });

  it.each<[string, Partial<OperationsDashboardProps>, RegExp]>([
    ['a name with spaces', { dashboardName: 'platform test' }, /dashboard: dashboardName: 'platform test' is not a dashboard name/],
    ['no widget at all', { database: undefined, cacheNodeIds: [], clusterName: undefined, alarmArns: [], loadBalancers: false }, /the dashboard would have no widget/],
    ['more alarms than a widget shows', { alarmArns: Array.from({ length: 101 }, (_, index) => `${ALARM_ARN}-${index}`) }, /alarmArns: 101 alarms exceed the 100 an alarm status widget shows/],
    ['a cache node twice', { cacheNodeIds: ['platform-test-001', 'platform-test-001'] }, /cacheNodeIds: lists 'platform-test-001' more than once/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
