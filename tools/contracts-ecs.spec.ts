import {
  DeployOrderContract,
  evaluateContracts,
  IdentityContract,
  KubernetesAccessContract,
  NetworkReachabilityContract,
  type PlatformContract,
} from '@platform/platform-contracts';
import type { SynthesizedPlatform } from '@platform/stacks';
import { evaluateBroken as evaluateBrokenPlatform, failures, type Json, resourcesOf as stackResources, SYNTH_TIMEOUT_MS, synthesizeForContracts, workflowsForContracts } from './contracts-testing';

/** Contracts with nothing to check on ECS: they say so in a note, and check that nothing of Kubernetes is there. */
const KUBERNETES_ONLY = ['kubernetes-access', 'kubernetes-schemas', 'capacity', 'storage', 'pod-security', 'kubernetes-traffic', 'observability-coverage'];

describe.each(['storymagic-development', 'storymagic-production'])('the ECS environment %s', (name) => {
  it(
    'keeps every whole-platform contract, and says which do not apply',
    async () => {
      const platform = synthesizeForContracts(name);
      const results = await evaluateContracts({ model: platform.model, environment: platform.environment, workflows: workflowsForContracts() });
      expect(results.flatMap(failures)).toEqual([]);
      // Deletion protection is checked in production only, disaster recovery where a strategy is set.
      const applies = (id: string) => (id !== 'stateful-resources' || platform.environment.production) && (id !== 'disaster-recovery' || platform.environment.recovery.strategy !== 'none');
      expect(results.filter((result) => applies(result.id)).every((result) => result.checks.length > 0)).toBe(true);
      for (const result of results.filter((candidate) => KUBERNETES_ONLY.includes(candidate.id))) {
        expect(result.notes).toContainEqual(expect.stringMatching(new RegExp(`^not applicable: ${name} runs on ECS Fargate \\(compute: 'ecs'\\)`)));
      }
      const order = results.find((result) => result.id === 'deploy-order');
      expect(order?.notes).toContain(`${name}-services after ${name}-data, ${name}-monitoring, ${name}-network`);
    },
    SYNTH_TIMEOUT_MS,
  );
});

/**
 * Each ECS check fails when the one thing that makes it hold is broken in storymagic-production's synthesized stacks,
 * and names the flow, request or resource.
 */
describe('each contract names what breaks it (storymagic-production, ECS)', () => {
  let platform: SynthesizedPlatform;
  beforeAll(() => {
    platform = synthesizeForContracts('storymagic-production');
  }, SYNTH_TIMEOUT_MS);

  const evaluateBroken = (contract: PlatformContract, mutate: (stacks: Record<string, Json>) => void) => evaluateBrokenPlatform(platform, contract, mutate);
  const resourcesOf = (stacks: Record<string, Json>, kind: string, type: string) => stackResources(stacks, `storymagic-production-${kind}`, type);
  /** The one block of a type in a stack whose logical id contains `part`. */
  const blockNamed = (stacks: Record<string, Json>, kind: string, type: string, part: string): Json => {
    const blocks = resourcesOf(stacks, kind, type);
    const names = Object.keys(blocks).filter((candidate) => candidate.includes(part));
    expect(names).toHaveLength(1);
    return blocks[names[0]];
  };
  const reference = (stacks: Record<string, Json>, kind: string, type: string, part: string) =>
    `\${${type}.${Object.keys(resourcesOf(stacks, kind, type)).find((candidate) => candidate.includes(part))}.id}`;

  describe('network reachability', () => {
    const contract = new NetworkReachabilityContract();

    it('without the service group’s egress rule to the database, the tasks cannot reach PostgreSQL', async () => {
      const failed = await evaluateBroken(contract, (stacks) => delete resourcesOf(stacks, 'services', 'aws_vpc_security_group_egress_rule')[Object.keys(resourcesOf(stacks, 'services', 'aws_vpc_security_group_egress_rule')).find((id) => id.includes('EgressTo-postgres')) ?? '']);
      expect(failed).toEqual([expect.stringMatching(/^tasks of storymagic-production-api → PostgreSQL TCP 5432 must be allowed: no egress rule of .*api\/service\/SecurityGroup.* allows TCP 5432/)]);
    });

    it('a service group open to the internet on the container port is named, although the private subnet still keeps it out', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        resourcesOf(stacks, 'services', 'aws_vpc_security_group_ingress_rule').open = {
          security_group_id: reference(stacks, 'services', 'aws_security_group', 'api_service_SecurityGroup'),
          ip_protocol: 'tcp',
          from_port: 3000,
          to_port: 3000,
          cidr_ipv4: '0.0.0.0/0',
        };
      });
      expect(failed).toEqual([expect.stringMatching(/^the security groups of the tasks of storymagic-production-api admit nothing from the internet on 3000: an ingress rule of sg-\w+ admits the internet on TCP 3000/)]);
    });

    it('a load balancer group open on the test listener’s port lets the internet reach the replacement tasks', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        const https = blockNamed(stacks, 'services', 'aws_vpc_security_group_ingress_rule', 'HttpsFromInternet');
        Object.assign(https, { from_port: 443, to_port: 8443 });
      });
      expect(failed).toEqual([expect.stringMatching(/^the internet → the test listener of storymagic-production-api TCP 8443 must be blocked: every layer allows it/)]);
    });

    it('without the private subnets’ NAT route, the tasks cannot call OpenAI or Firebase', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        for (const name of Object.keys(resourcesOf(stacks, 'network', 'aws_route')).filter((id) => id.includes('PrivateDefaultRoute'))) delete resourcesOf(stacks, 'network', 'aws_route')[name];
      });
      expect(failed).toEqual([expect.stringMatching(/^tasks of storymagic-production-api → the internet \(OpenAI, Firebase, AWS APIs\) TCP 443 must be allowed: .*PrivateSubnet.* has no default route to a NAT gateway/)]);
    });

    it('without the load balancer’s egress to the tasks, the ALB cannot reach its targets', async () => {
      const failed = await evaluateBroken(contract, (stacks) => delete resourcesOf(stacks, 'services', 'aws_vpc_security_group_egress_rule')[Object.keys(resourcesOf(stacks, 'services', 'aws_vpc_security_group_egress_rule')).find((id) => id.includes('LoadBalancerEgressToService')) ?? '']);
      expect(failed).toEqual([expect.stringMatching(/^the load balancer of storymagic-production-api → tasks of storymagic-production-api TCP 3000 must be allowed: no egress rule of .*load-balancer\/SecurityGroup/)]);
    });

    it('an HTTP listener that forwards instead of redirecting is named', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        const http = blockNamed(stacks, 'services', 'aws_lb_listener', 'HttpListener');
        http.default_action = [{ type: 'forward', target_group_arn: blockNamed(stacks, 'services', 'aws_lb_listener', 'HttpsListener').default_action[0].target_group_arn }];
      });
      expect(failed).toEqual([expect.stringMatching(/^the load balancer of storymagic-production-api is internet-facing, serves HTTPS on 443 and only redirects 80 to HTTPS: .*HttpListener.* \(port 80\) does not redirect to HTTPS/)]);
    });

    it('a configured service no stack creates is named, not silently skipped', async () => {
      const failed = await evaluateBroken(contract, (stacks) => {
        for (const service of Object.values(resourcesOf(stacks, 'services', 'aws_ecs_service'))) service.name = 'renamed';
      });
      expect(failed).toEqual([expect.stringMatching(/^the ECS service storymagic-production-api \(aws_ecs_service\) exists, as ecs.services.api asks: no aws_ecs_service named storymagic-production-api/)]);
    });

    it('a service whose config says no database must not reach PostgreSQL', async () => {
      const { environment } = platform;
      const ecs = environment.ecs as NonNullable<typeof environment.ecs>;
      const withoutDatabase = { ...environment, ecs: { ...ecs, services: { api: { ...ecs.services.api, database: false } } } };
      const failed = await evaluateBrokenPlatform({ ...platform, environment: withoutDatabase }, contract, () => undefined);
      expect(failed).toEqual([expect.stringMatching(/^tasks of storymagic-production-api → PostgreSQL \(ecs.services.api.database is off\) TCP 5432 must be blocked: every layer allows it/)]);
    });
  });

  describe('identity', () => {
    const contract = new IdentityContract();
    /** The parsed policy of an `aws_iam_role_policy` of the services stack, and a way to write it back. */
    const editPolicy = (stacks: Record<string, Json>, part: string, edit: (document: Json) => void) => {
      const policy = blockNamed(stacks, 'services', 'aws_iam_role_policy', part);
      const document = JSON.parse(policy.policy);
      edit(document);
      policy.policy = JSON.stringify(document);
    };
    const editTrust = (stacks: Record<string, Json>, part: string, edit: (statement: Json) => void) => {
      const role = blockNamed(stacks, 'services', 'aws_iam_role', part);
      const trust = JSON.parse(role.assume_role_policy);
      edit(trust.Statement[0]);
      role.assume_role_policy = JSON.stringify(trust);
    };

    it('an execution role that may read every secret is refused nothing, and the contract names the secret', async () => {
      const failed = await evaluateBroken(contract, (stacks) =>
        editPolicy(stacks, 'api_task_ExecutionRole_Policy', (document) => {
          document.Statement.find((statement: Json) => statement.Sid === 'ReadInjectedSecrets').Resource = '*';
        }),
      );
      expect(failed).toEqual([expect.stringMatching(/^storymagic-production-api-execution may not read the database master user secret, which the service does not inject \(secretsmanager:GetSecretValue on .*secret:rds!db-.*\): Allowed/)]);
    });

    it('an execution role without its secrets cannot start the task', async () => {
      const failed = await evaluateBroken(contract, (stacks) =>
        editPolicy(stacks, 'api_task_ExecutionRole_Policy', (document) => {
          document.Statement = document.Statement.filter((statement: Json) => statement.Sid !== 'ReadInjectedSecrets');
        }),
      );
      expect(failed).toEqual([
        expect.stringMatching(/^storymagic-production-api-execution may read the injected secret storymagic\/storymagic-production\/storymagic\/firebase-config .*: ImplicitlyDenied/),
        expect.stringMatching(/^storymagic-production-api-execution may read the injected secret storymagic\/storymagic-production\/storymagic\/openai-api-key .*: ImplicitlyDenied/),
      ]);
    });

    it('an execution role that may write every log group is named', async () => {
      const failed = await evaluateBroken(contract, (stacks) =>
        editPolicy(stacks, 'api_task_ExecutionRole_Policy', (document) => {
          document.Statement.find((statement: Json) => statement.Sid === 'WriteItsLogGroup').Resource = '*';
        }),
      );
      expect(failed).toEqual([expect.stringMatching(/^storymagic-production-api-execution may not write another log group \(logs:PutLogEvents on .*\/ecs\/another-service.*\): Allowed/)]);
    });

    it('a task role that may read the injected secrets itself is named', async () => {
      const failed = await evaluateBroken(contract, (stacks) =>
        editPolicy(stacks, 'TaskRole_Policy', (document) => {
          document.Statement.push({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' });
        }),
      );
      expect(failed).toEqual([
        expect.stringMatching(/^storymagic-production-api-task may not read the secret storymagic\/storymagic-production\/storymagic\/firebase-config itself .*: Allowed/),
        expect.stringMatching(/^storymagic-production-api-task may not read the secret storymagic\/storymagic-production\/storymagic\/openai-api-key itself .*: Allowed/),
      ]);
    });

    it('without the data-access policy, the task role cannot connect to PostgreSQL or Redis', async () => {
      const failed = await evaluateBroken(contract, (stacks) => delete resourcesOf(stacks, 'services', 'aws_iam_role_policy')[Object.keys(resourcesOf(stacks, 'services', 'aws_iam_role_policy')).find((id) => id.includes('data-access')) ?? '']);
      expect(failed).toEqual([
        expect.stringMatching(/^storymagic-production-api-task may connect to PostgreSQL as the application user .*: ImplicitlyDenied/),
        expect.stringMatching(/^storymagic-production-api-task may connect to Redis .*: ImplicitlyDenied/),
        expect.stringMatching(/^storymagic-production-api-task may authenticate as the Redis application user .*: ImplicitlyDenied/),
      ]);
    });

    it('a task role trusted by ecs-tasks without aws:SourceAccount is named', async () => {
      const failed = await evaluateBroken(contract, (stacks) => editTrust(stacks, 'TaskRole_', (statement) => delete statement.Condition));
      expect(failed).toEqual([expect.stringMatching(/^the task role of storymagic-production-api is assumable only by ecs-tasks.amazonaws.com for account 100000000006: does not require aws:SourceAccount = 100000000006/)]);
    });

    it('an execution role another principal may assume is named', async () => {
      const failed = await evaluateBroken(contract, (stacks) => editTrust(stacks, 'api_task_ExecutionRole_', (statement) => (statement.Principal = { Service: ['ecs-tasks.amazonaws.com', 'ec2.amazonaws.com'] })));
      expect(failed).toEqual([expect.stringMatching(/^the execution role of storymagic-production-api is assumable only by ecs-tasks.amazonaws.com .*: trusts .*ec2.amazonaws.com.*; expected the service ecs-tasks.amazonaws.com only/)]);
    });

    it('a CodeDeploy role trusted by another service is named', async () => {
      const failed = await evaluateBroken(contract, (stacks) => editTrust(stacks, 'ServiceRole_', (statement) => (statement.Principal = { Service: 'ecs-tasks.amazonaws.com' })));
      expect(failed).toEqual([expect.stringMatching(/^the CodeDeploy service role of storymagic-production-api exists and is assumable only by codedeploy.amazonaws.com: trusts .*ecs-tasks/)]);
    });
  });

  it('kubernetes-access names an EKS resource in an ECS environment, which nothing would check', async () => {
    const failed = await evaluateBroken(new KubernetesAccessContract(), (stacks) => {
      stacks['storymagic-production-services'].resource.aws_eks_access_entry = { stray: { cluster_name: 'storymagic-production', principal_arn: 'arn:aws:iam::100000000006:role/admin' } };
    });
    expect(failed).toEqual([expect.stringMatching(/^storymagic-production runs on ECS Fargate: no Kubernetes object, Helm release or EKS resource in its stacks: storymagic-production-services has aws_eks_access_entry/)]);
  });

  it('deploy-order names a services stack no longer deployed after the monitoring stack', async () => {
    const services = 'storymagic-production-services';
    const dependencies = { ...platform.dependencies, [services]: platform.dependencies[services].filter((stack) => !stack.endsWith('-monitoring')) };
    const failed = await evaluateBrokenPlatform({ ...platform, dependencies }, new DeployOrderContract(), (stacks) => {
      // The stack no longer reads the monitoring stack's state (the alarm names written as literals).
      const remote = stacks[services].data.terraform_remote_state;
      for (const name of Object.keys(remote).filter((id) => id.includes('monitoring'))) remote[name].config.key = 'elsewhere.tfstate';
    });
    expect(failed).toEqual([expect.stringMatching(/^storymagic-production-services is deployed after .*: storymagic-production-monitoring is not deployed before storymagic-production-services, which reads the alarms a release rolls back on/)]);
  });
});
