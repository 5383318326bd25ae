import { PLATFORM_RULES } from '@platform/guardrails';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { itFollowsTheCommandLineConvention } from './cli-arguments-testing';
import { GUARDRAILS_COMMAND, parseGuardrailsArguments } from './guardrails-check';

const WORKSPACE = path.resolve(__dirname, '..');
const TSX = path.join(WORKSPACE, 'node_modules', '.bin', 'tsx');

const guardrails = (...args: string[]) => spawnSync(TSX, ['tools/guardrails-check.ts', ...args], { cwd: WORKSPACE, encoding: 'utf8' });

describe('tools/guardrails-check.ts --list (npm run guardrails -- --list)', () => {
  // One run serves every assertion: the listing is static.
  const listing = guardrails('--list');
  const lines = listing.stdout.split('\n');

  it('prints one line per rule with its id, severity, scope, checkov ids, compliance ids and description', () => {
    expect(listing.status).toBe(0);
    for (const rule of PLATFORM_RULES) {
      const line = lines.find((candidate) => candidate.startsWith(`${rule.id} `));
      expect(line).toBeDefined();
      const columns = (line as string).split(/ {2,}/);
      expect(columns.slice(0, 5)).toEqual([
        rule.id,
        rule.severity,
        rule.productionOnly ? 'production' : 'all',
        rule.checkovIds.join(',') || '-',
        rule.complianceIds.join(',') || '-',
      ]);
      expect(line).toContain(rule.description);
    }
  });

  it('ends with the total count of the rules it listed', () => {
    const total = lines.find((line) => /^\d+ rules: /.test(line));
    expect(total).toMatch(new RegExp(`^${PLATFORM_RULES.length} rules: \\d+ errors, \\d+ warnings; \\d+ production-only; \\d+ mapped to`));
    expect(lines.filter((line) => /^PLAT-/.test(line))).toHaveLength(PLATFORM_RULES.length);
    // The lead raises this to the platform's target once every rule pack has landed.
    expect(PLATFORM_RULES.length).toBeGreaterThanOrEqual(100);
  });

});

describe('the command line of npm run guardrails', () => {
  it('checks the environments named, every one when none is, or lists the rules', () => {
    expect(parseGuardrailsArguments(['production'])).toEqual({ list: false, environments: ['production'] });
    expect(parseGuardrailsArguments([])).toMatchObject({ list: false, environments: expect.arrayContaining(['development', 'production']) });
    expect(parseGuardrailsArguments(['--list'])).toEqual({ list: true });
  });

  it('refuses an environment next to --list', () => {
    expect(() => parseGuardrailsArguments(['--list', 'production'])).toThrow(/^--list lists every rule and takes no environment\. Fix: npm run guardrails -- --list$/);
  });

  itFollowsTheCommandLineConvention(GUARDRAILS_COMMAND, parseGuardrailsArguments);
});
