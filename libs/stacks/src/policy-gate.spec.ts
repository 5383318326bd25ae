import { loadEnvironment } from '@platform/config';
import { exampleEnvironment } from '@platform/config/testing';
import { TerraformResource } from 'cdktf';
import { IConstruct } from 'constructs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addEnvironmentStacks, environmentStackNames } from './environment-stacks';
import { runSynthCommand } from './run-synth-command';
import { synthesizeAtomically, synthesizeEnvironments } from './synthesize-environments';

const staging = exampleEnvironment();

/** Removes every resource of `type` under `scope`, as a careless edit of a construct would. */
function removeResources(scope: IConstruct, type: string): string[] {
  const removed: string[] = [];
  for (const construct of scope.node.findAll()) {
    if (construct instanceof TerraformResource && construct.terraformResourceType === type && construct.node.scope !== undefined) {
      removed.push(construct.node.path);
      construct.node.scope.node.tryRemoveChild(construct.node.id);
    }
  }
  return removed;
}

describe('the policy gate of synthesis', () => {
  let workDir: string;
  let outdir: string;
  beforeEach(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-'));
    outdir = path.join(workDir, 'cdktf.out', 'staging');
  });
  afterEach(() => fs.rmSync(workDir, { recursive: true, force: true }));

  it('passes the environment with no error-severity finding, lists the justified suppressions and writes the reports', () => {
    const stacks = synthesizeEnvironments([{ input: staging }], outdir);
    expect(stacks.flatMap(({ policy }) => policy.findings).filter(({ severity }) => severity === 'error')).toEqual([]);
    const suppressed = stacks.flatMap(({ policy }) => policy.suppressed);
    expect(suppressed.map(({ ruleId, constructPath }) => `${ruleId} ${constructPath}`).sort()).toEqual([
      'PLAT-K8S-016 staging-cluster-addons/addons/CertManager/Namespace',
      'PLAT-K8S-016 staging-cluster-addons/addons/ExternalDns/Namespace',
      'PLAT-K8S-016 staging-cluster-addons/addons/ExternalSecrets/Namespace',
      'PLAT-K8S-016 staging-cluster-addons/addons/Velero/Namespace',
      'PLAT-K8S-016 staging-cluster-addons/argo-rollouts/Namespace',
      'PLAT-S3-001 staging-cluster/ingress-edge/AccessLogs/Resource',
      'PLAT-S3-001 staging-data/storage/LogBucket',
      'PLAT-S3-005 staging-cluster/ingress-edge/AccessLogs/Resource',
      'PLAT-S3-005 staging-data/storage/LogBucket',
    ]);
    expect(suppressed.every(({ suppression }) => suppression.reason.length >= 10)).toBe(true);
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'policy', 'staging.json'), 'utf8'));
    expect(report.totals).toMatchObject({ errors: 0, suppressed: suppressed.length });
    expect(report.totals.rules).toBeGreaterThanOrEqual(40);
    expect(report.compliance.length).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(outdir, 'policy', 'staging.md'), 'utf8')).toContain('| Stack | Rules | Checks | Passed | Errors | Warnings | Suppressed |');
  });

  it('prints a policy summary per environment', () => {
    const errors: string[] = [];
    jest.spyOn(console, 'error').mockImplementation((text: string) => errors.push(text));
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      runSynthCommand(() => synthesizeEnvironments([{ input: staging }], outdir));
      expect(process.exitCode).toBeUndefined();
    } finally {
      jest.restoreAllMocks();
    }
    expect(errors[0]).toMatch(/^policy staging( \(production rules\))?: \d+ rules, \d+ checks: \d+ passed, 0 errors, \d+ warnings?, \d+ suppressed/);
  });

  it('fails synthesis, naming the rule, the construct path and the fix, and writes nothing, when the data bucket loses its encryption', () => {
    const environment = loadEnvironment(staging);
    const build = (app: IConstruct) => {
      const stacks = addEnvironmentStacks(app, environment);
      const data = stacks.find((stack) => stack.node.id === 'staging-data') as IConstruct;
      expect(removeResources(data.node.findChild('storage').node.findChild('Storage'), 'aws_s3_bucket_server_side_encryption_configuration')).toHaveLength(1);
    };
    const synth = () => synthesizeAtomically(outdir, build, [{ name: 'staging', production: true, stacks: environmentStackNames(environment) }]);
    expect(synth).toThrow(/PLAT-S3-001 staging-data\/storage\/Storage\/Bucket \(aws_s3_bucket\.[\w-]+\): .*Fix: /);
    expect(fs.existsSync(path.dirname(outdir)) ? fs.readdirSync(path.dirname(outdir)) : []).toEqual([]);
  });

  describe('with a Kubernetes object broken in the production namespace', () => {
    const production = loadEnvironment({ ...staging, workloads: { ...staging.workloads, namespace: 'production' } });
    const image = '111122223333.dkr.ecr.eu-central-1.amazonaws.com/novel-engine/backend:latest';
    it.each<[string, string, unknown, RegExp]>([
      ['a privileged container', 'security_context.privileged', true, /PLAT-K8S-001 staging-workloads\/workloads\/novel-engine-backend\/Deployment \(kubernetes_deployment_v1\.[\w-]+\): containers\[0\] novel-engine-backend: privileged is true\. Fix: set security_context\.privileged = false/],
      ['a container without limits', 'resources.limits', null, /PLAT-K8S-009 staging-workloads\/workloads\/novel-engine-backend\/Deployment \(kubernetes_deployment_v1\.[\w-]+\): containers\[0\] novel-engine-backend: has no memory limit\. Fix: set resources\.limits\.memory/],
      ['a latest image', 'image', image, /PLAT-K8S-010 staging-workloads\/workloads\/novel-engine-backend\/Deployment \(kubernetes_deployment_v1\.[\w-]+\): containers\[0\] novel-engine-backend: image \S+:latest is latest\. Fix: reference the image/],
    ])('fails synthesis on %s, naming the rule, the construct path and the fix', (_name, field, value, message) => {
      const build = (app: IConstruct) => {
        const stacks = addEnvironmentStacks(app, production);
        const workloads = stacks.find((stack) => stack.node.id === 'staging-workloads') as IConstruct;
        const deployment = workloads.node
          .findAll()
          .find((node): node is TerraformResource => node instanceof TerraformResource && node.terraformResourceType === 'kubernetes_deployment_v1' && node.node.path.endsWith('novel-engine-backend/Deployment'));
        expect(deployment?.node.path).toBe('staging-workloads/workloads/novel-engine-backend/Deployment');
        deployment!.addOverride(`spec.template.spec.container.0.${field}`, value);
      };
      const synth = () => synthesizeAtomically(outdir, build, [{ name: 'staging', production: true, stacks: environmentStackNames(production) }]);
      expect(synth).toThrow(message);
    });
  });
});
