/**
 * Where in an environment file a field of its config is written, for error messages: `network.vpcCidr` →
 * line 15 of environments/production/environment.ts. Runs only when a config is invalid (it loads TypeScript's
 * parser, about 0.3 s).
 */
import { EnvironmentConfigError } from '@platform/config';
import { PlatformError } from '@platform/core';
import { EnvironmentsInvalidError } from '@platform/stacks';
import type * as ts from 'typescript';
import * as fs from 'node:fs';

/**
 * The 1-based line of `field` (a dotted path such as `cluster.nodeGroups.general.maxSize` or `adminRoleArns.0`) in
 * the object literal the file exports as `environment` (inside `defineEnvironment(...)` or not). When the path
 * leaves the literal (a spread, a constant from elsewhere), the line of the deepest property written in the file;
 * undefined when not even the first segment is, or the file cannot be read.
 */
export function lineOfField(file: string, field: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the error path only
  const typescript = require('typescript') as typeof ts;
  const source = typescript.createSourceFile(file, text, typescript.ScriptTarget.Latest, true);
  let node: ts.Node | undefined = exportedEnvironment(typescript, source);
  let found: ts.Node | undefined;
  for (const segment of field.split('.').filter(Boolean)) {
    node = node && child(typescript, unwrap(typescript, node), segment);
    if (node === undefined) break;
    found = node;
  }
  return found && source.getLineAndCharacterOfPosition(found.getStart(source)).line + 1;
}

/** `message` of an invalid config with each field's place appended: `... Fix: ... (environment.ts:15)`. */
export function withFieldLines(error: EnvironmentConfigError, file: string): string {
  const lines = error.issues.map((issue) => {
    const line = issue.field ? lineOfField(file, issue.field) : undefined;
    return `  - ${issue.field || '(top level)'}: ${issue.message}${line === undefined ? '' : ` (${error.source}:${line})`}`;
  });
  return [`Environment '${error.environment}' (${error.source}) is invalid:`, ...lines].join('\n');
}

/** The initializer of `export const environment = ...`. */
function exportedEnvironment(typescript: typeof ts, source: ts.SourceFile): ts.Node | undefined {
  for (const statement of source.statements) {
    if (!typescript.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (typescript.isIdentifier(declaration.name) && declaration.name.text === 'environment') return declaration.initializer;
    }
  }
  return undefined;
}

/** The literal behind `defineEnvironment(...)`, `(...)`, `... as X` and `... satisfies X`. */
function unwrap(typescript: typeof ts, node: ts.Node): ts.Node {
  if (typescript.isCallExpression(node) && node.arguments.length === 1) return unwrap(typescript, node.arguments[0]);
  if (typescript.isParenthesizedExpression(node) || typescript.isAsExpression(node) || typescript.isSatisfiesExpression(node)) return unwrap(typescript, node.expression);
  if (typescript.isPropertyAssignment(node)) return unwrap(typescript, node.initializer);
  return node;
}

/** The property `segment` of an object literal, or element `segment` of an array literal. */
function child(typescript: typeof ts, node: ts.Node, segment: string): ts.Node | undefined {
  if (typescript.isObjectLiteralExpression(node)) {
    // The last one written wins, as in JavaScript; behind a later spread the value may come from the spread.
    for (const property of [...node.properties].reverse()) {
      if (typescript.isSpreadAssignment(property)) return undefined;
      if (property.name !== undefined && propertyName(typescript, property.name) === segment) return property;
    }
    return undefined;
  }
  if (typescript.isArrayLiteralExpression(node) && /^\d+$/.test(segment) && !node.elements.some(typescript.isSpreadElement)) {
    return node.elements[Number(segment)];
  }
  return undefined;
}

function propertyName(typescript: typeof ts, name: ts.PropertyName): string | undefined {
  if (typescript.isIdentifier(name) || typescript.isStringLiteral(name) || typescript.isNumericLiteral(name)) return name.text;
  return undefined;
}

/**
 * The message of an input error as the synth commands print it: an invalid environment's fields with the line of
 * the environment file each is written on (`fileOf` gives that file's absolute path), anything else as it is.
 */
export function describeInputError(error: PlatformError, fileOf: (environment: string) => string): string {
  if (error instanceof EnvironmentConfigError) return withFieldLines(error, fileOf(error.environment));
  if (error instanceof EnvironmentsInvalidError) return error.errors.map((each) => withFieldLines(each, fileOf(each.environment))).join('\n\n');
  return error.message;
}
