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

const EXPERIMENTAL = 'is experimental: Prometheus rejects it unless started with --enable-feature=';
const EMPTY_SELECTOR_FIX = 'matches every series; name the metric or add a matcher that cannot match the empty string, such as job="api"';
const MATCHER_HINT = 'a label matcher is name, one of =, !=, =~, !~, and a quoted value, such as job="api"';

describe('promQlShapeProblems', () => {
  it.each([
    'rate(http_requests_total{status=~"5.."}[5m]) > 0.1',
    'histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) by (le, service))',
    'sum by (service) (rate(http_requests_total{status=~"5..", job!="batch"}[5m])) / sum by (service) (rate(http_requests_total[5m]))',
    'slo:http_error_ratio:rate1h > (14.4 * (1 - 0.999)) and slo:http_error_ratio:rate5m > (14.4 * (1 - 0.999))',
    'max_over_time(deriv(rate(x[1m])[1h:5m])[1d:] offset 1w)',
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
    // Prometheus 3 reads a plain number in a range or offset as seconds.
    'rate(x[300]) > 0 and x offset 60 > 0',
    'x offset -5m > 0',
    // One offset and one @ per selector; a selector with one matcher the empty string fails is not empty.
    'x offset 5m @ 100 > 0',
    'x offset 5m - x offset 5m',
    '-x offset 5m',
    '+x offset 5m',
    '-x @ 100',
    'a + -x offset 5m',
    '1 - -x offset 5m',
    'sum(-x offset 5m)',
    '{job=~".+"} > 0',
    '{job=~"", env="prod"} > 0',
    '{__name__=~"up|down"} > 0',
  ])('finds nothing wrong with %s', (expr) => {
    expect(promQlShapeProblems(expr)).toEqual([]);
  });

  // The grammar's first syntax error, made readable: where, what was expected or unexpected, and a hint.
  it.each([
    ['', ['the expression is empty']],
    ['   ', ['the expression is empty']],
    ['sum(rate(x[5m])', ["'(' at character 4 is never closed"]],
    ['(a + b', ["'(' at character 1 is never closed"]],
    ['rate(x[5m', ["'[' at character 7 is never closed"]],
    ['rate(x[5m)', ["expected ']' to close the range at character 10, but found ')'"]],
    ['rate(x[5m]))', ["')' at character 12 closes nothing"]],
    ['up}', ["'}' at character 3 closes nothing"]],
    ['up{job="api"', ["'{' at character 3 is never closed"]],
    ['up{job="api}', ['the string at character 8 is never closed']],
    ['rat(x[5m]) > 1', ["'rat(' at character 1 is not a PromQL function or aggregation"]],
    ['holt_winters(x[1h], 0.5, 0.5)', ["'holt_winters(' at character 1 is not a PromQL function or aggregation"]],
    ['sum by (job) rate(x[5m])', ["unexpected 'rate' at character 14: an aggregation takes its argument in parentheses, such as sum by (job) (rate(x[5m]))"]],
    ['sum without job (x)', ["expected ')' to close the label list at character 13, but found 'job'"]],
    ['sum(x) by', ['expected a label list in parentheses, such as by (job) at character 10, but the expression ends']],
    ['sum(x) by (job', ["'(' at character 11 is never closed"]],
    ['rate(x[5m]) by (job)', ["unexpected 'by' at character 13: an operator such as +, / or > (or and, or, unless) must join two expressions"]],
    ['up offset', ['expected a duration after offset, such as offset 5m at character 10, but the expression ends']],
    ['x @ foo()', ["unexpected 'foo' at character 5"]],
    ['a / / b', ["expected an operand after '/' at character 5, but found '/'"]],
    ['a > > 1', ["expected an operand after '>' at character 5, but found '>'"]],
    ['x == bool', ["expected an operand after 'bool' at character 10, but the expression ends"]],
    ['a and', ["expected an operand after 'and' at character 6, but the expression ends"]],
    ['rate(x[5min])', ["unexpected 'in' at character 10: a duration is a number and a unit such as 5m (units ms, s, m, h, d, w, y)"]],
    ['x[5q]', ["unexpected 'q' at character 4: a duration is a number and a unit such as 5m (units ms, s, m, h, d, w, y)"]],
    ['max_over_time(x[1h:5m:1m])', ["unexpected ':1m' at character 22: a subquery is [<range>:<resolution>], such as [1h:5m]"]],
    ['up{job=="api"} == 1', [`unexpected '=' at character 8: ${MATCHER_HINT}`]],
    ['up{job=api} == 1', [`unexpected 'api' at character 8: ${MATCHER_HINT}`]],
    ['up{job~"api"} == 1', [`unexpected '~' at character 7: ${MATCHER_HINT}`]],
    ['up{job="a" env="b"} == 1', ["expected ',' or '}' in the label matchers at character 12, but found 'env=\"b\"}'"]],
    ['up{1="a"}', [`unexpected '1=' at character 4: ${MATCHER_HINT}`]],
    ['up = 1', ["unexpected '=' at character 4: compare with '==' or '!='"]],
    ['up =~ "x"', ["unexpected '=~' at character 4: label matchers belong inside '{...}'"]],
    ['up > 1; down', ["unexpected ';' at character 7: an operator such as +, / or > (or and, or, unless) must join two expressions"]],
    ['x{a="b"} x', ["unexpected 'x' at character 10: an operator such as +, / or > (or and, or, unless) must join two expressions"]],
  ])('reports the syntax error of %j', (expr, problems) => {
    expect(promQlShapeProblems(expr)).toEqual(problems);
  });

  it.each(['sum(rate(x[5m])) /', 'rate(x[5m]) > ', '(rate(x[5m]) *)', 'a +'])('reports the dangling operator of %j', (expr) => {
    expect(promQlShapeProblems(expr)).toEqual([expect.stringMatching(/^expected an operand after '[*/>+]'/)]);
  });

  // The Prometheus UI's linter: types and argument counts, which no shape check can see.
  it.each([
    ['rate(x)', ['expected type matrix in call to function "rate", got vector in \'x\' at character 6']],
    ['histogram_quantile(0.9, rate(x))', ['expected type matrix in call to function "rate", got vector in \'x\' at character 30']],
    [
      'histogram_quantile(rate(x[5m]))',
      [
        'expected 2 argument(s) in call to "histogram_quantile", got 1 in \'histogram_quantile(rate(x[5m]))\' at character 1',
        'expected type scalar in call to function "histogram_quantile", got vector in \'rate(x[5m])\' at character 20',
      ],
    ],
    ['abs(x, y)', ['expected 1 argument(s) in call to "abs", got 2 in \'abs(x, y)\' at character 1']],
    ['absent()', ['expected 1 argument(s) in call to "absent", got 0 in \'absent()\' at character 1']],
    ['label_replace(x, "a")', ['expected 5 argument(s) in call to "label_replace", got 2 in \'label_replace(x, "a")\' at character 1']],
    ['topk(x)', ["expected type scalar in aggregation parameter, got vector in 'x' at character 6"]],
    ['count_values(x)', ["expected type string in aggregation parameter, got vector in 'x' at character 14"]],
    ['1 > 2', ["comparisons between scalars must use BOOL modifier in '1 > 2' at character 1"]],
    ['sum(rate(x[5m])[5m:] > 1)', ["binary expression must contain only scalar and instant vector types in 'rate(x[5m])[5m:]' at character 5"]],
    ['sum(x[5m])', ["expected type vector in aggregation expression, got matrix in 'x[5m]' at character 5"]],
  ])('reports the type errors of %j', (expr, problems) => {
    expect(promQlShapeProblems(expr)).toEqual(problems);
  });

  // What Prometheus rejects although the grammar and the linter accept it.
  it.each([
    ['rate(x[5m])[5m]', ["a range at character 1 applies only to a metric selector, not to 'rate(x[5m])'; use a subquery such as [5m:1m]"]],
    ['increase(sum(x)[5m])', ["a range at character 10 applies only to a metric selector, not to 'sum(x)'; use a subquery such as [5m:1m]"]],
    ['mad_over_time(x[1h])', [`'mad_over_time(' at character 1 ${EXPERIMENTAL}promql-experimental-functions`]],
    ['limitk(2, x)', [`'limitk(' at character 1 ${EXPERIMENTAL}promql-experimental-functions`]],
    ['start()', [`'start(' at character 1 ${EXPERIMENTAL}promql-duration-expr`]],
    ['x[5m * 2]', [`the duration expression '5m * 2' at character 3 ${EXPERIMENTAL}promql-duration-expr`]],
    ['rate(x[5m] anchored)', [`'x[5m] anchored' at character 6 ${EXPERIMENTAL}promql-extended-range-selectors`]],
    ['x offset 5m offset 5m', ["offset may not be set multiple times: the second 'offset' at character 13 modifies the same expression; keep one"]],
    ['x[5m:1m] offset 1m offset 2m', ["offset may not be set multiple times: the second 'offset' at character 20 modifies the same expression; keep one"]],
    ['x[5m] @ end() @ end()', ["@ <timestamp> may not be set multiple times: the second '@' at character 15 modifies the same expression; keep one"]],
    ['x @ 100 offset 5m @ 200', ["@ <timestamp> may not be set multiple times: the second '@' at character 19 modifies the same expression; keep one"]],
    ['sum(x) offset 5m', ["offset at character 8 applies only to a metric selector or a subquery, not to 'sum(x)'; move it onto the selector inside, such as sum(x offset 5m), or make 'sum(x)' a subquery ([5m:1m])"]],
    ['rate(x[5m]) offset 1m', ["offset at character 13 applies only to a metric selector or a subquery, not to 'rate(x[5m])'; move it onto the selector inside, such as sum(x offset 5m), or make 'rate(x[5m])' a subquery ([5m:1m])"]],
    ['x > 0 and sum(y) offset 1m', ["offset at character 18 applies only to a metric selector or a subquery, not to 'sum(y)'; move it onto the selector inside, such as sum(x offset 5m), or make 'sum(y)' a subquery ([5m:1m])"]],
    ['-(x) offset 5m', ["offset at character 6 applies only to a metric selector or a subquery, not to '(x)'; move it onto the selector inside, such as sum(x offset 5m), or make '(x)' a subquery ([5m:1m])"]],
    ['(x) @ end()', ["@ <timestamp> at character 5 applies only to a metric selector or a subquery, not to '(x)'; move it onto the selector inside, such as sum(x offset 5m), or make '(x)' a subquery ([5m:1m])"]],
    ...['{job=~".*"}', '{job=""}', "{job=''}", '{job!="a"}', '{job!~".+"}', '{job=~`(?i).*`, env=""}'].map(
      (expr) => [expr, [`vector selector must contain at least one non-empty matcher: '${expr}' at character 1 ${EMPTY_SELECTOR_FIX}`]] as [string, string[]],
    ),
  ])('reports the policy problems of %j', (expr, problems) => {
    expect(promQlShapeProblems(expr)).toEqual(problems);
  });

  it('reports every type error of an expression, in order', () => {
    expect(promQlShapeProblems('rate(x) + abs(y, z) + irate(w)')).toEqual([
      'expected type matrix in call to function "rate", got vector in \'x\' at character 6',
      'expected 1 argument(s) in call to "abs", got 2 in \'abs(y, z)\' at character 11',
      'expected type matrix in call to function "irate", got vector in \'w\' at character 29',
    ]);
  });
});

describe('Grafana variables', () => {
  it('are parsed as the values Grafana puts there only when asked to', () => {
    const query = 'sum(rate(http_requests_total{service="$service"}[$__rate_interval])) by ($grouping)';
    expect(promQlShapeProblems(query, { allowGrafanaVariables: true })).toEqual([]);
    expect(promQlShapeProblems(query)).toEqual([expect.stringMatching(/^unexpected '\$' at character 50/)]);
  });

  it.each([
    'rate(x[$__interval]) * $__interval_ms / 1000 > $__range_s',
    'increase(x[$__range] offset $shift)',
    'max_over_time(x[${window}:$__interval])',
    'up{job="$job"} * ${factor}',
    'sum by ([[grouping]]) (rate(${metric:raw}[5m]))',
    'up{instance=~"${instance:regex}"} # $not_a_variable in a comment',
    // A number variable followed by its unit is one duration.
    'increase(x[${__range_s}s])',
    'rate(x[${__interval_ms}ms])',
    'max_over_time(x[${window}m])',
    // A variable where a scalar parameter belongs is the number Grafana puts there.
    'topk($n, x)',
    'bottomk([[n]], $metric)',
    'histogram_quantile($quantile, sum by (le) (rate(x_bucket[5m])))',
    'quantile_over_time(${q}, x[5m])',
    'quantile($q, x) > $threshold',
    'clamp_max(x, $max)',
    // After @ a timestamp belongs: Grafana's __from/__to, formats with arguments.
    'x @ ${__to:date:seconds}',
    'x @ $__to',
    'sum(rate(x[5m] @ ${__from:date:seconds}))',
  ])('accepts %s', (query) => {
    expect(promQlShapeProblems(query, { allowGrafanaVariables: true })).toEqual([]);
  });

  it('keep the positions of the query in messages', () => {
    expect(promQlShapeProblems('rate(x[$__rate_interval]) +', { allowGrafanaVariables: true })).toEqual([
      "expected an operand after '+' at character 28, but the expression ends",
    ]);
    expect(promQlShapeProblems('rate($metric)', { allowGrafanaVariables: true })).toEqual(['expected type matrix in call to function "rate", got vector in \'_metric\' at character 6']);
  });

  it('reports a lone $', () => {
    expect(promQlShapeProblems('up * $ 2', { allowGrafanaVariables: true })).toEqual([expect.stringMatching(/^unexpected '\$' at character 6/)]);
  });
});

describe('scanPromQl', () => {
  it('lists the calls and the binary operators in order', () => {
    const scan = scanPromQl('sum by (job) (rate(x{a!="b"}[5m])) / ignoring(le) count(y) >= 2 and absent(z)');
    expect(scan.calls).toEqual(['sum', 'rate', 'count', 'absent']);
    expect(scan.operators).toEqual(['/', '>=', 'and']);
  });

  it('returns the same scan for the same expression', () => {
    expect(scanPromQl('up == 0')).toBe(scanPromQl('up == 0'));
    expect(scanPromQl('up == 0', { allowGrafanaVariables: true })).not.toBe(scanPromQl('up == 0'));
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
