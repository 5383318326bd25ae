import { loadEnvironment } from '@platform/config';
import { exampleEnvironment } from '@platform/config/testing';
import { Testing } from 'cdktf';
import { ClusterStack, NON_PRODUCTION_TAGGED_IMAGES_KEPT } from './cluster-stack';
import { NetworkStack } from './network-stack';

type Rule = { selection: { tagStatus: string; countType: string; countNumber: number } };

function ecrRules(production: boolean): Rule[][] {
  const app = Testing.app();
  const environment = loadEnvironment(exampleEnvironment({ production, cluster: { ecrRepositories: ['novel-engine/backend'] } }));
  const resource = JSON.parse(Testing.synth(new ClusterStack(app, environment, new NetworkStack(app, environment)))).resource;
  const policies = Object.values(resource.aws_ecr_lifecycle_policy ?? {}) as { policy: string }[];
  expect(policies.length).toBeGreaterThan(0);
  return policies.map((policy) => JSON.parse(policy.policy).rules);
}

describe('ClusterStack ECR lifecycle', () => {
  it('in production, never expires a tagged image: the running release stays pullable', () => {
    for (const rules of ecrRules(true)) {
      expect(rules.map((rule) => rule.selection.tagStatus)).toEqual(['untagged']);
    }
  });

  it('outside production, also keeps only the newest tagged images', () => {
    for (const rules of ecrRules(false)) {
      expect(rules.map((rule) => rule.selection)).toEqual([
        expect.objectContaining({ tagStatus: 'untagged', countType: 'sinceImagePushed' }),
        // cosign's signature tags, outside the count of kept releases
        expect.objectContaining({ tagStatus: 'tagged', tagPrefixList: ['sha256-'], countType: 'sinceImagePushed' }),
        expect.objectContaining({ tagStatus: 'tagged', countType: 'imageCountMoreThan', countNumber: NON_PRODUCTION_TAGGED_IMAGES_KEPT }),
      ]);
    }
  });
});

describe('ClusterStack VPC CNI', () => {
  const app = Testing.app();
  const environment = loadEnvironment(exampleEnvironment({}));
  const resource = JSON.parse(Testing.synth(new ClusterStack(app, environment, new NetworkStack(app, environment)))).resource;
  const [name, vpcCni] = Object.entries(resource.aws_eks_addon as Record<string, { addon_name: string; configuration_values: string }>).find(([, addon]) => addon.addon_name === 'vpc-cni') ?? [];

  it('assigns /28 prefixes (one warm), so a t3.medium takes 110 pods instead of 17, and enforces network policies', () => {
    expect(JSON.parse(String(vpcCni?.configuration_values))).toEqual({
      enableNetworkPolicy: 'true',
      env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' },
    });
  });

  it('creates the node groups after the add-on, so EKS computes their max pods with prefix delegation on', () => {
    for (const group of Object.values(resource.aws_eks_node_group as Record<string, { depends_on: string[] }>)) {
      expect(group.depends_on).toContain(`aws_eks_addon.${name}`);
    }
  });
});

describe('ClusterStack access entries of the GitHub roles', () => {
  const app = Testing.app();
  const environment = loadEnvironment(exampleEnvironment({ delivery: { githubRepository: 'example-org/platform-infrastructure' } }));
  const resource = JSON.parse(Testing.synth(new ClusterStack(app, environment, new NetworkStack(app, environment)))).resource;
  const principals = Object.values(resource.aws_eks_access_entry as Record<string, { principal_arn: string }>).map((entry) => entry.principal_arn);
  const role = (name: string) => `arn:aws:iam::${environment.accountId}:role/${environment.resourcePrefix}-github-${name}`;

  it('lets the plan role (main’s workflows) read and the apply role administer the cluster', () => {
    expect(principals).toEqual(expect.arrayContaining([role('plan'), role('apply')]));
  });

  // Any pull request author can edit a workflow to assume the review role: with an entry, it would read the Secrets.
  it('gives the review role, which pull requests assume, no access entry', () => {
    expect(principals).not.toContain(role('review'));
    expect(principals.filter((arn) => arn.includes('-github-'))).toHaveLength(2);
  });
});
