import { deliveryResourcePrefix } from '@platform/config';
import { partitionOf } from '@platform/core';
import { blockOf } from '@platform/guardrails';
import { GithubDeployRoles } from '@platform/state';
import { check, type ContractCheck, type ContractInput, type ContractResult, type PlatformContract } from './contract';
import { rolePolicies, trustsGithubSubject } from './iam-policies';
import type { PlatformModel } from './platform-model';
import { notApplicableOnEcs } from './private/not-on-ecs';

/** Access policies that include each weaker one (EKS's own hierarchy, for what a principal needs). */
const POLICIES_THAT_GRANT: Readonly<Record<string, readonly string[]>> = {
  AmazonEKSClusterAdminPolicy: ['AmazonEKSClusterAdminPolicy'],
  // Read everything, Secrets included: Helm keeps releases in Secrets, so a plan of a Helm stack reads them.
  AmazonEKSAdminViewPolicy: ['AmazonEKSAdminViewPolicy', 'AmazonEKSClusterAdminPolicy'],
};

/**
 * Everyone who must use the Kubernetes API has an EKS access entry with an access policy at cluster scope: each admin
 * role (cluster admin), the CI apply role (cluster admin: the add-on stacks create cluster-scoped objects) and the CI
 * plan role (at least AmazonEKSAdminViewPolicy). The GitHub roles must also exist (in the account's bootstrap stack),
 * or the access entry cannot be created. And no role a pull request can assume has an access entry at all: any pull
 * request can edit its workflow to run on the runner in the VPC, and IAM cannot tell its job from main's.
 */
export class KubernetesAccessContract implements PlatformContract {
  readonly id = 'kubernetes-access';
  readonly title = 'Kubernetes API access: admins and CI have access entries with the right policy';

  evaluate(input: ContractInput): ContractResult {
    const notApplicable = notApplicableOnEcs(this, input, 'there is no Kubernetes API to grant access to; who may deploy the services is the identity contract\'s (GitHub roles)');
    if (notApplicable) return notApplicable;
    const { model, environment } = input;
    const roleArn = (name: string) => `arn:${partitionOf(environment.region)}:iam::${environment.accountId}:role/${name}`;
    const required: { who: string; arn: string; policy: keyof typeof POLICIES_THAT_GRANT; createdByBootstrap: boolean }[] = [
      ...environment.cluster.adminRoleArns.map((arn) => ({ who: `admin ${arn}`, arn, policy: 'AmazonEKSClusterAdminPolicy' as const, createdByBootstrap: false })),
    ];
    if (environment.delivery !== undefined) {
      const names = GithubDeployRoles.roleNames(deliveryResourcePrefix(environment));
      required.push(
        { who: `CI plan role ${names.plan}`, arn: roleArn(names.plan), policy: 'AmazonEKSAdminViewPolicy', createdByBootstrap: true },
        { who: `CI apply role ${names.apply}`, arn: roleArn(names.apply), policy: 'AmazonEKSClusterAdminPolicy', createdByBootstrap: true },
      );
    }
    const entries = model.resources('aws_eks_access_entry');
    const associations = model.resources('aws_eks_access_policy_association');
    const roles = new Set(model.resources('aws_iam_role').map((role) => model.attribute(role, 'arn')));
    const checks = required.map(({ who, arn, policy, createdByBootstrap }) => {
      const problems: string[] = [];
      const entry = entries.find((candidate) => candidate.values.principal_arn === arn);
      if (entry === undefined) {
        problems.push(`no aws_eks_access_entry for ${arn}. Fix: add it to the cluster's access entries`);
      } else {
        const granted = associations.filter((association) => association.values.principal_arn === arn);
        const fits = granted.find(
          (association) =>
            POLICIES_THAT_GRANT[policy].some((name) => String(association.values.policy_arn).endsWith(`/${name}`)) &&
            blockOf(association.values.access_scope)?.type === 'cluster',
        );
        if (fits === undefined) {
          const has = granted.map((association) => `${String(association.values.policy_arn).split('/').pop()} (${String(blockOf(association.values.access_scope)?.type)} scope)`);
          problems.push(`${entry.constructPath} has ${has.length > 0 ? has.join(', ') : 'no access policy'}; needs ${policy} at cluster scope`);
        }
      }
      if (createdByBootstrap && !roles.has(arn)) problems.push(`no stack creates the role ${arn} (the account's bootstrap stack should)`);
      return check(`${who} can use the Kubernetes API (${policy})`, problems);
    });
    // Admin roles come from outside (IAM Identity Center, a break-glass role): EKS refuses an access entry for a role
    // that does not exist yet, so they are prerequisites of the cluster stack.
    const prerequisites = environment.cluster.adminRoleArns.filter((arn) => !roles.has(arn));
    if (environment.delivery !== undefined) checks.push(noPullRequestAccess(model, environment.delivery.githubRepository));
    const notes = prerequisites.length > 0 ? [`must exist before the cluster stack is applied (created outside the platform): ${prerequisites.join(', ')}`] : [];
    return { id: this.id, title: this.title, checks, notes };
  }
}

/** Roles a pull request of the repository can assume (by their trust policies in the model) must have no access entry. */
function noPullRequestAccess(model: PlatformModel, githubRepository: string): ContractCheck {
  const subject = `repo:${githubRepository}:pull_request`;
  const entries = model.resources('aws_eks_access_entry');
  const problems = rolePolicies(model)
    .filter((role) => trustsGithubSubject(role, subject))
    .flatMap((role) =>
      entries
        .filter((entry) => entry.values.principal_arn === role.arn)
        .map((entry) => `${role.name} is assumable by ${subject} and has the access entry ${entry.constructPath}. Fix: plan pull requests with the review role, which has no access entry, and trust the plan role from the main branch only`),
    );
  return check(`no role that pull requests assume (${subject}) can use the Kubernetes API`, problems);
}
