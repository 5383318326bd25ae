import {
  evaluateContracts,
  IdentityContract,
  KubernetesAccessContract,
  NetworkReachabilityContract,
  type PlatformContract,
  PublicEntryPointsContract,
  SelfChangingAttributesContract,
  StatefulResourcesContract,
  CapacityContract,
} from '@platform/platform-contracts';
import type { SynthesizedPlatform } from '@platform/stacks';
import { itFollowsTheCommandLineConvention } from './cli-arguments-testing';
import { CONTRACTS_COMMAND, contractsCommand, parseContractsArguments } from './contracts';
import {
  evaluateBroken as evaluateBrokenPlatform,
  failures,
  type Json,
  resourcesOf as stackResources,
  SYNTH_TIMEOUT_MS,
  synthesizeForContracts,
  workflowsForContracts,
} from './contracts-testing';

describe.each(['development', 'testing', 'staging', 'production'])('the %s environment', (name) => {
  it(
    'keeps every whole-platform contract',
    async () => {
      const platform = synthesizeForContracts(name);
      const results = await evaluateContracts({ model: platform.model, environment: platform.environment, workflows: workflowsForContracts() });
      expect(results.map((result) => result.id)).toEqual(['network-reachability', 'public-entry-points', 'identity', 'kubernetes-access', 'stateful-resources', 'convergence', 'kubernetes-schemas', 'capacity', 'storage', 'deploy-order', 'ci-inputs', 'pod-security', 'kubernetes-traffic', 'observability-coverage', 'disaster-recovery']);
      expect(results.flatMap(failures)).toEqual([]);
      // Deletion protection is checked in production only; coverage where Prometheus runs; recovery where a strategy is set.
      const applies = (id: string) =>
        (id !== 'stateful-resources' || platform.environment.production) &&
        (id !== 'observability-coverage' || platform.environment.observability.metrics.enabled) &&
        (id !== 'disaster-recovery' || platform.environment.recovery.strategy !== 'none');
      expect(results.filter((result) => applies(result.id)).every((result) => result.checks.length > 0)).toBe(true);
    },
    SYNTH_TIMEOUT_MS,
  );
});

/**
 * Each contract fails when the one thing that makes it hold is broken in production's synthesized stacks, and names
 * the flow, request or resource.
 */
describe('each contract names what breaks it (production)', () => {
  let platform: SynthesizedPlatform;
  beforeAll(() => {
    platform = synthesizeForContracts('production');
  }, SYNTH_TIMEOUT_MS);

  const evaluateBroken = (contract: PlatformContract, mutate: (stacks: Record<string, Json>) => void) => evaluateBrokenPlatform(platform, contract, mutate);
  const resourcesOf = (stacks: Record<string, Json>, kind: string, type: string) => stackResources(stacks, `production-${kind}`, type);
  const removeWhere = (blocks: Record<string, Json>, predicate: (block: Json, name: string) => boolean) => {
    const names = Object.keys(blocks).filter((name) => predicate(blocks[name], name));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) delete blocks[name];
  };

  it('the baseline passes', async () => {
    const results = await evaluateContracts({ model: platform.model, environment: platform.environment, workflows: workflowsForContracts() });
    expect(results.flatMap(failures)).toEqual([]);
  });

  describe('public entry points', () => {
    const contract = new PublicEntryPointsContract();

    it('an internet-facing Ingress whose web ACL is dropped from the class parameters and its annotations is named', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        const release = Object.values(resourcesOf(stacks, 'cluster-addons', 'helm_release')).find((candidate) => candidate.chart === 'aws-load-balancer-controller') as Json;
        const values = JSON.parse(release.values[0]);
        delete values.ingressClassParams.spec.wafv2AclArn;
        release.values = [JSON.stringify(values)];
        for (const ingress of Object.values(resourcesOf(stacks, 'workloads', 'kubernetes_ingress_v1'))) ingress.metadata.annotations['alb.ingress.kubernetes.io/wafv2-acl-arn'] = 'none';
      });
      expect(failed).toContainEqual(expect.stringMatching(/^the internet-facing Ingress production-workloads\/workloads\/Ingress-api\/Resource has a WAF web ACL: neither .* names a web ACL \(found "none"\)/));
    });

    it('a CloudFront distribution without its web ACL is named', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        for (const distribution of Object.values(resourcesOf(stacks, 'data', 'aws_cloudfront_distribution'))) delete distribution.web_acl_id;
      });
      expect(failed).toEqual([expect.stringMatching(/^CloudFront distribution production-data\/cdn\/Distribution has a WAF web ACL: web_acl_id is not set/)]);
    });

    it('an internet-facing LoadBalancer Service, whose NLB no WAF can protect, is named', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        const services = resourcesOf(stacks, 'workloads', 'kubernetes_service_v1');
        const [first] = Object.values(services);
        first.spec.type = 'LoadBalancer';
      });
      expect(failed).toEqual([expect.stringMatching(/^the LoadBalancer Service production-workloads\/.* is not internet-facing: .*no WAF can protect an NLB/)]);
    });
  });

  describe('network reachability', () => {
    const contract = new NetworkReachabilityContract();

    it('without the database group’s ingress rule, pods cannot reach PostgreSQL', async () => {
      const failed = await evaluateBroken(contract, (stacks) =>
        removeWhere(resourcesOf(stacks, 'network', 'aws_vpc_security_group_ingress_rule'), (rule) => rule['//'].metadata.path.includes('SecurityGroups/Database/')),
      );
      expect(failed).toContainEqual(expect.stringMatching(/^workload pods \(node group general\) → PostgreSQL TCP 5432 must be allowed: no ingress rule of .*Database.* allows TCP 5432/));
    });

    it('when nodes carry only the cluster security group (the old launch templates), pods reach no data store', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        for (const template of Object.values(resourcesOf(stacks, 'cluster', 'aws_launch_template'))) delete template.vpc_security_group_ids;
      });
      expect(failed).toEqual(expect.arrayContaining([expect.stringMatching(/→ PostgreSQL TCP 5432/), expect.stringMatching(/→ Redis TCP 6379/), expect.stringMatching(/→ OpenSearch TCP 443/)]));
    });

    it('without the private-endpoint rule, the deploy runner cannot reach the EKS API', async () => {
      const failed = await evaluateBroken(contract, (stacks) =>
        removeWhere(resourcesOf(stacks, 'cluster', 'aws_vpc_security_group_ingress_rule'), (rule) => rule['//'].metadata.path.includes('PrivateApiAccess')),
      );
      expect(failed).toEqual([expect.stringMatching(/^the GitHub Actions runner platform-production-github-runner → the EKS API \(private endpoint\) TCP 443 must be allowed: no ingress rule of .*cluster security group/)]);
    });

    it('a cluster whose private API endpoint is off (AWS’s default when unset) is named: nothing in the VPC reaches the API', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        for (const cluster of Object.values(resourcesOf(stacks, 'cluster', 'aws_eks_cluster'))) delete cluster.vpc_config.endpoint_private_access;
      });
      expect(failed).toEqual([expect.stringMatching(/: the EKS API's private endpoint is on: endpoint_private_access is unset \(AWS's default: off\), so nothing in the VPC reaches the API\. Fix: /)]);
    });

    it('without the runner in the VPC, no workflow job reaches the private API endpoint', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        delete stacks['production-cluster'].resource.aws_codebuild_project;
      });
      expect(failed).toEqual([expect.stringMatching(/^the GitHub Actions runner in the VPC \(aws_codebuild_project platform-production-github-runner\) exists, as the config asks: no aws_codebuild_project/)]);
    });

    it('a runner without its HTTPS egress reaches neither the EKS API nor GitHub', async () => {
      const failed = await evaluateBroken(contract, (stacks) =>
        removeWhere(resourcesOf(stacks, 'cluster', 'aws_vpc_security_group_egress_rule'), (rule) => rule['//'].metadata.path.includes('github-runner/')),
      );
      expect(failed).toEqual([
        expect.stringMatching(/^the GitHub Actions runner platform-production-github-runner → the EKS API \(private endpoint\) TCP 443 must be allowed: no egress rule/),
        expect.stringMatching(/^the GitHub Actions runner platform-production-github-runner → the internet \(GitHub, package registries, AWS APIs\) TCP 443 must be allowed: no egress rule/),
      ]);
    });

    it('an alb Ingress without the load-balancer group leaves the ALB unaccounted for', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        for (const ingress of Object.values(resourcesOf(stacks, 'workloads', 'kubernetes_ingress_v1'))) delete ingress.metadata.annotations['alb.ingress.kubernetes.io/security-groups'];
      });
      expect(failed).toEqual([expect.stringMatching(/^the ALB’s security groups are the platform’s: production-workloads\/workloads\/Ingress-\w+\/Resource sets no alb\.ingress\.kubernetes\.io\/security-groups annotation/)]);
    });

    it('without the public subnets’ internet route, the internet cannot reach the shared ALB', async () => {
      const failed = await evaluateBroken(contract, (stacks) =>
        removeWhere(resourcesOf(stacks, 'network', 'aws_route'), (route) => route.destination_cidr_block === '0.0.0.0/0' && String(route.gateway_id).includes('aws_internet_gateway')),
      );
      expect(failed).toContainEqual(expect.stringMatching(/^the internet → the shared ALB TCP 443 must be allowed: .*PublicSubnet.* has no route to an internet gateway/));
    });

    it('an internal or instance-target ALB is named, whichever of the class parameters and the annotations says so', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        const release = Object.values(resourcesOf(stacks, 'cluster-addons', 'helm_release')).find((candidate) => candidate.chart === 'aws-load-balancer-controller') as Json;
        const values = JSON.parse(release.values[0]);
        values.ingressClassParams.spec.scheme = 'internal';
        values.ingressClassParams.spec.targetType = 'instance';
        release.values = [JSON.stringify(values)];
      });
      expect(failed).toContainEqual(expect.stringMatching(/^the ALB is internet-facing with IP targets: .*scheme is internal.*target type is instance: traffic would go to node ports/));
      expect(failed).toContainEqual(expect.stringMatching(/^the shared ALB → workload pods .* TCP 30080 must be allowed/));
    });

    it('without the load-balancer group’s egress to a routed port, the ALB cannot reach those pods', async () => {
      const failed = await evaluateBroken(contract, (stacks) =>
        removeWhere(resourcesOf(stacks, 'network', 'aws_vpc_security_group_egress_rule'), (rule) => rule['//'].metadata.path.includes('SecurityGroups/LoadBalancer/EgressToApplication8000')),
      );
      expect(failed).toContainEqual(expect.stringMatching(/^the shared ALB → workload pods \(node group general\) TCP 8000 must be allowed: no egress rule of .*LoadBalancer/));
    });

    it('a public API endpoint open to the internet is named', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        for (const cluster of Object.values(resourcesOf(stacks, 'cluster', 'aws_eks_cluster'))) Object.assign(cluster.vpc_config, { endpoint_public_access: true, public_access_cidrs: ['0.0.0.0/0'] });
      });
      expect(failed).toEqual([expect.stringMatching(/^the internet → the EKS API \(public endpoint\) TCP 443 must be blocked: .* has a public endpoint open to 0\.0\.0\.0\/0/)]);
    });

    it('a data store the config asks for but no stack creates is named, not silently skipped', async () => {
      const failed = await evaluateBroken(contract, (stacks) => delete stacks['production-data'].resource.aws_opensearch_domain);
      expect(failed).toEqual(["OpenSearch (aws_opensearch_domain) exists, as the config asks: none in the environment's stacks"]);
    });

    it('a database open to every address and an open network ACL let another network in', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        const network = stacks['production-network'].resource;
        const database = Object.keys(network.aws_security_group).find((name) => name.includes('Database'));
        network.aws_vpc_security_group_ingress_rule.open = { security_group_id: `\${aws_security_group.${database}.id}`, ip_protocol: 'tcp', from_port: 5432, to_port: 5432, cidr_ipv4: '0.0.0.0/0' };
        for (const rule of Object.values(network.aws_network_acl_rule) as Json[]) rule.cidr_block = '0.0.0.0/0';
      });
      expect(failed).toEqual([expect.stringMatching(/^another private network \(172\.16\.0\.0\/12\) → PostgreSQL TCP 5432 must be blocked: every layer allows it/)]);
    });
  });

  describe('identity', () => {
    const contract = new IdentityContract();
    const policyOf = (stacks: Record<string, Json>, roleSuffix: string): Json =>
      Object.values(resourcesOf(stacks, 'cluster', 'aws_iam_role_policy')).find((policy) => policy['//'].metadata.path.includes(roleSuffix)) as Json;

    it('with both CreateAction keys in one condition again, the Load Balancer Controller cannot tag what it creates', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        const policy = policyOf(stacks, 'addon-aws-load-balancer-controller');
        const document = JSON.parse(policy.policy);
        document.Statement = document.Statement.map((statement: Json) => {
          const equals = statement.Condition?.StringEquals;
          if (equals?.['ec2:CreateAction'] || equals?.['elasticloadbalancing:CreateAction']) {
            equals['ec2:CreateAction'] = 'CreateSecurityGroup';
            equals['elasticloadbalancing:CreateAction'] = ['CreateTargetGroup', 'CreateLoadBalancer'];
          }
          return statement;
        });
        policy.policy = JSON.stringify(document);
      });
      expect(failed).toContainEqual(expect.stringMatching(/^platform-production-aws-load-balancer-controller may tag the security group it creates \(ec2:CreateTags .*ImplicitlyDenied/));
    });

    it('external-secrets with a wildcard prefix reads another environment’s secrets', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        const policy = policyOf(stacks, 'addon-external-secrets');
        policy.policy = policy.policy.replaceAll('secret:platform/production/', 'secret:platform/');
      });
      expect(failed).toContainEqual(expect.stringMatching(/^platform-production-external-secrets may not read another environment's secrets .*: Allowed/));
    });

    it('an action its service does not have is named', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        const policy = policyOf(stacks, 'addon-cluster-autoscaler');
        policy.policy = policy.policy.replace('"autoscaling:Describe', '"autoscaling:DescribeAutoScalingGroupz","autoscaling:Describe');
      });
      expect(failed).toContainEqual(expect.stringMatching(/every action in the policies of platform-production-cluster-autoscaler exists: policy .* names autoscaling:DescribeAutoScalingGroupz/));
    });

    it('an IRSA trust policy for another service account is named', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        const documents = stacks['production-cluster'].data.aws_iam_policy_document as Record<string, Json>;
        const trust = Object.values(documents).find((document) => document['//'].metadata.path.includes('addon-external-dns')) as Json;
        for (const condition of trust.statement[0].condition) {
          if (String(condition.values).startsWith('system:serviceaccount:')) condition.values = ['system:serviceaccount:default:external-dns'];
        }
      });
      expect(failed).toContainEqual(
        expect.stringMatching(/^IRSA role platform-production-external-dns is assumable only by its service account: .*uses it as system:serviceaccount:external-dns:external-dns, which the trust policy does not admit/),
      );
    });

    it('without the data stack’s data-access policy, the backend cannot connect to PostgreSQL or Redis', async () => {
      const failed = await evaluateBroken(contract, (stacks) => delete stacks['production-data'].resource.aws_iam_role_policy);
      expect(failed).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^platform-production-novel-engine-backend may connect to PostgreSQL as the application user \(rds-db:connect .*\/app\): ImplicitlyDenied/),
          expect.stringMatching(/^platform-production-novel-engine-backend may connect to Redis \(elasticache:Connect/),
        ]),
      );
    });

    it('without its scaling statement, the cluster autoscaler cannot scale the cluster’s groups', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        const policy = policyOf(stacks, 'addon-cluster-autoscaler');
        const document = JSON.parse(policy.policy);
        document.Statement = document.Statement.filter((statement: Json) => !String(statement.Action).includes('SetDesiredCapacity'));
        policy.policy = JSON.stringify(document);
      });
      expect(failed).toEqual([expect.stringMatching(/^platform-production-cluster-autoscaler may scale the cluster's node groups .*: ImplicitlyDenied/)]);
    });

    it('without OpenSearch’s service-linked role in the bootstrap stack, the VPC domain cannot be created in a new account', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        for (const [name, stack] of Object.entries(stacks)) if (name.startsWith('bootstrap-')) delete stack.resource.aws_iam_service_linked_role;
      });
      expect(failed).toEqual([expect.stringMatching(/^the service-linked role opensearchservice\.amazonaws\.com exists before production-data\/search\/Resource: no stack of the account creates/)]);
    });

    it('a CI apply role allowed to change its own trust and the state store is named', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        const bootstrap = Object.entries(stacks).find(([name]) => name.startsWith('bootstrap-'))?.[1] as Json;
        for (const policy of Object.values(bootstrap.resource.aws_iam_role_policy) as Json[]) {
          const document = JSON.parse(policy.policy);
          document.Statement = document.Statement.filter((statement: Json) => statement.Sid !== 'ProtectDeliveryAccess' && statement.Sid !== 'ProtectStateStore');
          policy.policy = JSON.stringify(document);
        }
      });
      expect(failed).toContainEqual(expect.stringMatching(/^platform-production-github-apply may not change the GitHub role platform-production-github-apply \(iam:UpdateAssumeRolePolicy/));
      expect(failed).toContainEqual(expect.stringMatching(/^platform-production-github-apply may not delete the state key's alias every backend names \(kms:DeleteAlias/));
    });

    it('an image push role that reaches every repository, or misses one the cluster stack creates, is named', async () => {
      /** Rewrites the push statement's resources of the bootstrap's image push role. */
      const withPushResources = (stacks: Record<string, Json>, resources: (current: string[]) => string | string[]) => {
        const bootstrap = Object.entries(stacks).find(([name]) => name.startsWith('bootstrap-'))?.[1] as Json;
        const policy = (Object.values(bootstrap.resource.aws_iam_role_policy) as Json[]).find((candidate) => candidate.name === 'image-repositories') as Json;
        const document = JSON.parse(policy.policy);
        const push = document.Statement.find((statement: Json) => statement.Sid === 'PushAndReadTheEnvironmentsImages');
        push.Resource = resources(push.Resource);
        policy.policy = JSON.stringify(document);
      };
      const widened = await evaluateBroken(contract, (stacks) => withPushResources(stacks, () => '*'));
      expect(widened).toEqual([expect.stringMatching(/^platform-production-github-images may not push to a repository the environment does not create \(ecr:PutImage on .*repository\/platform\/not-a-repository-of-the-environment\): Allowed/)]);
      const narrowed = await evaluateBroken(contract, (stacks) => withPushResources(stacks, (current) => current.filter((arn) => !arn.endsWith('/kgas/api'))));
      expect(narrowed).toEqual([
        expect.stringMatching(/^platform-production-github-images may push an image to kgas\/api \(ecr:PutImage/),
        expect.stringMatching(/^platform-production-github-images may read an image of kgas\/api/),
      ]);
    });
  });

  it('kubernetes access: without the CI plan role’s access entry, plans of the Kubernetes stacks are Unauthorized', async () => {
    const failed = await evaluateBroken(new KubernetesAccessContract(), (stacks) =>
      removeWhere(resourcesOf(stacks, 'cluster', 'aws_eks_access_entry'), (entry) => String(entry.principal_arn).endsWith('github-plan')),
    );
    expect(failed).toEqual([expect.stringMatching(/^CI plan role platform-production-github-plan can use the Kubernetes API .*: no aws_eks_access_entry for arn:aws:iam::100000000004:role\/platform-production-github-plan/)]);
  });

  describe('kubernetes access of the roles pull requests assume', () => {
    const contract = new KubernetesAccessContract();
    const pullRequestAccess = /^no role that pull requests assume \(repo:example-org\/platform-infrastructure:pull_request\) can use the Kubernetes API: /;

    it('an access entry for the review role is named', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        const entries = resourcesOf(stacks, 'cluster', 'aws_eks_access_entry');
        const plan = Object.values(entries).find((entry) => String(entry.principal_arn).endsWith('-github-plan')) as Json;
        entries['github-review'] = { ...plan, principal_arn: String(plan.principal_arn).replace(/-github-plan$/, '-github-review') };
      });
      expect(failed).toEqual([expect.stringMatching(new RegExp(`${pullRequestAccess.source}platform-production-github-review is assumable by .* and has the access entry`))]);
    });

    it('a plan role that pull requests may assume again is named', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        const bootstrap = Object.entries(stacks).find(([name]) => name.startsWith('bootstrap-'))?.[1] as Json;
        const plan = (Object.values(bootstrap.resource.aws_iam_role) as Json[]).find((role) => role.name === 'platform-production-github-plan') as Json;
        const trust = JSON.parse(plan.assume_role_policy);
        trust.Statement[0].Condition.StringEquals['token.actions.githubusercontent.com:sub'].push('repo:example-org/platform-infrastructure:pull_request');
        plan.assume_role_policy = JSON.stringify(trust);
      });
      expect(failed).toEqual([expect.stringMatching(new RegExp(`${pullRequestAccess.source}platform-production-github-plan is assumable by .* and has the access entry production-cluster/`))]);
    });
  });

  it('stateful resources: a cache without prevent_destroy and a data key without it are named', async () => {
    const failed = await evaluateBroken(new StatefulResourcesContract(), (stacks) => {
      for (const cache of Object.values(resourcesOf(stacks, 'data', 'aws_elasticache_replication_group'))) delete cache.lifecycle;
      for (const key of Object.values(resourcesOf(stacks, 'data', 'aws_kms_key'))) if (key['//'].metadata.path.includes('postgres')) delete key.lifecycle;
    });
    expect(failed).toEqual([
      expect.stringMatching(/^cache production-data\/redis\/Resource is protected from deletion: .* has neither deletion protection nor lifecycle\.prevent_destroy/),
      expect.stringMatching(/^KMS key production-data\/postgres\/Key \(encrypts stored data\) is protected from deletion/),
    ]);
  });

  it('stateful resources: a count-based ECR rule that can expire the running image is named', async () => {
    const failed = await evaluateBroken(new StatefulResourcesContract(), (stacks) => {
      const lifecycle = Object.values(resourcesOf(stacks, 'cluster', 'aws_ecr_lifecycle_policy'))[0];
      const policy = JSON.parse(lifecycle.policy);
      policy.rules.push({ rulePriority: 2, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 }, action: { type: 'expire' } });
      lifecycle.policy = JSON.stringify(policy);
    });
    expect(failed).toEqual([expect.stringMatching(/^ECR repository .* never expires a tagged image .*: lifecycle rule 2 expires any images/)]);
  });

  it('capacity: the old fixed quota (limits.cpu 16) stops the production HPAs halfway and is named', async () => {
    const failed = await evaluateBroken(new CapacityContract(), (stacks) => {
      for (const quota of Object.values(resourcesOf(stacks, 'cluster-addons', 'kubernetes_resource_quota_v1'))) quota.spec.hard['limits.cpu'] = '16';
    });
    expect(failed).toEqual([
      expect.stringMatching(/^the ResourceQuota of namespace production admits its Deployments at their maxima: limits\.cpu 16 is below the \d+m CPU the Deployments \(.*novel-engine-backend ×21.*\) take at their autoscalers' maxima/),
    ]);
  });

  it('capacity: without the kgas-workers node group, the KGAS pods (which select and tolerate only it) have nowhere to run and are named', async () => {
    const failed = await evaluateBroken(new CapacityContract(), (stacks) => {
      removeWhere(resourcesOf(stacks, 'cluster', 'aws_eks_node_group'), (group) => group.node_group_name === 'kgas-workers');
    });
    expect(failed).toEqual([expect.stringMatching(/^every pod has a node group it may run on: deployment production\/kgas-api-server \(tolerations .*"kgas".*node selector \{"role":"kgas"\}\) tolerates no node group's taints or matches no group's labels/)]);
  });

  it('convergence: a pinned PostgreSQL minor version under automatic upgrades and a node group without ignore_changes are named', async () => {
    const failed = await evaluateBroken(new SelfChangingAttributesContract(), (stacks) => {
      for (const db of Object.values(resourcesOf(stacks, 'data', 'aws_db_instance'))) db.engine_version = '16.8';
      for (const group of Object.values(resourcesOf(stacks, 'cluster', 'aws_eks_node_group'))) if (group.node_group_name === 'general') delete group.lifecycle;
    });
    expect(failed).toEqual([
      expect.stringMatching(/^production-data\/postgres\/Resource: engine_version .*: engine_version 16\.8 pins a minor version while auto_minor_version_upgrade is on/),
      expect.stringMatching(/^production-cluster\/eks\/NodeGroup-general\/Resource: scaling_config.*desired_size is not in lifecycle\.ignore_changes/),
    ]);
  });
});

describe('npm run contracts', () => {
  it(
    'prints each contract with pass/fail and exits 0 when all hold',
    async () => {
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        expect(await contractsCommand(['testing'])).toBe(0);
        const output = log.mock.calls.map((call) => String(call[0])).join('\n');
        expect(output).toMatch(/^contracts testing:\n {2}PASS network-reachability: (\d+)\/\1 checks hold/);
        expect(output).toMatch(/PASS identity: (\d+)\/\1 checks hold/);
      } finally {
        log.mockRestore();
      }
    },
    SYNTH_TIMEOUT_MS,
  );
});

describe('the command line of npm run contracts', () => {
  it('takes environment names, every environment when none is given', () => {
    expect(parseContractsArguments(['staging', 'production'])).toEqual(['staging', 'production']);
    expect(parseContractsArguments([])).toContain('development');
  });

  itFollowsTheCommandLineConvention(CONTRACTS_COMMAND, parseContractsArguments);
});
