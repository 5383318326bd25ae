/**
 * The CI inputs and Pod Security contracts hold in every environment, and each names what breaks it (production,
 * testing).
 */
import { CiInputsContract, PodSecurityContract } from '@platform/platform-contracts';
import type { SynthesizedPlatform } from '@platform/stacks';
import { evaluateBroken, type Json, resourcesOf, SYNTH_TIMEOUT_MS, synthesizeForContracts } from './contracts-testing';

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
      const namespace = Object.values(resourcesOf(stacks, 'testing-cluster-addons', 'kubernetes_namespace_v1')).find((candidate) => candidate.metadata.name === 'ingress-nginx') as Json;
      namespace.metadata.labels['pod-security.kubernetes.io/enforce'] = 'privileged';
    });
    expect(failed).toEqual([expect.stringMatching(/^namespace ingress-nginx, .*enforces privileged .*documented as at most baseline/)]);
  });
});
