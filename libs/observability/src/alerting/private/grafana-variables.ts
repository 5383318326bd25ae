/**
 * Grafana replaces its variables before a dashboard query reaches Prometheus, so a query is parsed with each variable
 * replaced by something of the kind Grafana puts there. Replacements have the variable's length (padded in front with
 * spaces, which PromQL ignores between tokens, so that a unit written after the variable, `${__range_s}s`, stays
 * attached to the number), so character positions in messages point into the original query.
 * Variables inside strings (`{service="$service"}`) are text to PromQL and stay as they are.
 *
 * Global variables: https://grafana.com/docs/grafana/latest/dashboards/variables/add-template-variables/#global-variables
 */

/** Global variables that Grafana replaces with a duration such as `1m`. */
const DURATION_VARIABLES = new Set(['__interval', '__rate_interval', '__range']);
/** Global variables that Grafana replaces with a number (milliseconds or seconds; `__from`/`__to` as timestamps). */
const NUMBER_VARIABLES = new Set(['__interval_ms', '__range_ms', '__range_s', '__from', '__to']);
/**
 * `$name`, `${name}`, `${name:format}` (formats may have arguments: `${__to:date:seconds}`) and the deprecated
 * `[[name]]` / `[[name:format]]`.
 */
const VARIABLE = /^(?:\$\{([A-Za-z0-9_]+)(?::[A-Za-z0-9_]+)*\}|\$([A-Za-z0-9_]+)|\[\[([A-Za-z0-9_]+)(?::[A-Za-z0-9_]+)*\]\])/;
const QUOTES = new Set(['"', "'", '`']);

/** A duration unit written right after a variable (`${__range_s}s`, `[${window}m]`): the variable is its number. */
const UNIT_AFTER = /^(?:ms|[smhdwy])(?![A-Za-z0-9_])/;

/** A query with its Grafana variables replaced, and where the variables start. */
export interface SubstitutedQuery {
  readonly text: string;
  /** 0-based offsets of the variables in the query (and in `text`, which keeps every position). */
  readonly variables: readonly number[];
}

/**
 * `query` with its Grafana variables replaced, position for position: durations for the interval variables and for any
 * variable in a range (`[$window]`) or after `offset`, numbers for the `_ms`/`_s`/`__from`/`__to` variables, for a
 * variable after `@` or followed by a unit and for the variables starting at `numbersAt` (the caller's: where a scalar is expected, `topk($n, x)`), and
 * a metric or label name for the other template variables (`by ($grouping)`, `$metric`).
 */
export function substituteGrafanaVariables(query: string, numbersAt: ReadonlySet<number> = new Set()): SubstitutedQuery {
  const variables: number[] = [];
  let result = '';
  let rangeDepth = 0;
  let i = 0;
  while (i < query.length) {
    const c = query[i];
    const variable = VARIABLE.exec(query.slice(i));
    if (variable !== null) {
      const [text, braced, plain, legacy] = variable;
      // After `@` a timestamp (a number) belongs: `x @ ${__to:date:seconds}`.
      const number = numbersAt.has(i) || UNIT_AFTER.test(query.slice(i + text.length)) || /@\s*$/.test(result);
      const expected = number ? 'number' : rangeDepth > 0 || /\boffset\s*$/i.test(result) ? 'duration' : undefined;
      variables.push(i);
      result += replacement(text, braced ?? plain ?? legacy, expected);
      i += text.length;
    } else if (QUOTES.has(c) || c === '#') {
      const end = c === '#' ? lineEnd(query, i) : stringEnd(query, i);
      result += query.slice(i, end);
      i = end;
    } else {
      if (c === '[') rangeDepth++;
      if (c === ']') rangeDepth = Math.max(0, rangeDepth - 1);
      result += c;
      i++;
    }
  }
  return { text: result, variables };
}

function replacement(text: string, name: string, expected: 'number' | 'duration' | undefined): string {
  if (NUMBER_VARIABLES.has(name) || expected === 'number') return '1'.padStart(text.length);
  if (DURATION_VARIABLES.has(name) || expected === 'duration') return '5m'.padStart(text.length);
  // `${grouping}` → `__grouping_`: an identifier, so a metric or label name, of the same length.
  return text.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Index after the string literal opening at `start` (backtick strings are raw), or the end of `query`. */
function stringEnd(query: string, start: number): number {
  const quote = query[start];
  for (let i = start + 1; i < query.length; i++) {
    if (query[i] === '\\' && quote !== '`') i++;
    else if (query[i] === quote) return i + 1;
  }
  return query.length;
}

function lineEnd(query: string, start: number): number {
  const newline = query.indexOf('\n', start);
  return newline < 0 ? query.length : newline;
}
