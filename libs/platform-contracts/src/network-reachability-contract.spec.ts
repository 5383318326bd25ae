import type { ContractInput, ContractResult } from './contract';
import { NetworkReachabilityContract } from './network-reachability-contract';
import { PlatformModel } from './platform-model';
import { failures, merge } from './private/spec-support';

type Json = Record<string, unknown>;

const contract = new NetworkReachabilityContract();
const ACCOUNT = '123456789012';

/** An EKS environment with a runner in the VPC, OpenSearch and one interface endpoint; serving (no site). */
const EKS = {
  name: 'production',
  resourcePrefix: 'acme-production',
  region: 'eu-central-1',
  compute: 'eks',
  cluster: { githubRunner: { enabled: true }, addons: {} },
  delivery: { githubRepository: 'acme/platform', mainBranch: 'main' },
  data: { search: { enabled: true } },
  network: { interfaceEndpoints: ['ecr.api'] },
  workloads: { enabled: true, catalogs: [] },
} as unknown as ContractInput['environment'];
const env = (change: Json, base = EKS) => ({ ...base, ...change }) as unknown as ContractInput['environment'];

const ref = (type: string, name: string, attribute = 'id') => `\${${type}.${name}.${attribute}}`;
const sg = (name: string) => ref('aws_security_group', name);
const subnet = (name: string) => ref('aws_subnet', name);
const rule = (group: string, port: number, peer: { group?: string; cidr?: string }, extra: Json = {}) => ({
  security_group_id: sg(group),
  ip_protocol: 'tcp',
  from_port: port,
  to_port: port,
  ...(peer.group ? { referenced_security_group_id: sg(peer.group) } : {}),
  ...(peer.cidr ? { cidr_ipv4: peer.cidr } : {}),
  ...extra,
});

/** VPC, private/data/public subnets, an internet gateway and a NAT gateway, routed as the network stack routes them. */
const NETWORK: Json = {
  aws_vpc: { vpc: { cidr_block: '10.0.0.0/16' } },
  aws_subnet: {
    private: { vpc_id: ref('aws_vpc', 'vpc'), cidr_block: '10.0.0.0/20' },
    data: { vpc_id: ref('aws_vpc', 'vpc'), cidr_block: '10.0.16.0/24' },
    public: { vpc_id: ref('aws_vpc', 'vpc'), cidr_block: '10.0.32.0/24', tags: { 'kubernetes.io/role/elb': '1' } },
  },
  aws_internet_gateway: { igw: { vpc_id: ref('aws_vpc', 'vpc') } },
  aws_nat_gateway: { nat: { subnet_id: subnet('public') } },
  aws_route_table: { public: { vpc_id: ref('aws_vpc', 'vpc') }, private: { vpc_id: ref('aws_vpc', 'vpc') } },
  aws_route: {
    internet: { route_table_id: ref('aws_route_table', 'public'), destination_cidr_block: '0.0.0.0/0', gateway_id: ref('aws_internet_gateway', 'igw') },
    nat: { route_table_id: ref('aws_route_table', 'private'), destination_cidr_block: '0.0.0.0/0', nat_gateway_id: ref('aws_nat_gateway', 'nat') },
  },
  aws_route_table_association: {
    public: { route_table_id: ref('aws_route_table', 'public'), subnet_id: subnet('public') },
    private: { route_table_id: ref('aws_route_table', 'private'), subnet_id: subnet('private') },
  },
};

/** The data tier and an interface endpoint, each admitting the nodes' group on its port. */
const DATA: Json = {
  aws_security_group: { db: {}, cache: {}, search: {}, vpce: {} },
  // A subnet group of another database, in the public subnet, listed first.
  aws_db_subnet_group: { public: { name: 'acme-public', subnet_ids: [subnet('public')] }, db: { name: 'acme-db', subnet_ids: [subnet('data')] } },
  aws_db_instance: { db: { vpc_security_group_ids: [sg('db')], db_subnet_group_name: 'acme-db' } },
  aws_elasticache_subnet_group: { cache: { name: 'acme-cache', subnet_ids: [subnet('data')] } },
  aws_elasticache_replication_group: { cache: { security_group_ids: [sg('cache')], subnet_group_name: 'acme-cache' } },
  aws_opensearch_domain: { search: { vpc_options: [{ security_group_ids: [sg('search')], subnet_ids: [subnet('data')] }] } },
  aws_vpc_endpoint: {
    ecr: { vpc_endpoint_type: 'Interface', service_name: 'com.amazonaws.eu-central-1.ecr.api', security_group_ids: [sg('vpce')], subnet_ids: [subnet('private')] },
    s3: { vpc_endpoint_type: 'Gateway', service_name: 'com.amazonaws.eu-central-1.s3' },
  },
};

/** The cluster (private endpoint), one node group on a launch template, the runner, and the shared ALB's Ingress. */
const CLUSTER: Json = {
  aws_security_group: { nodes: {}, api: {}, runner: {}, lb: {} },
  aws_eks_cluster: { cluster: { name: 'acme', vpc_config: [{ subnet_ids: [subnet('private')], security_group_ids: [sg('api')], endpoint_private_access: true, endpoint_public_access: false }] } },
  // Another launch template of the stack, listed first: not the node group's.
  aws_launch_template: { other: { vpc_security_group_ids: [sg('api')] }, nodes: { vpc_security_group_ids: [sg('nodes')] } },
  aws_eks_node_group: { general: { node_group_name: 'general', cluster_name: 'acme', subnet_ids: [subnet('private')], launch_template: [{ id: ref('aws_launch_template', 'nodes') }] } },
  aws_codebuild_project: {
    runner: { name: 'acme-production-github-runner', vpc_config: [{ security_group_ids: [sg('runner')], subnets: [subnet('private')] }] },
    other: { name: 'acme-production-other' },
  },
  aws_vpc_security_group_egress_rule: {
    nodes_db: rule('nodes', 5432, { group: 'db' }),
    nodes_cache: rule('nodes', 6379, { group: 'cache' }),
    nodes_https: rule('nodes', 443, { cidr: '10.0.0.0/16' }),
    runner_https: rule('runner', 443, { cidr: '0.0.0.0/0' }),
    lb_nodes: rule('lb', 8000, { group: 'nodes' }),
  },
  aws_vpc_security_group_ingress_rule: {
    db_nodes: rule('db', 5432, { group: 'nodes' }),
    cache_nodes: rule('cache', 6379, { group: 'nodes' }),
    search_nodes: rule('search', 443, { group: 'nodes' }),
    vpce_vpc: rule('vpce', 443, { cidr: '10.0.0.0/16' }),
    api_vpc: rule('api', 443, { cidr: '10.0.0.0/16' }),
    lb_https: rule('lb', 443, { cidr: '0.0.0.0/0' }),
    lb_http: rule('lb', 80, { cidr: '0.0.0.0/0' }),
    nodes_lb: rule('nodes', 8000, { group: 'lb' }),
  },
  kubernetes_service_v1: { web: { metadata: [{ name: 'web', namespace: 'apps' }], spec: [{ port: [{ port: 80, target_port: 8000 }] }] } },
  kubernetes_ingress_v1: { web: ingress('web', { 'security-groups': sg('lb') }) },
};

/** An Ingress of the `alb` class routing to Service `service` port 80, with these annotations (prefix added). */
function ingress(service: string, annotations: Record<string, string>, className = 'alb'): Json {
  const prefixed = Object.fromEntries(Object.entries({ scheme: 'internet-facing', 'target-type': 'ip', ...annotations }).map(([key, value]) => [`alb.ingress.kubernetes.io/${key}`, value]));
  return {
    metadata: [{ name: service, namespace: 'apps', annotations: prefixed }],
    spec: [{ ingress_class_name: className, rule: [{ host: `${service}.example.com`, http: [{ path: [{ backend: [{ service: [{ name: service, port: [{ number: 80 }] }] }] }] }] }] }],
  };
}

/** One stack of `resources` (BASE unless told), with blocks removed by `type.name`. */
function model(resources: Json = BASE, ...without: string[]): PlatformModel {
  const copy = JSON.parse(JSON.stringify(resources)) as Record<string, Json>;
  for (const address of without) {
    const [type, name] = address.split('.');
    if (name === undefined) delete copy[type];
    else delete copy[type][name];
  }
  return new PlatformModel({ main: { provider: { aws: [{ region: 'eu-central-1', allowed_account_ids: [ACCOUNT] }] }, resource: copy } } as ConstructorParameters<typeof PlatformModel>[0]);
}
const BASE = merge(NETWORK, DATA, CLUSTER);

function evaluate(resources: Json = BASE, environment = EKS, ...without: string[]): ContractResult {
  return contract.evaluate({ model: model(resources, ...without), environment }) as ContractResult;
}
/** The failures with every resolved id replaced by the address of its resource (`<aws_security_group.db>`). */
function failed(resources: Json = BASE, environment = EKS, ...without: string[]): string[] {
  const built = model(resources, ...without);
  const result = contract.evaluate({ model: built, environment }) as ContractResult;
  return failures(result).map((line) => named(built, line));
}
function named(built: PlatformModel, line: string): string {
  return line.replace(/\b(sg|subnet|lb|arn:aws:[\w:-]+|[a-z]+)-0[0-9a-f]{16}\b|placeholder-[\w-]+/g, (id) => {
    const resource = built.resourceWithId(id);
    return resource ? `<${resource.address}>` : id;
  });
}
const subjects = (result: ContractResult) => result.checks.map((item) => `${item.subject}: ${item.passed}`);

describe('network reachability contract', () => {
  it('is titled for the report; on a platform that builds every flow each check passes, and each is named', () => {
    const result = evaluate();
    expect(result.id).toBe('network-reachability');
    expect(result.title).toBe('Network reachability: the flows the platform needs hold, and nothing else reaches the data tier');
    expect(subjects(result)).toEqual([
      'PostgreSQL (aws_db_instance) exists, as the config asks: true',
      'Redis (aws_elasticache_replication_group) exists, as the config asks: true',
      'OpenSearch (aws_opensearch_domain) exists, as the config asks: true',
      'the EKS cluster (aws_eks_cluster) exists, as the config asks: true',
      'an interface endpoint (aws_vpc_endpoint) exists, as the config asks: true',
      "main/aws_eks_cluster.cluster: the EKS API's private endpoint is on: true",
      'workload pods (node group general) → PostgreSQL TCP 5432 must be allowed: true',
      'workload pods (node group general) → Redis TCP 6379 must be allowed: true',
      'workload pods (node group general) → OpenSearch TCP 443 must be allowed: true',
      'workload pods (node group general) → the com.amazonaws.eu-central-1.ecr.api endpoint TCP 443 must be allowed: true',
      'workload pods (node group general) → the EKS API (private endpoint) TCP 443 must be allowed: true',
      'the ALB’s security groups are the platform’s: true',
      'the ALB is internet-facing with IP targets: true',
      'the internet → the shared ALB TCP 443 must be allowed: true',
      'the internet → the shared ALB TCP 80 must be allowed: true',
      'the shared ALB → workload pods (node group general) TCP 8000 must be allowed: true',
      'the GitHub Actions runner in the VPC (aws_codebuild_project acme-production-github-runner) exists, as the config asks: true',
      'the GitHub Actions runner acme-production-github-runner → the EKS API (private endpoint) TCP 443 must be allowed: true',
      'the GitHub Actions runner acme-production-github-runner → the internet (GitHub, package registries, AWS APIs) TCP 443 must be allowed: true',
      'the internet → PostgreSQL TCP 5432 must be blocked: true',
      'another private network (172.16.0.0/12) → PostgreSQL TCP 5432 must be blocked: true',
      'the internet → Redis TCP 6379 must be blocked: true',
      'another private network (172.16.0.0/12) → Redis TCP 6379 must be blocked: true',
      'the internet → OpenSearch TCP 443 must be blocked: true',
      'another private network (172.16.0.0/12) → OpenSearch TCP 443 must be blocked: true',
      'the internet → nodes (node group general) TCP 10250 must be blocked: true',
      'the internet → the EKS API (private endpoint) TCP 443 must be blocked: true',
      'the internet → the EKS API (public endpoint) TCP 443 must be blocked: true',
    ]);
  });

  describe('what the config asks for exists', () => {
    it('each store, the cluster and the endpoints the config asks for but no stack creates are named', () => {
      expect(failed(BASE, EKS, 'aws_db_instance', 'aws_elasticache_replication_group', 'aws_opensearch_domain', 'aws_vpc_endpoint.ecr')).toEqual([
        "PostgreSQL (aws_db_instance) exists, as the config asks: none in the environment's stacks",
        "Redis (aws_elasticache_replication_group) exists, as the config asks: none in the environment's stacks",
        "OpenSearch (aws_opensearch_domain) exists, as the config asks: none in the environment's stacks",
        "an interface endpoint (aws_vpc_endpoint) exists, as the config asks: none in the environment's stacks",
      ]);
      expect(failed(BASE, EKS, 'aws_eks_cluster')).toEqual(["the EKS cluster (aws_eks_cluster) exists, as the config asks: none in the environment's stacks"]);
    });

    it('a pilot light asks for no cache, search off for no OpenSearch, no endpoints for none, no compute or ECS for no cluster', () => {
      const standing = env({ site: { active: false, runsCache: false, runsCompute: true } });
      expect(failed(BASE, standing, 'aws_elasticache_replication_group')).toEqual([]);
      expect(failed(BASE, env({ data: { search: { enabled: false } } }), 'aws_opensearch_domain')).toEqual([]);
      expect(failed(BASE, env({ network: { interfaceEndpoints: [] } }), 'aws_vpc_endpoint')).toEqual([]);
      expect(failed(BASE, env({ site: { active: true, runsCache: true, runsCompute: false } }), 'aws_eks_cluster', 'aws_eks_node_group')).toEqual([]);
      expect(failed(BASE, env({ compute: 'ecs' }), 'aws_eks_cluster')).toEqual([]);
    });

    it('a gateway endpoint is no interface endpoint', () => {
      expect(failed(BASE, EKS, 'aws_vpc_endpoint.ecr')).toEqual([
        "an interface endpoint (aws_vpc_endpoint) exists, as the config asks: none in the environment's stacks",
      ]);
    });

    it('an EKS site that runs compute needs a node group', () => {
      expect(failed(BASE, EKS, 'aws_eks_node_group')).toEqual(['a node group exists: no aws_eks_node_group in the environment: nothing runs the workloads']);
      expect(failed(BASE, env({ site: { active: true, runsCache: true, runsCompute: false } }), 'aws_eks_node_group')).toEqual([]);
      expect(failed(BASE, env({ compute: 'ecs' }), 'aws_eks_node_group')).toEqual([]);
    });
  });

  describe('workload pods', () => {
    it('each store, endpoint and the API the nodes’ group cannot reach is named with the layer that stops it', () => {
      expect(failed(BASE, EKS, 'aws_vpc_security_group_egress_rule.nodes_db', 'aws_vpc_security_group_ingress_rule.cache_nodes', 'aws_vpc_security_group_ingress_rule.search_nodes')).toEqual([
        'workload pods (node group general) → PostgreSQL TCP 5432 must be allowed: no egress rule of main/aws_security_group.nodes (<aws_security_group.nodes>) allows TCP 5432 to PostgreSQL (groups <aws_security_group.db>)',
        'workload pods (node group general) → Redis TCP 6379 must be allowed: no ingress rule of main/aws_security_group.cache (<aws_security_group.cache>) allows TCP 6379 from workload pods (node group general) (groups <aws_security_group.nodes>)',
        'workload pods (node group general) → OpenSearch TCP 443 must be allowed: no ingress rule of main/aws_security_group.search (<aws_security_group.search>) allows TCP 443 from workload pods (node group general) (groups <aws_security_group.nodes>)',
      ]);
      expect(failed(BASE, EKS, 'aws_vpc_security_group_ingress_rule.vpce_vpc', 'aws_vpc_security_group_ingress_rule.api_vpc')).toEqual([
        'workload pods (node group general) → the com.amazonaws.eu-central-1.ecr.api endpoint TCP 443 must be allowed: no ingress rule of main/aws_security_group.vpce (<aws_security_group.vpce>) allows TCP 443 from workload pods (node group general) (groups <aws_security_group.nodes>)',
        'workload pods (node group general) → the EKS API (private endpoint) TCP 443 must be allowed: no ingress rule of main/aws_eks_cluster.cluster (cluster security group) (<aws_eks_cluster.cluster>), main/aws_security_group.api (<aws_security_group.api>) allows TCP 443 from workload pods (node group general) (groups <aws_security_group.nodes>)',
        'the GitHub Actions runner acme-production-github-runner → the EKS API (private endpoint) TCP 443 must be allowed: no ingress rule of main/aws_eks_cluster.cluster (cluster security group) (<aws_eks_cluster.cluster>), main/aws_security_group.api (<aws_security_group.api>) allows TCP 443 from the GitHub Actions runner acme-production-github-runner (groups <aws_security_group.runner>)',
      ]);
    });

    it('pods carry their launch template’s groups; without them, the cluster security group', () => {
      const noTemplate = merge(BASE, { aws_eks_node_group: { general: { node_group_name: 'general', cluster_name: 'acme', subnet_ids: [subnet('private')] } } });
      const fromCluster = [
        'workload pods (node group general) → PostgreSQL TCP 5432 must be allowed: no ingress rule of main/aws_security_group.db (<aws_security_group.db>) allows TCP 5432 from workload pods (node group general) (groups <aws_eks_cluster.cluster>)',
        'workload pods (node group general) → Redis TCP 6379 must be allowed: no ingress rule of main/aws_security_group.cache (<aws_security_group.cache>) allows TCP 6379 from workload pods (node group general) (groups <aws_eks_cluster.cluster>)',
        'workload pods (node group general) → OpenSearch TCP 443 must be allowed: no ingress rule of main/aws_security_group.search (<aws_security_group.search>) allows TCP 443 from workload pods (node group general) (groups <aws_eks_cluster.cluster>)',
        'the shared ALB → workload pods (node group general) TCP 8000 must be allowed: no egress rule of main/aws_security_group.lb (<aws_security_group.lb>) allows TCP 8000 to workload pods (node group general) (groups <aws_eks_cluster.cluster>); no ingress rule of main/aws_eks_cluster.cluster (cluster security group) (<aws_eks_cluster.cluster>) allows TCP 8000 from the shared ALB (groups <aws_security_group.lb>)',
      ];
      expect(failed(noTemplate)).toEqual(fromCluster);
      const emptyTemplate = merge(BASE, { aws_launch_template: { nodes: { vpc_security_group_ids: [] } } });
      expect(failed(emptyTemplate)).toEqual(fromCluster);
      // The launch template the node group names is its own stack's: one of the same address elsewhere is not it.
      const { aws_launch_template: template, ...rest } = BASE as Record<string, Json>;
      const elsewhere = new PlatformModel({ main: { resource: rest }, other: { resource: { aws_launch_template: template } } } as ConstructorParameters<typeof PlatformModel>[0]);
      expect(failures(contract.evaluate({ model: elsewhere, environment: EKS }) as ContractResult).map((line) => named(elsewhere, line))).toEqual(fromCluster);
      // Only a reference to the template's id is the template: a longer string is another value.
      const launchTemplate = (id: string) => merge(BASE, { aws_eks_node_group: { general: { node_group_name: 'general', cluster_name: 'acme', subnet_ids: [subnet('private')], launch_template: [{ id }] } } });
      expect(failed(launchTemplate(`lt-${ref('aws_launch_template', 'nodes')}`))).toEqual(fromCluster);
      expect(failed(launchTemplate(`${ref('aws_launch_template', 'nodes')}-v2`))).toEqual(fromCluster);
      const otherCluster = merge(noTemplate, { aws_eks_node_group: { general: { node_group_name: 'general', cluster_name: 'other', subnet_ids: [subnet('private')] } } });
      // A node group of no cluster in the stacks carries no group at all: only its addresses remain.
      expect(failed(otherCluster)).toEqual([
        'workload pods (node group general) → PostgreSQL TCP 5432 must be allowed: no ingress rule of main/aws_security_group.db (<aws_security_group.db>) allows TCP 5432 from workload pods (node group general) (10.0.0.0/20)',
        'workload pods (node group general) → Redis TCP 6379 must be allowed: no ingress rule of main/aws_security_group.cache (<aws_security_group.cache>) allows TCP 6379 from workload pods (node group general) (10.0.0.0/20)',
        'workload pods (node group general) → OpenSearch TCP 443 must be allowed: no ingress rule of main/aws_security_group.search (<aws_security_group.search>) allows TCP 443 from workload pods (node group general) (10.0.0.0/20)',
        'the shared ALB → workload pods (node group general) TCP 8000 must be allowed: no egress rule of main/aws_security_group.lb (<aws_security_group.lb>) allows TCP 8000 to workload pods (node group general) (10.0.0.0/20)',
      ]);
    });
  });

  describe('the GitHub Actions runner and the deploy runner', () => {
    it('a runner missing, outside the VPC or of another name is named', () => {
      const missing = "the GitHub Actions runner in the VPC (aws_codebuild_project acme-production-github-runner) exists, as the config asks: no aws_codebuild_project acme-production-github-runner with a vpc_config in the environment's stacks: no workflow job could reach the private API endpoint";
      expect(failed(BASE, EKS, 'aws_codebuild_project.runner')).toEqual([missing]);
      const outside = merge(BASE, { aws_codebuild_project: { runner: { name: 'acme-production-github-runner' } } });
      expect(failed(outside)).toEqual([missing]);
      const longer = merge(BASE, { aws_codebuild_project: { runner: { name: 'x-acme-production-github-runner', vpc_config: [{ security_group_ids: [sg('runner')], subnets: [subnet('private')] }] } } });
      expect(failed(longer)).toEqual([missing]);
    });

    it('the runner must reach the API and the internet on 443', () => {
      expect(failed(BASE, EKS, 'aws_vpc_security_group_egress_rule.runner_https')).toEqual([
        'the GitHub Actions runner acme-production-github-runner → the EKS API (private endpoint) TCP 443 must be allowed: no egress rule of main/aws_security_group.runner (<aws_security_group.runner>) allows TCP 443 to the EKS API (private endpoint) (groups <aws_eks_cluster.cluster>, <aws_security_group.api>)',
        'the GitHub Actions runner acme-production-github-runner → the internet (GitHub, package registries, AWS APIs) TCP 443 must be allowed: no egress rule of main/aws_security_group.runner (<aws_security_group.runner>) allows TCP 443 to the internet (GitHub, package registries, AWS APIs) (198.51.100.10/32)',
      ]);
      expect(failed(BASE, EKS, 'aws_route.nat')).toEqual([
        'the GitHub Actions runner acme-production-github-runner → the internet (GitHub, package registries, AWS APIs) TCP 443 must be allowed: main/aws_subnet.private (<aws_subnet.private>) has no default route to a NAT gateway',
      ]);
    });

    it('without the runner (githubRunner off, or no delivery), a deploy runner in the private subnets must reach the API', () => {
      const off = env({ cluster: { githubRunner: { enabled: false }, addons: {} } });
      expect(subjects(evaluate(BASE, off, 'aws_codebuild_project.runner')).filter((line) => line.includes('runner'))).toEqual(['a deploy runner in the private subnets → the EKS API (private endpoint) TCP 443 must be allowed: true']);
      // The API admits the nodes' group only: not the private subnets' addresses a deploy runner comes from.
      const nodesOnly = merge(BASE, { aws_vpc_security_group_ingress_rule: { api_vpc: rule('api', 443, { group: 'nodes' }) } });
      const deployRunner =
        'a deploy runner in the private subnets → the EKS API (private endpoint) TCP 443 must be allowed: no ingress rule of main/aws_eks_cluster.cluster (cluster security group) (<aws_eks_cluster.cluster>), main/aws_security_group.api (<aws_security_group.api>) allows TCP 443 from a deploy runner in the private subnets (10.0.0.0/20)';
      expect(failed(nodesOnly, off, 'aws_codebuild_project.runner')).toEqual([deployRunner]);
      expect(failed(nodesOnly, env({ delivery: undefined }))).toEqual([deployRunner]);
      // The runner, when there is one, takes its place: its group is admitted, the subnets' addresses need not be.
      expect(failed(merge(nodesOnly, { aws_vpc_security_group_ingress_rule: { api_runner: rule('api', 443, { group: 'runner' }) } }))).toEqual([]);
      // A site that runs no compute asks for no runner.
      expect(failed(BASE, env({ site: { active: false, runsCache: true, runsCompute: false } }), 'aws_codebuild_project.runner')).toEqual([]);
    });
  });

  describe('what must stay blocked', () => {
    const open = (group: string, port: number) => ({ aws_vpc_security_group_ingress_rule: { [`${group}_open`]: rule(group, port, { cidr: '0.0.0.0/0' }) } });
    const dataOnline = { aws_route_table_association: { data: { route_table_id: ref('aws_route_table', 'public'), subnet_id: subnet('data') } } };

    it('a data store open to every address is reached from another network; routed to the internet gateway, from the internet too', () => {
      const opened = merge(BASE, open('db', 5432), open('cache', 6379), open('search', 443));
      const otherNetwork = [
        'another private network (172.16.0.0/12) → PostgreSQL TCP 5432 must be blocked: every layer allows it',
        'another private network (172.16.0.0/12) → Redis TCP 6379 must be blocked: every layer allows it',
        'another private network (172.16.0.0/12) → OpenSearch TCP 443 must be blocked: every layer allows it',
      ];
      expect(failed(opened)).toEqual(otherNetwork);
      expect(failed(merge(opened, dataOnline))).toEqual([
        'the internet → PostgreSQL TCP 5432 must be blocked: every layer allows it',
        'another private network (172.16.0.0/12) → PostgreSQL TCP 5432 must be blocked: every layer allows it',
        'the internet → Redis TCP 6379 must be blocked: every layer allows it',
        'another private network (172.16.0.0/12) → Redis TCP 6379 must be blocked: every layer allows it',
        'the internet → OpenSearch TCP 443 must be blocked: every layer allows it',
        'another private network (172.16.0.0/12) → OpenSearch TCP 443 must be blocked: every layer allows it',
      ]);
    });

    it('a database whose subnet group no stack creates is still judged by its groups', () => {
      expect(failed(merge(BASE, { aws_db_instance: { db: { vpc_security_group_ids: [sg('db')], db_subnet_group_name: 'acme-gone' } } }))).toEqual([]);
    });

    it('a port one off stays blocked', () => {
      expect(failed(merge(BASE, open('db', 5433), open('cache', 6380), open('search', 444), dataOnline))).toEqual([]);
    });

    it('nodes open to the internet on the kubelet port, and an API open to it, are named', () => {
      const online = { aws_route_table_association: { private_online: { route_table_id: ref('aws_route_table', 'public'), subnet_id: subnet('private') } } };
      expect(failed(merge(BASE, open('nodes', 10250)))).toEqual([]);
      expect(failed(merge(BASE, open('nodes', 10250), online))).toEqual(['the internet → nodes (node group general) TCP 10250 must be blocked: every layer allows it']);
      expect(failed(merge(BASE, open('api', 443), online))).toEqual(['the internet → the EKS API (private endpoint) TCP 443 must be blocked: every layer allows it']);
    });

    it('the API’s private endpoint must be on: every flow to the API goes there, and AWS leaves it off unless asked', () => {
      const cluster = (vpc: Json) => merge(BASE, { aws_eks_cluster: { cluster: { name: 'acme', vpc_config: [{ subnet_ids: [subnet('private')], security_group_ids: [sg('api')], endpoint_public_access: false, ...vpc }] } } });
      const problem = (value: string) =>
        `main/aws_eks_cluster.cluster: the EKS API's private endpoint is on: endpoint_private_access is ${value}, so nothing in the VPC reaches the API. Fix: set vpc_config.endpoint_private_access to true, as libs/cluster's EksCluster does`;
      expect(failed(cluster({}))).toEqual([problem("unset (AWS's default: off)")]);
      expect(failed(cluster({ endpoint_private_access: false }))).toEqual([problem('false')]);
      expect(failed(cluster({ endpoint_private_access: 'false' }))).toEqual([problem('false')]);
      expect(failed(cluster({ endpoint_private_access: 'true' }))).toEqual([]);
    });

    it('a public API endpoint is named when open to every address, not when it lists ranges or is off', () => {
      const cluster = (vpc: Json) => merge(BASE, { aws_eks_cluster: { cluster: { name: 'acme', vpc_config: [{ subnet_ids: [subnet('private')], security_group_ids: [sg('api')], endpoint_private_access: true, ...vpc }] } } });
      // Unset, the public endpoint is on (the provider's default) and an empty list of ranges is every address.
      expect(failed(cluster({}))).toEqual([
        'the internet → the EKS API (public endpoint) TCP 443 must be blocked: main/aws_eks_cluster.cluster has a public endpoint open to 0.0.0.0/0. Fix: list the office or VPN ranges, or keep the endpoint private',
      ]);
      expect(failed(cluster({ endpoint_public_access: true, public_access_cidrs: [] }))).toEqual([
        'the internet → the EKS API (public endpoint) TCP 443 must be blocked: main/aws_eks_cluster.cluster has a public endpoint open to 0.0.0.0/0. Fix: list the office or VPN ranges, or keep the endpoint private',
      ]);
      expect(failed(cluster({ endpoint_public_access: 'false' }))).toEqual([]);
      expect(failed(cluster({ endpoint_public_access: true }))).toEqual([
        'the internet → the EKS API (public endpoint) TCP 443 must be blocked: main/aws_eks_cluster.cluster has a public endpoint open to 0.0.0.0/0. Fix: list the office or VPN ranges, or keep the endpoint private',
      ]);
      expect(failed(cluster({ endpoint_public_access: 'true', public_access_cidrs: ['203.0.113.0/24', '0.0.0.0/0'] }))).toEqual([
        'the internet → the EKS API (public endpoint) TCP 443 must be blocked: main/aws_eks_cluster.cluster has a public endpoint open to 203.0.113.0/24, 0.0.0.0/0. Fix: list the office or VPN ranges, or keep the endpoint private',
      ]);
      expect(failed(cluster({ endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] }))).toEqual([]);
      expect(failed(cluster({ endpoint_public_access: false, public_access_cidrs: ['0.0.0.0/0'] }))).toEqual([]);
    });
  });

  describe('the shared ALB of the alb Ingresses', () => {
    const withIngress = (name: string, annotations: Record<string, string>, className = 'alb') => merge(BASE, { kubernetes_ingress_v1: { [name]: ingress('web', annotations, className) } });

    it('an Ingress without the security-groups annotation is named; with none left, the ALB’s flows are not checked', () => {
      const bare = (where: string) =>
        `the ALB’s security groups are the platform’s: main/kubernetes_ingress_v1.${where} sets no alb.ingress.kubernetes.io/security-groups annotation: the controller would create groups at run time that no rule of the platform admits. Fix: albIngressAnnotations of @platform/cluster-addons`;
      expect(failed(withIngress('web', {}))).toEqual([bare('web')]);
      expect(subjects(evaluate(withIngress('web', {}))).filter((line) => line.includes('ALB'))).toEqual(['the ALB’s security groups are the platform’s: false', 'the ALB is internet-facing with IP targets: true']);
      // Another Ingress still naming the group keeps the ALB's flows checked.
      expect(failed(withIngress('bare', {}))).toEqual([bare('bare')]);
      expect(subjects(evaluate(withIngress('bare', {}))).filter((line) => line.includes('shared ALB'))).toHaveLength(3);
      expect(failed(withIngress('web', { 'security-groups': ' , ' }))).toEqual([bare('web')]);
    });

    it('the groups of every Ingress, comma-separated, are the ALB’s', () => {
      // The load balancer's rules are the lb group's: read as one id, or untrimmed, the ALB would carry no group that has them.
      expect(failed(withIngress('web', { 'security-groups': `${sg('vpce')}, ${sg('lb')}` }))).toEqual([]);
      expect(failed(merge(withIngress('web', { 'security-groups': sg('vpce') }), { kubernetes_ingress_v1: { other: ingress('web', { 'security-groups': sg('lb') }) } }))).toEqual([]);
      expect(failed(withIngress('web', { 'security-groups': sg('vpce') }))).toEqual([
        'the internet → the shared ALB TCP 443 must be allowed: no ingress rule of main/aws_security_group.vpce (<aws_security_group.vpce>) allows TCP 443 from the internet (198.51.100.10/32)',
        'the internet → the shared ALB TCP 80 must be allowed: no ingress rule of main/aws_security_group.vpce (<aws_security_group.vpce>) allows TCP 80 from the internet (198.51.100.10/32)',
        'the shared ALB → workload pods (node group general) TCP 8000 must be allowed: no egress rule of main/aws_security_group.vpce (<aws_security_group.vpce>) allows TCP 8000 to workload pods (node group general) (groups <aws_security_group.nodes>); no ingress rule of main/aws_security_group.nodes (<aws_security_group.nodes>) allows TCP 8000 from the shared ALB (groups <aws_security_group.vpce>)',
      ]);
    });

    it('an Ingress of another class is not the shared ALB’s', () => {
      expect(failed(withIngress('web', {}, 'nginx'))).toEqual([]);
      expect(subjects(evaluate(BASE, EKS, 'kubernetes_ingress_v1')).filter((line) => line.includes('ALB'))).toEqual([]);
    });

    it('an internal scheme and instance targets are named; instance targets need the NodePort range', () => {
      expect(failed(withIngress('web', { 'security-groups': sg('lb'), scheme: 'internal', 'target-type': 'instance' }))).toEqual([
        'the ALB is internet-facing with IP targets: main/kubernetes_ingress_v1.web: scheme is internal: the internet cannot reach it. Fix: scheme internet-facing; main/kubernetes_ingress_v1.web: target type is instance: traffic would go to node ports, which no rule admits. Fix: target-type ip',
        'the shared ALB → workload pods (node group general) TCP 30080 must be allowed: no egress rule of main/aws_security_group.lb (<aws_security_group.lb>) allows TCP 30080 to workload pods (node group general) (groups <aws_security_group.nodes>); no ingress rule of main/aws_security_group.nodes (<aws_security_group.nodes>) allows TCP 30080 from the shared ALB (groups <aws_security_group.lb>)',
      ]);
      // Unset, the controller's defaults: internal, instance.
      const unset = merge(BASE, { kubernetes_ingress_v1: { web: { ...ingress('web', {}), metadata: [{ name: 'web', namespace: 'apps', annotations: { 'alb.ingress.kubernetes.io/security-groups': sg('lb') } }] } } });
      expect(failed(unset)[0]).toBe(
        'the ALB is internet-facing with IP targets: main/kubernetes_ingress_v1.web: scheme is internal: the internet cannot reach it. Fix: scheme internet-facing; main/kubernetes_ingress_v1.web: target type is instance: traffic would go to node ports, which no rule admits. Fix: target-type ip',
      );
    });

    it('the class parameters win over the annotations', () => {
      const params = (spec: Json) => ({ helm_release: { lbc: { chart: 'aws-load-balancer-controller', values: [JSON.stringify({ ingressClassParams: { create: true, spec } })] } } });
      expect(failed(merge(BASE, params({ scheme: 'internal', targetType: 'ip' })))).toEqual(['the ALB is internet-facing with IP targets: main/kubernetes_ingress_v1.web: scheme is internal: the internet cannot reach it. Fix: scheme internet-facing']);
    });

    it('the internet must reach the ALB on 443 and 80, in subnets routed to the internet gateway', () => {
      expect(failed(BASE, EKS, 'aws_vpc_security_group_ingress_rule.lb_http')).toEqual([
        'the internet → the shared ALB TCP 80 must be allowed: no ingress rule of main/aws_security_group.lb (<aws_security_group.lb>) allows TCP 80 from the internet (198.51.100.10/32)',
      ]);
      expect(failed(BASE, EKS, 'aws_vpc_security_group_ingress_rule.lb_https')).toEqual([
        'the internet → the shared ALB TCP 443 must be allowed: no ingress rule of main/aws_security_group.lb (<aws_security_group.lb>) allows TCP 443 from the internet (198.51.100.10/32)',
      ]);
      expect(failed(BASE, EKS, 'aws_route.internet')).toEqual([
        'the internet → the shared ALB TCP 443 must be allowed: main/aws_subnet.public (<aws_subnet.public>) has no route to an internet gateway',
        'the internet → the shared ALB TCP 80 must be allowed: main/aws_subnet.public (<aws_subnet.public>) has no route to an internet gateway',
        'the GitHub Actions runner acme-production-github-runner → the internet (GitHub, package registries, AWS APIs) TCP 443 must be allowed: main/aws_subnet.private (<aws_subnet.private>) has no default route to a NAT gateway',
      ]);
      // The ALB sits in the subnets tagged for it: tagged, the private subnet (no internet route) is named; untagged, the public one is not.
      const tagged = (publicTag: string) =>
        merge(BASE, {
          aws_subnet: {
            private: { vpc_id: ref('aws_vpc', 'vpc'), cidr_block: '10.0.0.0/20', tags: { 'kubernetes.io/role/elb': 1 } },
            public: { vpc_id: ref('aws_vpc', 'vpc'), cidr_block: '10.0.32.0/24', tags: { 'kubernetes.io/role/elb': publicTag } },
          },
        });
      expect(failed(tagged('0'))).toEqual([
        'the internet → the shared ALB TCP 443 must be allowed: main/aws_subnet.private (<aws_subnet.private>) has no route to an internet gateway',
        'the internet → the shared ALB TCP 80 must be allowed: main/aws_subnet.private (<aws_subnet.private>) has no route to an internet gateway',
      ]);
    });

    it('the ALB must reach the pods on every routed port, in order', () => {
      const second = merge(BASE, {
        kubernetes_service_v1: { api: { metadata: [{ name: 'api', namespace: 'apps' }], spec: [{ port: [{ port: 80, target_port: 3000 }] }] } },
        kubernetes_ingress_v1: { api: ingress('api', { 'security-groups': sg('lb') }) },
      });
      expect(failed(second)).toEqual([
        'the shared ALB → workload pods (node group general) TCP 3000 must be allowed: no egress rule of main/aws_security_group.lb (<aws_security_group.lb>) allows TCP 3000 to workload pods (node group general) (groups <aws_security_group.nodes>); no ingress rule of main/aws_security_group.nodes (<aws_security_group.nodes>) allows TCP 3000 from the shared ALB (groups <aws_security_group.lb>)',
      ]);
      expect(subjects(evaluate(second)).filter((line) => line.includes('shared ALB →'))).toEqual([
        'the shared ALB → workload pods (node group general) TCP 3000 must be allowed: false',
        'the shared ALB → workload pods (node group general) TCP 8000 must be allowed: true',
      ]);
    });
  });

  describe('a site standing by', () => {
    const standby = env({ site: { active: false, runsCache: true, runsCompute: true }, workloads: { enabled: false, catalogs: ['microservices'] } });

    it('the ALB must already reach the pods on each port the workloads route to, beside the routed ones', () => {
      const routed = merge(BASE, {
        aws_vpc_security_group_egress_rule: { lb_routed: rule('lb', 3000, { group: 'nodes' }, { to_port: 3002 }) },
        aws_vpc_security_group_ingress_rule: { nodes_routed: rule('nodes', 3000, { group: 'lb' }, { to_port: 3001 }) },
      });
      expect(subjects(evaluate(routed, standby)).filter((line) => line.includes('shared ALB →'))).toEqual([
        'the shared ALB → workload pods (node group general) TCP 8000 must be allowed: true',
        'the shared ALB → workload pods (node group general) once the site serves (a routed port of the workloads) TCP 3000 must be allowed: true',
        'the shared ALB → workload pods (node group general) once the site serves (a routed port of the workloads) TCP 3001 must be allowed: true',
        'the shared ALB → workload pods (node group general) once the site serves (a routed port of the workloads) TCP 3002 must be allowed: false',
      ]);
      expect(failed(routed, standby)).toEqual([
        'the shared ALB → workload pods (node group general) once the site serves (a routed port of the workloads) TCP 3002 must be allowed: no ingress rule of main/aws_security_group.nodes (<aws_security_group.nodes>) allows TCP 3002 from the shared ALB (groups <aws_security_group.lb>)',
      ]);
      // A port an Ingress already routes to is checked once, as routed.
      const api = merge(routed, {
        kubernetes_service_v1: { api: { metadata: [{ name: 'api', namespace: 'apps' }], spec: [{ port: [{ port: 80, target_port: 3000 }] }] } },
        kubernetes_ingress_v1: { api: ingress('api', { 'security-groups': sg('lb') }) },
      });
      expect(subjects(evaluate(api, standby)).filter((line) => line.includes('shared ALB →')).map((line) => line.replace(/.* TCP /, ''))).toEqual([
        '3000 must be allowed: true',
        '8000 must be allowed: true',
        '3001 must be allowed: true',
        '3002 must be allowed: false',
      ]);
    });

    it('the routed ports of several catalogs are checked in order', () => {
      const both = env({ site: { active: false, runsCache: true, runsCompute: true }, workloads: { enabled: false, catalogs: ['microservices', 'novel-engine'] } });
      expect(subjects(evaluate(BASE, both)).filter((line) => line.includes('once the site serves')).map((line) => line.replace(/.* TCP /, ''))).toEqual([
        '80 must be allowed: false',
        '3000 must be allowed: false',
        '3001 must be allowed: false',
        '3002 must be allowed: false',
      ]);
    });

    it('a site that serves, no site, or ECS asks nothing more', () => {
      const ports = (environment: ContractInput['environment']) => subjects(evaluate(BASE, environment)).filter((line) => line.includes('once the site serves'));
      expect(ports(env({ site: { active: true, runsCache: true, runsCompute: true }, workloads: { enabled: true, catalogs: ['microservices'] } }))).toEqual([]);
      expect(ports(env({ workloads: { enabled: true, catalogs: ['microservices'] } }))).toEqual([]);
      expect(ports(env({ compute: 'ecs', site: { active: false, runsCache: true, runsCompute: true }, workloads: { enabled: false, catalogs: ['microservices'] } }))).toEqual([]);
    });
  });

  describe('on ECS', () => {
    const SERVICE = { containerPort: 3000, database: true, cache: false, deployment: 'blue-green' };
    const ECS = env({ compute: 'ecs', ecs: { services: { api: SERVICE } } });
    const ecs = (service: Json) => env({ compute: 'ecs', ecs: { services: { api: { ...SERVICE, ...service } } } });
    const lbArn = ref('aws_lb', 'alb', 'arn');
    const group = (name: string) => ref('aws_lb_target_group', name, 'arn');
    const listener = (port: number, protocol: string, action: Json) => ({ load_balancer_arn: lbArn, port, protocol, default_action: [action] });
    const SERVICES: Json = {
      aws_security_group: { tasks: {}, alb: {} },
      aws_ecs_service: {
        api: {
          name: 'acme-production-api',
          network_configuration: [{ security_groups: [sg('tasks')], subnets: [subnet('private')], assign_public_ip: false }],
          load_balancer: [{ target_group_arn: group('blue') }],
        },
      },
      aws_lb: { alb: { security_groups: [sg('alb')], subnets: [subnet('public')], internal: false } },
      aws_lb_target_group: { blue: { name: 'api-blue', port: 3000 }, green: { name: 'api-green', port: 3000 } },
      aws_lb_listener: {
        https: listener(443, 'HTTPS', { type: 'forward', target_group_arn: group('blue') }),
        http: listener(80, 'HTTP', { type: 'redirect', redirect: [{ protocol: 'HTTPS', port: '443' }] }),
        test: listener(8443, 'HTTPS', { type: 'forward', target_group_arn: group('green') }),
      },
      aws_codedeploy_deployment_group: {
        api: {
          ecs_service: [{ service_name: 'acme-production-api' }],
          load_balancer_info: [{ target_group_pair_info: [{ test_traffic_route: [{ listener_arns: [ref('aws_lb_listener', 'test', 'arn')] }], target_group: [{ name: 'api-blue' }, { name: 'api-green' }] }] }],
        },
      },
      aws_vpc_security_group_egress_rule: {
        tasks_db: rule('tasks', 5432, { group: 'db' }),
        tasks_https: rule('tasks', 443, { cidr: '0.0.0.0/0' }),
        alb_tasks: rule('alb', 3000, { group: 'tasks' }),
      },
      aws_vpc_security_group_ingress_rule: {
        db_tasks: rule('db', 5432, { group: 'tasks' }),
        vpce_vpc: rule('vpce', 443, { cidr: '10.0.0.0/16' }),
        alb_https: rule('alb', 443, { cidr: '0.0.0.0/0' }),
        alb_http: rule('alb', 80, { cidr: '0.0.0.0/0' }),
        tasks_alb: rule('tasks', 3000, { group: 'alb' }),
      },
    };
    const ECS_BASE = merge(NETWORK, DATA, SERVICES);
    const with_ = (part: Json) => merge(ECS_BASE, part);

    it('a service whose stacks build every flow passes each check, and each is named', () => {
      expect(subjects(evaluate(ECS_BASE, ECS))).toEqual([
        'PostgreSQL (aws_db_instance) exists, as the config asks: true',
        'Redis (aws_elasticache_replication_group) exists, as the config asks: true',
        'OpenSearch (aws_opensearch_domain) exists, as the config asks: true',
        'an interface endpoint (aws_vpc_endpoint) exists, as the config asks: true',
        'the ECS service acme-production-api (aws_ecs_service) exists, as ecs.services.api asks: true',
        'tasks of acme-production-api → PostgreSQL TCP 5432 must be allowed: true',
        'tasks of acme-production-api → Redis (ecs.services.api.cache is off) TCP 6379 must be blocked: true',
        'tasks of acme-production-api → the com.amazonaws.eu-central-1.ecr.api endpoint TCP 443 must be allowed: true',
        'tasks of acme-production-api → the internet (OpenAI, Firebase, AWS APIs) TCP 443 must be allowed: true',
        'the internet → tasks of acme-production-api TCP 3000 must be blocked: true',
        'the security groups of the tasks of acme-production-api admit nothing from the internet on 3000: true',
        'the load balancer of acme-production-api (aws_lb forwarding to its target group) exists: true',
        'the load balancer of acme-production-api is internet-facing, serves HTTPS on 443 and only redirects 80 to HTTPS: true',
        'the internet → the load balancer of acme-production-api TCP 443 must be allowed: true',
        'the internet → the load balancer of acme-production-api TCP 80 must be allowed: true',
        'the load balancer of acme-production-api → tasks of acme-production-api TCP 3000 must be allowed: true',
        'the blue/green deployment of acme-production-api has a CodeDeploy deployment group with a test listener: true',
        'the internet → the test listener of acme-production-api TCP 8443 must be blocked: true',
        'the internet → PostgreSQL TCP 5432 must be blocked: true',
        'another private network (172.16.0.0/12) → PostgreSQL TCP 5432 must be blocked: true',
        'the internet → Redis TCP 6379 must be blocked: true',
        'another private network (172.16.0.0/12) → Redis TCP 6379 must be blocked: true',
        'the internet → OpenSearch TCP 443 must be blocked: true',
        'another private network (172.16.0.0/12) → OpenSearch TCP 443 must be blocked: true',
      ]);
    });

    it('a configured service no stack creates is named, and nothing else of it is checked', () => {
      const renamed = with_({ aws_ecs_service: { api: { name: 'acme-production-web' } } });
      expect(failed(renamed, ECS)).toEqual(["the ECS service acme-production-api (aws_ecs_service) exists, as ecs.services.api asks: no aws_ecs_service named acme-production-api in the environment's stacks"]);
      expect(subjects(evaluate(renamed, ECS)).filter((line) => line.includes('acme-production-api'))).toEqual(['the ECS service acme-production-api (aws_ecs_service) exists, as ecs.services.api asks: false']);
    });

    it('the tasks reach the stores their config asks for, and only those', () => {
      expect(failed(ECS_BASE, ecs({ database: false }))).toEqual(['tasks of acme-production-api → PostgreSQL (ecs.services.api.database is off) TCP 5432 must be blocked: every layer allows it']);
      const cacheOpen = with_({ aws_vpc_security_group_egress_rule: { tasks_cache: rule('tasks', 6379, { group: 'cache' }) }, aws_vpc_security_group_ingress_rule: { cache_tasks: rule('cache', 6379, { group: 'tasks' }) } });
      expect(failed(cacheOpen, ECS)).toEqual(['tasks of acme-production-api → Redis (ecs.services.api.cache is off) TCP 6379 must be blocked: every layer allows it']);
      expect(failed(cacheOpen, ecs({ cache: true }))).toEqual([]);
      expect(failed(ECS_BASE, ecs({ cache: true }))).toEqual([
        'tasks of acme-production-api → Redis TCP 6379 must be allowed: no egress rule of main/aws_security_group.tasks (<aws_security_group.tasks>) allows TCP 6379 to Redis (groups <aws_security_group.cache>); no ingress rule of main/aws_security_group.cache (<aws_security_group.cache>) allows TCP 6379 from tasks of acme-production-api (groups <aws_security_group.tasks>)',
      ]);
    });

    it('the tasks reach the interface endpoints, and the internet through a NAT gateway (or, with a public IP, the internet gateway)', () => {
      expect(failed(ECS_BASE, ECS, 'aws_vpc_security_group_ingress_rule.vpce_vpc', 'aws_route.nat')).toEqual([
        'tasks of acme-production-api → the com.amazonaws.eu-central-1.ecr.api endpoint TCP 443 must be allowed: no ingress rule of main/aws_security_group.vpce (<aws_security_group.vpce>) allows TCP 443 from tasks of acme-production-api (groups <aws_security_group.tasks>)',
        'tasks of acme-production-api → the internet (OpenAI, Firebase, AWS APIs) TCP 443 must be allowed: main/aws_subnet.private (<aws_subnet.private>) has no default route to a NAT gateway',
      ]);
      const publicTasks = (assign: boolean) =>
        with_({ aws_ecs_service: { api: { ...(SERVICES.aws_ecs_service as Record<string, Json>).api, network_configuration: [{ security_groups: [sg('tasks')], subnets: [subnet('public')], assign_public_ip: assign }] } } });
      expect(failed(publicTasks(true), ECS)).toEqual([]);
      expect(failed(publicTasks(false), ECS)).toEqual([
        'tasks of acme-production-api → the internet (OpenAI, Firebase, AWS APIs) TCP 443 must be allowed: main/aws_subnet.public (<aws_subnet.public>) has no default route to a NAT gateway',
      ]);
    });

    it('the tasks’ groups admitting the internet on the container port are named, though the private subnet keeps it out', () => {
      expect(failed(with_({ aws_vpc_security_group_ingress_rule: { tasks_open: rule('tasks', 3000, { cidr: '0.0.0.0/0' }) } }), ECS)).toEqual([
        "the security groups of the tasks of acme-production-api admit nothing from the internet on 3000: an ingress rule of <aws_security_group.tasks> admits the internet on TCP 3000; only the private subnet keeps it out. Fix: admit the load balancer's group only",
      ]);
      const twoGroups = with_({
        aws_ecs_service: { api: { ...(SERVICES.aws_ecs_service as Record<string, Json>).api, network_configuration: [{ security_groups: [sg('tasks'), sg('vpce')], subnets: [subnet('private')] }] } },
        aws_vpc_security_group_ingress_rule: { tasks_open: rule('tasks', 3000, { cidr: '0.0.0.0/0' }) },
      });
      expect(failed(twoGroups, ECS)).toEqual([
        "the security groups of the tasks of acme-production-api admit nothing from the internet on 3000: an ingress rule of <aws_security_group.tasks>, <aws_security_group.vpce> admits the internet on TCP 3000; only the private subnet keeps it out. Fix: admit the load balancer's group only",
      ]);
      expect(failed(with_({ aws_vpc_security_group_ingress_rule: { tasks_open: rule('tasks', 3001, { cidr: '0.0.0.0/0' }) } }), ECS)).toEqual([]);
    });

    it('a service whose target group no listener forwards to has no load balancer, and nothing of one is checked', () => {
      const noListener = evaluate(ECS_BASE, ECS, 'aws_lb_listener.https', 'aws_lb_listener.test');
      expect(failures(noListener).map((line) => line.replace(/ \(.*\)$/, ''))).toEqual([
        'the load balancer of acme-production-api (aws_lb forwarding to its target group) exists: no aws_lb has a listener that forwards to the target group of main/aws_ecs_service.api',
      ]);
      expect(subjects(noListener).filter((line) => /load balancer|test listener|blue\/green/.test(line))).toEqual(['the load balancer of acme-production-api (aws_lb forwarding to its target group) exists: false']);
    });

    it('an internal load balancer, HTTP on 443, no listener on 443, and 80 forwarding are named', () => {
      expect(failed(with_({ aws_lb: { alb: { security_groups: [sg('alb')], subnets: [subnet('public')], internal: 'true' } } }), ECS)).toEqual(['the load balancer of acme-production-api is internet-facing, serves HTTPS on 443 and only redirects 80 to HTTPS: main/aws_lb.alb is internal: the internet cannot reach it']);
      expect(subjects(evaluate(with_({ aws_lb: { alb: { security_groups: [sg('alb')], subnets: [subnet('public')], internal: true } } }), ECS)).filter((line) => line.startsWith('the internet → the load balancer'))).toEqual([]);
      expect(failed(with_({ aws_lb_listener: { https: listener(443, 'HTTP', { type: 'forward', target_group_arn: group('blue') }), http: listener(80, 'HTTP', { type: 'forward', target_group_arn: group('blue') }) } }), ECS)).toEqual([
        'the load balancer of acme-production-api is internet-facing, serves HTTPS on 443 and only redirects 80 to HTTPS: no HTTPS listener on 443 (443 is HTTP); main/aws_lb_listener.http (port 80) does not redirect to HTTPS: it would serve plain HTTP',
      ]);
      expect(failed(with_({ aws_lb_listener: { https: listener(444, 'HTTPS', { type: 'forward', target_group_arn: group('blue') }) } }), ECS)).toEqual([
        'the load balancer of acme-production-api is internet-facing, serves HTTPS on 443 and only redirects 80 to HTTPS: no HTTPS listener on 443 (none on 443)',
      ]);
      // No listener on 80 serves nothing in plain HTTP.
      expect(failed(ECS_BASE, ECS, 'aws_lb_listener.http')).toEqual([]);
    });

    it('the test listener does not count as the HTTPS listener on 443', () => {
      const testOn443 = with_({ aws_lb_listener: { https: listener(443, 'HTTPS', { type: 'forward', target_group_arn: group('blue') }), test: listener(443, 'HTTPS', { type: 'forward', target_group_arn: group('blue') }) } });
      expect(failed(testOn443, ECS, 'aws_lb_listener.https')).toEqual([
        'the load balancer of acme-production-api is internet-facing, serves HTTPS on 443 and only redirects 80 to HTTPS: no HTTPS listener on 443 (none on 443)',
        'the internet → the test listener of acme-production-api TCP 443 must be blocked: every layer allows it',
      ]);
    });

    it('the load balancer must reach the tasks on each target group’s port; none found is named', () => {
      expect(failed(ECS_BASE, ECS, 'aws_vpc_security_group_egress_rule.alb_tasks')).toEqual([
        'the load balancer of acme-production-api → tasks of acme-production-api TCP 3000 must be allowed: no egress rule of main/aws_security_group.alb (<aws_security_group.alb>) allows TCP 3000 to tasks of acme-production-api (groups <aws_security_group.tasks>)',
      ]);
      expect(failed(with_({ aws_lb_target_group: { green: { name: 'api-green', port: 3001 } } }), ECS)).toEqual([
        'the load balancer of acme-production-api → tasks of acme-production-api TCP 3001 must be allowed: no egress rule of main/aws_security_group.alb (<aws_security_group.alb>) allows TCP 3001 to tasks of acme-production-api (groups <aws_security_group.tasks>); no ingress rule of main/aws_security_group.tasks (<aws_security_group.tasks>) allows TCP 3001 from the load balancer of acme-production-api (groups <aws_security_group.alb>)',
      ]);
      const arn = 'arn:aws:elasticloadbalancing:eu-central-1:123456789012:targetgroup/gone/0123456789abcdef';
      const gone = with_({
        aws_ecs_service: { api: { ...(SERVICES.aws_ecs_service as Record<string, Json>).api, load_balancer: [{ target_group_arn: arn }] } },
        aws_lb_listener: { https: listener(443, 'HTTPS', { type: 'forward', target_group_arn: arn }) },
      });
      expect(failed(gone, ecs({ deployment: 'rolling' }), 'aws_codedeploy_deployment_group')).toEqual(['the target groups of acme-production-api name a port: no aws_lb_target_group of the service found']);
    });

    it('a blue/green service needs a deployment group with a test listener; a rolling one does not', () => {
      expect(failed(ECS_BASE, ECS, 'aws_codedeploy_deployment_group')).toEqual(['the blue/green deployment of acme-production-api has a CodeDeploy deployment group with a test listener: no aws_codedeploy_deployment_group releases acme-production-api']);
      const noTest = with_({ aws_codedeploy_deployment_group: { api: { ecs_service: [{ service_name: 'acme-production-api' }], load_balancer_info: [{ target_group_pair_info: [{ target_group: [{ name: 'api-blue' }, { name: 'api-green' }] }] }] } } });
      expect(failed(noTest, ECS)).toEqual(['the blue/green deployment of acme-production-api has a CodeDeploy deployment group with a test listener: main/aws_codedeploy_deployment_group.api names no test listener of main/aws_lb.alb']);
      expect(failed(noTest, ecs({ deployment: 'rolling' }))).toEqual([]);
    });

    it('the internet must not reach the test listener', () => {
      expect(failed(with_({ aws_vpc_security_group_ingress_rule: { alb_https: rule('alb', 443, { cidr: '0.0.0.0/0' }, { to_port: 8443 }) } }), ECS)).toEqual(['the internet → the test listener of acme-production-api TCP 8443 must be blocked: every layer allows it']);
      expect(failed(with_({ aws_vpc_security_group_ingress_rule: { alb_https: rule('alb', 443, { cidr: '0.0.0.0/0' }, { to_port: 8442 }) } }), ECS)).toEqual([]);
    });

    it('with no runner asked for, a project named as the missing name would be is no runner', () => {
      const named = merge(ECS_BASE, { aws_codebuild_project: { runner: { name: 'undefined', vpc_config: [{ security_group_ids: [sg('tasks')], subnets: [subnet('private')] }] } } });
      expect(subjects(evaluate(named, ECS)).filter((line) => line.includes('runner'))).toEqual([]);
    });

    it('on ECS, node groups and Ingresses are not the platform’s workloads', () => {
      expect(subjects(evaluate(merge(ECS_BASE, CLUSTER), ECS)).filter((line) => /runner|EKS cluster|node group exists/.test(line))).toEqual([
        // No GitHub runner on ECS: only the deploy runner reaches an API a stack creates.
        'a deploy runner in the private subnets → the EKS API (private endpoint) TCP 443 must be allowed: true',
      ]);
    });
  });
});
