/**
 * Drafts a compact schema (the TypeScript notation of libs/platform-contracts/src/kubernetes-schema.ts) from a chart's
 * values.yaml or a CRD, for the paths the repo sets: every object on such a path lists all its keys with their types
 * (siblings included), everything else stays an unchecked `object`/`list`. Empty maps and null defaults in values.yaml
 * become `object`/`any` (free-form). Review the draft: mark free-form maps the chart renders with toYaml as
 * `map()`, add keys the chart reads only in its templates, then paste it into `kubernetes-schemas/`.
 *
 *   helm show values <repo>/<chart> --version <v> > values.yaml
 *   npx tsx tools/derive-kubernetes-schema.ts --values values.yaml --paths paths.txt
 *   npx tsx tools/derive-kubernetes-schema.ts --crd crd.yaml [--kind Kind] [--version v1] --paths paths.txt
 *
 * paths.txt: one path a line, `.`-separated, `[]` for list items, `*` for map values; a trailing `.**` drafts the
 * whole subtree (three levels).
 */
import { readFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
import { commandLineError, CommandSpec, parseCommandLine } from './cli-arguments';
import { runTool } from './run-tool';

type Trie = Map<string, Trie>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const FULL = '**';
const WIDTH = 160;

/**
 * Prints a drafted schema: short objects on one line, longer ones with their leaf keys packed onto lines and nested
 * objects on lines of their own.
 */
export function formatDraft(text: string, indent = ''): string {
  if (indent.length + text.length <= WIDTH) return text;
  if (/^(list|map)\(obj\(\{ .*\)\)$/.test(text)) {
    const open = text.indexOf('(') + 1;
    return `${text.slice(0, open)}${formatDraft(text.slice(open, -1), indent)})`;
  }
  if (!/^obj\(\{ /.test(text)) return text;
  const close = matchingBrace(text, 'obj('.length);
  const inner = text.slice('obj({ '.length, close - 1);
  const tail = text.slice(close + 1);
  const parts = splitTopLevel(inner);
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    if (/: (obj|list|map)\(/.test(part) && part.length > 40) {
      if (line) lines.push(line.trimEnd());
      line = '';
      const [name, ...rest] = part.split(': ');
      lines.push(`${name}: ${formatDraft(rest.join(': '), `${indent}  `)},`);
      continue;
    }
    if (indent.length + 2 + line.length + part.length + 2 > WIDTH && line) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += `${part}, `;
  }
  if (line) lines.push(line.trimEnd());
  return `obj({\n${lines.map((item) => `${indent}  ${item}`).join('\n')}\n${indent}}${tail}`;
}

/** Index of the brace closing the one at `open`. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    if (text[index] === '{') depth++;
    else if (text[index] === '}' && --depth === 0) return index;
  }
  return text.length;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === "'" || char === '"') quote = char;
    else if ('({['.includes(char)) depth++;
    else if (')}]'.includes(char)) depth--;
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(start, index).trim());
      start = index + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter(Boolean);
}

function trieOf(paths: readonly string[]): Trie {
  const root: Trie = new Map();
  for (const path of paths) {
    let node = root;
    for (const segment of path.replace(/\[\]/g, '.[]').split('.').filter(Boolean)) {
      if (!node.has(segment)) node.set(segment, new Map());
      node = node.get(segment) as Trie;
    }
  }
  return root;
}

const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`);

function valuesLeaf(value: Json): string {
  if (value === null || value === undefined) return `'any'`;
  if (Array.isArray(value)) return `'list'`;
  if (typeof value === 'object') return `'object'`;
  return `'${typeof value}'`;
}

function deriveValues(value: Json, trie: Trie | undefined): string {
  if (trie === undefined || trie.size === 0) return valuesLeaf(value);
  if (Array.isArray(value)) return value.length > 0 && trie.has('[]') ? `list(${deriveValues(value[0], trie.get('[]'))})` : `'list'`;
  if (value === null || typeof value !== 'object' || Object.keys(value).length === 0) return valuesLeaf(value);
  const missing = [...trie.keys()].filter((name) => !(name in value));
  const properties = Object.entries(value).map(([name, item]) => `${key(name)}: ${deriveValues(item, trie.get(name))}`);
  return `obj({ ${properties.join(', ')} })${missing.length > 0 ? ` /* NOT IN values.yaml: ${missing.join(', ')} */` : ''}`;
}

function crdLeaf(schema: Json): string {
  if (schema.enum) return `oneOf(${schema.enum.map((item: unknown) => JSON.stringify(item)).join(', ')})`;
  if (schema['x-kubernetes-int-or-string']) return `'int-or-string'`;
  if (schema.type === 'array') return `'list'`;
  if (schema.type === undefined || schema['x-kubernetes-preserve-unknown-fields']) return schema.type === 'object' ? `'object'` : `'any'`;
  return `'${schema.type}'`;
}

function deriveCrd(schema: Json, trie: Trie | undefined, depth = 0): string {
  const full = trie?.has(FULL) === true || depth > 0;
  if (!full && (trie === undefined || trie.size === 0)) return crdLeaf(schema);
  if (full && depth >= 3) return crdLeaf(schema);
  const next = (name: string) => (full ? undefined : trie?.get(name));
  const nextDepth = full ? depth + 1 : 0;
  if (schema.type === 'array') return `list(${deriveCrd(schema.items ?? {}, next('[]'), nextDepth)})`;
  if (schema.type === 'object' && schema.properties) {
    const properties = Object.entries(schema.properties as Record<string, Json>).map(([name, item]) => `${key(name)}: ${deriveCrd(item, next(name), nextDepth)}`);
    const options = [
      schema.required ? `required: ${JSON.stringify(schema.required)}` : '',
      schema['x-kubernetes-preserve-unknown-fields'] ? `additional: 'any'` : '',
    ].filter(Boolean);
    return `obj({ ${properties.join(', ')} }${options.length > 0 ? `, { ${options.join(', ')} }` : ''})`;
  }
  if (schema.type === 'object' && schema.additionalProperties) return `map(${deriveCrd(schema.additionalProperties, next('*'), nextDepth)})`;
  return crdLeaf(schema);
}

export const DERIVE_SCHEMA_COMMAND = {
  command: 'npx tsx tools/derive-kubernetes-schema.ts',
  description: "Drafts a compact schema of a chart's values.yaml or a CRD for the paths the repo sets (review it before pasting).",
  options: {
    values: { type: 'string', value: 'file', description: "the chart's values (helm show values <repo>/<chart> --version <v>)" },
    crd: { type: 'string', value: 'file', description: 'a file holding the CustomResourceDefinition (templated lines are dropped)' },
    kind: { type: 'string', value: 'Kind', description: 'with --crd: the kind, when the file holds several CRDs' },
    version: { type: 'string', value: 'version', default: 'v1', description: "with --crd: the CRD version whose schema to draft" },
    paths: { type: 'string', value: 'file', default: '/dev/stdin', description: 'the paths the repo sets, one a line (`.`-separated, `[]` list items, `*` map values, `.**` a subtree)' },
  },
} as const satisfies CommandSpec;

export interface DeriveSchemaArguments {
  /** What to draft from: a chart's values or a CRD. */
  readonly source: { readonly values: string } | { readonly crd: string; readonly kind?: string; readonly version: string };
  readonly paths: string;
}

export function parseDeriveSchemaArguments(args: readonly string[]): DeriveSchemaArguments {
  const { values } = parseCommandLine(DERIVE_SCHEMA_COMMAND, args);
  if ((values.values === undefined) === (values.crd === undefined)) throw commandLineError(DERIVE_SCHEMA_COMMAND, '--values, --crd', 'give exactly one');
  const source = values.values !== undefined ? { values: values.values } : { crd: values.crd as string, kind: values.kind, version: values.version };
  return { source, paths: values.paths };
}

function main(): number {
  const { source, paths: pathsFile } = parseDeriveSchemaArguments(process.argv.slice(2));
  const paths = readFileSync(pathsFile, 'utf8')
    .split('\n')
    .map((line) => line.trim().replace(/^\./, '').replace(/[:=].*$/, ''))
    .filter(Boolean);
  if ('values' in source) {
    console.log(formatDraft(deriveValues(parse(readFileSync(source.values, 'utf8')), trieOf(paths))));
    return 0;
  }
  // A chart's templated CRD: drop the template lines (`{{- if … }}`) and read the YAML between them.
  const text = readFileSync(source.crd, 'utf8').replace(/^\s*\{\{.*\}\}\s*$/gm, '').replace(/\{\{[^}]*\}\}/g, 'templated');
  const crd = parseAllDocuments(text)
    .map((document) => document.toJS())
    .find((document) => document?.kind === 'CustomResourceDefinition' && (source.kind === undefined || document.spec.names.kind === source.kind));
  const version = crd.spec.versions.find((candidate: Json) => candidate.name === source.version);
  console.log(formatDraft(deriveCrd(version.schema.openAPIV3Schema, trieOf(paths))));
  return 0;
}

if (require.main === module) runTool(main);
