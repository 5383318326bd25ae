import { AlertingProblems } from './alerting-config-error';
import { GrafanaDashboardJson } from './alert-types';
import { promQlShapeProblems } from './promql';

/**
 * UID of the Prometheus datasource kube-prometheus-stack provisions in its Grafana: the chart's
 * `grafana.sidecar.datasources.uid`, default `prometheus` (templates/grafana/configmaps-datasources.yaml).
 */
export const PROMETHEUS_DATASOURCE_UID = 'prometheus';

/** One PromQL query of a panel. */
export interface DashboardQuery {
  readonly expr: string;
  /** Legend format, such as `{{service}}`. */
  readonly legend: string;
}

export interface DashboardPanel {
  readonly title: string;
  /** Grafana unit id, such as `reqps`, `s`, `percentunit` or `short`. @default - Grafana's automatic unit */
  readonly unit?: string;
  /** Queries drawn in the panel, refIds A, B, … in order (at most 26). */
  readonly queries: readonly DashboardQuery[];
  /** `timeseries` for a graph over time, `stat` for the latest value. @default 'timeseries' */
  readonly kind?: 'timeseries' | 'stat';
}

export interface DashboardOptions {
  /** Stable id, also the ConfigMap key: letters, digits, `-` and `_`, at most 40 characters. */
  readonly uid: string;
  readonly title: string;
  /** @default - none */
  readonly tags?: readonly string[];
  /** Panels, laid out two per row in order. */
  readonly panels: readonly DashboardPanel[];
  /** Auto-refresh interval such as `30s`; at least Grafana's default `min_refresh_interval` of 5s. @default '1m' */
  readonly refresh?: string;
  /** Time range shown when the dashboard opens. @default { from: 'now-1h', to: 'now' } */
  readonly time?: { readonly from: string; readonly to: string };
  /** @default 'utc' - the time zone of alerts and logs */
  readonly timezone?: 'utc' | 'browser';
  /** Prometheus datasource the panels query. @default PROMETHEUS_DATASOURCE_UID */
  readonly datasourceUid?: string;
}

/** Grafana's JSON model version these dashboards are written in (Grafana 10.3+). */
const SCHEMA_VERSION = 39;
/** Grafana's default `[dashboards] min_refresh_interval`: shorter refresh values are raised to it. */
const MIN_REFRESH_SECONDS = 5;
const GRID_COLUMNS = 2;
const PANEL_WIDTH = 24 / GRID_COLUMNS;
const PANEL_HEIGHT = 8;
const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const REFRESH_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3_600, d: 86_400 };

/**
 * A Grafana dashboard from a typed model: `timeseries` or `stat` panels (never the deprecated `graph`) in a
 * two-column grid, each panel and query bound to the Prometheus datasource by uid, read-only (`editable: false`, the
 * source of truth is this code). Every query is checked with {@link promQlShapeProblems} (Grafana's `$__rate_interval`
 * style variables allowed); problems throw an {@link AlertingConfigError}.
 */
export function dashboard(options: DashboardOptions): GrafanaDashboardJson {
  validate(options);
  const datasource = { type: 'prometheus', uid: options.datasourceUid ?? PROMETHEUS_DATASOURCE_UID };
  return {
    uid: options.uid,
    title: options.title,
    tags: [...(options.tags ?? [])],
    timezone: options.timezone ?? 'utc',
    editable: false,
    graphTooltip: 1,
    schemaVersion: SCHEMA_VERSION,
    refresh: options.refresh ?? '1m',
    time: { ...(options.time ?? { from: 'now-1h', to: 'now' }) },
    templating: { list: [] },
    annotations: { list: [] },
    panels: options.panels.map((panel, index) => ({
      id: index + 1,
      type: panel.kind ?? 'timeseries',
      title: panel.title,
      gridPos: { x: (index % GRID_COLUMNS) * PANEL_WIDTH, y: Math.floor(index / GRID_COLUMNS) * PANEL_HEIGHT, w: PANEL_WIDTH, h: PANEL_HEIGHT },
      datasource,
      fieldConfig: { defaults: panel.unit === undefined ? {} : { unit: panel.unit }, overrides: [] },
      options: panelOptions(panel.kind ?? 'timeseries'),
      targets: panel.queries.map((query, queryIndex) => ({ refId: REF_IDS[queryIndex], datasource, expr: query.expr, legendFormat: query.legend })),
    })),
  };
}

function panelOptions(kind: 'timeseries' | 'stat'): Record<string, unknown> {
  return kind === 'timeseries'
    ? { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } }
    : { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value', graphMode: 'area', textMode: 'auto' };
}

/**
 * Seed 000's "Novel Engine Monitoring" dashboard (k8s/grafana-dashboard.json): its four panels with the seed's
 * queries and legends, as `timeseries` panels. The seed's 5s refresh is kept: it equals Grafana's default
 * `min_refresh_interval`.
 */
export function novelEngineDashboard(datasourceUid: string = PROMETHEUS_DATASOURCE_UID): GrafanaDashboardJson {
  return dashboard({
    uid: 'novel-engine',
    title: 'Novel Engine Monitoring',
    tags: ['novel-engine'],
    timezone: 'utc',
    refresh: '5s',
    datasourceUid,
    panels: [
      { title: 'Request Rate', unit: 'reqps', queries: [{ expr: 'sum(rate(http_requests_total[5m])) by (service)', legend: '{{service}}' }] },
      {
        title: 'Response Time',
        unit: 's',
        queries: [{ expr: 'histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) by (le, service))', legend: '95th percentile - {{service}}' }],
      },
      { title: 'Error Rate', unit: 'reqps', queries: [{ expr: 'sum(rate(http_requests_total{status=~"5.."}[5m])) by (service)', legend: 'Errors - {{service}}' }] },
      {
        title: 'Database Performance',
        unit: 'short',
        queries: [
          { expr: 'pg_stat_activity_count', legend: 'Active Connections' },
          { expr: 'rate(pg_stat_database_tup_inserted[5m])', legend: 'Inserts/sec' },
        ],
      },
    ],
  });
}

/** Seed 002's "Application Services Overview" dashboard: request rate, P95 response time and 5xx error ratio per service. */
export function applicationServicesDashboard(datasourceUid: string = PROMETHEUS_DATASOURCE_UID): GrafanaDashboardJson {
  return dashboard({
    uid: 'application-services',
    title: 'Application Services Overview',
    tags: ['application-services'],
    datasourceUid,
    panels: [
      { title: 'Request Rate', unit: 'reqps', queries: [{ expr: 'sum(rate(http_requests_total[5m])) by (service)', legend: '{{ service }}' }] },
      {
        title: 'Response Time',
        unit: 's',
        queries: [{ expr: 'histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) by (le, service))', legend: '95th percentile - {{ service }}' }],
      },
      {
        title: 'Error Rate',
        unit: 'percentunit',
        queries: [
          {
            expr: 'sum(rate(http_requests_total{status=~"5.."}[5m])) by (service) / sum(rate(http_requests_total[5m])) by (service)',
            legend: 'Error rate - {{ service }}',
          },
        ],
      },
    ],
  });
}

function validate(options: DashboardOptions): void {
  const problems = new AlertingProblems();
  const where = `dashboard '${options.uid}'`;
  problems.require(/^[A-Za-z0-9_-]{1,40}$/.test(options.uid), where, 'uid', 'is not a Grafana dashboard uid', 'use at most 40 letters, digits, - and _');
  problems.require(options.title.trim() !== '', where, 'title', 'is empty', 'give the dashboard a title');
  problems.require(options.panels.length > 0, where, 'panels', 'is empty', 'add at least one panel');
  if (options.refresh !== undefined) {
    const match = /^(\d+)([smhd])$/.exec(options.refresh);
    problems.require(
      match !== null && Number(match[1]) * REFRESH_SECONDS[match[2]] >= MIN_REFRESH_SECONDS,
      where,
      'refresh',
      `'${options.refresh}' is not a refresh interval of at least ${MIN_REFRESH_SECONDS}s`,
      "write a number and unit s, m, h or d, such as '30s' or '1m'",
    );
  }
  if (options.datasourceUid !== undefined) {
    problems.require(options.datasourceUid.trim() !== '', where, 'datasourceUid', 'is empty', `leave it out for ${PROMETHEUS_DATASOURCE_UID}`);
  }
  options.panels.forEach((panel, index) => {
    const panelWhere = `${where}, panel ${index + 1} '${panel.title}'`;
    problems.require(panel.title.trim() !== '', panelWhere, 'title', 'is empty', 'give the panel a title');
    problems.require(panel.queries.length > 0 && panel.queries.length <= REF_IDS.length, panelWhere, 'queries', `has ${panel.queries.length} queries`, `give each panel 1 to ${REF_IDS.length} queries`);
    panel.queries.forEach((query, queryIndex) => {
      for (const problem of promQlShapeProblems(query.expr, { allowGrafanaVariables: true })) {
        problems.require(false, panelWhere, `queries[${queryIndex}].expr`, problem, 'correct the PromQL query');
      }
    });
  });
  problems.throwIfAny('Grafana dashboards');
}
