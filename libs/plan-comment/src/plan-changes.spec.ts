import { changeKind, countChanges, countMovesAndImports, describeCounts, hasChanges, isDestructive, planSummaryLines, type ChangeCounts } from './plan-changes';
import type { PlanJson, ResourceChange } from './plan-json';
import { renderPlanComment } from './render-plan-comment';

/** A managed (or data) resource change with these actions. */
const change = (address: string, actions: string[], extra: Partial<ResourceChange> & { importing?: { id: string } } = {}): ResourceChange => {
  const { importing, ...rest } = extra;
  return { address, mode: 'managed', ...rest, change: { actions, ...(importing ? { importing } : {}) } };
};
const plan = (...resourceChanges: ResourceChange[]): PlanJson => ({ format_version: '1.2', resource_changes: resourceChanges });
const NONE: ChangeCounts = { replace: 0, delete: 0, update: 0, create: 0, import: 0, move: 0, forget: 0 };

/** One plan of each kind alone: no fixture mixes in a second kind that would mask a wrong classification. */
const SINGLE_KIND_PLANS = {
  'replace-only (delete then create)': plan(change('aws_db_instance.main', ['delete', 'create'])),
  'replace-only (create before destroy)': plan(change('aws_lb.main', ['create', 'delete'])),
  'delete-only': plan(change('aws_s3_bucket.old', ['delete'])),
  'update-only': plan(change('aws_iam_role.app', ['update'])),
  'create-only': plan(change('aws_sqs_queue.jobs', ['create'])),
  'import-only': plan(change('aws_s3_bucket.logs', ['no-op'], { importing: { id: 'platform-logs' } })),
  'move-only': plan(change('aws_vpc.this', ['no-op'], { previous_address: 'aws_vpc.main' })),
  'forget-only': plan(change('aws_kms_key.legacy', ['forget'])),
  'data-only': plan(change('data.aws_caller_identity.current', ['read'], { mode: 'data' })),
  'no-op-only': plan(change('aws_vpc.main', ['no-op'])),
};

describe('plan classification', () => {
  describe.each([
    ['replace-only (delete then create)', { replace: 1 }, true, '1 to replace'],
    ['replace-only (create before destroy)', { replace: 1 }, true, '1 to replace'],
    ['delete-only', { delete: 1 }, true, '1 to destroy'],
    ['update-only', { update: 1 }, false, '1 to change'],
    ['create-only', { create: 1 }, false, '1 to add'],
    ['import-only', { import: 1 }, false, '1 to import'],
    ['move-only', { move: 1 }, false, '1 to move'],
    ['forget-only', { forget: 1 }, false, '1 to forget'],
    ['data-only', {}, false, 'no changes'],
    ['no-op-only', {}, false, 'no changes'],
  ] as const)('a %s plan', (name, counted, destructive, described) => {
    // Counted inside each test, not while Jest collects them: Stryker's perTest coverage sees only code a test runs.
    const counts = () => countChanges(SINGLE_KIND_PLANS[name]);

    it(`counts ${described}`, () => {
      expect(counts()).toEqual({ ...NONE, ...counted });
      expect(describeCounts(counts())).toBe(described);
    });

    it(destructive ? 'is destructive' : 'is not destructive', () => {
      expect(isDestructive(counts())).toBe(destructive);
    });

    it(`${Object.keys(counted).length > 0 ? 'has' : 'has no'} changes`, () => {
      expect(hasChanges(counts())).toBe(Object.keys(counted).length > 0);
    });
  });

  it('warns that a replace-only plan destroys resources, as it does for a delete-only one', () => {
    for (const name of ['replace-only (delete then create)', 'replace-only (create before destroy)', 'delete-only'] as const) {
      expect(renderPlanComment([{ environment: 'production', stack: 'production-data', plan: SINGLE_KIND_PLANS[name] }])).toContain('destroys resources');
    }
    expect(renderPlanComment([{ environment: 'production', stack: 'production-data', plan: SINGLE_KIND_PLANS['update-only'] }])).not.toContain('destroys resources');
  });

  describe('changeKind', () => {
    it('leaves data sources out whatever their actions', () => {
      expect(changeKind(change('data.aws_iam_policy_document.x', ['delete', 'create'], { mode: 'data' }))).toBeUndefined();
    });

    it('counts an import or a move that also changes the object under that change', () => {
      expect(changeKind(change('aws_s3_bucket.logs', ['update'], { importing: { id: 'logs' } }))).toBe('update');
      expect(changeKind(change('aws_vpc.this', ['delete', 'create'], { previous_address: 'aws_vpc.main' }))).toBe('replace');
    });

    it('falls back to the most destructive action an unknown combination contains', () => {
      expect(changeKind(change('aws_x.y', ['update', 'delete']))).toBe('delete');
      expect(changeKind(change('aws_x.y', ['create', 'update']))).toBe('update');
      expect(changeKind(change('aws_x.y', ['forget', 'create']))).toBe('create');
    });
  });

  describe('countMovesAndImports', () => {
    it('counts managed instances moved or imported, whatever else happens to them, and no data source', () => {
      const mixed = plan(
        change('aws_vpc.this', ['update'], { previous_address: 'aws_vpc.main' }),
        change('aws_s3_bucket.logs', ['no-op'], { importing: { id: 'logs' } }),
        change('data.aws_region.this', ['read'], { mode: 'data', previous_address: 'data.aws_region.old' }),
        change('data.aws_caller_identity.x', ['read'], { mode: 'data', importing: { id: 'x' } }),
        change('aws_sqs_queue.jobs', ['create']),
      );
      expect(countMovesAndImports(mixed)).toEqual({ moved: 1, imported: 1 });
      expect(countMovesAndImports({ format_version: '1.2' })).toEqual({ moved: 0, imported: 0 });
    });
  });

  it('counts a plan without resource_changes as no changes', () => {
    expect(countChanges({ format_version: '1.2' })).toEqual(NONE);
  });

  it('describes several kinds destructive first', () => {
    expect(describeCounts({ ...NONE, create: 3, replace: 2, delete: 1, forget: 1 })).toBe('2 to replace, 1 to destroy, 3 to add, 1 to forget');
  });

  describe('planSummaryLines', () => {
    it('marks destructive plans and appends drift', () => {
      const drifted: PlanJson = { ...SINGLE_KIND_PLANS['replace-only (delete then create)'], resource_drift: [change('aws_vpc.main', ['update']), change('aws_subnet.a', ['update'])] };
      expect(
        planSummaryLines([
          { environment: 'production', stack: 'production-data', plan: drifted },
          { environment: 'staging', stack: 'staging-network', plan: SINGLE_KIND_PLANS['no-op-only'] },
        ]),
      ).toEqual(['production/production-data: 1 to replace (destructive), 2 changed outside Terraform', 'staging/staging-network: no changes']);
    });
  });
});
