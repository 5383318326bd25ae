import { deployedWorkloadServices, type EnvironmentConfig, githubRunnerName } from '@platform/config';
import { blockOf, isFalse, stringsOf } from '@platform/guardrails';
import { ALB_ANNOTATION, albClassParams, type AlbIngress, albIngresses, albSettings } from './alb-ingresses';
import { check, type ContractCheck, type ContractInput, type ContractResult, type PlatformContract } from './contract';
import { type NetworkEndpoint, type NetworkFlow, NetworkPaths } from './network-paths';
import { type EcsServiceModel, ecsServices } from './ecs-services';
import type { ModelResource, PlatformModel } from './platform-model';

/** An address on the internet (TEST-NET-2): anyone who is not in the VPC. */
const INTERNET: NetworkEndpoint = { name: 'the internet', securityGroupIds: [], subnetIds: [], cidrs: ['198.51.100.10/32'], internet: true };
/** A private range outside the VPC: a peered VPC, another environment, a VPN pool not listed for the API. */
const OTHER_NETWORK: NetworkEndpoint = { name: 'another private network (172.16.0.0/12)', securityGroupIds: [], subnetIds: [], cidrs: ['172.16.0.0/12'] };

const SERVICE_PORTS = { postgres: 5432, redis: 6379, https: 443, http: 80 } as const;
/** A port of the NodePort range, where instance targets receive traffic. */
const NODE_PORT_EXAMPLE = 30080;
/** Subnets the Load Balancer Controller puts internet-facing load balancers in. */
const PUBLIC_LOAD_BALANCER_SUBNET_TAG = 'kubernetes.io/role/elb';

/** The Load Balancer Controller annotation that puts the platform's own security groups on the shared ALB. */
const LOAD_BALANCER_SECURITY_GROUPS = `${ALB_ANNOTATION}/security-groups`;

/**
 * The flows the platform needs, and the ones it must never allow, checked through security groups, network ACLs and
 * routes of every stack together:
 * - must hold: workload pods → PostgreSQL 5432, Redis 6379, OpenSearch 443 (when present), every interface endpoint
 *   443; the internet → the shared ALB of the `alb` Ingresses 443 and 80; the ALB → the pods on every container port
 *   its Ingresses route to (IP targets); the GitHub Actions runner in the VPC (`cluster.githubRunner`) → the EKS API 443
 *   and the internet 443 (GitHub, registries) — without it, a runner in the private subnets; nodes → the EKS API 443;
 * - must not: the internet → PostgreSQL, Redis, OpenSearch, nodes, the EKS API; another private network → PostgreSQL,
 *   Redis, OpenSearch.
 * On ECS (`compute: 'ecs'`) the tasks of each configured service (its `aws_ecs_service` network configuration) and
 * its ALB (found through the service's target group) take the place of pods, nodes and the EKS API:
 * - must hold: the internet → the ALB 443 and 80 (80 only redirects to HTTPS); the ALB → the tasks on its target
 *   groups' port; the tasks → PostgreSQL 5432 and Redis 6379 when the service's config says `database`/`cache`, every
 *   interface endpoint 443, and the internet 443 (OpenAI, Firebase, AWS APIs) through a NAT gateway;
 * - must not: the internet → the tasks on the container port (by any layer, and by their security groups alone), the
 *   internet → a blue/green test listener, the tasks of a service without `database`/`cache` → PostgreSQL/Redis.
 * A site standing by (warm standby) runs no workloads, so its ALB routes to none of their ports yet; the failover
 * applies no network stack, so the ALB → the pods must already hold on every port the catalogs' routes target.
 * Each failing flow names source, destination, port and the layer that stops it.
 */
export class NetworkReachabilityContract implements PlatformContract {
  readonly id = 'network-reachability';
  readonly title = 'Network reachability: the flows the platform needs hold, and nothing else reaches the data tier';

  evaluate({ model, environment }: ContractInput): ContractResult {
    const paths = new NetworkPaths(model);
    const checks: ContractCheck[] = [];
    const endpoints = discoverEndpoints(model, paths);
    // What the config asks for must exist, or its flows would silently not be checked.
    // A secondary region standing by runs less (see its site config): a pilot light no cache and no compute.
    const runsCache = environment.site?.runsCache ?? true;
    const runsCompute = environment.site?.runsCompute ?? true;
    const expected: [string, number, boolean][] = [
      ['PostgreSQL (aws_db_instance)', endpoints.postgres.length, true],
      ['Redis (aws_elasticache_replication_group)', endpoints.redis.length, runsCache],
      ['OpenSearch (aws_opensearch_domain)', endpoints.search.length, environment.data.search.enabled],
      ['the EKS cluster (aws_eks_cluster)', endpoints.eksApi.length, environment.compute === 'eks' && runsCompute],
      ['an interface endpoint (aws_vpc_endpoint)', endpoints.interfaceEndpoints.length, environment.network.interfaceEndpoints.length > 0],
    ];
    for (const [what, found, required] of expected) {
      if (required) checks.push(check(`${what} exists, as the config asks`, found > 0 ? [] : [`none in the environment's stacks`]));
    }
    // Every flow to the API below goes to its private endpoint, which AWS leaves off unless asked.
    for (const cluster of model.resources('aws_eks_cluster')) {
      const access = (blockOf(cluster.values.vpc_config) ?? {}).endpoint_private_access;
      const problem = `endpoint_private_access is ${access === undefined ? "unset (AWS's default: off)" : String(access)}, so nothing in the VPC reaches the API. Fix: set vpc_config.endpoint_private_access to true, as libs/cluster's EksCluster does`;
      checks.push(check(`${cluster.constructPath}: the EKS API's private endpoint is on`, String(access) === 'true' ? [] : [problem]));
    }
    const mustHold = (flow: NetworkFlow) => checks.push(flowMustHold(paths, flow));
    const mustNot = (flow: NetworkFlow) => checks.push(flowMustNot(paths, flow));
    const missing = (what: string, why: string) => checks.push(check(`${what} exists`, [why]));

    if (environment.compute === 'eks' && runsCompute && endpoints.pods.length === 0) missing('a node group', 'no aws_eks_node_group in the environment: nothing runs the workloads');
    if (environment.compute === 'ecs') checks.push(...ecsServiceFlows(paths, ecsServices(model, environment), endpoints));
    for (const pods of endpoints.pods) {
      for (const [store, port] of [
        [endpoints.postgres, SERVICE_PORTS.postgres],
        [endpoints.redis, SERVICE_PORTS.redis],
        [endpoints.search, SERVICE_PORTS.https],
      ] as const) {
        for (const target of store) mustHold({ from: pods, to: target, port });
      }
      for (const endpoint of endpoints.interfaceEndpoints) mustHold({ from: pods, to: endpoint, port: SERVICE_PORTS.https });
      for (const api of endpoints.eksApi) mustHold({ from: pods, to: api, port: SERVICE_PORTS.https });
    }
    checks.push(...albFlows(paths, endpoints, standbyRoutedPorts(environment)));
    const runnerName = environment.compute === 'eks' && runsCompute ? githubRunnerName(environment) : undefined;
    const runner = runnerName === undefined ? undefined : endpoints.runners.find((candidate) => candidate.name.endsWith(` ${runnerName}`));
    if (runnerName !== undefined) {
      checks.push(check(`the GitHub Actions runner in the VPC (aws_codebuild_project ${runnerName}) exists, as the config asks`, runner ? [] : [`no aws_codebuild_project ${runnerName} with a vpc_config in the environment's stacks: no workflow job could reach the private API endpoint`]));
    }
    // The runner itself when the platform creates one; otherwise (githubRunner off) one made by hand in the private subnets.
    const deployRunner = runner ?? endpoints.deployRunner;
    for (const api of endpoints.eksApi) mustHold({ from: deployRunner, to: api, port: SERVICE_PORTS.https });
    if (runner !== undefined) mustHold({ from: runner, to: { ...INTERNET, name: 'the internet (GitHub, package registries, AWS APIs)' }, port: SERVICE_PORTS.https });

    for (const [target, port] of [
      ...endpoints.postgres.map((endpoint) => [endpoint, SERVICE_PORTS.postgres] as const),
      ...endpoints.redis.map((endpoint) => [endpoint, SERVICE_PORTS.redis] as const),
      ...endpoints.search.map((endpoint) => [endpoint, SERVICE_PORTS.https] as const),
    ]) {
      mustNot({ from: INTERNET, to: target, port });
      mustNot({ from: OTHER_NETWORK, to: target, port });
    }
    for (const pods of endpoints.pods) mustNot({ from: INTERNET, to: { ...pods, name: pods.name.replace('workload pods', 'nodes') }, port: 10250 });
    for (const api of endpoints.eksApi) mustNot({ from: INTERNET, to: api, port: SERVICE_PORTS.https });
    for (const cluster of model.resources('aws_eks_cluster')) {
      const vpcConfig = blockOf(cluster.values.vpc_config) ?? {};
      // As AWS (and PLAT-EKS-003) reads it: the public endpoint is on unless turned off, open to 0.0.0.0/0 unless ranges are listed.
      const listed = stringsOf(vpcConfig.public_access_cidrs);
      const cidrs = listed.length > 0 ? listed : ['0.0.0.0/0'];
      const open = !isFalse(vpcConfig.endpoint_public_access) && cidrs.some((cidr) => cidr.endsWith('/0'));
      checks.push(
        check(
          `the internet → the EKS API (public endpoint) TCP 443 must be blocked`,
          open ? [`${cluster.constructPath} has a public endpoint open to ${cidrs.join(', ')}. Fix: list the office or VPN ranges, or keep the endpoint private`] : [],
        ),
      );
    }
    return { id: this.id, title: this.title, checks };
  }
}

/**
 * The shared ALB of the `alb` Ingresses: every Ingress names the platform's security groups (else the controller
 * would create groups at run time that no rule of the platform admits), the ALB is internet-facing with IP targets,
 * the internet reaches it on 443 and 80, and it reaches the pods on each routed container port.
 */
function albFlows(paths: NetworkPaths, endpoints: PlatformEndpoints, standbyPorts: readonly number[]): ContractCheck[] {
  const { albIngresses: ingresses, alb } = endpoints;
  if (ingresses.length === 0) return [];
  const checks: ContractCheck[] = [];
  const withoutGroups = ingresses.filter((ingress) => securityGroupsOf(ingress).length === 0);
  checks.push(
    check(
      'the ALB’s security groups are the platform’s',
      withoutGroups.map((ingress) => `${ingress.where} sets no ${LOAD_BALANCER_SECURITY_GROUPS} annotation: the controller would create groups at run time that no rule of the platform admits. Fix: albIngressAnnotations of @platform/cluster-addons`),
    ),
  );
  const settings = ingresses.map((ingress) => ({ ingress, settings: albSettings(endpoints.albClassParams, ingress) }));
  checks.push(
    check(
      'the ALB is internet-facing with IP targets',
      settings.flatMap(({ ingress, settings: { scheme, targetType } }) => [
        ...(scheme === 'internet-facing' ? [] : [`${ingress.where}: scheme is ${String(scheme)}: the internet cannot reach it. Fix: scheme internet-facing`]),
        ...(targetType === 'ip' ? [] : [`${ingress.where}: target type is ${String(targetType)}: traffic would go to node ports, which no rule admits. Fix: target-type ip`]),
      ]),
    ),
  );
  if (alb === undefined) return checks;
  for (const port of [SERVICE_PORTS.https, SERVICE_PORTS.http]) checks.push(flowMustHold(paths, { from: INTERNET, to: alb, port }));
  const targetPorts = new Set(settings.flatMap(({ ingress, settings: { targetType } }) => (targetType === 'ip' ? ingress.targetPorts : [NODE_PORT_EXAMPLE])));
  for (const pods of endpoints.pods) {
    for (const port of [...targetPorts].sort((a, b) => a - b)) checks.push(flowMustHold(paths, { from: alb, to: pods, port }));
    for (const port of standbyPorts.filter((candidate) => !targetPorts.has(candidate))) {
      checks.push(flowMustHold(paths, { from: alb, to: { ...pods, name: `${pods.name} once the site serves (a routed port of the workloads)` }, port }));
    }
  }
  return checks;
}

/**
 * The container ports the workloads' routes target, for a site standing by: its workloads (and their Ingresses)
 * appear only on failover, which applies no network stack. Empty for a site that serves.
 */
function standbyRoutedPorts(environment: EnvironmentConfig): number[] {
  if (environment.site === undefined || environment.site.active || environment.compute !== 'eks') return [];
  const routed = deployedWorkloadServices(environment.workloads).filter((service) => (service.routes ?? []).length > 0);
  return [...new Set(routed.map((service) => service.containerPort))].sort((a, b) => a - b);
}

/** The security group ids an Ingress's annotation puts on the ALB. */
function securityGroupsOf(ingress: AlbIngress): string[] {
  return stringsOf(ingress.annotations[LOAD_BALANCER_SECURITY_GROUPS])
    .flatMap((text) => text.split(','))
    .map((id) => id.trim())
    .filter(Boolean);
}

/** A flow the platform needs: passes when every layer lets it through. */
function flowMustHold(paths: NetworkPaths, flow: NetworkFlow): ContractCheck {
  return check(`${flow.from.name} → ${flow.to.name} TCP ${flow.port} must be allowed`, paths.check(flow).blockers);
}

/** A flow the platform must never allow: passes when at least one layer stops it. */
function flowMustNot(paths: NetworkPaths, flow: NetworkFlow): ContractCheck {
  return check(`${flow.from.name} → ${flow.to.name} TCP ${flow.port} must be blocked`, paths.check(flow).blockers.length > 0 ? [] : ['every layer allows it']);
}

/** Where the tasks' calls out go: OpenAI, Firebase and the AWS APIs without an interface endpoint. */
const INTERNET_SERVICES: NetworkEndpoint = { ...INTERNET, name: 'the internet (OpenAI, Firebase, AWS APIs)' };

/** The flows of each configured ECS service: its ALB, its tasks, the data tier and the internet (see the contract). */
function ecsServiceFlows(paths: NetworkPaths, services: readonly EcsServiceModel[], endpoints: PlatformEndpoints): ContractCheck[] {
  const checks: ContractCheck[] = [];
  const mustHold = (flow: NetworkFlow) => checks.push(flowMustHold(paths, flow));
  const mustNot = (flow: NetworkFlow) => checks.push(flowMustNot(paths, flow));
  for (const service of services) {
    const { name, config } = service;
    checks.push(check(`the ECS service ${name} (aws_ecs_service) exists, as ecs.services.${service.key} asks`, service.service ? [] : [`no aws_ecs_service named ${name} in the environment's stacks`]));
    if (service.service === undefined) continue;
    const tasks: NetworkEndpoint = { name: `tasks of ${name}`, securityGroupIds: service.securityGroupIds, subnetIds: service.subnetIds, cidrs: paths.cidrsOf(service.subnetIds), publicIp: service.assignPublicIp };

    for (const [store, port, wanted, field] of [
      [endpoints.postgres, SERVICE_PORTS.postgres, config.database, 'database'],
      [endpoints.redis, SERVICE_PORTS.redis, config.cache, 'cache'],
    ] as const) {
      // A service whose config does not ask for a data store must not be able to reach it either.
      for (const target of store) (wanted ? mustHold : mustNot)({ from: tasks, to: { ...target, name: wanted ? target.name : `${target.name} (ecs.services.${service.key}.${field} is off)` }, port });
    }
    for (const endpoint of endpoints.interfaceEndpoints) mustHold({ from: tasks, to: endpoint, port: SERVICE_PORTS.https });
    mustHold({ from: tasks, to: INTERNET_SERVICES, port: SERVICE_PORTS.https });

    const exposed = { from: INTERNET, to: tasks, port: config.containerPort };
    mustNot(exposed);
    checks.push(
      check(
        `the security groups of the tasks of ${name} admit nothing from the internet on ${config.containerPort}`,
        paths.admittedBySecurityGroups(exposed) ? [`an ingress rule of ${service.securityGroupIds.join(', ')} admits the internet on TCP ${config.containerPort}; only the private subnet keeps it out. Fix: admit the load balancer's group only`] : [],
      ),
    );

    const { loadBalancer } = service;
    checks.push(check(`the load balancer of ${name} (aws_lb forwarding to its target group) exists`, loadBalancer ? [] : [`no aws_lb has a listener that forwards to the target group of ${service.service.constructPath}`]));
    if (loadBalancer === undefined) continue;
    const alb: NetworkEndpoint = { name: `the load balancer of ${name}`, securityGroupIds: loadBalancer.securityGroupIds, subnetIds: loadBalancer.subnetIds, cidrs: paths.cidrsOf(loadBalancer.subnetIds) };
    const https = loadBalancer.listeners.find((listener) => listener.port === SERVICE_PORTS.https && !listener.test);
    const http = loadBalancer.listeners.find((listener) => listener.port === SERVICE_PORTS.http);
    checks.push(
      check(`the load balancer of ${name} is internet-facing, serves HTTPS on 443 and only redirects 80 to HTTPS`, [
        ...(loadBalancer.internetFacing ? [] : [`${loadBalancer.resource.constructPath} is internal: the internet cannot reach it`]),
        ...(https?.protocol === 'HTTPS' ? [] : [`no HTTPS listener on 443 (${https ? `443 is ${https.protocol}` : 'none on 443'})`]),
        ...(http === undefined || http.redirectsToHttps ? [] : [`${http.resource.constructPath} (port 80) does not redirect to HTTPS: it would serve plain HTTP`]),
      ]),
    );
    if (loadBalancer.internetFacing) {
      for (const port of [SERVICE_PORTS.https, SERVICE_PORTS.http]) mustHold({ from: INTERNET, to: alb, port });
    }
    if (loadBalancer.targetPorts.length === 0) checks.push(check(`the target groups of ${name} name a port`, ['no aws_lb_target_group of the service found']));
    for (const port of loadBalancer.targetPorts) mustHold({ from: alb, to: tasks, port });

    const testListeners = loadBalancer.listeners.filter((listener) => listener.test);
    if (config.deployment === 'blue-green') {
      checks.push(
        check(
          `the blue/green deployment of ${name} has a CodeDeploy deployment group with a test listener`,
          testListeners.length > 0 ? [] : [service.deploymentGroup ? `${service.deploymentGroup.constructPath} names no test listener of ${loadBalancer.resource.constructPath}` : `no aws_codedeploy_deployment_group releases ${name}`],
        ),
      );
    }
    // The test listener reaches the replacement tasks before they take traffic: for the deployment's own checks only.
    for (const listener of testListeners) mustNot({ from: INTERNET, to: { ...alb, name: `the test listener of ${name}` }, port: listener.port });
  }
  return checks;
}

interface PlatformEndpoints {
  /** Pods of each node group: with the VPC CNI (no security groups for pods) they carry their node's groups. */
  readonly pods: NetworkEndpoint[];
  readonly postgres: NetworkEndpoint[];
  readonly redis: NetworkEndpoint[];
  readonly search: NetworkEndpoint[];
  readonly interfaceEndpoints: NetworkEndpoint[];
  readonly eksApi: NetworkEndpoint[];
  /** The Ingresses of the `alb` class, which share one ALB. */
  readonly albIngresses: readonly AlbIngress[];
  /** The IngressClassParams of the `alb` class (they win over the Ingresses' annotations). */
  readonly albClassParams: Record<string, unknown>;
  /** The shared ALB with the groups its Ingresses name, in the public subnets; undefined when none names a group. */
  readonly alb?: NetworkEndpoint;
  /** A self-hosted deploy runner (or VPN client) in the private subnets, with its own unrestricted group. */
  readonly deployRunner: NetworkEndpoint;
  /** The CodeBuild projects in the VPC (GitHub Actions runners), named `the GitHub Actions runner <project>`. */
  readonly runners: NetworkEndpoint[];
}

function discoverEndpoints(model: PlatformModel, paths: NetworkPaths): PlatformEndpoints {
  const endpoint = (name: string, securityGroupIds: unknown, subnetIds: unknown): NetworkEndpoint => {
    const subnets = stringsOf(subnetIds);
    return { name, securityGroupIds: stringsOf(securityGroupIds), subnetIds: subnets, cidrs: paths.cidrsOf(subnets) };
  };
  const subnetGroup = (type: string, name: unknown) => model.resources(type).find((group) => group.values.name === name)?.values.subnet_ids;

  const clusters = model.resources('aws_eks_cluster');
  const pods = model.resources('aws_eks_node_group').map((group) =>
    endpoint(`workload pods (node group ${String(group.values.node_group_name)})`, nodeSecurityGroups(model, group), group.values.subnet_ids),
  );
  const eksApi = clusters.map((cluster) => {
    const vpcConfig = blockOf(cluster.values.vpc_config) ?? {};
    return endpoint('the EKS API (private endpoint)', [model.clusterSecurityGroupId(cluster), ...stringsOf(vpcConfig.security_group_ids)], vpcConfig.subnet_ids);
  });
  const privateSubnets = eksApi.flatMap((api) => api.subnetIds);

  const ingresses = albIngresses(model);
  const loadBalancerGroups = [...new Set(ingresses.flatMap(securityGroupsOf))];
  // Where the controller places an internet-facing load balancer: the subnets tagged for it, routed or not.
  const publicSubnets = model
    .resources('aws_subnet')
    .filter((subnet) => String((subnet.values.tags as Record<string, unknown> | undefined)?.[PUBLIC_LOAD_BALANCER_SUBNET_TAG]) === '1')
    .map((subnet) => String(model.attribute(subnet, 'id')));

  return {
    pods,
    postgres: model.resources('aws_db_instance').map((db) => endpoint('PostgreSQL', db.values.vpc_security_group_ids, subnetGroup('aws_db_subnet_group', db.values.db_subnet_group_name))),
    redis: model
      .resources('aws_elasticache_replication_group')
      .map((cache) => endpoint('Redis', cache.values.security_group_ids, subnetGroup('aws_elasticache_subnet_group', cache.values.subnet_group_name))),
    search: model.resources('aws_opensearch_domain').map((domain) => {
      const vpc = blockOf(domain.values.vpc_options) ?? {};
      return endpoint('OpenSearch', vpc.security_group_ids, vpc.subnet_ids);
    }),
    interfaceEndpoints: model
      .resources('aws_vpc_endpoint')
      .filter((vpce) => vpce.values.vpc_endpoint_type === 'Interface')
      .map((vpce) => endpoint(`the ${String(vpce.values.service_name)} endpoint`, vpce.values.security_group_ids, vpce.values.subnet_ids)),
    eksApi,
    albIngresses: ingresses,
    albClassParams: albClassParams(model),
    alb: loadBalancerGroups.length > 0 ? endpoint('the shared ALB', loadBalancerGroups, publicSubnets) : undefined,
    runners: model.resources('aws_codebuild_project').flatMap((project) => {
      const vpc = blockOf(project.values.vpc_config);
      return vpc === undefined ? [] : [endpoint(`the GitHub Actions runner ${String(project.values.name)}`, vpc.security_group_ids, vpc.subnets)];
    }),
    deployRunner: { name: 'a deploy runner in the private subnets', securityGroupIds: [], subnetIds: privateSubnets, cidrs: paths.cidrsOf(privateSubnets) },
  };
}

/**
 * The groups a node group's instances carry: those of its launch template, or (none set there) the cluster security
 * group EKS attaches by default.
 */
function nodeSecurityGroups(model: PlatformModel, group: ModelResource): string[] {
  const reference = /^\$\{(aws_launch_template\.[\w-]+)\.id\}$/.exec(String(blockOf(group.raw.launch_template)?.id ?? ''));
  const template = reference && model.resources('aws_launch_template').find((candidate) => candidate.stack === group.stack && candidate.address === reference[1]);
  const fromTemplate = stringsOf(template?.values.vpc_security_group_ids);
  if (fromTemplate.length > 0) return fromTemplate;
  const cluster = model.resources('aws_eks_cluster').find((candidate) => candidate.values.name === group.values.cluster_name);
  return cluster ? [model.clusterSecurityGroupId(cluster)] : [];
}
