import { durationSeconds, isPrometheusDuration, promQlShapeProblems, scanPromQl } from './promql';

describe('Prometheus durations', () => {
  it.each([
    ['30s', 30],
    ['5m', 300],
    ['1h30m', 5_400],
    ['2d', 172_800],
    ['1w', 604_800],
    ['1y', 31_536_000],
    ['1d12h', 129_600],
    ['500ms', 0.5],
    ['1m30s500ms', 90.5],
    ['0', 0],
  ])('reads %s as %d seconds', (duration, seconds) => {
    expect(isPrometheusDuration(duration)).toBe(true);
    expect(durationSeconds(duration)).toBe(seconds);
  });

  it.each(['', '5', '5 m', '1.5h', '1m1h', '5min', 'm', '-5m', '5M'])('rejects %j', (duration) => {
    expect(isPrometheusDuration(duration)).toBe(false);
    expect(() => durationSeconds(duration)).toThrow(/is not a Prometheus duration such as 30s, 5m or 1h30m/);
  });
});

describe('promQlShapeProblems', () => {
  it.each([
    'rate(http_requests_total{status=~"5.."}[5m]) > 0.1',
    'histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) by (le, service))',
    'sum by (service) (rate(http_requests_total{status=~"5..", job!="batch"}[5m])) / sum by (service) (rate(http_requests_total[5m]))',
    'slo:http_error_ratio:rate1h > (14.4 * (1 - 0.999)) and slo:http_error_ratio:rate5m > (14.4 * (1 - 0.999))',
    'max_over_time(deriv(rate(x[1m])[1h:5m])[1d:]) offset 1w',
    'rate(x[5m] @ start())',
    'SUM(up) BY (job) > bool 0',
    'sum(a) / on(instance) group_left(node) node_uname_info',
    'label_replace(up, "dst", "$1", "src", "(.*)[")',
    "absent(up{job='api'})",
    'up{path=`C:\\{x}`} == 1',
    'up{job="a\\"b"} == 1',
    '{"my.metric", "label.name"="x"}',
    'up # a comment (with an open parenthesis\n == 0',
    'count_values("version", build_info) > 1e-3',
    'up{job="api",} unless absent_over_time(up[5m])',
  ])('finds nothing wrong with %s', (expr) => {
    expect(promQlShapeProblems(expr)).toEqual([]);
  });

  it.each([
    ['', ['the expression is empty']],
    ['   ', ['the expression is empty']],
    ['sum(rate(x[5m])', ["'(' at character 4 is never closed"]],
    ['rate(x[5m]))', ["')' at character 12 closes nothing"]],
    ['up}', ["'}' at character 3 closes nothing"]],
    ['up{job="api"', ["'{' at character 3 is never closed"]],
    ['up{job="api}', ["the string at character 8 is never closed"]],
    ['rate(x[5m)', ["'[' at character 7 is never closed", "'(' at character 5 is never closed"]],
    ['rat(x[5m]) > 1', ["'rat(' at character 1 is not a PromQL function or aggregation"]],
    ['holt_winters(x[1h], 0.5, 0.5)', ["'holt_winters(' at character 1 is not a PromQL function or aggregation"]],
    [
      'mad_over_time(x[1h])',
      ["'mad_over_time(' at character 1 is an experimental function that Prometheus rejects unless started with --enable-feature=promql-experimental-functions"],
    ],
    ['start()', ["'start(' at character 1 is an experimental function that Prometheus rejects unless started with --enable-feature=promql-experimental-functions"]],
    ['rate(x[5])', ["range selector '[5]' at character 7 needs a duration such as [5m], or a subquery such as [1h:5m]"]],
    ['rate(x[5min])', ["range selector '[5min]' at character 7 needs a duration such as [5m], or a subquery such as [1h:5m]"]],
    ['rate(x[0s])', ["range selector '[0s]' at character 7 needs a duration such as [5m], or a subquery such as [1h:5m]"]],
    ['max_over_time(x[1h:5m:1m])', ["range selector '[1h:5m:1m]' at character 16 needs a duration such as [5m], or a subquery such as [1h:5m]"]],
    ['up{job=="api"} == 1', ['label matchers at character 3: the label value must be a quoted string at character 8']],
    ['up{job=api} == 1', ['label matchers at character 3: the label value must be a quoted string at character 8']],
    ['up{job~"api"} == 1', ["label matchers at character 3: label 'job' needs one of =, !=, =~, !~ at character 7"]],
    ['up{job="a" env="b"} == 1', ["label matchers at character 3: expected ',' or '}' at character 12"]],
    ['up{1="a"}', ['label matchers at character 3: expected a label name at character 4']],
    ['up = 1', ["'=' at character 4 is outside a label matcher; compare with '==' or '!='"]],
    ['up =~ "x"', ["'=~' at character 4 is a label matcher outside '{...}'"]],
    ['up > 1; down', ["';' at character 7 is not part of PromQL"]],
  ])('reports %j', (expr, problems) => {
    expect(promQlShapeProblems(expr)).toEqual(problems);
  });

  it('accepts Grafana variables only when asked to', () => {
    const query = 'sum(rate(http_requests_total{service="$service"}[$__rate_interval])) by ($grouping)';
    expect(promQlShapeProblems(query, { allowGrafanaVariables: true })).toEqual([]);
    expect(promQlShapeProblems(query)).toEqual([
      "range selector '[$__rate_interval]' at character 49 needs a duration such as [5m], or a subquery such as [1h:5m]",
      "'$' at character 74 is not part of PromQL",
    ]);
  });

  it('reports a lone $ even where Grafana variables are allowed', () => {
    expect(promQlShapeProblems('up * $ 2', { allowGrafanaVariables: true })).toEqual(["'$' at character 6 does not start a Grafana variable such as $service or ${service}"]);
    expect(promQlShapeProblems('up{job="$job"} * ${factor}', { allowGrafanaVariables: true })).toEqual([]);
  });

  it('reports every problem of an expression, not just the first', () => {
    expect(promQlShapeProblems('foo(x[5q]) + bar(y')).toEqual([
      "'foo(' at character 1 is not a PromQL function or aggregation",
      "range selector '[5q]' at character 6 needs a duration such as [5m], or a subquery such as [1h:5m]",
      "'bar(' at character 14 is not a PromQL function or aggregation",
      "'(' at character 17 is never closed",
    ]);
  });
});

describe('scanPromQl', () => {
  it.each(['sum(rate(x[5m])) /', 'rate(x[5m]) > ', '(rate(x[5m]) *)'])('reports a dangling operator in %s', (expr) => {
    expect(promQlShapeProblems(expr)).toEqual([expect.stringMatching(/has no right operand/)]);
  });

  it('lists the calls and the operators outside label matchers', () => {
    const scan = scanPromQl('sum by (job) (rate(x{a!="b"}[5m])) / ignoring(le) count(y) >= 2 and absent(z)');
    expect(scan.calls).toEqual(['sum', 'rate', 'count', 'absent']);
    expect(scan.operators).toEqual(['/', '>=']);
  });
});

describe('the metrics an expression reads', () => {
  it.each<[string, string[]]>([
    ['rate(http_requests_total{status=~"5.."}[5m]) > 0.1', ['http_requests_total']],
    ['histogram_quantile(0.95, sum by (namespace, service, le) (rate(http_request_duration_seconds_bucket[5m]))) > 1', ['http_request_duration_seconds_bucket']],
    ['sum(rate(a_total[5m])) by (le, service) / sum without (pod) (b)', ['a_total', 'b']],
    ['sum(a) / on(instance) group_left(node) node_uname_info', ['a', 'node_uname_info']],
    ['slo:http_error_ratio:rate1h > (14.4 * (1 - 0.999)) and slo:http_error_ratio:rate5m > bool 0', ['slo:http_error_ratio:rate1h', 'slo:http_error_ratio:rate5m']],
    ['absent(pg_stat_activity_count) or up offset 5m == Inf', ['pg_stat_activity_count', 'up']],
    ['kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes > 0.9 unless kubelet_volume_stats_used_bytes < 0', ['kubelet_volume_stats_used_bytes', 'kubelet_volume_stats_capacity_bytes']],
    ['vector(1) + time()', []],
  ])('%s reads %j', (expr, metrics) => {
    expect(scanPromQl(expr).metrics).toEqual(metrics);
  });
});
