/**
 * The CI inputs and Pod Security contracts hold in every environment, and each names what breaks it (production,
 * testing).
 */
import { CiInputsContract, PodSecurityContract } from '@platform/platform-contracts';
import type { SynthesizedPlatform } from '@platform/stacks';
import { evaluateBroken, type Json, resourcesOf, SYNTH_TIMEOUT_MS, synthesizeForContracts } from './contracts-testing';

const DEPLOY = '.github/workflows/deploy.yml';
const DEPLOY_ENVIRONMENT = '.github/workflows/deploy-environment.yml';

describe('CI inputs (production)', () => {
  let platform: SynthesizedPlatform;
  beforeAll(() => {
    platform = synthesizeForContracts('production');
  }, SYNTH_TIMEOUT_MS);
  const contract = new CiInputsContract();
  /** How the contract names a job of deploy-environment.yml that deploy.yml's job production calls. */
  const called = (job: string) => `.github/workflows/deploy.yml job production (${DEPLOY_ENVIRONMENT} job ${job})`;
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

  it('without the TF_VAR_image_tag line of one job, names the workflow, the calling job, the called job, stack and variable', async () => {
    const failed = await evaluateBroken(platform, contract, () => undefined, (workflows) => delete workflows[DEPLOY_ENVIRONMENT].jobs.deploy.env.TF_VAR_image_tag);
    expect(failed).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${escape(called('deploy'))}, which applies and smoke-checks production's stacks, supplies every Terraform variable without a default: production-workloads: variable "image_tag" has no default, and the job applies the stack without TF_VAR_image_tag .*` +
            `Fix: set TF_VAR_image_tag in the env of job deploy of ${escape(DEPLOY_ENVIRONMENT)}`,
        ),
      ),
    ]);
  });

  it('a job that plans an EKS environment on a GitHub-hosted runner is named: it cannot reach the private API endpoint', async () => {
    const failed = await evaluateBroken(platform, contract, () => undefined, (workflows) => {
      workflows['.github/workflows/drift.yml'].jobs.drift['runs-on'] = 'ubuntu-24.04';
    });
    expect(failed).toEqual([
      expect.stringMatching(/^\.github\/workflows\/drift\.yml job drift, which checks drift of production's stacks, .*runs-on ubuntu-24\.04 is not the environment's runner in the VPC \(platform-production-github-runner\).*Fix: runs-on: /),
    ]);
  });

  it('the pull request job, which plans only the AWS stacks, on the runner in the VPC is named: pull requests must not reach the cluster', async () => {
    const failed = await evaluateBroken(platform, contract, () => undefined, (workflows) => {
      workflows['.github/workflows/pr.yml'].jobs.plan['runs-on'] = workflows['.github/workflows/drift.yml'].jobs.drift['runs-on'].replaceAll('needs.environments', 'needs.affected');
    });
    expect(failed).toEqual([
      expect.stringMatching(
        /^\.github\/workflows\/pr\.yml job plan, which plans \(AWS-only\) production's stacks, .*may be the environment's runner in the VPC \(platform-production-github-runner\), though the job plans only the AWS-only stacks \(--aws-only\).*Fix: runs-on: ubuntu-24\.04$/,
      ),
    ]);
  });

  it('without --aws-only, the pull request job on a GitHub-hosted runner is named like any other', async () => {
    const failed = await evaluateBroken(platform, contract, () => undefined, (workflows) => {
      const plan = workflows['.github/workflows/pr.yml'].jobs.plan.steps.find((step: Json) => String(step.run).includes('tools/plan.ts'));
      plan.run = plan.run.replace(' --aws-only', '');
    });
    expect(failed).toEqual([expect.stringMatching(/^\.github\/workflows\/pr\.yml job plan, which plans production's stacks, .*runs-on ubuntu-24\.04 is not the environment's runner in the VPC/)]);
  });

  it('does not give a called workflow the env of its caller’s workflow (GitHub does not pass it on)', async () => {
    const failed = await evaluateBroken(platform, contract, () => undefined, (workflows) => {
      workflows[DEPLOY].env.TF_VAR_image_tag = "${{ fromJSON(needs.affected.outputs.targets)['production'].imageTag }}";
      delete workflows[DEPLOY_ENVIRONMENT].jobs.plan.env.TF_VAR_image_tag;
    });
    expect(failed).toEqual([expect.stringMatching(new RegExp(`^${escape(called('plan'))}, which plans production's stacks, .*the job plans the stack without TF_VAR_image_tag`))]);
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

  it('with the tag of another environment, names the calling and the called job', async () => {
    const failed = await evaluateBroken(platform, contract, () => undefined, (workflows) => {
      const env = workflows[DEPLOY_ENVIRONMENT].jobs.plan.env;
      env.TF_VAR_image_tag = env.TF_VAR_image_tag.replace('[inputs.environment]', "['staging']");
    });
    expect(failed).toEqual([expect.stringMatching(new RegExp(`${escape(called('plan'))}, .*: production-workloads: TF_VAR_image_tag of job production \\(${escape(DEPLOY_ENVIRONMENT)} job plan\\) reads the delivery target of 'staging', not production's \\(\\$\\{\\{ fromJSON\\(needs\\.affected\\.outputs\\.targets\\)\\['staging'\\]\\.imageTag \\}\\}\\)\\. Fix: index the targets with 'production'$`))]);
  });

  it('a caller passing another environment’s name gets that environment’s jobs, not production’s', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) => {
      stacks['production-data'].variable = { alert_email: { type: 'string' } };
    }, (workflows) => {
      workflows[DEPLOY].jobs.production.with.environment = 'staging';
    });
    expect(failed.map((failure) => failure.split(',')[0])).toEqual(['.github/workflows/drift.yml job drift', '.github/workflows/pr.yml job plan']);
  });

  it('a job calling a workflow that does not exist is named with the fix', async () => {
    const failed = await evaluateBroken(platform, contract, () => undefined, (workflows) => {
      workflows[DEPLOY].jobs.production.uses = './.github/workflows/deploy-env.yml';
    });
    expect(failed).toEqual([
      expect.stringMatching(/^\.github\/workflows\/deploy\.yml job production calls \.\/\.github\/workflows\/deploy-env\.yml, a workflow the contract can follow: .*is not among the workflows read .*Fix: point uses at an existing file of \.github\/workflows$/),
    ]);
  });

  it('a new variable without a default is reported for every job that plans its stack', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) => {
      stacks['production-data'].variable = { alert_email: { type: 'string' } };
    });
    expect(failed.map((failure) => failure.split(',')[0])).toEqual([called('plan'), called('deploy'), '.github/workflows/drift.yml job drift', '.github/workflows/pr.yml job plan']);
    expect(failed.every((failure) => failure.includes('production-data: variable "alert_email" has no default'))).toBe(true);
  });

  it('a new variable of a Kubernetes stack is not asked of the pull request job, which does not plan it (--aws-only)', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) => {
      stacks['production-cluster-addons'].variable = { alert_email: { type: 'string' } };
    });
    expect(failed.map((failure) => failure.split(',')[0])).toEqual([called('plan'), called('deploy'), '.github/workflows/drift.yml job drift']);
  });
});

describe('CI inputs (storymagic-production)', () => {
  let platform: SynthesizedPlatform;
  beforeAll(() => {
    platform = synthesizeForContracts('storymagic-production');
  }, SYNTH_TIMEOUT_MS);

  it('hold through the job deploy.yml calls deploy-environment.yml with for StoryMagic, naming it when its tag goes missing', async () => {
    const failed = await evaluateBroken(platform, new CiInputsContract(), () => undefined, (workflows) => delete workflows[DEPLOY_ENVIRONMENT].jobs.deploy.env.TF_VAR_image_tag);
    expect(failed).toEqual([
      expect.stringMatching(
        /^\.github\/workflows\/deploy\.yml job storymagic-production \(\.github\/workflows\/deploy-environment\.yml job deploy\), which applies and smoke-checks storymagic-production's stacks, .*storymagic-production-services: variable "image_tag" has no default/,
      ),
    ]);
  });
});

describe('Pod security (testing)', () => {
  let platform: SynthesizedPlatform;
  beforeAll(() => {
    platform = synthesizeForContracts('testing');
  }, SYNTH_TIMEOUT_MS);
  const contract = new PodSecurityContract();
  const deployments = (stacks: Record<string, Json>) => resourcesOf(stacks, 'testing-workloads', 'kubernetes_deployment_v1');
  const podOf = (deployment: Json): Json => deployment.spec.template.spec;
  const named = (stacks: Record<string, Json>, name: string): Json => Object.values(deployments(stacks)).find((deployment) => deployment.metadata.name === name) as Json;

  it('a container with allowPrivilegeEscalation true is named with the field and the fix', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) => {
      podOf(named(stacks, 'novel-engine-backend')).container[0].security_context.allow_privilege_escalation = true;
    });
    expect(failed).toEqual([
      expect.stringMatching(
        /^kubernetes_deployment_v1 testing\/novel-engine-backend \(testing-workloads\/workloads\/novel-engine-backend\/Deployment\) satisfies Pod Security restricted: container novel-engine-backend: security_context\.allow_privilege_escalation is true; restricted requires false\. Fix: set allow_privilege_escalation = false$/,
      ),
    ]);
  });

  it('a pod without seccomp profile (pod or container) is named', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) => {
      const pod = podOf(named(stacks, 'novel-engine-frontend'));
      delete pod.security_context.seccomp_profile;
      delete pod.container[0].security_context.seccomp_profile;
    });
    expect(failed).toEqual([expect.stringMatching(/^kubernetes_deployment_v1 testing\/novel-engine-frontend .*: container novel-engine-frontend: no seccomp_profile in the container's or the pod's security_context; restricted requires RuntimeDefault or Localhost/)]);
  });

  it('host access, root, added capabilities and a hostPath volume are each named', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) => {
      const pod = podOf(named(stacks, 'novel-engine-backend'));
      pod.host_network = true;
      pod.security_context.run_as_user = '0';
      pod.container[0].security_context.capabilities = { add: ['SYS_ADMIN'] };
      pod.container[0].port[0].host_port = 8000;
      pod.volume.push({ name: 'host', host_path: { path: '/var/run' } });
    });
    expect(failed).toHaveLength(1);
    for (const field of ['host_network is true', 'volume host is host_path', 'security_context.run_as_user is 0', 'capabilities.drop does not include ALL', 'capabilities.add has SYS_ADMIN', 'has host_port 8000']) {
      expect(failed[0]).toContain(field);
    }
  });

  it('the frontend listening on 80 as user 101 without the unprivileged-port sysctl is named', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) => delete podOf(named(stacks, 'novel-engine-frontend')).security_context.sysctl);
    expect(failed).toEqual([
      expect.stringMatching(/^kubernetes_deployment_v1 testing\/novel-engine-frontend .* can bind its ports below 1024 as a non-root user: container novel-engine-frontend listens on 80 as non-root user 101.*Fix: set the pod sysctl net\.ipv4\.ip_unprivileged_port_start = 80/),
    ]);
  });

  it('an add-on namespace created without Pod Security labels (as Helm creates it) is named', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) => {
      const namespaces = resourcesOf(stacks, 'testing-cluster-addons', 'kubernetes_namespace_v1');
      const certManager = Object.keys(namespaces).find((name) => namespaces[name].metadata.name === 'cert-manager') as string;
      delete namespaces[certManager];
    });
    expect(failed).toEqual([expect.stringMatching(/^namespace cert-manager, which runs workloads, .*: namespace cert-manager enforces privileged \(no Pod Security label.*\) and runs helm_release cert-manager\. Fix: create it with the label pod-security\.kubernetes\.io\/enforce=restricted/)]);
  });

  it('a documented exception looser than documented is named', async () => {
    const failed = await evaluateBroken(platform, contract, (stacks) => {
      // testing runs no velero: its namespace (documented as at most baseline) appears, enforcing privileged.
      const namespaces = resourcesOf(stacks, 'testing-cluster-addons', 'kubernetes_namespace_v1');
      const [template] = Object.values(namespaces) as Json[];
      namespaces.velero = { ...structuredClone(template), metadata: { name: 'velero', labels: { ...template.metadata.labels, 'pod-security.kubernetes.io/enforce': 'privileged' } } };
      const releases = resourcesOf(stacks, 'testing-cluster-addons', 'helm_release');
      const [release] = Object.values(releases) as Json[];
      releases.velero = { ...structuredClone(release), name: 'velero', namespace: 'velero' };
    });
    expect(failed).toEqual([expect.stringMatching(/^namespace velero, .*enforces privileged .*documented as at most baseline/)]);
  });
});
