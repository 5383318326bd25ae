import { PlatformError } from '@platform/core';

/**
 * A lightweight structural check of PromQL, to catch at synth time the mistakes that would otherwise surface only
 * when Prometheus rejects the whole rule file (and with it every other rule of the PrometheusRule): unbalanced
 * brackets, misspelt functions, malformed label matchers and range selectors. It is not a parser: type errors
 * (a range vector where an instant vector belongs) and operator precedence are left to `promtool`.
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

/** Aggregation operators; like every PromQL keyword they are case-insensitive. */
const AGGREGATIONS = ['sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk', 'quantile'];

/** Functions of prometheus/prometheus promql/parser/functions.go that need no feature flag. */
const FUNCTIONS = [
  'abs', 'absent', 'absent_over_time', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'avg_over_time', 'ceil', 'changes',
  'clamp', 'clamp_max', 'clamp_min', 'cos', 'cosh', 'count_over_time', 'day_of_month', 'day_of_week', 'day_of_year',
  'days_in_month', 'deg', 'delta', 'deriv', 'exp', 'floor', 'histogram_avg', 'histogram_count', 'histogram_fraction',
  'histogram_quantile', 'histogram_stddev', 'histogram_stdvar', 'histogram_sum', 'hour', 'idelta', 'increase', 'irate',
  'label_join', 'label_replace', 'last_over_time', 'ln', 'log10', 'log2', 'max_over_time', 'min_over_time', 'minute', 'month',
  'pi', 'predict_linear', 'present_over_time', 'quantile_over_time', 'rad', 'rate', 'resets', 'round', 'scalar', 'sgn', 'sin',
  'sinh', 'sort', 'sort_desc', 'sqrt', 'stddev_over_time', 'stdvar_over_time', 'sum_over_time', 'tan', 'tanh', 'time',
  'timestamp', 'vector', 'year',
];

/**
 * Functions and aggregations Prometheus only accepts with `--enable-feature=promql-experimental-functions`; rules using
 * them fail to load on a default kube-prometheus-stack, so they are reported rather than allowed.
 */
const EXPERIMENTAL = [
  'double_exponential_smoothing', 'end', 'first_over_time', 'histogram_quantiles', 'info', 'integral', 'limit_ratio', 'limitk',
  'mad_over_time', 'range', 'sort_by_label', 'sort_by_label_desc', 'start', 'step', 'ts_of_first_over_time',
  'ts_of_last_over_time', 'ts_of_max_over_time', 'ts_of_min_over_time',
];

/** Keywords that may be followed by `(`: grouping and vector-matching modifiers, set operators, `atan2`, `bool`, `offset`. */
const KEYWORDS = ['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'and', 'or', 'unless', 'atan2'];

/** `@ start()` and `@ end()` are modifiers, not the experimental functions of the same names. */
const AT_MODIFIERS = ['start', 'end'];

export const COMPARISON_OPERATORS = ['==', '!=', '>', '<', '>=', '<='] as const;

const KNOWN_CALLS = new Set([...AGGREGATIONS, ...FUNCTIONS]);
const EXPERIMENTAL_CALLS = new Set(EXPERIMENTAL);
const CALL_KEYWORDS = new Set(KEYWORDS);
const AGGREGATION_NAMES = new Set(AGGREGATIONS);
/** Keywords followed by a parenthesised list of label names, not of expressions. */
const LABEL_LIST_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
/** Identifiers that are never metric names: keywords and the float literals. */
const NOT_METRICS = new Set([...KEYWORDS, 'inf', 'nan']);

export interface PromQlShapeOptions {
  /**
   * Accept Grafana's template variables (`[$__rate_interval]`, `$service`), which Grafana substitutes before the query
   * reaches Prometheus. Only for dashboard queries: Prometheus itself rejects them in rules.
   * @default false
   */
  readonly allowGrafanaVariables?: boolean;
}

/** What {@link scanPromQl} found. */
export interface PromQlScan {
  /** Structural problems, each naming the character position (1-based) it was found at. Empty when none. */
  readonly problems: readonly string[];
  /** Functions and aggregations called, in order (aggregations lower-cased). */
  readonly calls: readonly string[];
  /** Binary operators outside label matchers, in order, e.g. `['/', '>']`. */
  readonly operators: readonly string[];
  /**
   * Metric names of the vector selectors, in order of first use, e.g. `['http_requests_total']` (recording rule names
   * such as `slo:http_error_ratio:rate1h` included; label names of grouping clauses and matchers are not metrics).
   */
  readonly metrics: readonly string[];
}

/** Structural problems of a PromQL expression; empty when it looks well-formed. */
export function promQlShapeProblems(expr: string, options: PromQlShapeOptions = {}): string[] {
  return [...scanPromQl(expr, options).problems];
}

/** Scans a PromQL expression once: its structural problems, and which functions and operators it uses. */
export function scanPromQl(expr: string, options: PromQlShapeOptions = {}): PromQlScan {
  return new PromQlScanner(expr, options).scan();
}

const QUOTES = new Set(['"', "'", '`']);
const GRAFANA_VARIABLE = /^\$(?:\{[A-Za-z0-9_:.]+\}|[A-Za-z0-9_]+)/;

class PromQlScanner {
  private readonly problems: string[] = [];
  private readonly calls: string[] = [];
  private readonly operators: string[] = [];
  private readonly metrics: string[] = [];
  /** First character of the previous token: enough to tell `@ start()` from a call of `start()`. */
  private previousTokenStart = '';

  constructor(
    private readonly expr: string,
    private readonly options: PromQlShapeOptions,
  ) {}

  scan(): PromQlScan {
    const result = () => ({ problems: this.problems, calls: this.calls, operators: this.operators, metrics: this.metrics });
    if (this.expr.trim() === '') {
      this.problems.push('the expression is empty');
      return result();
    }
    const openParens: number[] = [];
    let i = 0;
    while (i < this.expr.length) {
      const c = this.expr[i];
      if (/\s/.test(c)) {
        i++;
      } else if (c === '#') {
        const newline = this.expr.indexOf('\n', i);
        i = newline < 0 ? this.expr.length : newline;
      } else if (QUOTES.has(c)) {
        i = this.skipString(i);
      } else if (c === '{') {
        i = this.scanMatchers(i);
      } else if (c === '[') {
        i = this.scanRange(i);
      } else if (c === '(') {
        openParens.push(i);
        i++;
      } else if (c === ')' || c === '}' || c === ']') {
        if (c !== ')' || openParens.pop() === undefined) this.problems.push(`'${c}' ${at(i)} closes nothing`);
        i++;
      } else if (/[A-Za-z_:]/.test(c)) {
        i = this.scanIdentifier(i);
      } else if (/[0-9.]/.test(c)) {
        i = this.skipNumber(i);
      } else if (c === '$' && this.options.allowGrafanaVariables) {
        i = this.skipGrafanaVariable(i);
      } else {
        i = this.scanOperator(i);
      }
      this.previousTokenStart = /\s/.test(c) ? this.previousTokenStart : c;
    }
    for (const position of openParens) this.problems.push(`'(' ${at(position)} is never closed`);
    return result();
  }

  /** Index after the string literal starting at `start`; backtick strings are raw, the others take `\` escapes. */
  private skipString(start: number): number {
    const end = stringEnd(this.expr, start);
    if (end < 0) {
      this.problems.push(`the string ${at(start)} is never closed`);
      return this.expr.length;
    }
    return end;
  }

  private skipGrafanaVariable(start: number): number {
    const variable = GRAFANA_VARIABLE.exec(this.expr.slice(start))?.[0];
    if (variable === undefined) this.problems.push(`'$' ${at(start)} does not start a Grafana variable such as $service or \${service}`);
    return start + (variable?.length ?? 1);
  }

  private scanIdentifier(start: number): number {
    const name = /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(this.expr.slice(start))?.[0] ?? '';
    const end = start + name.length;
    const rest = this.expr.slice(end).trimStart();
    if (LABEL_LIST_KEYWORDS.has(name.toLowerCase()) && rest.startsWith('(')) {
      // `by (namespace, service)`: label names, skipped up to the closing parenthesis.
      const close = this.expr.indexOf(')', end);
      if (close >= 0 && /^\s*\(\s*[A-Za-z_][A-Za-z0-9_]*(\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*\s*,?\s*\)$|^\s*\(\s*\)$/.test(this.expr.slice(end, close + 1))) return close + 1;
    }
    if (rest.startsWith('(')) {
      this.checkCall(name, start);
    } else if (!AGGREGATION_NAMES.has(name.toLowerCase()) && !NOT_METRICS.has(name.toLowerCase())) {
      if (!this.metrics.includes(name)) this.metrics.push(name);
    } else if (AGGREGATION_NAMES.has(name.toLowerCase()) && /^(?:by|without)\s*\(/i.test(rest)) {
      // `sum by (job) (...)`: the aggregation's argument follows its grouping clause.
      this.calls.push(name.toLowerCase());
    }
    return end;
  }

  private checkCall(name: string, position: number): void {
    const keyword = name.toLowerCase();
    if (CALL_KEYWORDS.has(keyword)) return;
    if (AGGREGATION_NAMES.has(keyword)) {
      this.calls.push(keyword);
    } else if (KNOWN_CALLS.has(name)) {
      this.calls.push(name);
    } else if (AT_MODIFIERS.includes(name) && this.previousTokenStart === '@') {
      return;
    } else if (EXPERIMENTAL_CALLS.has(name)) {
      this.problems.push(`'${name}(' ${at(position)} is an experimental function that Prometheus rejects unless started with --enable-feature=promql-experimental-functions`);
    } else {
      this.problems.push(`'${name}(' ${at(position)} is not a PromQL function or aggregation`);
    }
  }

  /** Numbers (`0.95`, `1e-3`, `0x1F`) and number-like durations (`offset 5m`) are not checked further. */
  private skipNumber(start: number): number {
    let i = start;
    while (i < this.expr.length && /[0-9A-Za-z_.]/.test(this.expr[i])) {
      i += /[eE]/.test(this.expr[i]) && /[+-]/.test(this.expr[i + 1] ?? '') ? 2 : 1;
    }
    return i;
  }

  private scanOperator(start: number): number {
    const rest = this.expr.slice(start);
    const operator = /^(?:==|!=|>=|<=|=~|!~|[-+*/%^<>=!@,])/.exec(rest)?.[0];
    if (operator === undefined) {
      this.problems.push(`'${rest[0]}' ${at(start)} is not part of PromQL`);
    } else if (operator === '=' || operator === '!') {
      this.problems.push(`'${operator}' ${at(start)} is outside a label matcher; compare with '==' or '!='`);
    } else if (operator === '=~' || operator === '!~') {
      this.problems.push(`'${operator}' ${at(start)} is a label matcher outside '{...}'`);
    } else if (operator !== ',') {
      this.operators.push(operator);
      // `a /` or `(a >)`: a binary operator with nothing after it.
      if (/^\s*(?:[)\]}]|$)/.test(rest.slice(operator.length))) this.problems.push(`'${operator}' ${at(start)} has no right operand`);
    }
    return start + (operator?.length ?? 1);
  }

  /** Range selector `[5m]` or subquery `[1h:5m]` / `[1h:]`; returns the index after `]`. */
  private scanRange(start: number): number {
    const close = this.expr.indexOf(']', start);
    if (close < 0) {
      this.problems.push(`'[' ${at(start)} is never closed`);
      return this.expr.length;
    }
    const content = this.expr.slice(start + 1, close);
    const parts = content.split(':').map((part) => part.trim());
    const [range, resolution] = parts;
    const valid = parts.length <= 2 && this.isRangeDuration(range) && (resolution === undefined || resolution === '' || this.isRangeDuration(resolution));
    if (!valid) {
      this.problems.push(`range selector '[${content}]' ${at(start)} needs a duration such as [5m], or a subquery such as [1h:5m]`);
    }
    return close + 1;
  }

  private isRangeDuration(value: string): boolean {
    if (this.options.allowGrafanaVariables && GRAFANA_VARIABLE.exec(value)?.[0] === value) return true;
    return isPrometheusDuration(value) && durationSeconds(value) > 0;
  }

  /**
   * Label matchers `{name op "value", ...}` with op one of `=`, `!=`, `=~`, `!~`; a quoted name alone is a metric name
   * (Prometheus 3 UTF-8 names). Returns the index after `}`; after a malformed matcher, skips to the closing brace.
   */
  private scanMatchers(start: number): number {
    let i = start + 1;
    for (;;) {
      i = skipSpace(this.expr, i);
      if (i >= this.expr.length) return this.neverClosed(start);
      if (this.expr[i] === '}') return i + 1;
      const nameStart = i;
      const quotedName = QUOTES.has(this.expr[i]);
      if (quotedName) {
        const nameEnd = stringEnd(this.expr, i);
        if (nameEnd < 0) return this.skipString(i);
        i = nameEnd;
      } else {
        const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.expr.slice(i))?.[0];
        if (name === undefined) return this.badMatcher(start, i, 'expected a label name');
        i += name.length;
      }
      i = skipSpace(this.expr, i);
      if (!(quotedName && (this.expr[i] === ',' || this.expr[i] === '}'))) {
        const operator = /^(?:=~|!~|!=|=)/.exec(this.expr.slice(i))?.[0];
        if (operator === undefined) return this.badMatcher(start, i, `label '${this.expr.slice(nameStart, i).trim()}' needs one of =, !=, =~, !~`);
        i = skipSpace(this.expr, i + operator.length);
        if (!QUOTES.has(this.expr[i] ?? '')) return this.badMatcher(start, i, 'the label value must be a quoted string');
        const valueEnd = stringEnd(this.expr, i);
        if (valueEnd < 0) return this.skipString(i);
        i = skipSpace(this.expr, valueEnd);
      }
      if (i >= this.expr.length) return this.neverClosed(start);
      if (this.expr[i] === ',') {
        i++;
      } else if (this.expr[i] !== '}') {
        return this.badMatcher(start, i, "expected ',' or '}'");
      }
    }
  }

  private badMatcher(start: number, position: number, problem: string): number {
    this.problems.push(`label matchers ${at(start)}: ${problem} ${at(position)}`);
    for (let i = position; i < this.expr.length; ) {
      if (this.expr[i] === '}') return i + 1;
      i = QUOTES.has(this.expr[i]) ? stringEnd(this.expr, i) : i + 1;
      if (i < 0) break;
    }
    return this.neverClosed(start);
  }

  private neverClosed(start: number): number {
    this.problems.push(`'{' ${at(start)} is never closed`);
    return this.expr.length;
  }
}

function at(index: number): string {
  return `at character ${index + 1}`;
}

function skipSpace(expr: string, start: number): number {
  let i = start;
  while (i < expr.length && /\s/.test(expr[i])) i++;
  return i;
}

/** Index after the string literal opening at `start`, or -1 when it never closes. */
function stringEnd(expr: string, start: number): number {
  const quote = expr[start];
  for (let i = start + 1; i < expr.length; i++) {
    if (expr[i] === '\\' && quote !== '`') i++;
    else if (expr[i] === quote) return i + 1;
  }
  return -1;
}
