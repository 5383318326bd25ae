import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlanJson, type PlanJson, type ResourceChange } from './plan-json';
import { planSummaryLines, type TaggedPlan } from './plan-changes';
import { commentMarker, renderPlanComment, renderPlanCommentParts } from './render-plan-comment';

/** Real `terraform show -json` output of the bootstrap stack (see fixtures/generate.ts). */
const fixture = (name: string): PlanJson => parsePlanJson(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8'), name);
const FIXTURES = {
  create: fixture('create'),
  'no-op': fixture('no-op'),
  'replace-and-delete': fixture('replace-and-delete'),
  'replace-only': fixture('replace-only'),
  'move-only': fixture('move-only'),
  'import-only': fixture('import-only'),
};
const STACK = 'bootstrap-100000000001-eu-central-1';
const PLANS: TaggedPlan[] = [
  { environment: 'development', stack: STACK, plan: FIXTURES.create },
  { environment: 'staging', stack: STACK, plan: FIXTURES['no-op'] },
  { environment: 'production', stack: STACK, plan: FIXTURES['replace-and-delete'] },
];
const ARTIFACT = 'https://github.com/octo-org/platform/actions/runs/42/artifacts/7';

/** Counts straight from resource_changes, independently of the library: what the header must show. */
function expectedCounts(plan: PlanJson) {
  const counts = { add: 0, change: 0, destroy: 0, replace: 0 };
  for (const { mode, change } of plan.resource_changes ?? []) {
    const actions = change.actions.join(',');
    if (mode === 'data') continue;
    if (actions === 'delete,create' || actions === 'create,delete') counts.replace += 1;
    else if (actions === 'create') counts.add += 1;
    else if (actions === 'update') counts.change += 1;
    else if (actions === 'delete') counts.destroy += 1;
  }
  return counts;
}

/** The header table's rows as cells (the cost table after it left out). */
function tableRows(comment: string): string[][] {
  return comment
    .split('### Monthly cost estimate')[0]
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Environment') && !line.startsWith('| :--'))
    .map((line) => line.slice(2, -2).split(' | '));
}

/** Every string inside the instances' attribute values, before and after. */
function attributeStrings(plan: PlanJson): string[] {
  const strings: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect);
  };
  for (const { change } of plan.resource_changes ?? []) {
    collect(change.before);
    collect(change.after);
  }
  return strings;
}

/** `copies` resource changes like `template`'s, each at its own address (`key` gives the for_each key). */
function bulkPlan(copies: number, actions: string[], key = (index: number) => `tenant-${String(index).padStart(5, '0')}`): PlanJson {
  const template = FIXTURES.create.resource_changes?.[0] as ResourceChange;
  return {
    format_version: '1.2',
    resource_changes: Array.from({ length: copies }, (_, index) => ({ ...template, address: `aws_s3_bucket.tenant["${key(index)}"]`, change: { ...template.change, actions } })),
  };
}

/**
 * Fails unless `markdown` stands on its own: every `<details>` closed before the next opens and by the end, code
 * fences paired, every table row a whole row of as many cells as its header.
 */
function expectValidMarkdown(markdown: string): void {
  let open = 0;
  for (const tag of markdown.match(/<\/?details>/g) ?? []) {
    open += tag === '<details>' ? 1 : -1;
    expect(open === 0 || open === 1).toBe(true);
  }
  expect(open).toBe(0);
  expect((markdown.match(/^```/gm) ?? []).length % 2).toBe(0);
  const lines = markdown.split('\n');
  lines.forEach((line, index) => {
    if (!line.startsWith('|')) return;
    expect(line.endsWith('|')).toBe(true);
    let header = index;
    while (lines[header - 1]?.startsWith('|')) header -= 1;
    expect(line.split(' | ').length).toBe(lines[header].split(' | ').length);
  });
}

describe('renderPlanComment', () => {
  const comment = renderPlanComment(PLANS, { artifactUrl: ARTIFACT });

  it('renders the fixtures as the reviewed comment', () => {
    expect(comment).toMatchSnapshot();
  });

  it('starts with the hidden marker, so the comment can be found again', () => {
    expect(comment.startsWith('<!-- platform-plan-comment:plan -->\n')).toBe(true);
    expect(renderPlanComment(PLANS, { markerKey: 'plan-production' })).toContain('<!-- platform-plan-comment:plan-production -->');
    expect(() => commentMarker('x -->')).toThrow(/Marker key 'x -->' is not allowed/);
  });

  it('shows per environment and stack the counts of resource_changes, a replacement only under Replace', () => {
    const rows = tableRows(comment);
    expect(rows.map(([environment, stack]) => [environment, stack])).toEqual(PLANS.map(({ environment, stack }) => [environment, stack]));
    rows.forEach(([, , add, change, destroy, replace], index) => {
      expect({ add: Number(add), change: Number(change), destroy: Number(destroy), replace: Number(replace) }).toEqual(expectedCounts(PLANS[index].plan));
    });
    // terraform itself would say 3 to add and 3 to destroy: each replacement is also an add and a destroy.
    expect(rows[2].slice(2, 6)).toEqual(['1', '1', '1', '2']);
  });

  it('marks unchanged stacks ✅ and stacks that destroy something ⚠️', () => {
    const [created, unchanged, destructive] = tableRows(comment).map((cells) => cells[6]);
    expect(created).toBe('');
    expect(unchanged).toBe('✅ no changes');
    expect(destructive).toBe('⚠️ destroys resources');
  });

  it('lists the addresses of each stack with changes, replacements and deletions first, with why and how', () => {
    const production = comment.slice(comment.indexOf('<b>production /'));
    const headings = production.split('\n').filter((line) => /^(⚠️ )?\*\*/.test(line));
    expect(headings).toEqual(['⚠️ **Replace** (2): destroyed and created again', '⚠️ **Destroy** (1)', '**Change in place** (1)', '**Add** (1)']);
    expect(production).toContain('- `aws_dynamodb_table.state_LockTable_3314FD85`: `name` cannot be updated in place; destroyed before the new one is created');
    expect(production).toContain('- `aws_kms_alias.state_KeyAlias_103FF795`: `name` cannot be updated in place; the new one is created first (create_before_destroy)');
    expect(production).toContain('- `aws_s3_bucket_lifecycle_configuration.state_StateBucket_Lifecycle_17D9B675`: no longer in the configuration');
    expect(comment).not.toContain('<b>staging /');
  });

  describe('the monthly cost estimate', () => {
    /** Cost rows: environment, before, after, change (and budget). */
    const costRows = (rendered: string) =>
      rendered
        .split('### Monthly cost estimate')[1]
        .split('\n')
        .filter((line) => line.startsWith('| ') && !line.startsWith('| Environment') && !line.startsWith('| :--'))
        .map((line) => line.slice(2, -2).split(' | '));

    it("shows each environment's estimate before and after its plans, and the change", () => {
      // The bootstrap stack's only priced resource is its KMS key: 1.00 a month; created in development.
      expect(costRows(comment)).toEqual([
        ['development', '$0.00', '$1.00', '+$1.00'],
        ['staging', '$1.00', '$1.00', '$0.00'],
        ['production', '$1.00', '$1.00', '$0.00'],
      ]);
      expect(comment).toMatch(/as of \d{4}-\d{2}-\d{2}, 730 h a month.* Not priced \(usage, traffic, or no price rule\): `aws_dynamodb_table`, `aws_s3_bucket`\./);
    });

    it("sums an environment's stacks and flags an estimate above the budget its stacks define", () => {
      const configuration = { provider_config: { aws: { expressions: { region: { constant_value: 'eu-central-1' } } } } };
      const stack = (resources: object[]): PlanJson => ({ format_version: '1.2', resource_changes: [], planned_values: { root_module: { resources } }, configuration });
      const rendered = renderPlanComment([
        { environment: 'production', stack: 'production-network', plan: stack([{ address: 'aws_nat_gateway.a', mode: 'managed', type: 'aws_nat_gateway', values: {} }]) },
        {
          environment: 'production',
          stack: 'production-monitoring',
          plan: stack([{ address: 'aws_budgets_budget.b', mode: 'managed', type: 'aws_budgets_budget', values: { budget_type: 'COST', time_unit: 'MONTHLY', limit_amount: '10' } }]),
        },
        { environment: 'staging', stack: 'staging-network', plan: { format_version: '1.2', resource_changes: [] } },
      ]);
      // NAT gateway 0.052 × 730 = 37.96 against a 10 USD budget; staging's plan has no values to estimate.
      expect(costRows(rendered)).toEqual([
        ['production', '$0.00', '$37.96 ⚠️ over budget', '+$37.96', '$10.00'],
        ['staging (0 of 1 stacks)', '$0.00', '$0.00', '$0.00', '–'],
      ]);
    });

    it('is left out when no plan has values, or when turned off', () => {
      expect(renderPlanComment([{ environment: 'staging', stack: 'staging-network', plan: { format_version: '1.2', resource_changes: [] } }])).not.toContain('Monthly cost');
      expect(renderPlanComment(PLANS, { costEstimate: false })).not.toContain('Monthly cost');
    });
  });

  it('never prints attribute values', () => {
    // Values that are part of a name the comment must show (marker, environment, stack, address) tell nothing.
    const names = [commentMarker(), ...PLANS.flatMap(({ environment, stack }) => [environment, stack]), ...Object.values(FIXTURES).flatMap((plan) => (plan.resource_changes ?? []).map(({ address }) => address))];
    const values = Object.values(FIXTURES)
      .flatMap(attributeStrings)
      .filter((value) => value.length >= 4 && !names.some((name) => name.includes(value)));
    expect(new Set(values).size).toBeGreaterThan(30);
    expect(values.filter((value) => comment.includes(value))).toEqual([]);
  });

  it('keeps sensitive values out, also when they force a replacement', () => {
    const secret = 'hunter2-database-password';
    const plan: PlanJson = {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_db_instance.main',
          mode: 'managed',
          action_reason: 'replace_because_cannot_update',
          change: { actions: ['delete', 'create'], before: { password: 'old' }, after: { password: secret }, after_sensitive: { password: true }, replace_paths: [['password']] },
        },
      ],
    };
    const rendered = renderPlanComment([{ environment: 'production', stack: 'production-data', plan }]);
    expect(rendered).toContain('`aws_db_instance.main`: `password` cannot be updated in place');
    expect(rendered).not.toContain(secret);
  });

  it('summarises changes made outside Terraform', () => {
    const drifted: PlanJson = {
      ...FIXTURES['no-op'],
      // Offline plans cannot refresh, so the drift entries are added to the real no-op plan.
      resource_drift: [
        { address: 'aws_s3_bucket_versioning.state_StateBucket_Versioning_D3BC3419', mode: 'managed', change: { actions: ['update'] } },
        { address: 'aws_kms_alias.state_KeyAlias_103FF795', mode: 'managed', change: { actions: ['delete'] } },
      ],
    };
    const rendered = renderPlanComment([{ environment: 'staging', stack: STACK, plan: drifted }]);
    expect(tableRows(rendered)[0][6]).toBe('✅ no changes, 2 changed outside Terraform');
    expect(rendered).toContain('**Changed outside Terraform** (2)\n- `aws_s3_bucket_versioning.state_StateBucket_Versioning_D3BC3419`: changed\n- `aws_kms_alias.state_KeyAlias_103FF795`: deleted');
  });

  it('ignores reads and no-ops, and lists imports and forgets without counting them as changes', () => {
    const plan: PlanJson = {
      format_version: '1.2',
      resource_changes: [
        { address: 'data.aws_caller_identity.current', mode: 'data', change: { actions: ['read'] } },
        { address: 'aws_s3_bucket.logs', mode: 'managed', change: { actions: ['no-op'], importing: { id: 'logs' } } },
        { address: 'aws_s3_bucket.old', mode: 'managed', change: { actions: ['forget'] } },
        { address: 'aws_s3_bucket.same', mode: 'managed', change: { actions: ['no-op'] } },
      ],
    };
    const rendered = renderPlanComment([{ environment: 'testing', stack: 'testing-data', plan }]);
    expect(tableRows(rendered)[0].slice(2)).toEqual(['0', '0', '0', '0', '1 to import, 1 to forget']);
    expect(rendered).toContain('**Import** (1): taken under management as it is\n- `aws_s3_bucket.logs`');
    expect(rendered).toContain('**Forget** (1): removed from the state, left in place\n- `aws_s3_bucket.old`');
    expect(rendered).not.toContain('aws_caller_identity');
  });

  it('keeps addresses and names with Markdown or HTML characters from breaking the comment', () => {
    const plan: PlanJson = { format_version: '1.2', resource_changes: [{ address: 'aws_s3_bucket.b["a`b|<c>"]', mode: 'managed', change: { actions: ['create'] } }] };
    const rendered = renderPlanComment([{ environment: 'a|b', stack: '<script>', plan }]);
    expect(rendered).toContain('| a&#124;b | &lt;script&gt; | 1 |');
    expect(rendered).toContain('- ``aws_s3_bucket.b["a`b|<c>"]``');
  });

  describe('moves, imports and replacements', () => {
    const rowOf = (plan: PlanJson) => tableRows(renderPlanComment([{ environment: 'staging', stack: STACK, plan }]))[0].slice(2);

    it('counts a plan that only moves resources as a change, and lists the old and new addresses', () => {
      const rendered = renderPlanComment([{ environment: 'staging', stack: STACK, plan: FIXTURES['move-only'] }]);
      expect(rowOf(FIXTURES['move-only'])).toEqual(['0', '0', '0', '0', '2 moved']);
      expect(rendered).toContain(
        '**Move** (2): new address, nothing else changes\n' +
          '- `aws_dynamodb_table.state_Locks_5A1F3C77`: moved from `aws_dynamodb_table.state_LockTable_3314FD85`\n' +
          '- `aws_kms_alias.state_Alias_8C2B0E21`: moved from `aws_kms_alias.state_KeyAlias_103FF795`',
      );
      expect(planSummaryLines([{ environment: 'staging', stack: STACK, plan: FIXTURES['move-only'] }])).toEqual([`staging/${STACK}: 2 to move`]);
    });

    it('counts a plan that only imports as a change, without printing the import ID', () => {
      const rendered = renderPlanComment([{ environment: 'staging', stack: STACK, plan: FIXTURES['import-only'] }]);
      expect(rowOf(FIXTURES['import-only'])).toEqual(['0', '0', '0', '0', '1 to import']);
      expect(rendered).toContain('**Import** (1): taken under management as it is\n- `aws_s3_bucket_versioning.state_StateBucket_Versioning_D3BC3419`\n');
      expect(rendered).not.toContain('platform-tfstate-100000000001-eu-central-1');
    });

    it('flags a plan that only replaces as destructive', () => {
      const rendered = renderPlanComment([{ environment: 'production', stack: STACK, plan: FIXTURES['replace-only'] }]);
      expect(rowOf(FIXTURES['replace-only'])).toEqual(['0', '0', '0', '2', '⚠️ destroys resources']);
      expect(rendered).toContain('<b>production / bootstrap-100000000001-eu-central-1</b>: ⚠️ 2 to replace</summary>');
      expect(rendered).not.toContain('**Destroy**');
    });

    it('notes a move or an import that also changes the resource under its change, and counts both in the status', () => {
      const plan: PlanJson = {
        format_version: '1.2',
        resource_changes: [
          { address: 'aws_s3_bucket.new', previous_address: 'aws_s3_bucket.old', mode: 'managed', change: { actions: ['update'] } },
          { address: 'aws_s3_bucket.logs', mode: 'managed', change: { actions: ['update'], importing: { id: 'secret-bucket-name' } } },
        ],
      };
      const rendered = renderPlanComment([{ environment: 'staging', stack: STACK, plan }]);
      expect(rowOf(plan)).toEqual(['0', '2', '0', '0', '1 moved, 1 to import']);
      expect(rendered).toContain('**Change in place** (2)\n- `aws_s3_bucket.new`: moved from `aws_s3_bucket.old`\n- `aws_s3_bucket.logs`: imported\n');
      expect(rendered).not.toContain('secret-bucket-name');
    });
  });

  describe('links to the plan runs', () => {
    const RUN = 'https://github.com/octo-org/platform/actions/runs/42';

    it("links each environment to its plan job, else to the run that planned it", () => {
      const rendered = renderPlanComment(PLANS, { runUrl: RUN, environmentUrls: { production: `${RUN}/job/7` } });
      expect(tableRows(rendered).map(([environment]) => environment)).toEqual([`[development](${RUN})`, `[staging](${RUN})`, `[production](${RUN}/job/7)`]);
    });

    it('refuses a link that is not an http(s) URL', () => {
      expect(() => renderPlanComment(PLANS, { environmentUrls: { staging: 'javascript:alert(1)' } })).toThrow(/environmentUrls\.staging 'javascript:alert\(1\)' is not an http\(s\) URL/);
      expect(() => renderPlanComment(PLANS, { runUrl: 'https://x/a b' })).toThrow(/runUrl 'https:\/\/x\/a b' is not an http\(s\) URL/);
    });
  });

  describe('beyond the size limit', () => {
    const large: TaggedPlan = { environment: 'production', stack: 'production-tenants', plan: bulkPlan(3000, ['create']) };
    const plans = [...PLANS, large];
    const truncated = renderPlanComment(plans, { artifactUrl: ARTIFACT });

    it('fits in 65,536 characters with the table intact and a link to the full plan', () => {
      expect(truncated.length).toBeLessThanOrEqual(65_536);
      const rows = tableRows(truncated);
      expect(rows.map(([environment, stack]) => `${environment}/${stack}`)).toEqual(plans.map(({ environment, stack }) => `${environment}/${stack}`));
      rows.forEach(([, , add, change, destroy, replace], index) => {
        expect({ add: Number(add), change: Number(change), destroy: Number(destroy), replace: Number(replace) }).toEqual(expectedCounts(plans[index].plan));
      });
      expect(truncated.match(/<details>/g)?.length).toBe(truncated.match(/<\/details>/g)?.length);
      expect(truncated).toContain(`truncated — full plan in the workflow artifact: ${ARTIFACT}`);
    });

    it('shortens the largest stack and keeps the smaller ones whole', () => {
      expect(truncated).toMatch(/- … and \d+ more in the full plan/);
      const production = truncated.slice(truncated.indexOf('<b>production / bootstrap'), truncated.indexOf('<b>production / production-tenants'));
      expect(production).toContain('aws_kms_alias.state_LocksKeyAlias');
      expect(production).not.toContain('more in the full plan');
    });

    it('shortens other changes before replacements and deletions', () => {
      const mixed: PlanJson = { format_version: '1.2', resource_changes: [...(bulkPlan(200, ['delete']).resource_changes ?? []), ...(bulkPlan(2000, ['update']).resource_changes ?? []).map((change) => ({ ...change, address: change.address.replace('tenant', 'other') }))] };
      const rendered = renderPlanComment([{ environment: 'production', stack: 'production-tenants', plan: mixed }], { maxLength: 20_000 });
      expect(rendered.length).toBeLessThanOrEqual(20_000);
      expect(rendered.match(/^- `aws_s3_bucket\.tenant/gm)).toHaveLength(200);
      expect(rendered).toMatch(/\*\*Change in place\*\* \(2000\)\n[\s\S]*- … and \d+ more in the full plan/);
    });

    it('names the artifact without a link when no URL is given', () => {
      expect(renderPlanComment(plans)).toContain('truncated — full plan in the workflow artifact of this workflow run');
    });

    it('refuses when even the table does not fit', () => {
      expect(() => renderPlanComment(plans, { maxLength: 500 })).toThrow(/The table of 4 stacks does not fit in 500 characters/);
    });
  });

  it.each([
    [[], {}, /No plans to render/],
    [[PLANS[0], PLANS[0]], {}, /Two plans for development \/ bootstrap-100000000001-eu-central-1/],
    [PLANS, { artifactUrl: 'artifact.zip' }, /artifactUrl 'artifact.zip' is not an http\(s\) URL/],
    [PLANS, { maxLength: 70_000 }, /maxLength 70000 is not between 1 and 65536/],
  ])('refuses invalid input (%#)', (plans, options, message) => {
    expect(() => renderPlanComment(plans as TaggedPlan[], options)).toThrow(message);
  });
});

describe('renderPlanCommentParts', () => {
  const TENANTS = 3000;
  const large: TaggedPlan = { environment: 'production', stack: 'production-tenants', plan: bulkPlan(TENANTS, ['create']) };
  const plans = [...PLANS, large];
  const parts = renderPlanCommentParts(plans, { artifactUrl: ARTIFACT });
  const tenantLines = (part: string) => part.match(/^- `aws_s3_bucket\.tenant\["tenant-\d+"\]`$/gm) ?? [];

  it('gives the comment of renderPlanComment when it fits in one', () => {
    expect(renderPlanCommentParts(PLANS, { artifactUrl: ARTIFACT })).toEqual([renderPlanComment(PLANS, { artifactUrl: ARTIFACT })]);
  });

  it('splits a plan comment above 65,536 characters into comments under the limit, each valid Markdown', () => {
    expect(parts.join('').length).toBeGreaterThan(65_536);
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((part, index) => {
      expect(part.length).toBeLessThan(65_536);
      expect(part.startsWith(`${commentMarker('plan', index + 1)}\n\n## Terraform plan (part ${index + 1} of ${parts.length})\n`)).toBe(true);
      expectValidMarkdown(part);
    });
  });

  it('keeps the table in the first part, and lists every entry once without shortening', () => {
    expect(tableRows(parts[0]).map(([environment, stack]) => `${environment}/${stack}`)).toEqual(plans.map(({ environment, stack }) => `${environment}/${stack}`));
    expect(parts.slice(1).some((part) => part.includes('| Environment |'))).toBe(false);
    const listed = parts.flatMap(tenantLines);
    expect(listed).toHaveLength(TENANTS);
    expect(new Set(listed).size).toBe(TENANTS);
    expect(parts.join('')).not.toMatch(/more in the full plan|truncated/);
  });

  it("keeps small stacks whole and splits a large stack's list between entries, saying so", () => {
    const production = parts.filter((part) => part.includes('<b>production / bootstrap'));
    expect(production).toHaveLength(1);
    expect(production[0]).toContain('- `aws_kms_alias.state_LocksKeyAlias`');
    const chunks = parts.join('').match(/<b>production \/ production-tenants<\/b>: 3000 to add \(list \d+ of \d+\)/g) ?? [];
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.at(-1)).toContain(`(list ${chunks.length} of ${chunks.length})`);
    expect(parts.join('')).toContain('**Add** (3000) (continued)\n- `aws_s3_bucket.tenant');
  });

  it('counts what GitHub counts: parts of multi-byte addresses stay within 65,536 code points and 262,144 bytes', () => {
    const wide: TaggedPlan = { environment: 'production', stack: 'production-tenants', plan: bulkPlan(4000, ['create'], (index) => `テナント🌈-${index}`) };
    const wideParts = renderPlanCommentParts([wide]);
    expect(wideParts.length).toBeGreaterThan(1);
    for (const part of wideParts) {
      expect([...part].length).toBeLessThan(65_536);
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(262_144);
      expectValidMarkdown(part);
    }
  });

  it('splits at the given length and leaves out what needs more than maxParts comments, with a note', () => {
    const split = renderPlanCommentParts(plans, { maxLength: 20_000, maxParts: 3, artifactUrl: ARTIFACT });
    expect(split).toHaveLength(3);
    split.forEach((part) => {
      expect(part.length).toBeLessThanOrEqual(20_000);
      expectValidMarkdown(part);
    });
    expect(split[2]).toContain(`More lists than 3 comments hold are left out — full plan in the workflow artifact: ${ARTIFACT}`);
    expect(split.flatMap(tenantLines).length).toBeLessThan(TENANTS);
  });

  it('refuses what cannot be split', () => {
    expect(() => renderPlanCommentParts(plans, { maxLength: 500 })).toThrow(/The table of 4 stacks does not fit in 500 characters/);
    const longAddress: TaggedPlan = { environment: 'production', stack: 'tenants', plan: bulkPlan(1, ['create'], () => 'k'.repeat(3000)) };
    expect(() => renderPlanCommentParts([longAddress], { maxLength: 2000 })).toThrow(/An entry of production \/ tenants does not fit in \d+ characters/);
    expect(() => renderPlanCommentParts(PLANS, { maxParts: 0 })).toThrow(/maxParts 0 is not a positive integer/);
  });
});

describe('planSummaryLines', () => {
  it('gives one log line per stack, flagging destructive plans', () => {
    expect(planSummaryLines(PLANS)).toEqual([
      `development/${STACK}: 10 to add`,
      `staging/${STACK}: no changes`,
      `production/${STACK}: 2 to replace, 1 to destroy, 1 to change, 1 to add (destructive)`,
    ]);
  });
});
