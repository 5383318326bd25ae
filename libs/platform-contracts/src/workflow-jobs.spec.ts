import { substituteInputs, triggersOf, workflowJobs } from './workflow-jobs';

const step = { run: 'npx tsx tools/plan.ts "$ENVIRONMENT"' };
const reusable = (jobs: Record<string, unknown>, inputs: Record<string, unknown> = {}) => ({ on: { workflow_call: { inputs } }, env: { CALLED: '1' }, jobs });

describe('triggersOf', () => {
  it('reads on as a string, a list or a map', () => {
    expect(triggersOf({ on: 'push' })).toEqual(['push']);
    expect(triggersOf({ on: ['push', 'workflow_call'] })).toEqual(['push', 'workflow_call']);
    expect(triggersOf({ on: { workflow_call: null, schedule: [] } })).toEqual(['workflow_call', 'schedule']);
    expect(triggersOf({})).toEqual([]);
  });
});

describe('substituteInputs', () => {
  const inputs = { environment: 'storymagic-production', targets: '${{ needs.affected.outputs.targets }}', quoted: "it's", mixed: 'a-${{ github.sha }}' };

  it('puts a value that is only an input as the caller wrote it', () => {
    expect(substituteInputs('${{ inputs.environment }}', inputs)).toBe('storymagic-production');
    expect(substituteInputs('${{inputs.targets}}', inputs)).toBe('${{ needs.affected.outputs.targets }}');
  });

  it('inside an expression, writes a literal quoted and an expression as an operand', () => {
    expect(substituteInputs('${{ fromJSON(inputs.targets)[inputs.environment].imageTag }}', inputs)).toBe("${{ fromJSON(needs.affected.outputs.targets)['storymagic-production'].imageTag }}");
    expect(substituteInputs('${{ inputs.quoted == 1 }}', inputs)).toBe("${{ 'it''s' == 1 }}");
    expect(substituteInputs("${{ inputs.mixed != 'x' }}", inputs)).toBe("${{ 'a-${{ github.sha }}' != 'x' }}");
    expect(substituteInputs('deploy-${{ inputs.environment }}', inputs)).toBe('deploy-storymagic-production');
  });

  it('leaves inputs it was not given, other contexts and non-strings alone, in nested values', () => {
    expect(substituteInputs({ a: ['${{ inputs.other }}', 3, { b: '${{ github.sha }}' }] }, inputs)).toEqual({ a: ['${{ inputs.other }}', 3, { b: '${{ github.sha }}' }] });
    expect(substituteInputs('${{ inputs.environment }}', {})).toBe('${{ inputs.environment }}');
  });
});

describe('workflowJobs', () => {
  it('runs a called workflow’s jobs with the caller’s inputs, their defaults, and the called workflow’s env', () => {
    const workflows = {
      '.github/workflows/deploy.yml': { on: { push: null }, env: { CALLER: '1' }, jobs: { production: { uses: './.github/workflows/one.yml', with: { environment: 'production' } } } },
      '.github/workflows/one.yml': reusable(
        { plan: { env: { ENVIRONMENT: '${{ inputs.environment }}', TIER: '${{ inputs.tier }}', EMPTY: '${{ inputs.unset }}' }, steps: [step] } },
        { environment: { type: 'string', required: true }, tier: { type: 'string', default: 'web' }, unset: { type: 'string' } },
      ),
    };
    expect(workflowJobs(workflows)).toEqual({
      jobs: [
        {
          file: '.github/workflows/deploy.yml',
          label: 'job production (.github/workflows/one.yml job plan)',
          envOwner: 'job plan of .github/workflows/one.yml',
          workflowEnv: { CALLED: '1' },
          env: { ENVIRONMENT: 'production', TIER: 'web', EMPTY: '' },
          steps: [step],
        },
      ],
      unfollowed: [],
    });
  });

  it('follows calls from called workflows, and runs a workflow only through its callers when workflow_call is its only trigger', () => {
    const workflows = {
      '.github/workflows/a.yml': { on: 'workflow_dispatch', jobs: { outer: { uses: './.github/workflows/b.yml', with: { environment: 'testing' } }, own: { steps: [step] } } },
      '.github/workflows/b.yml': reusable({ middle: { uses: './.github/workflows/c.yml', with: { stage: 'x-${{ inputs.environment }}' } } }),
      '.github/workflows/c.yml': reusable({ inner: { env: { STAGE: '${{ inputs.stage }}' }, steps: [step] } }),
    };
    const { jobs } = workflowJobs(workflows);
    expect(jobs.map(({ file, label, env }) => ({ file, label, env }))).toEqual([
      { file: '.github/workflows/a.yml', label: 'job outer (.github/workflows/b.yml job middle) (.github/workflows/c.yml job inner)', env: { STAGE: 'x-testing' } },
      { file: '.github/workflows/a.yml', label: 'job own', env: {} },
    ]);
  });

  it('reports calls it cannot follow: a missing local workflow, another repository’s', () => {
    const workflows = {
      '.github/workflows/a.yml': { on: ['push'], jobs: { gone: { uses: './.github/workflows/gone.yml' }, remote: { uses: 'octo/ci/.github/workflows/x.yml@v1' } } },
    };
    expect(workflowJobs(workflows).unfollowed).toEqual([
      { file: '.github/workflows/a.yml', label: 'job gone', uses: './.github/workflows/gone.yml', reason: 'missing' },
      { file: '.github/workflows/a.yml', label: 'job remote', uses: 'octo/ci/.github/workflows/x.yml@v1', reason: 'remote' },
    ]);
  });

  it('stops at a cycle of calls', () => {
    const workflows = { '.github/workflows/a.yml': { on: { push: null, workflow_call: null }, jobs: { again: { uses: './.github/workflows/a.yml' }, own: { steps: [step] } } } };
    expect(workflowJobs(workflows).jobs.length).toBeGreaterThan(1);
    expect(workflowJobs(workflows).jobs.length).toBeLessThan(20);
  });
});
