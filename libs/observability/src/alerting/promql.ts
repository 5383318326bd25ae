import { PlatformError } from '@platform/core';
import { substituteGrafanaVariables } from './private/grafana-variables';
import { parsePromQl } from './private/promql-parser';

/**
 * PromQL checked at synth time, to catch the mistakes that would otherwise surface only when Prometheus rejects the
 * whole rule file (and with it every other rule of the PrometheusRule), or a dashboard panel shows an error: syntax,
 * unknown functions, argument counts and types, experimental features. Also Prometheus durations.
 */

/** `<duration>` in Prometheus and Alertmanager: units from largest to smallest, each at most once (`1h30m`, `2d`). */
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
/** Seconds per unit, in DURATION's capture order; Prometheus counts a year as 365 days. */
const UNIT_SECONDS = [365 * 86_400, 7 * 86_400, 86_400, 3_600, 60, 1, 0.001];

/** True for a Prometheus duration such as `30s`, `5m`, `1h30m`, `2d` or `0`. */
export function isPrometheusDuration(value: string): boolean {
  return value === '0' || (value !== '' && DURATION.test(value));
}

/** Seconds in a Prometheus duration; throws when `value` is not one. */
export function durationSeconds(value: string): number {
  const match = DURATION.exec(value);
  if (value === '0') return 0;
  if (value === '' || match === null) {
    throw new PlatformError(`'${value}' is not a Prometheus duration such as 30s, 5m or 1h30m (units ms, s, m, h, d, w, y, largest first)`);
  }
  return match.slice(1).reduce((total, amount, unit) => total + Number(amount ?? 0) * UNIT_SECONDS[unit], 0);
}


export const COMPARISON_OPERATORS = ['==', '!=', '>', '<', '>=', '<='] as const;

export interface PromQlShapeOptions {
  /**
   * Accept Grafana's variables (`[$__rate_interval]`, `by ($grouping)`), which Grafana replaces before the query
   * reaches Prometheus: the query is parsed with each replaced by a value of its kind. Only for dashboard queries:
   * Prometheus itself rejects them in rules.
   * @default false
   */
  readonly allowGrafanaVariables?: boolean;
}

/** What {@link scanPromQl} found. */
export interface PromQlScan {
  /**
   * Problems, each naming the character position (1-based) it starts at; empty when Prometheus would accept the
   * expression. A syntax error is reported alone (what follows it is the parser's guesswork); otherwise every
   * problem the linter and the feature-flag policy find.
   */
  readonly problems: readonly string[];
  /** Functions and aggregations called, in order (aggregations lower-cased). */
  readonly calls: readonly string[];
  /** Binary operators, in order, e.g. `['/', '>', 'and']` (set operators lower-cased). */
  readonly operators: readonly string[];
  /**
   * Metric names of the vector selectors, in order of first use, e.g. `['http_requests_total']` (recording rule names
   * such as `slo:http_error_ratio:rate1h` included; label names of grouping clauses and matchers are not metrics).
   */
  readonly metrics: readonly string[];
}

/** Problems of a PromQL expression; empty when Prometheus would accept it. See {@link scanPromQl}. */
export function promQlShapeProblems(expr: string, options: PromQlShapeOptions = {}): string[] {
  return [...scanPromQl(expr, options).problems];
}

/**
 * Parses a PromQL expression with the Prometheus project's grammar and lints it with the Prometheus UI's checks
 * (see private/promql-parser.ts): its problems, and which functions, operators and metrics it uses. Results are cached
 * per expression: every environment's synthesis validates the same platform rules.
 */
export function scanPromQl(expr: string, options: PromQlShapeOptions = {}): PromQlScan {
  const key = `${options.allowGrafanaVariables === true ? 'grafana' : 'prometheus'}\n${expr}`;
  let scan = SCANS.get(key);
  if (scan === undefined) {
    scan = scanUncached(expr, options);
    SCANS.set(key, scan);
  }
  return scan;
}

const SCANS = new Map<string, PromQlScan>();

function scanUncached(expr: string, options: PromQlShapeOptions): PromQlScan {
  if (expr.trim() === '') return { problems: ['the expression is empty'], calls: [], operators: [], metrics: [] };
  const parsed = options.allowGrafanaVariables === true ? parseDashboardQuery(expr) : parsePromQl(expr);
  return { ...parsed, problems: parsed.diagnostics.map((diagnostic) => diagnostic.message) };
}

/** The linter's complaint when a scalar parameter (`topk($n, x)`, `histogram_quantile($q, ...)`) got a name. */
const SCALAR_EXPECTED = /^expected type scalar\b.*\bgot vector\b/;

/**
 * A dashboard query parsed with its variables substituted. A variable is taken for a metric name unless its place says
 * otherwise; where the linter then expects a scalar and finds that name, Grafana puts a number there (`topk($n, x)`,
 * `quantile_over_time($q, x[5m])`, `clamp_max(x, $max)`), so the query is parsed again with a number in its place.
 * Deciding by the linter, not by a list of functions, covers every scalar parameter the grammar knows.
 */
function parseDashboardQuery(expr: string): ReturnType<typeof parsePromQl> {
  const numbersAt = new Set<number>();
  for (;;) {
    const substituted = substituteGrafanaVariables(expr, numbersAt);
    const parsed = parsePromQl(substituted.text);
    const scalars = parsed.diagnostics
      .filter((diagnostic) => SCALAR_EXPECTED.test(diagnostic.message) && substituted.variables.includes(diagnostic.from) && !numbersAt.has(diagnostic.from))
      .map((diagnostic) => diagnostic.from);
    if (scalars.length === 0) return parsed;
    for (const from of scalars) numbersAt.add(from);
  }
}
