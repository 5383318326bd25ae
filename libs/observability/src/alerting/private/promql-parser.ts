import type { SyntaxNode, Tree } from '@lezer/common';
import { Parser as PromQlLinter } from '@prometheus-io/codemirror-promql/dist/cjs/parser';
import { parser as promQlGrammar } from '@prometheus-io/lezer-promql';

/**
 * PromQL read by the Prometheus project's own grammar (`@prometheus-io/lezer-promql`) and checked by the linter of the
 * Prometheus UI (`@prometheus-io/codemirror-promql`'s `Parser`: argument counts and types, aggregation parameters,
 * binary operator operands, `bool` between scalars, vector matching, offsets). What neither covers stays here: a
 * readable message for the first syntax error, every syntax error reported (the UI's linter skips an error at the very
 * end, where a user is still typing), ranges on something other than a selector, and the feature-flag policy.
 */

/** One problem, with the 0-based character offset it starts at. */
export interface PromQlDiagnostic {
  readonly from: number;
  readonly message: string;
}

/** What the parser found in one expression. */
export interface ParsedPromQl {
  readonly diagnostics: readonly PromQlDiagnostic[];
  /** Functions and aggregations called, in document order (aggregations lower-cased, as PromQL keywords are case-insensitive). */
  readonly calls: readonly string[];
  /** Binary operators in document order, set operators lower-cased: `['/', '>=', 'and']`. */
  readonly operators: readonly string[];
  /** Metric names of the vector selectors written as identifiers, in order of first use. */
  readonly metrics: readonly string[];
}

const EXPERIMENTAL_FUNCTIONS_FLAG = 'promql-experimental-functions';
const DURATION_EXPRESSION_FLAG = 'promql-duration-expr';

/**
 * Functions and aggregations Prometheus only accepts behind a feature flag, and that flag: rules using them fail to
 * load on a default kube-prometheus-stack. The grammar knows them all, so this policy is ours.
 */
const FLAGGED_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ...['double_exponential_smoothing', 'first_over_time', 'histogram_quantiles', 'info', 'limit_ratio', 'limitk', 'mad_over_time', 'sort_by_label', 'sort_by_label_desc']
    .map((name) => [name, EXPERIMENTAL_FUNCTIONS_FLAG] as const),
  ...['ts_of_first_over_time', 'ts_of_last_over_time', 'ts_of_max_over_time', 'ts_of_min_over_time'].map((name) => [name, EXPERIMENTAL_FUNCTIONS_FLAG] as const),
  // Outside `@ start()` / `@ end()` (modifiers, a node of their own), these belong to duration expressions.
  ...['start', 'end', 'step', 'range'].map((name) => [name, DURATION_EXPRESSION_FLAG] as const),
]);

/** Grammar nodes of syntax Prometheus accepts only behind a feature flag, and that flag. */
const FEATURE_FLAGGED: Readonly<Record<string, string>> = {
  AnchoredExpr: 'promql-extended-range-selectors',
  SmoothedExpr: 'promql-extended-range-selectors',
};

/** A duration literal (`5m`, `300`): anything else in a duration (`5m * 2`, `step()`) is a duration expression. */
const DURATION_LITERALS = new Set(['NumberDurationLiteralInDurationContext', 'NumberDurationLiteral']);

/** What the parser expected where an error node is empty, by the node it sits in. */
const EXPECTED_IN: Readonly<Record<string, string>> = {
  FunctionCallBody: "')' to close the call",
  ParenExpr: "')'",
  GroupingLabels: "')' to close the label list",
  AggregateModifier: 'a label list in parentheses, such as by (job)',
  LabelMatchers: "',' or '}' in the label matchers",
  MatrixSelector: "']' to close the range",
  SubqueryExpr: "']' to close the subquery",
  OffsetExpr: 'a duration after offset, such as offset 5m',
  OffsetDurationExpr: 'a duration after offset, such as offset 5m',
  AtModifierPreprocessors: 'start() or end() after @',
};

const JOIN_HINT = 'an operator such as +, / or > (or and, or, unless) must join two expressions';

/** A hint for an unexpected token, by the node it sits in. */
const HINT_IN: Readonly<Record<string, string>> = {
  AggregateExpr: 'an aggregation takes its argument in parentheses, such as sum by (job) (rate(x[5m]))',
  BinaryExpr: JOIN_HINT,
  PromQL: JOIN_HINT,
  MatrixSelector: 'a duration is a number and a unit such as 5m (units ms, s, m, h, d, w, y)',
  SubqueryExpr: 'a subquery is [<range>:<resolution>], such as [1h:5m]',
  UnquotedLabelMatcher: 'a label matcher is name, one of =, !=, =~, !~, and a quoted value, such as job="api"',
  LabelMatchers: 'a label matcher is name, one of =, !=, =~, !~, and a quoted value, such as job="api"',
};

/**
 * The linter reads the tree through `syntaxTree(state)` of @codemirror/language (`state.field(Language.state).tree`)
 * and the text through `state.sliceDoc`. A real EditorState would parse within CodeMirror's 20 ms work budget (on a
 * loaded machine, a partial tree and false errors) and, in the esbuild synth bundle, would come from another copy of
 * @codemirror/language (ESM for our imports, CommonJS for the linter's) whose `Language.state` the linter would not
 * find. So the linter gets the complete tree the grammar parsed, and only the two members it reads.
 */
class ParsedDocument {
  constructor(
    private readonly text: string,
    private readonly tree: Tree,
  ) {}

  field(): { tree: Tree } {
    return { tree: this.tree };
  }

  sliceDoc(from = 0, to = this.text.length): string {
    return this.text.slice(from, to);
  }
}

/** Parses and lints `expr` (Grafana variables already substituted); the caller caches the result. */
export function parsePromQl(expr: string): ParsedPromQl {
  const tree = promQlGrammar.parse(expr);
  const syntaxError = firstSyntaxError(expr, tree);
  const diagnostics = syntaxError === undefined ? [...lint(expr, tree), ...policyProblems(expr, tree)] : [syntaxError];
  return { diagnostics: diagnostics.sort((a, b) => a.from - b.from), ...usage(expr, tree) };
}

/**
 * The first error node, made readable. Only the first: after it the grammar's error recovery guesses, and what it
 * reports next is mostly a consequence of the first mistake (Prometheus itself reports one parse error).
 */
function firstSyntaxError(expr: string, tree: Tree): PromQlDiagnostic | undefined {
  let error: SyntaxNode | undefined;
  tree.iterate({
    enter: (node) => {
      if (error !== undefined) return false;
      if (node.type.isError) error = node.node;
      return undefined;
    },
  });
  if (error === undefined) return undefined;
  const parent = error.parent?.name ?? '';
  const text = expr.slice(error.from, error.to);
  const previous = error.prevSibling;
  const atEnd = expr.slice(error.from).trim() === '';
  if (atEnd) {
    const unclosed = unclosedString(expr, tree) ?? unclosedBracket(expr, error);
    if (unclosed !== undefined) return unclosed;
  }
  if (text === '') {
    const found = atEnd ? 'the expression ends' : `found '${expr.slice(error.from).trim().split(/\s+/)[0]}'`;
    const operator = parent === 'BinaryExpr' && previous !== null ? `an operand after '${expr.slice(previous.from, previous.to)}'` : undefined;
    return { from: error.from, message: `expected ${operator ?? EXPECTED_IN[parent] ?? 'more'} ${at(error.from)}, but ${found}` };
  }
  if (text.startsWith('(') && previous?.name === 'Identifier') {
    const name = expr.slice(previous.from, previous.to);
    return { from: previous.from, message: `'${name}(' ${at(previous.from)} is not a PromQL function or aggregation` };
  }
  if (parent === 'VectorSelector' && /^(?:=~|!~|=)$/.test(text)) {
    const hint = text === '=' ? "compare with '==' or '!='" : "label matchers belong inside '{...}'";
    return { from: error.from, message: `unexpected '${text}' ${at(error.from)}: ${hint}` };
  }
  if (/^[)\]}]$/.test(text)) return { from: error.from, message: `'${text}' ${at(error.from)} closes nothing` };
  const hint = HINT_IN[parent];
  return { from: error.from, message: `unexpected '${text}' ${at(error.from)}${hint === undefined ? '' : `: ${hint}`}` };
}

/** Where the grammar ran out of input inside `(`, `{` or `[`: that bracket, which is never closed. */
function unclosedBracket(expr: string, error: SyntaxNode): PromQlDiagnostic | undefined {
  const parent = error.parent;
  const bracket = parent === null ? undefined : OPENING_BRACKETS[parent.name];
  if (parent === null || bracket === undefined) return undefined;
  // `(`, `{` open their node; `[` follows the selector or expression the range applies to.
  const from = bracket === '[' ? expr.indexOf('[', parent.firstChild?.to ?? parent.from) : parent.from;
  return expr[from] === bracket ? { from, message: `'${bracket}' ${at(from)} is never closed` } : undefined;
}

/** A string literal that runs to the end of the expression without its closing quote. */
function unclosedString(expr: string, tree: Tree): PromQlDiagnostic | undefined {
  let unclosed: PromQlDiagnostic | undefined;
  tree.iterate({
    enter: (node) => {
      const text = expr.slice(node.from, node.to);
      if (node.name === 'StringLiteral' && node.to === expr.trimEnd().length && !isClosedString(text)) {
        unclosed = { from: node.from, message: `the string ${at(node.from)} is never closed` };
      }
      return unclosed === undefined ? undefined : false;
    },
  });
  return unclosed;
}

/** Whether a string literal's text ends with its opening quote, not escaped (backtick strings have no escapes). */
function isClosedString(text: string): boolean {
  if (text.length < 2 || !text.endsWith(text[0])) return false;
  const backslashes = /\\*$/.exec(text.slice(0, -1))?.[0].length ?? 0;
  return text[0] === '`' || backslashes % 2 === 0;
}

/** Nodes that open with a bracket, and the bracket. */
const OPENING_BRACKETS: Readonly<Record<string, string>> = {
  FunctionCallBody: '(',
  ParenExpr: '(',
  GroupingLabels: '(',
  LabelMatchers: '{',
  MatrixSelector: '[',
  SubqueryExpr: '[',
};

/** The Prometheus UI's checks, errors only (its warnings are advice about valid queries). */
function lint(expr: string, tree: Tree): PromQlDiagnostic[] {
  // The linter's constructor takes an EditorState; ParsedDocument provides what it reads (see its comment).
  const linter = new PromQlLinter(new ParsedDocument(expr, tree) as unknown as ConstructorParameters<typeof PromQlLinter>[0]);
  linter.analyze();
  const seen = new Set<string>();
  const diagnostics: PromQlDiagnostic[] = [];
  for (const diagnostic of linter.getDiagnostics()) {
    const snippet = expr.slice(diagnostic.from, diagnostic.to).trim();
    const message = `${diagnostic.message}${snippet === '' ? '' : ` in '${snippet}'`} ${at(diagnostic.from)}`;
    // policyProblems reports empty selectors itself, regular expressions included and with the fix.
    if (diagnostic.severity !== 'error' || seen.has(message) || diagnostic.message.startsWith(EMPTY_SELECTOR)) continue;
    seen.add(message);
    diagnostics.push({ from: diagnostic.from, message });
  }
  return diagnostics;
}

/** What Prometheus rejects but the grammar and linter accept: ranges of non-selectors, and feature-flagged syntax. */
function policyProblems(expr: string, tree: Tree): PromQlDiagnostic[] {
  const problems: PromQlDiagnostic[] = [];
  const flagged = (from: number, what: string, flag: string) =>
    problems.push({ from, message: `${what} ${at(from)} is experimental: Prometheus rejects it unless started with --enable-feature=${flag}` });
  tree.iterate({
    enter: (node) => {
      const text = expr.slice(node.from, node.to);
      if (node.name === 'FunctionIdentifier' || node.name === 'AggregateOp') {
        const flag = FLAGGED_FUNCTIONS.get(text.toLowerCase());
        if (flag !== undefined) flagged(node.from, `'${text}('`, flag);
      } else if (FEATURE_FLAGGED[node.name] !== undefined) {
        flagged(node.from, `'${text}'`, FEATURE_FLAGGED[node.name]);
      } else if (node.name === 'DurationExpr' && !isDurationLiteral(node.node)) {
        flagged(node.from, `the duration expression '${text}'`, DURATION_EXPRESSION_FLAG);
        return false;
      } else if (MODIFIER_EXPRESSIONS.has(node.name) && !MODIFIER_EXPRESSIONS.has(node.node.parent?.name ?? '')) {
        problems.push(...repeatedModifiers(expr, node.node));
      } else if (node.name === 'VectorSelector' && !hasNonEmptyMatcher(expr, node.node)) {
        // Prometheus: "vector selector must contain at least one non-empty matcher"; it would select every series.
        problems.push({ from: node.from, message: `${EMPTY_SELECTOR}: '${text}' ${at(node.from)} matches every series; name the metric or add a matcher that cannot match the empty string, such as job="api"` });
      } else if (node.name === 'MatrixSelector' && node.node.firstChild?.name !== 'VectorSelector') {
        // `rate(x[5m])[5m]`: Prometheus' "ranges only allowed for vector selectors"; a subquery ([5m:1m]) is what works.
        problems.push({ from: node.from, message: `a range ${at(node.from)} applies only to a metric selector, not to '${expr.slice(node.from, node.node.firstChild?.to)}'; use a subquery such as [5m:1m]` });
      }
      return undefined;
    },
  });
  return problems;
}

/** Prometheus' words for a selector whose matchers all accept the empty string; the UI's linter sees only `=` and `!=`. */
const EMPTY_SELECTOR = 'vector selector must contain at least one non-empty matcher';

/** Nodes of `<expr> offset <d>` and `<expr> @ <t>`: modifiers written one after another nest, outermost last. */
const MODIFIER_EXPRESSIONS = new Set(['OffsetExpr', 'StepInvariantExpr']);

/** What an offset or @ may modify: a selector (instant or range) or a subquery. */
const MODIFIABLE = new Set(['VectorSelector', 'MatrixSelector', 'SubqueryExpr']);

/** Modifier tokens, and what Prometheus calls them when one is written twice on the same expression. */
const MODIFIER_NAMES: Readonly<Record<string, string>> = { Offset: 'offset', At: '@ <timestamp>' };

/**
 * `x offset 5m offset 1m`, `x @ end() @ end()`: the grammar nests them, Prometheus refuses ("offset may not be set
 * multiple times"). `node` is the outermost of a chain of modifiers; each modifier after the first of its kind is reported.
 */
function repeatedModifiers(expr: string, outermost: SyntaxNode): PromQlDiagnostic[] {
  const tokens: SyntaxNode[] = [];
  let operand: SyntaxNode | null = outermost;
  for (; operand !== null && MODIFIER_EXPRESSIONS.has(operand.name); operand = operand.firstChild) {
    const token = operand.getChild('Offset') ?? operand.getChild('At');
    if (token !== null) tokens.unshift(token);
  }
  // The grammar nests `a > 0 and x offset 60` as `(a > 0 and x) offset 60` and `-x offset 5m` as `(-x) offset 5m`;
  // Prometheus binds a modifier to the operand just before it (x): down through binary operators' right-hand sides
  // and signs.
  while (operand?.name === 'BinaryExpr' || operand?.name === 'UnaryExpr') operand = operand.lastChild;
  const seen = new Set<string>();
  const problems: PromQlDiagnostic[] = [];
  // `sum(x) offset 5m`, `(x) @ end()`: Prometheus' "offset modifier must be preceded by an instant vector selector or
  // range vector selector or a subquery" (parentheses included); the grammar takes any expression.
  if (operand !== null && !MODIFIABLE.has(operand.name) && tokens.length > 0) {
    const name = MODIFIER_NAMES[tokens[0].name];
    const text = expr.slice(operand.from, operand.to);
    problems.push({
      from: tokens[0].from,
      message: `${name} ${at(tokens[0].from)} applies only to a metric selector or a subquery, not to '${text}'; move it onto the selector inside, such as sum(x offset 5m), or make '${text}' a subquery ([5m:1m])`,
    });
  }
  for (const token of tokens) {
    const name = MODIFIER_NAMES[token.name];
    if (seen.has(name)) {
      problems.push({ from: token.from, message: `${name} may not be set multiple times: the second '${expr.slice(token.from, token.to)}' ${at(token.from)} modifies the same expression; keep one` });
    }
    seen.add(name);
  }
  return problems;
}

/** Whether a vector selector has a metric name or a label matcher that the empty string does not satisfy. */
function hasNonEmptyMatcher(expr: string, selector: SyntaxNode): boolean {
  if (selector.getChild('Identifier') !== null) return true;
  const matchers = selector.getChild('LabelMatchers');
  if (matchers === null) return true;
  // `{"metric"}`: a quoted metric name.
  if (matchers.getChild('QuotedLabelName') !== null) return true;
  const all = [...matchers.getChildren('UnquotedLabelMatcher'), ...matchers.getChildren('QuotedLabelMatcher')];
  return all.some((matcher) => !matchesEmpty(expr, matcher));
}

/** Whether a label matcher is satisfied by a missing label (the empty string); unreadable values count as not. */
function matchesEmpty(expr: string, matcher: SyntaxNode): boolean {
  const op = matcher.getChild('MatchOp')?.firstChild?.name;
  const literal = matcher.getChildren('StringLiteral').at(-1);
  const value = literal === undefined ? undefined : unquote(expr.slice(literal.from, literal.to));
  if (op === undefined || value === undefined) return false;
  if (op === 'EqlSingle' || op === 'Neq') return (value === '') === (op === 'EqlSingle');
  // Prometheus anchors regular expressions; RE2 syntax JavaScript does not read counts as not matching.
  try {
    const matches = new RegExp(`^(?:${value.replace(/^\(\?i\)/, '')})$`).test('');
    return matches === (op === 'EqlRegex');
  } catch {
    return false;
  }
}

/** A PromQL string literal's value (Go quoting), or undefined when it is not one JavaScript can read. */
function unquote(literal: string): string | undefined {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  const body = literal.slice(1, -1);
  try {
    const json = literal.startsWith("'") ? body.replace(/\\'/g, "'").replace(/"/g, '\\"') : body;
    return JSON.parse(`"${json}"`) as string;
  } catch {
    return undefined;
  }
}

function isDurationLiteral(node: SyntaxNode): boolean {
  const child = node.firstChild;
  return child !== null && child.nextSibling === null && DURATION_LITERALS.has(child.name);
}

function usage(expr: string, tree: Tree): Pick<ParsedPromQl, 'calls' | 'operators' | 'metrics'> {
  const calls: string[] = [];
  const operators: string[] = [];
  const metrics: string[] = [];
  tree.iterate({
    enter: (node) => {
      const text = expr.slice(node.from, node.to);
      if (node.name === 'FunctionIdentifier') calls.push(text);
      else if (node.name === 'AggregateOp') calls.push(text.toLowerCase());
      else if (node.node.parent?.name === 'BinaryExpr' && node.node.prevSibling !== null && node.node.nextSibling !== null && isOperator(node.name)) operators.push(text.toLowerCase());
      else if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector' && !metrics.includes(text)) metrics.push(text);
      return undefined;
    },
  });
  return { calls, operators, metrics };
}

/** Operator tokens of a BinaryExpr, as the grammar names them. */
const OPERATORS = new Set(['Add', 'Sub', 'Mul', 'Div', 'Mod', 'Pow', 'Eql', 'Neq', 'Lte', 'Lss', 'Gte', 'Gtr', 'And', 'Or', 'Unless', 'Atan2']);

function isOperator(name: string): boolean {
  return OPERATORS.has(name);
}

function at(offset: number): string {
  return `at character ${offset + 1}`;
}
