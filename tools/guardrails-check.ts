/**
 * Checks what `npm run synth` wrote (cdktf.out/<environment>/ and cdktf.out/bootstrap/) against every policy rule
 * of @platform/guardrails and prints, per environment, the summary line, each finding with its fix, and each
 * suppression with its reason. Exits non-zero on any error-severity finding or missing output. With --list, prints
 * every rule (id, severity, where it applies, checkov ids, compliance ids, description) and a total line instead.
 *
 *   npm run guardrails -- [environment ...]
 *   npm run guardrails -- --list
 */
import { loadEnvironment } from '@platform/config';
import { evaluateSynthesizedApp, policyReport, ruleListing, StackPolicyResult } from '@platform/guardrails';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CommandLineError, CommandSpec, parseCommandLine } from './cli-arguments';
import { environmentFile, importEnvironment, resolveEnvironmentNames } from './environments';
import { runTool } from './run-tool';

const OUTPUT_ROOT = 'cdktf.out';
/** The bootstrap app's state stores serve production too, so they are held to production rules. */
const BOOTSTRAP = { name: 'bootstrap', production: true };

function check(name: string, production: boolean): { errors: number; missing: boolean } {
  const outdir = path.join(OUTPUT_ROOT, name);
  if (!fs.existsSync(path.join(outdir, 'manifest.json'))) {
    console.error(`${name}: no synthesized output in ${outdir}. Fix: run npm run synth`);
    return { errors: 0, missing: true };
  }
  const results: StackPolicyResult[] = evaluateSynthesizedApp(outdir, { production });
  const { json, summary } = policyReport(name, results);
  console.log(summary);
  for (const finding of results.flatMap((result) => result.findings)) console.log(`  ${finding.severity.padEnd(7)} ${finding.message}`);
  for (const { ruleId, constructPath, suppression } of results.flatMap((result) => result.suppressed)) {
    console.log(`  suppressed ${ruleId} ${constructPath}: ${suppression.reason}`);
  }
  for (const { ruleId, path: at } of results.flatMap((result) => result.unusedSuppressions)) console.log(`  unused suppression ${ruleId} at ${at}: remove it`);
  return { errors: json.totals.errors, missing: false };
}

export const GUARDRAILS_COMMAND = {
  command: 'npm run guardrails --',
  description: 'Checks what `npm run synth` wrote against every policy rule; exit 1 on an error-severity finding or missing output.',
  positionals: [{ name: 'environment', description: 'the environments to check (default: every one), and always bootstrap', optional: true, variadic: true }],
  options: { list: { type: 'boolean', description: 'print every rule (id, severity, scope, checkov and compliance ids, description) instead' } },
} as const satisfies CommandSpec;

/** `list`: print the rules; otherwise the environments to check. */
export function parseGuardrailsArguments(args: readonly string[]): { readonly list: true } | { readonly list: false; readonly environments: string[] } {
  const { values, positionals } = parseCommandLine(GUARDRAILS_COMMAND, args);
  if (!values.list) return { list: false, environments: resolveEnvironmentNames(positionals) };
  if (positionals.length > 0) throw new CommandLineError('--list lists every rule and takes no environment. Fix: npm run guardrails -- --list');
  return { list: true };
}

function main(): number {
  const parsed = parseGuardrailsArguments(process.argv.slice(2));
  if (parsed.list) {
    process.stdout.write(ruleListing());
    return 0;
  }
  const environments = parsed.environments.map((name) => ({
    name,
    production: loadEnvironment(importEnvironment(name), { expectedName: name, source: environmentFile(name) }).production,
  }));
  const outcomes = [...environments, BOOTSTRAP].map(({ name, production }) => check(name, production));
  return outcomes.some(({ errors, missing }) => errors > 0 || missing) ? 1 : 0;
}

if (require.main === module) runTool(main);
