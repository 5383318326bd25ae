/**
 * The environment config reference (docs/environment-config.md), generated from the schema itself as terraform-docs
 * does for modules: every field's path, type and default from the zod schema (`environmentSchema`), its description
 * from the JSDoc written above it in libs/config/src. `tools/config-reference.spec.ts` fails when the committed file
 * is stale.
 *
 *   npx tsx tools/config-reference.ts [--check]
 */
import { environmentSchema } from '@platform/config';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { CommandSpec, Output, parseCommandLine, processOutput, reportCommandLine } from './cli-arguments';

const WORKSPACE = path.resolve(__dirname, '..');
const CONFIG_SOURCE = path.join(WORKSPACE, 'libs', 'config', 'src');
export const REFERENCE_FILE = path.join(WORKSPACE, 'docs', 'environment-config.md');

export const CONFIG_REFERENCE_COMMAND = {
  command: 'npx tsx tools/config-reference.ts',
  description: 'Writes docs/environment-config.md from the environment schema (libs/config).',
  options: {
    check: { type: 'boolean', description: 'write nothing; exit 1 when the committed file differs from what the schema gives' },
  },
} as const satisfies CommandSpec;

type ZodDef = Readonly<Record<string, unknown>>;
type ZodNode = { readonly _zod: { readonly def: ZodDef } };

/** One documented field: its dotted path (`*` an item of a list, `<name>` a key of a record). */
interface Field {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly defaultValue?: string;
}

/** The fields of the schema tree, in the order the schema declares them. */
function schemaFields(schema: ZodNode, at: string, required = true): Field[] {
  const def = schema._zod.def;
  switch (def.type) {
    case 'optional':
      return schemaFields(def.innerType as ZodNode, at, false);
    case 'default':
      return withDefault(schemaFields(def.innerType as ZodNode, at, false), at, def.defaultValue);
    case 'prefault':
    case 'readonly':
      return schemaFields(def.innerType as ZodNode, at, def.type === 'prefault' ? false : required);
    case 'pipe':
      return schemaFields(def.in as ZodNode, at, required);
    default:
      break;
  }
  const own: Field[] = at === '' ? [] : [{ path: at, type: typeOf(schema), required }];
  const child = (segment: string) => (at === '' ? segment : `${at}.${segment}`);
  if (def.type === 'object') {
    return [...own, ...Object.entries(def.shape as Record<string, ZodNode>).flatMap(([key, value]) => schemaFields(value, child(key)))];
  }
  if (def.type === 'array' && isObject(def.element as ZodNode)) return [...own, ...schemaFields(def.element as ZodNode, child('*'))];
  if (def.type === 'record' && isObject(def.valueType as ZodNode)) return [...own, ...schemaFields(def.valueType as ZodNode, child('<name>'))];
  return own;
}

function withDefault(fields: Field[], at: string, value: unknown): Field[] {
  const shown = JSON.stringify(value);
  return fields.map((field) => (field.path === at && shown !== '{}' ? { ...field, defaultValue: shown } : field));
}

function isObject(schema: ZodNode): boolean {
  const def = schema._zod.def;
  if (['optional', 'default', 'prefault', 'readonly'].includes(String(def.type))) return isObject(def.innerType as ZodNode);
  if (def.type === 'pipe') return isObject(def.in as ZodNode);
  return def.type === 'object';
}

/** A short type: `string`, `'a' \| 'b'`, `list of string`, `map of number`, `object`. */
function typeOf(schema: ZodNode): string {
  const def = schema._zod.def;
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'prefault':
    case 'readonly':
      return typeOf(def.innerType as ZodNode);
    case 'pipe':
      return typeOf(def.in as ZodNode);
    case 'enum':
      return Object.values(def.entries as Record<string, string>).map((value) => `'${value}'`).join(' \\| ');
    case 'literal':
      return (def.values as unknown[]).map((value) => JSON.stringify(value)).join(' \\| ');
    case 'array':
      return `list of ${typeOf(def.element as ZodNode)}`;
    case 'record':
      return `map of ${typeOf(def.valueType as ZodNode)}`;
    case 'union':
      return (def.options as ZodNode[]).map(typeOf).join(' \\| ');
    default:
      return String(def.type);
  }
}

/** The JSDoc written above each field in the schema sources, by field path (as `schemaFields` names them). */
function descriptions(): Map<string, string> {
  const declarations = new Map<string, ts.Expression>();
  const declarationDocs = new Map<string, string>();
  for (const name of fs.readdirSync(CONFIG_SOURCE).filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))) {
    const source = ts.createSourceFile(name, fs.readFileSync(path.join(CONFIG_SOURCE, name), 'utf8'), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.initializer) {
          declarations.set(declaration.name.text, declaration.initializer);
          declarationDocs.set(declaration.name.text, jsDocText(statement));
        }
      }
    }
  }
  const found = new Map<string, string>();
  const visit = (expression: ts.Expression | undefined, at: string, seen: ReadonlySet<string>) => {
    for (const [segment, inner] of innerSchemas(expression, declarations, seen)) {
      if (segment === undefined) {
        visit(inner, at, seen);
        continue;
      }
      const here = at === '' ? segment : `${at}.${segment}`;
      visit(inner, here, seen);
    }
    for (const property of objectLiteral(expression, declarations, seen)?.properties ?? []) {
      if (!ts.isPropertyAssignment(property)) continue;
      const key = property.name.getText().replace(/^['"]|['"]$/g, '');
      const here = at === '' ? key : `${at}.${key}`;
      // A section written as a named schema (`network: networkSchema`) is described above that schema.
      const text = jsDocText(property) || (declarationDocs.get(chainRoot(property.initializer)) ?? '');
      if (text !== '') found.set(here, text);
      visit(property.initializer, here, seen);
    }
  };
  visit(declarations.get('environmentSchema'), '', new Set());
  return found;
}

/** The identifier a call chain starts from (`clusterSchema` of `clusterSchema.prefault({})`). */
function chainRoot(expression: ts.Expression): string {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isCallExpression(expression)) return chainRoot(expression.expression);
  if (ts.isPropertyAccessExpression(expression)) return chainRoot(expression.expression);
  return '';
}

/** The object literal of `z.strictObject({...})`/`z.object({...})` in a call chain, through identifiers. */
function objectLiteral(expression: ts.Expression | undefined, declarations: ReadonlyMap<string, ts.Expression>, seen: ReadonlySet<string>): ts.ObjectLiteralExpression | undefined {
  if (expression === undefined) return undefined;
  if (ts.isIdentifier(expression)) {
    if (seen.has(expression.text)) return undefined;
    return objectLiteral(declarations.get(expression.text), declarations, new Set([...seen, expression.text]));
  }
  if (ts.isCallExpression(expression) && ts.isPropertyAccessExpression(expression.expression)) {
    const method = expression.expression.name.text;
    if (method === 'strictObject' || method === 'object') {
      const [shape] = expression.arguments;
      return shape !== undefined && ts.isObjectLiteralExpression(shape) ? shape : undefined;
    }
    return objectLiteral(expression.expression.expression, declarations, seen);
  }
  return undefined;
}

/** The item schema of `z.array(X)` (segment `*`) and the value schema of `z.record(K, V)` (segment `<name>`) in a chain. */
function innerSchemas(expression: ts.Expression | undefined, declarations: ReadonlyMap<string, ts.Expression>, seen: ReadonlySet<string>): [string | undefined, ts.Expression][] {
  if (expression === undefined) return [];
  if (ts.isIdentifier(expression)) {
    if (seen.has(expression.text) || !declarations.has(expression.text)) return [];
    return innerSchemas(declarations.get(expression.text), declarations, new Set([...seen, expression.text]));
  }
  if (!ts.isCallExpression(expression) || !ts.isPropertyAccessExpression(expression.expression)) return [];
  const method = expression.expression.name.text;
  if (method === 'array' && expression.arguments[0]) return [['*', expression.arguments[0]]];
  if (method === 'record' && expression.arguments[1]) return [['<name>', expression.arguments[1]]];
  if (method === 'strictObject' || method === 'object') return [];
  return innerSchemas(expression.expression.expression, declarations, seen);
}

/** The JSDoc of a property as one line: its text and tags (`@default x` kept, as the reader needs it). */
function jsDocText(node: ts.Node): string {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  return docs
    .map((doc) => {
      const comment = ts.getTextOfJSDocComment(doc.comment) ?? '';
      const tags = (doc.tags ?? []).map((tag) => `@${tag.tagName.text} ${ts.getTextOfJSDocComment(tag.comment) ?? ''}`.trim());
      return [comment, ...tags].join(' ');
    })
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The reference: a table per top-level section. */
export function configReference(): string {
  const described = descriptions();
  const fields = schemaFields(environmentSchema as unknown as ZodNode, '');
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\\\\\|/g, '\\|');
  const row = (field: Field) => {
    const description = described.get(field.path) ?? '';
    return `| \`${field.path}\` | ${field.type} | ${field.defaultValue === undefined ? (field.required ? 'required' : '–') : `\`${cell(field.defaultValue)}\``} | ${cell(description)} |`;
  };
  const sections = new Map<string, Field[]>();
  for (const field of fields) {
    const section = field.path.includes('.') ? field.path.split('.')[0] : '';
    sections.set(section, [...(sections.get(section) ?? []), field]);
  }
  const lines = [
    '# Environment config reference',
    '',
    '<!-- Generated by tools/config-reference.ts from libs/config (the zod schema and the JSDoc of its fields): do not edit. -->',
    '',
    'What `environments/<name>/environment.ts` may write. `required` fields have no default; `–` marks an optional field',
    'whose absence has the meaning its description gives. Errors name these paths: see libs/config/README.md.',
  ];
  for (const [section, rows] of sections) {
    lines.push('', `## ${section === '' ? 'Top level' : `\`${section}\``}`, '', '| Field | Type | Default | Description |', '| --- | --- | --- | --- |', ...rows.map(row));
  }
  return `${lines.join('\n')}\n`;
}

/** The command; `referenceFile` is where the reference is written or checked (tests point it elsewhere). */
export function main(args: readonly string[], referenceFile = REFERENCE_FILE, output: Output = processOutput): number {
  let check: boolean;
  try {
    check = parseCommandLine(CONFIG_REFERENCE_COMMAND, args).values.check;
  } catch (error) {
    const commandLine = reportCommandLine(error, output);
    if (commandLine === undefined) throw error;
    return commandLine;
  }
  const reference = configReference();
  if (check) {
    const committed = fs.existsSync(referenceFile) ? fs.readFileSync(referenceFile, 'utf8') : '';
    if (committed === reference) return 0;
    output.err(`error: ${path.relative(WORKSPACE, referenceFile)} is stale. Fix: run npx tsx tools/config-reference.ts and commit it`);
    return 1;
  }
  fs.mkdirSync(path.dirname(referenceFile), { recursive: true });
  fs.writeFileSync(referenceFile, reference);
  output.out(`wrote ${path.relative(WORKSPACE, referenceFile)}`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
