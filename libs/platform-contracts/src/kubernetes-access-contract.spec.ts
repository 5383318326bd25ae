import type { ContractInput, ContractResult } from './contract';
import { KubernetesAccessContract } from './kubernetes-access-contract';
import { PlatformModel } from './platform-model';
import { failures as failuresJoinedBy, mergeBlocks as merge } from './private/contract-spec-support';

type Json = Record<string, unknown>;

const contract = new KubernetesAccessContract();
const ADMIN = 'arn:aws:iam::123456789012:role/admin';
const PLAN = 'arn:aws:iam::123456789012:role/acme-github-plan';
const APPLY = 'arn:aws:iam::123456789012:role/acme-github-apply';
const POLICY = (name: string) => `arn:aws:eks::aws:cluster-access-policy/${name}`;
const ENVIRONMENT = {
  name: 'production',
  region: 'eu-central-1',
  accountId: '123456789012',
  resourcePrefix: 'acme',
  compute: 'eks',
  cluster: { adminRoleArns: [ADMIN] },
  delivery: { githubRepository: 'acme/platform' },
} as unknown as ContractInput['environment'];

/** An access entry of `arn` and its policy associations (`[policy, scope]`). */
function access(name: string, arn: string, ...policies: [string, string][]): Json {
  return {
    aws_eks_access_entry: { [name]: { principal_arn: arn } },
    aws_eks_access_policy_association: Object.fromEntries(policies.map(([policy, scope], index) => [`${name}_${index}`, { principal_arn: arn, policy_arn: POLICY(policy), access_scope: [{ type: scope }] }])),
  };
}

const githubRoles = (trust: Json = { Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: 'github' }, Condition: { StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:acme/platform:ref:refs/heads/main' } } }) => ({
  aws_iam_role: {
    plan: { name: 'acme-github-plan', assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: [trust] }) },
    apply: { name: 'acme-github-apply', assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: [trust] }) },
  },
});

const complete = () =>
  merge(
    access('admin', ADMIN, ['AmazonEKSClusterAdminPolicy', 'cluster']),
    access('plan', PLAN, ['AmazonEKSAdminViewPolicy', 'cluster']),
    access('apply', APPLY, ['AmazonEKSClusterAdminPolicy', 'cluster']),
  );

function evaluate(cluster: Json, bootstrap: Json = githubRoles(), environment = ENVIRONMENT): ContractResult {
  const model = new PlatformModel({ cluster: { resource: cluster }, bootstrap: { resource: bootstrap } } as ConstructorParameters<typeof PlatformModel>[0]);
  return contract.evaluate({ model, environment }) as ContractResult;
}

const failures = (result: ContractResult) => failuresJoinedBy(result, '; ');

describe('kubernetes access contract', () => {
  it('passes with an access entry and a cluster-scoped policy for each admin and CI role, and notes admins created outside', () => {
    const result = evaluate(complete());
    expect(result.title).toBe('Kubernetes API access: admins and CI have access entries with the right policy');
    expect(result.checks.map((item) => `${item.subject}: ${item.passed}`)).toEqual([
      `admin ${ADMIN} can use the Kubernetes API (AmazonEKSClusterAdminPolicy): true`,
      'CI plan role acme-github-plan can use the Kubernetes API (AmazonEKSAdminViewPolicy): true',
      'CI apply role acme-github-apply can use the Kubernetes API (AmazonEKSClusterAdminPolicy): true',
      'no role that pull requests assume (repo:acme/platform:pull_request) can use the Kubernetes API: true',
    ]);
    expect(result.notes).toEqual([`must exist before the cluster stack is applied (created outside the platform): ${ADMIN}`]);
  });

  it('an admin role a stack creates is no prerequisite', () => {
    expect(evaluate(complete(), merge(githubRoles(), { aws_iam_role: { admin: { name: 'admin' } } })).notes).toEqual([]);
  });

  it('the plan role may have cluster admin (it includes the view policy); the apply role may not have only the view policy', () => {
    const result = evaluate(
      merge(access('admin', ADMIN, ['AmazonEKSClusterAdminPolicy', 'cluster']), access('plan', PLAN, ['AmazonEKSClusterAdminPolicy', 'cluster']), access('apply', APPLY, ['AmazonEKSAdminViewPolicy', 'cluster'])),
    );
    expect(failures(result)).toEqual([
      'CI apply role acme-github-apply can use the Kubernetes API (AmazonEKSClusterAdminPolicy): cluster/aws_eks_access_entry.apply has AmazonEKSAdminViewPolicy (cluster scope); needs AmazonEKSClusterAdminPolicy at cluster scope',
    ]);
  });

  it('a policy at namespace scope, another policy or none is named', () => {
    const result = evaluate(
      merge(
        access('admin', ADMIN, ['AmazonEKSClusterAdminPolicy', 'namespace'], ['AmazonEKSViewPolicy', 'cluster']),
        access('plan', PLAN),
        // The policy's name must end its ARN: a policy whose name only starts the same is another one.
        access('apply', APPLY, ['AmazonEKSClusterAdminPolicyX', 'cluster']),
      ),
    );
    expect(failures(result)).toEqual([
      `admin ${ADMIN} can use the Kubernetes API (AmazonEKSClusterAdminPolicy): cluster/aws_eks_access_entry.admin has AmazonEKSClusterAdminPolicy (namespace scope), AmazonEKSViewPolicy (cluster scope); needs AmazonEKSClusterAdminPolicy at cluster scope`,
      'CI plan role acme-github-plan can use the Kubernetes API (AmazonEKSAdminViewPolicy): cluster/aws_eks_access_entry.plan has no access policy; needs AmazonEKSAdminViewPolicy at cluster scope',
      'CI apply role acme-github-apply can use the Kubernetes API (AmazonEKSClusterAdminPolicy): cluster/aws_eks_access_entry.apply has AmazonEKSClusterAdminPolicyX (cluster scope); needs AmazonEKSClusterAdminPolicy at cluster scope',
    ]);
  });

  it('a missing access entry, or a CI role no stack creates, is named; another role’s policy does not count', () => {
    const result = evaluate(merge(access('admin', ADMIN, ['AmazonEKSClusterAdminPolicy', 'cluster']), access('plan', PLAN, ['AmazonEKSAdminViewPolicy', 'cluster'])), {});
    expect(failures(result)).toEqual([
      `CI plan role acme-github-plan can use the Kubernetes API (AmazonEKSAdminViewPolicy): no stack creates the role ${PLAN} (the account's bootstrap stack should)`,
      `CI apply role acme-github-apply can use the Kubernetes API (AmazonEKSClusterAdminPolicy): no aws_eks_access_entry for ${APPLY}. Fix: add it to the cluster's access entries; no stack creates the role ${APPLY} (the account's bootstrap stack should)`,
    ]);
  });

  it('a role pull requests may assume must have no access entry', () => {
    const pullRequests = { Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: 'github' }, Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/platform:*' } } };
    expect(failures(evaluate(complete(), githubRoles(pullRequests)))).toEqual([
      'no role that pull requests assume (repo:acme/platform:pull_request) can use the Kubernetes API: ' +
        [
          'acme-github-plan is assumable by repo:acme/platform:pull_request and has the access entry cluster/aws_eks_access_entry.plan',
          'acme-github-apply is assumable by repo:acme/platform:pull_request and has the access entry cluster/aws_eks_access_entry.apply',
        ]
          .map((problem) => `${problem}. Fix: plan pull requests with the review role, which has no access entry, and trust the plan role from the main branch only`)
          .join('; '),
    ]);
  });

  it('without delivery only the admins need access', () => {
    const result = evaluate(access('admin', ADMIN, ['AmazonEKSClusterAdminPolicy', 'cluster']), {}, { ...ENVIRONMENT, delivery: undefined });
    expect(result.checks.map((item) => `${item.subject}: ${item.passed}`)).toEqual([`admin ${ADMIN} can use the Kubernetes API (AmazonEKSClusterAdminPolicy): true`]);
  });

  it('does not apply on ECS', () => {
    const result = evaluate({}, {}, { ...ENVIRONMENT, compute: 'ecs' });
    expect(result.notes).toEqual([
      "not applicable: production runs on ECS Fargate (compute: 'ecs'); there is no Kubernetes API to grant access to; who may deploy the services is the identity contract's (GitHub roles)",
    ]);
  });
});
