/**
 * The CI inputs and Pod Security contracts hold in every environment, and each names what breaks it (production,
 * testing).
 */
import { CiInputsContract } from '@platform/platform-contracts';
import type { SynthesizedPlatform } from '@platform/stacks';
import { evaluateBroken, type Json, SYNTH_TIMEOUT_MS, synthesizeForContracts } from './contracts-testing';

const DEPLOY = '.github/workflows/deploy.yml';

describe('CI inputs (production)', () => {
  let platform: SynthesizedPlatform;
  beforeAll(() => {
    platform = synthesizeForContracts('production');
  }, SYNTH_TIMEOUT_MS);
  const contract = new CiInputsContract();

  it('without the TF_VAR_image_tag line of one job, names the workflow, job, stack and variable', async () => {
    const failed = await evaluateBroken(platform, contract, () => undefined, (workflows) => delete workflows[DEPLOY].jobs['deploy-production'].env.TF_VAR_image_tag);
    expect(failed).toEqual([
      expect.stringMatching(
        /^\.github\/workflows\/deploy\.yml job deploy-production, which applies and smoke-checks production's stacks, supplies every Terraform variable without a default: production-workloads: variable "image_tag" has no default, and the job applies the stack without TF_VAR_image_tag .*Fix: set TF_VAR_image_tag in the env of job deploy-production/,
      ),
    ]);
  });

  it('with TF_VAR_image_tag set only on another step, names the step that plans without it', async () => {
    const failed = await evaluateBroken(platform, contract, () => undefined, (workflows) => {
      const job = workflows['.github/workflows/drift.yml'].jobs.drift;
      job.steps.find((step: Json) => step.id === 'plan').env = {};
      job.steps.find((step: Json) => String(step.run).includes('plan-comment -- drift')).env.TF_VAR_image_tag = job.env.TF_VAR_image_tag;
      delete job.env.TF_VAR_image_tag;
    });
    expect(failed).toEqual([expect.stringMatching(/^\.github\/workflows\/drift\.yml job drift, which checks drift of production's stacks, .*production-workloads: variable "image_tag" has no default, and the job checks the stack without TF_VAR_image_tag/)]);
  });

  it('with the tag of another environment, names the job', async () => {
    const failed = await evaluateBroken(platform, contract, () => undefined, (workflows) => {
      const env = workflows[DEPLOY].jobs['plan-production'].env;
      env.TF_VAR_image_tag = env.TF_VAR_image_tag.replace("['production']", "['staging']");
    });
    expect(failed).toEqual([expect.stringMatching(/job plan-production, .*: production-workloads: TF_VAR_image_tag of job plan-production reads the delivery target of 'staging', not production's/)]);
  });

  it('a new variable without a default is reported for every job that plans its stack', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) => {
      stacks['production-data'].variable = { alert_email: { type: 'string' } };
    });
    expect(failed.map((failure) => failure.split(',')[0])).toEqual([
      '.github/workflows/deploy.yml job plan-production',
      '.github/workflows/deploy.yml job deploy-production',
      '.github/workflows/drift.yml job drift',
      '.github/workflows/pr.yml job plan',
    ]);
    expect(failed.every((failure) => failure.includes('production-data: variable "alert_email" has no default'))).toBe(true);
  });
});
