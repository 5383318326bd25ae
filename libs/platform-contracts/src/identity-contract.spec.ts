import type { ContractInput, ContractResult } from './contract';
import { dataTierRequests, IdentityContract, identityRequests, imagePushRequests } from './identity-contract';
import { PlatformModel } from './platform-model';
import { failuresPiped as failures, merge as mergeBlocks } from './private/spec-support';

type Json = Record<string, unknown>;

const contract = new IdentityContract();
const ACCOUNT = '123456789012';
const OIDC = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/ABC`;
const ENVIRONMENT = {
  name: 'production',
  project: 'acme',
  region: 'eu-central-1',
  accountId: ACCOUNT,
  resourcePrefix: 'acme-production',
  compute: 'eks',
  cluster: { addons: {} },
  workloads: { enabled: false, catalogs: [] },
  data: { postgres: { applicationUsername: 'app' } },
} as unknown as ContractInput['environment'];
const withEnvironment = (change: Json) => ({ ...ENVIRONMENT, ...change }) as unknown as ContractInput['environment'];
const DELIVERY = withEnvironment({ delivery: { githubRepository: 'acme/platform', mainBranch: 'main' } });

const statement = (Action: string | string[], Resource: string | string[], extra: Json = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const document = (...Statement: Json[]) => JSON.stringify({ Version: '2012-10-17', Statement });
/** An IRSA trust policy for `subjects` (StringEquals on :sub), with the STS audience unless told. */
const irsaTrust = (subjects: string[], conditions: Json = { StringEquals: { 'oidc.example:sub': subjects, 'oidc.example:aud': 'sts.amazonaws.com' } }) =>
  document({ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: OIDC }, Condition: conditions });

/** A role `name` (block `id`) with inline statements, and the AWS managed policies attached to it. */
function role(id: string, name: string, statements: Json[], options: { trust?: string; managed?: string[] } = {}): Json {
  return {
    aws_iam_role: { [id]: { name, assume_role_policy: options.trust ?? document(statement('sts:AssumeRole', '*')), inline_policy: statements.length > 0 ? [{ name: `${id}-policy`, policy: document(...statements) }] : [] } },
    aws_iam_role_policy_attachment: Object.fromEntries((options.managed ?? []).map((arn, index) => [`${id}_${index}`, { role: `\${aws_iam_role.${id}.name}`, policy_arn: `arn:aws:iam::aws:policy/${arn}` }])),
  };
}

function evaluate(resources: Json, environment = ENVIRONMENT): Promise<ContractResult> {
  const model = new PlatformModel({ main: { provider: { aws: [{ region: 'eu-central-1', allowed_account_ids: [ACCOUNT] }] }, resource: resources } } as ConstructorParameters<typeof PlatformModel>[0]);
  return contract.evaluate({ model, environment }) as Promise<ContractResult>;
}
const subjects = (result: ContractResult) => result.checks.map((item) => `${item.subject}: ${item.passed}`);

describe('identity contract', () => {
  it('is titled for the report; an environment without add-ons, delivery or roles checks nothing', async () => {
    const result = await evaluate({});
    expect(result.title).toBe('Identity: roles can make the requests they exist for, and are refused the others');
    expect(result.checks).toEqual([]);
  });

  describe('requests', () => {
    const ALL_ADDONS = { awsLoadBalancerController: true, externalSecrets: true, clusterAutoscaler: true, velero: true, externalDns: true };
    const lines = (environment: ContractInput['environment']) =>
      identityRequests(environment).map((request) => `${request.role} ${request.expect} ${request.action} ${request.resource}${request.context ? ` ${JSON.stringify(request.context)}` : ''} | ${request.purpose}`);
    const LB = 'arn:aws:elasticloadbalancing:eu-central-1:123456789012';
    const TAGGED = '{"aws:RequestTag/elbv2.k8s.aws/cluster":"true","aws:TagKeys":["elbv2.k8s.aws/cluster"]';
    const SG = 'arn:aws:ec2:eu-central-1:123456789012:security-group/sg-0123456789abcdef0';
    const SECRET = (env: string) => `arn:aws:secretsmanager:eu-central-1:123456789012:secret:acme/${env}/novel-engine/jwt-secret-key-AbCdEf`;
    const STATE = 'arn:aws:s3:::acme-tfstate-123456789012-eu-central-1';

    it('each add-on’s IRSA role must make its requests and be refused the others', () => {
      expect(lines(withEnvironment({ dnsZoneId: 'Z0ZONE', cluster: { addons: ALL_ADDONS } }))).toEqual([
        `acme-production-aws-load-balancer-controller allowed elasticloadbalancing:CreateLoadBalancer ${LB}:loadbalancer/net/k8s-ingressn-ingressn-0123456789/0123456789abcdef ${TAGGED}} | create a load balancer tagged for the cluster`,
        `acme-production-aws-load-balancer-controller allowed elasticloadbalancing:AddTags ${LB}:loadbalancer/net/k8s-ingressn-ingressn-0123456789/0123456789abcdef ${TAGGED},"elasticloadbalancing:CreateAction":"CreateLoadBalancer"} | tag the load balancer it creates`,
        `acme-production-aws-load-balancer-controller allowed elasticloadbalancing:CreateTargetGroup ${LB}:targetgroup/k8s-ingressn-ingressn-0123456789/0123456789abcdef ${TAGGED}} | create a target group tagged for the cluster`,
        `acme-production-aws-load-balancer-controller allowed ec2:CreateSecurityGroup ${SG} ${TAGGED}} | create a security group tagged for the cluster`,
        `acme-production-aws-load-balancer-controller allowed ec2:CreateTags ${SG} ${TAGGED},"ec2:CreateAction":"CreateSecurityGroup"} | tag the security group it creates`,
        `acme-production-aws-load-balancer-controller allowed ec2:AuthorizeSecurityGroupIngress ${SG} | open the node security group to its load balancer`,
        `acme-production-aws-load-balancer-controller denied elasticloadbalancing:DeleteLoadBalancer ${LB}:loadbalancer/app/someone-elses/0123456789abcdef | delete a load balancer not tagged for the cluster`,
        `acme-production-aws-load-balancer-controller denied ec2:DeleteSecurityGroup ${SG} | delete a security group not tagged for the cluster`,
        'acme-production-aws-load-balancer-controller denied iam:CreateUser arn:aws:iam::123456789012:user/intruder | create IAM users',
        `acme-production-external-secrets allowed secretsmanager:GetSecretValue ${SECRET('production')} | read the environment's secrets (acme/production/*)`,
        `acme-production-external-secrets denied secretsmanager:GetSecretValue ${SECRET('staging')} | read another environment's secrets (acme/staging/*)`,
        `acme-production-external-secrets denied secretsmanager:PutSecretValue ${SECRET('production')} | change a secret`,
        'acme-production-cluster-autoscaler allowed autoscaling:SetDesiredCapacity arn:aws:autoscaling:eu-central-1:123456789012:autoScalingGroup:0a1b2c3d-1111-2222-3333-444455556666:autoScalingGroupName/eks-general-0123 {"aws:ResourceTag/k8s.io/cluster-autoscaler/acme-production":"owned"} | scale the cluster\'s node groups',
        'acme-production-cluster-autoscaler denied autoscaling:SetDesiredCapacity arn:aws:autoscaling:eu-central-1:123456789012:autoScalingGroup:0a1b2c3d-1111-2222-3333-444455556666:autoScalingGroupName/someone-elses-group | scale an Auto Scaling group of another cluster',
        'acme-production-velero allowed s3:PutObject arn:aws:s3:::acme-production-backups-123456789012-eu-central-1/backups/daily/velero-backup.json | write backups to its bucket',
        `acme-production-velero denied s3:PutObject ${STATE}/production/network.tfstate | write to another bucket`,
        "acme-production-external-dns allowed route53:ChangeResourceRecordSets arn:aws:route53:::hostedzone/Z0ZONE | change records of the environment's zone",
        'acme-production-external-dns denied route53:ChangeResourceRecordSets arn:aws:route53:::hostedzone/Z0OTHERZONE00000000 | change records of another zone',
      ]);
    });

    it('another environment’s secrets are production’s for any other environment', () => {
      expect(lines(withEnvironment({ name: 'staging', cluster: { addons: { externalSecrets: true } } }))[1]).toBe(
        `acme-production-external-secrets denied secretsmanager:GetSecretValue ${SECRET('production')} | read another environment's secrets (acme/production/*)`,
      );
    });

    it('external-dns needs the zone; on ECS no add-on role is asked anything', () => {
      expect(lines(withEnvironment({ cluster: { addons: { externalDns: true } } }))).toEqual([]);
      expect(lines(withEnvironment({ compute: 'ecs', dnsZoneId: 'Z0ZONE', cluster: { addons: ALL_ADDONS } }))).toEqual([]);
    });

    it('the GitHub roles: plans read the state and nothing secret, the apply role writes the state and cannot change its own or the others’ trust', () => {
      const github = lines(DELIVERY);
      const change = (role: string) => ['UpdateAssumeRolePolicy', 'PutRolePolicy', 'AttachRolePolicy', 'DeleteRolePolicy'].map((action) => `acme-production-github-apply denied iam:${action} arn:aws:iam::123456789012:role/${role} | change the GitHub role ${role}`);
      expect(github).toEqual([
        ...['plan', 'review'].flatMap((role) => [
          `acme-production-github-${role} allowed s3:GetObject ${STATE}/production/network.tfstate | read the environment's state`,
          `acme-production-github-${role} denied secretsmanager:GetSecretValue ${SECRET('production')} | read secret values`,
          `acme-production-github-${role} denied s3:PutObject ${STATE}/production/network.tfstate | overwrite the state`,
        ]),
        ...['plan', 'review', 'apply', 'images'].flatMap((role) => change(`acme-production-github-${role}`)),
        `acme-production-github-apply denied s3:PutBucketPolicy ${STATE} | change the state bucket's policy`,
        "acme-production-github-apply denied kms:DeleteAlias arn:aws:kms:eu-central-1:123456789012:alias/acme-terraform-state | delete the state key's alias every backend names",
        "acme-production-github-apply denied dynamodb:UpdateContinuousBackups arn:aws:dynamodb:eu-central-1:123456789012:table/acme-terraform-locks | turn off the lock table's point-in-time recovery",
        `acme-production-github-apply allowed s3:PutObject ${STATE}/production/network.tfstate | write the environment's state`,
      ]);
      // A secondary region's roles are the primary's.
      expect(lines(withEnvironment({ ...DELIVERY, site: { primaryResourcePrefix: 'acme-prod' } }))[0]).toMatch(/^acme-prod-github-plan allowed/);
    });

    it('the image push role may push and read each repository of the environment, and nothing else', () => {
      const model = new PlatformModel({ main: { resource: { aws_ecr_repository: { api: { name: 'acme/api' } } } } } as ConstructorParameters<typeof PlatformModel>[0]);
      const repository = 'arn:aws:ecr:eu-central-1:123456789012:repository';
      expect(imagePushRequests(model, DELIVERY).map((request) => `${request.role} ${request.expect} ${request.action} ${request.resource} | ${request.purpose}`)).toEqual([
        `acme-production-github-images allowed ecr:PutImage ${repository}/acme/api | push an image to acme/api`,
        `acme-production-github-images allowed ecr:BatchGetImage ${repository}/acme/api | read an image of acme/api (signing, promotion)`,
        `acme-production-github-images denied ecr:BatchDeleteImage ${repository}/acme/api | delete images of acme/api`,
        `acme-production-github-images denied ecr:SetRepositoryPolicy ${repository}/acme/api | change the policy of acme/api`,
        `acme-production-github-images denied ecr:PutImage ${repository}/acme/not-a-repository-of-the-environment | push to a repository the environment does not create`,
      ]);
      expect(imagePushRequests(model, ENVIRONMENT)).toEqual([]);
      expect(imagePushRequests(new PlatformModel({ main: {} }), DELIVERY)).toEqual([]);
    });

    it('each service on the data tier connects as the application user with IAM, never as the master user or to another cache', () => {
      const model = new PlatformModel({
        main: {
          resource: {
            aws_db_instance: { replica: { username: 'replica', replicate_source_db: 'primary' }, primary: { username: 'master' } },
            aws_elasticache_replication_group: { cache: { replication_group_id: 'acme-cache' } },
          },
        },
      } as ConstructorParameters<typeof PlatformModel>[0]);
      const requests = (environment: ContractInput['environment'], on = model) => dataTierRequests(on, environment).map((request) => `${request.role} ${request.expect} ${request.action} ${request.resource} | ${request.purpose}`);
      // The primary's (not the replica's) resource id and master user.
      const rds = 'arn:aws:rds-db:eu-central-1:123456789012:dbuser:placeholder-aws_db_instance-resource_id';
      const cache = 'arn:aws:elasticache:eu-central-1:123456789012';
      // Novel Engine: the backend uses the database (IAM) and the cache; the frontend neither.
      expect(requests(withEnvironment({ workloads: { enabled: true, catalogs: ['novel-engine'] } }))).toEqual([
        `acme-production-novel-engine-backend allowed rds-db:connect ${rds}/app | connect to PostgreSQL as the application user`,
        `acme-production-novel-engine-backend denied rds-db:connect ${rds}/master | connect to PostgreSQL as the master user`,
        `acme-production-novel-engine-backend allowed elasticache:Connect ${cache}:replicationgroup:acme-cache | connect to Redis`,
        `acme-production-novel-engine-backend allowed elasticache:Connect ${cache}:user:acme-cache-app | authenticate as the Redis application user`,
        `acme-production-novel-engine-backend denied elasticache:Connect ${cache}:replicationgroup:someone-elses-cache | connect to another cache`,
      ]);
      expect(requests(withEnvironment({ workloads: { enabled: false, catalogs: ['novel-engine'] } }))).toEqual([]);
      // On ECS the role is the service's task role.
      const ecs = withEnvironment({ compute: 'ecs', ecs: { services: { api: { database: true, cache: false, secrets: {} }, web: { database: true, cache: true, secrets: {} } } } });
      const withTaskRole = new PlatformModel({
        main: {
          provider: { aws: [{ region: 'eu-central-1', allowed_account_ids: [ACCOUNT] }] },
          resource: {
            aws_db_instance: { primary: { username: 'master' } },
            aws_iam_role: { task: { name: 'acme-production-api-task' } },
            aws_ecs_task_definition: { api: { family: 'api', task_role_arn: '${aws_iam_role.task.arn}' } },
            aws_ecs_service: { api: { name: 'acme-production-api', task_definition: '${aws_ecs_task_definition.api.arn}' } },
          },
        },
      } as ConstructorParameters<typeof PlatformModel>[0]);
      expect(dataTierRequests(withTaskRole, ecs).map((request) => `${request.role} ${request.expect} ${request.resource.split('/').pop()}`)).toEqual([
        'acme-production-api-task allowed app',
        'acme-production-api-task denied master',
        'acme-production-web (no task role) allowed app',
        'acme-production-web (no task role) denied master',
      ]);
      expect(requests(withEnvironment({ workloads: { enabled: true, catalogs: ['novel-engine'] } }), new PlatformModel({ main: {} }))).toEqual([]);
    });
  });

  describe('simulated requests', () => {
    const SECRETS = withEnvironment({ cluster: { addons: { externalSecrets: true } } });
    const secretsRole = (statements: Json[], managed: string[] = []) => role('secrets', 'acme-production-external-secrets', statements, { managed });
    const requestChecks = async (resources: Json, environment = SECRETS) => subjects(await evaluate(resources, environment)).filter((line) => line.startsWith('acme-production-external-secrets may'));
    const SUBJECTS = [
      "acme-production-external-secrets may read the environment's secrets (acme/production/*) (secretsmanager:GetSecretValue on arn:aws:secretsmanager:eu-central-1:123456789012:secret:acme/production/novel-engine/jwt-secret-key-AbCdEf)",
      "acme-production-external-secrets may not read another environment's secrets (acme/staging/*) (secretsmanager:GetSecretValue on arn:aws:secretsmanager:eu-central-1:123456789012:secret:acme/staging/novel-engine/jwt-secret-key-AbCdEf)",
      'acme-production-external-secrets may not change a secret (secretsmanager:PutSecretValue on arn:aws:secretsmanager:eu-central-1:123456789012:secret:acme/production/novel-engine/jwt-secret-key-AbCdEf)',
    ];
    const OWN = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:acme/production/*';

    it('a role scoped to its environment passes; one prefix wider is refused nothing it must be', async () => {
      expect(await requestChecks(secretsRole([statement('secretsmanager:GetSecretValue', OWN)]))).toEqual(SUBJECTS.map((subject) => `${subject}: true`));
      const wide = await evaluate(secretsRole([statement('secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:acme/*')]), SECRETS);
      expect(failures(wide).filter((line) => line.startsWith('acme-production-external-secrets'))).toEqual([`${SUBJECTS[1]}: Allowed`]);
    });

    it('a policy the simulator rejects is named', async () => {
      expect(failures(await evaluate(secretsRole([{ Effect: 'Maybe', Action: 'secretsmanager:GetSecretValue', Resource: OWN }]), SECRETS))[0]).toMatch(/^acme-production-external-secrets may read the environment's secrets .*: the simulator rejected the request: /);
    });

    it('a refusal with context keys the action uses names only the decision', async () => {
      const controller = withEnvironment({ cluster: { addons: { awsLoadBalancerController: true } } });
      const refused = failures(await evaluate(role('lbc', 'acme-production-aws-load-balancer-controller', []), controller));
      expect(refused.map((line) => line.replace(/ \(.*\)/, ''))).toEqual([
        'acme-production-aws-load-balancer-controller may create a load balancer tagged for the cluster: ImplicitlyDenied',
        'acme-production-aws-load-balancer-controller may tag the load balancer it creates: ImplicitlyDenied',
        'acme-production-aws-load-balancer-controller may create a target group tagged for the cluster: ImplicitlyDenied',
        'acme-production-aws-load-balancer-controller may create a security group tagged for the cluster: ImplicitlyDenied',
        'acme-production-aws-load-balancer-controller may tag the security group it creates: ImplicitlyDenied',
        'acme-production-aws-load-balancer-controller may open the node security group to its load balancer: ImplicitlyDenied',
      ]);
    });

    it('a missing role is named', async () => {
      expect(failures(await evaluate({}, SECRETS))).toEqual(SUBJECTS.map((subject) => `${subject}: no role named acme-production-external-secrets in the environment's stacks`));
    });

    it('a request the role cannot make is named with the simulator’s decision', async () => {
      expect(failures(await evaluate(secretsRole([statement('secretsmanager:ListSecrets', '*')]), SECRETS))).toEqual([`${SUBJECTS[0]}: ImplicitlyDenied`]);
    });

    it('the requested region is the resource’s, or us-east-1 for ARNs without one', async () => {
      const inRegion = (region: string) => ({ Condition: { StringEquals: { 'aws:RequestedRegion': region } } });
      expect(await requestChecks(secretsRole([statement('secretsmanager:GetSecretValue', OWN, inRegion('eu-central-1'))]))).toContain(`${SUBJECTS[0]}: true`);
      expect(await requestChecks(secretsRole([statement('secretsmanager:GetSecretValue', OWN, inRegion('us-east-1'))]))).toContain(`${SUBJECTS[0]}: false`);
      const velero = withEnvironment({ cluster: { addons: { velero: true } } });
      const write = (region: string) => role('velero', 'acme-production-velero', [statement('s3:PutObject', 'arn:aws:s3:::acme-production-backups-123456789012-eu-central-1/*', inRegion(region))]);
      const allowed = async (region: string) => (await evaluate(write(region), velero)).checks[0].passed;
      expect(await allowed('us-east-1')).toBe(true);
      expect(await allowed('eu-central-1')).toBe(false);
    });

    describe('AWS managed policies, modelled as a superset of what they grant', () => {
      const withManaged = async (managed: string, environment = SECRETS) => failures(await evaluate(secretsRole([statement('secretsmanager:GetSecretValue', OWN)], [managed]), environment));

      it('ReadOnlyAccess grants any Read or List action: reading another environment’s secrets is allowed, changing one is not', async () => {
        expect(await withManaged('ReadOnlyAccess')).toEqual([`${SUBJECTS[1]}: Allowed (with AWS managed ReadOnlyAccess modelled as a superset)`]);
      });

      it('IAMReadOnlyAccess grants only IAM’s Read and List actions', async () => {
        expect(await withManaged('IAMReadOnlyAccess')).toEqual([]);
        const controller = withEnvironment({ cluster: { addons: { awsLoadBalancerController: true } } });
        const result = await evaluate(role('lbc', 'acme-production-aws-load-balancer-controller', [], { managed: ['IAMReadOnlyAccess'] }), controller);
        expect(result.checks.find((item) => item.subject.includes('create IAM users'))?.passed).toBe(true);
      });

      it('PowerUserAccess grants everything outside IAM, Organizations and Account', async () => {
        expect(await withManaged('PowerUserAccess')).toEqual([
          `${SUBJECTS[1]}: Allowed (with AWS managed PowerUserAccess modelled as a superset)`,
          `${SUBJECTS[2]}: Allowed (with AWS managed PowerUserAccess modelled as a superset)`,
        ]);
        const controller = withEnvironment({ cluster: { addons: { awsLoadBalancerController: true } } });
        const result = await evaluate(role('lbc', 'acme-production-aws-load-balancer-controller', [], { managed: ['PowerUserAccess'] }), controller);
        expect(result.checks.find((item) => item.subject.includes('create IAM users'))?.passed).toBe(true);
      });

      it('any other managed policy allows everything when proving a refusal, and nothing when proving a grant', async () => {
        expect(await withManaged('AdministratorAccess')).toEqual([
          `${SUBJECTS[1]}: Allowed (with AWS managed AdministratorAccess modelled as a superset)`,
          `${SUBJECTS[2]}: Allowed (with AWS managed AdministratorAccess modelled as a superset)`,
        ]);
        expect(failures(await evaluate(secretsRole([], ['AdministratorAccess']), SECRETS))[0]).toBe(`${SUBJECTS[0]}: ImplicitlyDenied`);
      });
    });
  });

  describe('policies name only actions that exist', () => {
    const unknown = async (...actions: string[]) => failures(await evaluate(role('app', 'app', [statement(actions, '*')])));

    it.each([['*'], ['s3:GetObject'], ['s3:Get*'], ['s3:get*'], ['s3:GetObjec?'], ['S3:getobject']])('%s exists', async (action) => {
      expect(await unknown(action)).toEqual([]);
    });

    it.each([['s3:GetObjects'], ['s3:Nothing*'], ['s3'], ['nosuchservice:Get*'], ['nosuchservice:GetThing']])('%s is named', async (action) => {
      expect(await unknown(action)).toEqual([`every action in the policies of app exists: policy app-policy names ${action}, which its service does not have`]);
    });
  });

  describe('service-linked roles', () => {
    it('a VPC OpenSearch domain needs OpenSearch’s service-linked role; a public domain does not', async () => {
      const domain = { aws_opensearch_domain: { search: { domain_name: 'search', vpc_options: [{ subnet_ids: ['subnet-1'] }] }, public: { domain_name: 'public' } } };
      expect(failures(await evaluate(domain))).toEqual([
        'the service-linked role opensearchservice.amazonaws.com exists before main/aws_opensearch_domain.search: no stack of the account creates aws_iam_service_linked_role opensearchservice.amazonaws.com: the domain cannot be created in a new account. Fix: create it in the bootstrap stack',
      ]);
      const linked = (service: string) => ({ aws_iam_service_linked_role: { opensearch: { aws_service_name: service } } });
      expect(subjects(await evaluate(mergeBlocks(domain, linked('opensearchservice.amazonaws.com'))))).toEqual(['the service-linked role opensearchservice.amazonaws.com exists before main/aws_opensearch_domain.search: true']);
      expect(failures(await evaluate(mergeBlocks(domain, linked('es.amazonaws.com'))))).toHaveLength(1);
    });
  });

  describe('IRSA roles are assumable only by their service account', () => {
    const SUBJECT = 'system:serviceaccount:external-secrets:external-secrets';
    const ARN = '${aws_iam_role.secrets.arn}';
    const helm = (values: unknown) => ({ helm_release: { secrets: { name: 'external-secrets', namespace: 'external-secrets', values: [JSON.stringify(values)] } } });
    const USED = helm({ serviceAccount: { name: 'external-secrets', annotations: { 'eks.amazonaws.com/role-arn': ARN } } });
    const trustProblems = async (trust: string, users: Json = USED, name = 'acme-production-external-secrets') =>
      failures(await evaluate(mergeBlocks(role('secrets', name, [], { trust }), users))).filter((line) => line.startsWith('IRSA role'));
    const FAILED = 'IRSA role acme-production-external-secrets is assumable only by its service account: ';

    it('one subject with the STS audience, used by the Helm release that annotates its service account, passes', async () => {
      expect(subjects(await evaluate(mergeBlocks(role('secrets', 'acme-production-external-secrets', [], { trust: irsaTrust([SUBJECT]) }), USED)))).toContain(
        'IRSA role acme-production-external-secrets is assumable only by its service account: true',
      );
    });

    it.each<[string, Json, string]>([
      ['a pattern', { StringEquals: { 'oidc.example:aud': 'sts.amazonaws.com' }, StringLike: { 'oidc.example:sub': SUBJECT } }, `trusts service accounts by pattern (StringLike on :sub) | trusts 0 service accounts (none); exactly one expected | main/helm_release.secrets uses it as ${SUBJECT}, which the trust policy does not admit`],
      ['no audience', { StringEquals: { 'oidc.example:sub': SUBJECT } }, 'does not require the STS audience (StringEquals on :aud)'],
      ['another audience', { StringEquals: { 'oidc.example:sub': SUBJECT, 'oidc.example:aud': ['sts.amazonaws.com', 'other'] } }, 'does not require the STS audience (StringEquals on :aud)'],
      ['two subjects', { StringEquals: { 'oidc.example:sub': [SUBJECT, 'system:serviceaccount:default:default'], 'oidc.example:aud': 'sts.amazonaws.com' } }, `trusts 2 service accounts (${SUBJECT}, system:serviceaccount:default:default); exactly one expected`],
      ['another subject', { StringEquals: { 'oidc.example:sub': 'system:serviceaccount:default:default', 'oidc.example:aud': 'sts.amazonaws.com' } }, `main/helm_release.secrets uses it as ${SUBJECT}, which the trust policy does not admit`],
    ])('%s is named', async (_case, conditions, problems) => {
      expect(await trustProblems(irsaTrust([], conditions))).toEqual([`${FAILED}${problems}`]);
    });

    it('a role nothing uses is named', async () => {
      expect(await trustProblems(irsaTrust([SUBJECT]), {})).toEqual([`${FAILED}no Helm release or ServiceAccount of the environment uses the role`]);
    });

    it('finds the users in nested Helm values, EKS add-ons and ServiceAccount objects', async () => {
      const nested = helm({ extra: null, controller: [{ serviceAccount: { name: 'external-secrets', annotations: { 'eks.amazonaws.com/role-arn': ARN } } }] });
      expect(await trustProblems(irsaTrust([SUBJECT]), nested)).toEqual([]);
      const asObject = { helm_release: { secrets: { name: 'external-secrets', namespace: 'external-secrets', values: [{ serviceAccount: { name: 'external-secrets', annotations: { 'eks.amazonaws.com/role-arn': ARN } } }] } } };
      expect(await trustProblems(irsaTrust([SUBJECT]), asObject)).toEqual([]);
      const addon = { aws_eks_addon: { ebs: { addon_name: 'aws-ebs-csi-driver', service_account_role_arn: ARN }, other: { addon_name: 'coredns', service_account_role_arn: ARN } } };
      expect(await trustProblems(irsaTrust(['system:serviceaccount:kube-system:ebs-csi-controller-sa']), addon)).toEqual([]);
      const account = { kubernetes_service_account_v1: { sa: { metadata: [{ name: 'external-secrets', namespace: 'external-secrets', annotations: { 'eks.amazonaws.com/role-arn': ARN } }] } } };
      expect(await trustProblems(irsaTrust([SUBJECT]), account)).toEqual([]);
      const twoUsers = mergeBlocks(USED, { kubernetes_service_account_v1: { sa: { metadata: [{ name: 'other', namespace: 'external-secrets', annotations: { 'eks.amazonaws.com/role-arn': ARN } }] } } });
      expect(await trustProblems(irsaTrust([SUBJECT]), twoUsers)).toEqual([`${FAILED}main/kubernetes_service_account_v1.sa uses it as system:serviceaccount:external-secrets:other, which the trust policy does not admit`]);
    });

    it('roles trusted otherwise, and GitHub roles, are not IRSA roles', async () => {
      expect(await trustProblems(document(statement('sts:AssumeRole', '*', { Principal: { Service: 'ec2.amazonaws.com' } })), {})).toEqual([]);
      expect(await trustProblems(irsaTrust([], {}), {}, 'acme-production-github-x')).toEqual([]);
      // Trusted by web identity without naming an OIDC provider is still IRSA.
      const webIdentity = document({ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: 'cognito-identity.amazonaws.com' } });
      expect(await trustProblems(webIdentity, {})).toHaveLength(1);
      // Trusting an OIDC provider is IRSA whatever the action.
      const oidc = document({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Federated: OIDC } });
      expect(await trustProblems(oidc, {})).toHaveLength(1);
    });
  });

  describe('GitHub roles are assumable only by the repository’s refs and environments', () => {
    const githubTrust = (subject: string | string[], test = 'StringEquals', audience: unknown = 'sts.amazonaws.com') =>
      document({
        Effect: 'Allow',
        Action: 'sts:AssumeRoleWithWebIdentity',
        Principal: { Federated: 'github' },
        Condition: { [test]: { 'token.actions.githubusercontent.com:sub': subject }, ...(audience === null ? {} : { StringEquals: { ...(test === 'StringEquals' ? { 'token.actions.githubusercontent.com:sub': subject } : {}), 'token.actions.githubusercontent.com:aud': audience } }) },
      });
    const SUBJECTS: Record<string, string> = {
      plan: 'repo:acme/platform:ref:refs/heads/main',
      review: 'repo:acme/platform:pull_request',
      apply: 'repo:acme/platform:environment:production',
      images: 'repo:acme/platform:environment:production-images',
    };
    const roles = (change: Record<string, string | undefined> = {}, kinds = ['plan', 'review', 'apply']) =>
      mergeBlocks(...kinds.filter((kind) => change[kind] !== 'absent').map((kind) => role(kind, `acme-production-github-${kind}`, [], { trust: change[kind] ?? githubTrust(SUBJECTS[kind]) })));
    const githubChecks = async (resources: Json) => (await evaluate(resources, DELIVERY)).checks.filter((item) => item.subject.startsWith('GitHub role')).map((item) => `${item.subject}: ${item.problems.join(' | ') || 'ok'}`);

    it('the plan role by main, the review role by pull requests, the apply role by the environment; the image role only where there are repositories', async () => {
      expect(await githubChecks(roles())).toEqual([
        'GitHub role acme-production-github-plan is assumable only by repo:acme/platform:ref:refs/heads/main: ok',
        'GitHub role acme-production-github-review is assumable only by repo:acme/platform:pull_request: ok',
        'GitHub role acme-production-github-apply is assumable only by repo:acme/platform:environment:production: ok',
      ]);
      const withImages = mergeBlocks(roles({}, ['plan', 'review', 'apply', 'images']), { aws_ecr_repository: { api: { name: 'acme/api' } } });
      expect((await githubChecks(withImages)).slice(-1)).toEqual(['GitHub role acme-production-github-images is assumable only by repo:acme/platform:environment:production-images: ok']);
      expect(await githubChecks(roles())).toHaveLength(3);
      expect((await evaluate(roles(), ENVIRONMENT)).checks.filter((item) => item.subject.startsWith('GitHub role'))).toEqual([]);
    });

    it.each<[string, Record<string, string>, string]>([
      ['a missing role', { apply: 'absent' }, 'no role named acme-production-github-apply | trusts no subject; expected exactly repo:acme/platform:environment:production'],
      ['a pattern', { apply: githubTrust('repo:acme/platform:*', 'StringLike') }, 'trusts GitHub subjects by pattern (StringLike) | trusts no subject; expected exactly repo:acme/platform:environment:production'],
      ['another subject', { apply: githubTrust(SUBJECTS.plan) }, 'trusts repo:acme/platform:ref:refs/heads/main; expected exactly repo:acme/platform:environment:production'],
      ['one subject more', { apply: githubTrust([SUBJECTS.apply, SUBJECTS.review]) }, 'trusts repo:acme/platform:environment:production, repo:acme/platform:pull_request; expected exactly repo:acme/platform:environment:production'],
      ['no audience', { apply: githubTrust(SUBJECTS.apply, 'StringEquals', null) }, 'does not require the STS audience'],
      ['another audience', { apply: githubTrust(SUBJECTS.apply, 'StringEquals', ['sts.amazonaws.com', 'other']) }, 'does not require the STS audience'],
    ])('%s is named', async (_case, change, problems) => {
      expect((await githubChecks(roles(change)))[2]).toBe(`GitHub role acme-production-github-apply is assumable only by repo:acme/platform:environment:production: ${problems}`);
    });
  });
});
