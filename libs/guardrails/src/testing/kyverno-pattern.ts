/**
 * A small evaluator of Kyverno validate patterns (https://kyverno.io/docs/policy-types/cluster-policy/validate/), so
 * tests can run the admission checks of the guardrails against the same objects as the rules, without a cluster. It
 * covers what the rules use, with Kyverno's semantics (pkg/engine/validate): maps, the equality anchor `=(key)` (checked
 * only when the key is present), the negation anchor `X(key)` (the key must be absent), lists of maps (every element
 * matches), and scalar patterns with `|` (any), `&` (all), `!` (not) and the wildcards `*` and `?`. `deny` and `foreach`
 * (JMESPath) are not evaluated.
 */

const EQUALITY_ANCHOR = /^=\((.+)\)$/;
const NEGATION_ANCHOR = /^X\((.+)\)$/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function wildcard(value: string, pattern: string): boolean {
  const expression = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${expression}$`).test(value);
}

function matchesScalar(value: unknown, pattern: string): boolean {
  if (value === undefined || value === null || typeof value === 'object') return false;
  const text = String(value);
  return pattern.split('|').some((alternative) =>
    alternative.split('&').every((condition) => {
      const trimmed = condition.trim();
      return trimmed.startsWith('!') ? !wildcard(text, trimmed.slice(1).trim()) : wildcard(text, trimmed);
    })
  );
}

/** Whether `resource` matches the Kyverno `pattern`. */
export function matchesPattern(resource: unknown, pattern: unknown): boolean {
  if (Array.isArray(pattern)) {
    if (!Array.isArray(resource)) return false;
    return resource.every((element) => matchesPattern(element, pattern[0]));
  }
  if (isObject(pattern)) {
    if (!isObject(resource)) return false;
    return Object.entries(pattern).every(([key, expected]) => {
      const negated = NEGATION_ANCHOR.exec(key)?.[1];
      if (negated !== undefined) return resource[negated] === undefined;
      const conditional = EQUALITY_ANCHOR.exec(key)?.[1];
      if (conditional !== undefined) return resource[conditional] === undefined || matchesPattern(resource[conditional], expected);
      return matchesPattern(resource[key], expected);
    });
  }
  if (typeof pattern === 'string') return matchesScalar(resource, pattern);
  return resource === pattern;
}

/** Whether `resource` passes a Kyverno validate body of `pattern` or `anyPattern`; undefined for `deny`/`foreach`. */
export function passesValidate(resource: unknown, validate: Readonly<Record<string, unknown>>): boolean | undefined {
  if (validate.pattern !== undefined) return matchesPattern(resource, validate.pattern);
  if (Array.isArray(validate.anyPattern)) return validate.anyPattern.some((pattern) => matchesPattern(resource, pattern));
  return undefined;
}
