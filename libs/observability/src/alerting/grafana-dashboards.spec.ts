import { GrafanaDashboardJson } from './alert-types';
import { applicationServicesDashboard, dashboard, novelEngineDashboard, PROMETHEUS_DATASOURCE_UID } from './grafana-dashboards';

interface Panel {
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource: { type: string; uid: string };
  fieldConfig: { defaults: { unit?: string } };
  targets: { refId: string; expr: string; legendFormat: string; datasource: { type: string; uid: string } }[];
}

function panelsOf(json: GrafanaDashboardJson): Panel[] {
  return json.panels as Panel[];
}

function overlaps(a: Panel['gridPos'], b: Panel['gridPos']): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe('novelEngineDashboard', () => {
  const json = novelEngineDashboard();
  const panels = panelsOf(json);

  it("is seed 000's Novel Engine Monitoring dashboard, read-only, in UTC, refreshing every 5s", () => {
    expect(json).toMatchObject({
      uid: 'novel-engine',
      title: 'Novel Engine Monitoring',
      tags: ['novel-engine'],
      timezone: 'utc',
      refresh: '5s',
      time: { from: 'now-1h', to: 'now' },
      schemaVersion: 39,
      editable: false,
    });
  });

  it("draws the seed's queries and legends in timeseries panels, never the deprecated graph", () => {
    expect(panels.map((panel) => [panel.type, panel.title, panel.fieldConfig.defaults.unit])).toEqual([
      ['timeseries', 'Request Rate', 'reqps'],
      ['timeseries', 'Response Time', 's'],
      ['timeseries', 'Error Rate', 'reqps'],
      ['timeseries', 'Database Performance', 'short'],
    ]);
    expect(panels.map((panel) => panel.targets.map(({ refId, expr, legendFormat }) => [refId, expr, legendFormat]))).toEqual([
      [['A', 'sum(rate(http_requests_total[5m])) by (service)', '{{service}}']],
      [['A', 'histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) by (le, service))', '95th percentile - {{service}}']],
      [['A', 'sum(rate(http_requests_total{status=~"5.."}[5m])) by (service)', 'Errors - {{service}}']],
      [
        ['A', 'pg_stat_activity_count', 'Active Connections'],
        ['B', 'rate(pg_stat_database_tup_inserted[5m])', 'Inserts/sec'],
      ],
    ]);
  });

  it("binds every panel and query to kube-prometheus-stack's Prometheus datasource", () => {
    const prometheus = { type: 'prometheus', uid: 'prometheus' };
    for (const panel of panels) {
      expect(panel.datasource).toEqual(prometheus);
      for (const target of panel.targets) expect(target.datasource).toEqual(prometheus);
    }
  });

  it('lays the panels out two per row without overlap', () => {
    expect(panels.map((panel) => panel.gridPos)).toEqual([
      { x: 0, y: 0, w: 12, h: 8 },
      { x: 12, y: 0, w: 12, h: 8 },
      { x: 0, y: 8, w: 12, h: 8 },
      { x: 12, y: 8, w: 12, h: 8 },
    ]);
    panels.forEach((a, i) => panels.slice(i + 1).forEach((b) => expect(overlaps(a.gridPos, b.gridPos)).toBe(false)));
  });

  it('can point at another datasource', () => {
    const custom = panelsOf(novelEngineDashboard('thanos'));
    expect(custom.flatMap((panel) => [panel.datasource.uid, ...panel.targets.map((target) => target.datasource.uid)])).toEqual(Array(9).fill('thanos'));
  });
});

describe('applicationServicesDashboard', () => {
  it("is seed 002's Application Services Overview with the 5xx error ratio as a percentage", () => {
    const json = applicationServicesDashboard();
    expect(json).toMatchObject({ uid: 'application-services', title: 'Application Services Overview', refresh: '1m', timezone: 'utc' });
    expect(panelsOf(json).map((panel) => [panel.type, panel.title, panel.fieldConfig.defaults.unit, panel.targets.map((target) => [target.expr, target.legendFormat])])).toEqual([
      ['timeseries', 'Request Rate', 'reqps', [['sum(rate(http_requests_total[5m])) by (service)', '{{ service }}']]],
      [
        'timeseries',
        'Response Time',
        's',
        [['histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) by (le, service))', '95th percentile - {{ service }}']],
      ],
      [
        'timeseries',
        'Error Rate',
        'percentunit',
        [['sum(rate(http_requests_total{status=~"5.."}[5m])) by (service) / sum(rate(http_requests_total[5m])) by (service)', 'Error rate - {{ service }}']],
      ],
    ]);
    expect(panelsOf(json).map((panel) => panel.gridPos)).toEqual([
      { x: 0, y: 0, w: 12, h: 8 },
      { x: 12, y: 0, w: 12, h: 8 },
      { x: 0, y: 8, w: 12, h: 8 },
    ]);
  });
});

describe('dashboard', () => {
  it("renders stat panels and accepts Grafana's interval variables", () => {
    const json = dashboard({
      uid: 'queues',
      title: 'Queues',
      panels: [{ title: 'Backlog', kind: 'stat', queries: [{ expr: 'sum(rate(jobs_total[$__rate_interval]))', legend: 'jobs' }] }],
    });
    expect(json).toMatchObject({ tags: [], refresh: '1m', timezone: 'utc' });
    expect(panelsOf(json)[0]).toMatchObject({ type: 'stat', datasource: { uid: PROMETHEUS_DATASOURCE_UID }, fieldConfig: { defaults: {} } });
  });

  it('rejects malformed queries, refresh intervals below 5s and bad uids, naming the panel', () => {
    expect(() =>
      dashboard({
        uid: 'my dashboard',
        title: 'Broken',
        refresh: '1s',
        panels: [
          { title: 'Rate', queries: [{ expr: 'sum(rate(http_requests_total[5m])', legend: '' }] },
          { title: 'Empty', queries: [] },
        ],
      }),
    ).toThrow(
      [
        'Grafana dashboards: 4 problems to fix:',
        "  - dashboard 'my dashboard': uid: is not a Grafana dashboard uid. Fix: use at most 40 letters, digits, - and _",
        "  - dashboard 'my dashboard': refresh: '1s' is not a refresh interval of at least 5s. Fix: write a number and unit s, m, h or d, such as '30s' or '1m'",
        "  - dashboard 'my dashboard', panel 1 'Rate': queries[0].expr: '(' at character 4 is never closed. Fix: correct the PromQL query",
        "  - dashboard 'my dashboard', panel 2 'Empty': queries: has 0 queries. Fix: give each panel 1 to 26 queries",
      ].join('\n'),
    );
  });
});
