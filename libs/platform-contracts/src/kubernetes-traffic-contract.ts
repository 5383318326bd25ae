import { cidrSubnet } from '@platform/core';
import { stringsOf } from '@platform/guardrails';
import { ALB_ANNOTATION, ALB_INGRESS_CLASS, forwardTargets, USE_ANNOTATION } from './alb-ingresses';
import { check, type ContractCheck, type ContractInput, type ContractResult, type PlatformContract } from './contract';
import { type CidrDestination, kubernetesName, manifestsOfKind, NetworkPolicyEvaluator, type Pod, type PodFlow } from './kubernetes-objects';
import { NetworkPaths } from './network-paths';
import type { ModelResource, PlatformModel } from './platform-model';
import { helmValues } from './private/kubernetes-objects';
import { notApplicableOnEcs } from './private/not-on-ecs';

type Json = Record<string, unknown>;
type Labels = Readonly<Record<string, string>>;

/**
 * The pods of the charts the platform installs, as each pinned chart labels them (selector labels of the pinned
 * versions; the release name is the platform's). A chart bump that changes them must change this table.
 */
const CHART_PODS: Readonly<Record<string, { readonly what: string; readonly labels: (release: string) => Labels }>> = {
  // kube-prometheus-stack 88.5.3: the prometheus-operator labels the Prometheus server pods.
  'kube-prometheus-stack': { what: 'Prometheus', labels: () => ({ 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/managed-by': 'prometheus-operator' }) },
  // opentelemetry-collector 0.170.0: selector labels (chart name, release) and the deployment-mode component.
  'opentelemetry-collector': {
    what: 'OpenTelemetry Collector',
    labels: (release) => ({ 'app.kubernetes.io/name': 'opentelemetry-collector', 'app.kubernetes.io/instance': release, component: 'standalone-collector' }),
  },
};
/** OTLP gRPC and HTTP receivers of the collector. */
const OTLP_PORTS = [4317, 4318];
/** CoreDNS of EKS (the coredns add-on) in kube-system. */
const KUBE_DNS: Omit<Pod, 'address'> = { name: 'kube-system/coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns', 'eks.amazonaws.com/component': 'coredns' }, namedPorts: {} };
/** cert-manager's HTTP-01 solver pods (acmesolver), started in the namespace of the Ingress that asks for a certificate. */
const ACME_SOLVER = { labels: { 'acme.cert-manager.io/http01-solver': 'true' }, port: 8089 };
const CLUSTER_ISSUER_ANNOTATION = 'cert-manager.io/cluster-issuer';
/** The variables the workloads library sets for database and cache users (data-tier-connection.ts). */
const DATA_TIER_VARIABLES = { DATABASE_URL: { store: 'PostgreSQL', port: 5432 }, REDIS_URL: { store: 'Redis', port: 6379 } } as const;
const IRSA_ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';

/**
 * Pod-to-pod traffic under the NetworkPolicies as written (the namespaces' default-deny plus every allow), evaluated
 * with Kubernetes' semantics (see NetworkPolicyEvaluator):
 * - must hold: the shared ALB (IP targets: its nodes' addresses in every subnet tagged `kubernetes.io/role/elb`, where
 *   the AWS Load Balancer Controller places internet-facing load balancers) → every Service port an Ingress routes to,
 *   and → cert-manager's HTTP-01 solver (8089) in every namespace with a certificate-issuing Ingress; Prometheus → every metrics port (Service ports named
 *   `metrics` and the ports ServiceMonitors scrape); every application pod → kube-dns 53 UDP and TCP, → the
 *   OpenTelemetry Collector's OTLP ports (when one runs), → every subnet of PostgreSQL 5432 / Redis 6379 (pods with
 *   DATABASE_URL / REDIS_URL), → the subnets of the VPC's interface endpoints 443 (pods whose service account has an
 *   IRSA role: STS);
 * - must not: any other pod of another namespace → any port of an application pod (a pod of `default`, plain or
 *   wearing Prometheus' labels; the monitoring namespace's other pods).
 */
export class KubernetesTrafficContract implements PlatformContract {
  readonly id = 'kubernetes-traffic';
  readonly title = 'Kubernetes traffic: the flows the platform needs pass the NetworkPolicies, and nothing else crosses into application namespaces';

  evaluate(input: ContractInput): ContractResult {
    const notApplicable = notApplicableOnEcs(this, input, 'no NetworkPolicies; the tasks\' security groups are checked by network-reachability');
    if (notApplicable) return notApplicable;
    const { model } = input;
    const evaluator = new NetworkPolicyEvaluator(model);
    const address = podAddress(model);
    const checks: ContractCheck[] = [];
    const name = (flow: PodFlow) => `${flow.from.name} → ${flow.to.name} ${flow.protocol} ${flow.port}`;
    const mustHold = (flow: PodFlow, fix: string) => {
      const blockers = evaluator.blockers(flow);
      checks.push(check(`${name(flow)} must be allowed`, blockers.length === 0 ? [] : [...blockers, `Fix: ${fix}`]));
    };
    // Without the VPC CNI's network policy agent the policies are accepted by the API and enforced by nothing.
    for (const cni of model.resources('aws_eks_addon').filter((addon) => addon.values.addon_name === 'vpc-cni')) {
      const configuration = JSON.parse(String(cni.values.configuration_values ?? '{}')) as { enableNetworkPolicy?: unknown };
      checks.push(
        check(
          `the VPC CNI (${cni.constructPath}) enforces NetworkPolicies`,
          String(configuration.enableNetworkPolicy) === 'true' ? [] : ['configuration_values sets no enableNetworkPolicy "true": every policy here would be ignored. Fix: set enableNetworkPolicy "true"'],
        ),
      );
    }
    const mustNot = (flow: PodFlow) => {
      const blockers = evaluator.blockers(flow);
      checks.push(check(`${name(flow)} must be denied`, blockers.length > 0 ? [] : ['every NetworkPolicy on the way allows it. Fix: narrow the rule that admits it to the platform’s own pods (namespace and pod selector)']));
    };

    const charts = chartPods(model, address);
    const albNodes = loadBalancerNodes(model);
    const prometheus = charts.find((pod) => pod.chart === 'kube-prometheus-stack');
    const collector = charts.find((pod) => pod.chart === 'opentelemetry-collector');
    const dns: Pod = { ...KUBE_DNS, address };
    const apps = applicationPods(model, address);
    const services = kubernetesServices(model);
    const paths = new NetworkPaths(model);

    for (const app of apps) {
      const selecting = services.filter((service) => service.namespace === app.pod.namespace && Object.keys(service.selector).length > 0 && Object.entries(service.selector).every(([k, v]) => app.pod.labels[k] === v));
      const targetPort = (port: ServicePort) => (typeof port.targetPort === 'number' ? port.targetPort : app.pod.namedPorts[port.targetPort]);
      // The ALB, from each of its subnets → every Service port an Ingress routes to.
      for (const alb of albNodes) {
        for (const service of selecting) {
          for (const port of service.ports.filter((candidate) => routedPorts(model, service).includes(candidate.port))) {
            const target = targetPort(port);
            if (target !== undefined) mustHold({ from: alb, to: app.pod, port: target, protocol: 'TCP' }, `admit the ALB's subnets (ipBlock of the public subnets) on ${target} in the NetworkPolicy of ${app.pod.name}`);
          }
        }
      }
      // Prometheus → every metrics port: Service ports named `metrics`, and what ServiceMonitors scrape.
      if (prometheus !== undefined) {
        const scraped = new Set<number>();
        for (const service of selecting) {
          for (const port of service.ports) {
            if (port.name === 'metrics' || scrapedPortNames(model, service).includes(port.name)) {
              const target = targetPort(port);
              if (target !== undefined) scraped.add(target);
            }
          }
        }
        for (const port of scraped) mustHold({ from: prometheus, to: app.pod, port, protocol: 'TCP' }, `allow the Prometheus pods of ${prometheus.namespace} in on ${port} in the NetworkPolicy of ${app.pod.name}`);
      }
      for (const protocol of ['UDP', 'TCP'] as const) mustHold({ from: app.pod, to: dns, port: 53, protocol }, `allow egress to kube-system's kube-dns pods on ${protocol} 53`);
      if (collector !== undefined) {
        for (const port of OTLP_PORTS) mustHold({ from: app.pod, to: collector, port, protocol: 'TCP' }, `allow egress of ${app.pod.name} to the collector pods of ${collector.namespace} on ${port}`);
      }
      for (const [variable, { store, port }] of Object.entries(DATA_TIER_VARIABLES)) {
        if (!app.env.includes(variable)) continue;
        for (const destination of dataTierSubnets(model, paths, store)) mustHold({ from: app.pod, to: destination, port, protocol: 'TCP' }, `allow egress to ${destination.cidr} on ${port} (the data tier's subnets)`);
      }
      if (app.hasRole) {
        for (const destination of interfaceEndpointSubnets(model, paths)) {
          mustHold({ from: app.pod, to: destination, port: 443, protocol: 'TCP' }, `allow egress to the VPC CIDR on 443: the service account's IRSA credentials come from STS through ${destination.name}`);
        }
      }
      // Nothing else crosses namespaces into the application pod.
      const strangers: Pod[] = [
        { name: 'a pod in default', namespace: 'default', labels: { app: 'intruder' }, namedPorts: {}, address },
        ...[prometheus].flatMap((pod) => (pod === undefined ? [] : [{ name: `a pod in default wearing the ${pod.what} labels`, namespace: 'default', labels: pod.labels, namedPorts: {}, address }])),
        ...(prometheus === undefined ? [] : [{ name: `another pod of ${prometheus.namespace} (Grafana)`, namespace: prometheus.namespace, labels: { 'app.kubernetes.io/name': 'grafana' }, namedPorts: {}, address }]),
      ].filter((stranger) => stranger.namespace !== app.pod.namespace);
      for (const stranger of strangers) {
        for (const port of new Set(Object.values(app.pod.namedPorts))) mustNot({ from: stranger, to: app.pod, port, protocol: 'TCP' });
      }
    }

    // The ALB → cert-manager's solver in each namespace with a certificate-issuing Ingress.
    for (const alb of albNodes) {
      for (const namespace of certificateNamespaces(model)) {
        const solver: Pod = { name: `${namespace}/cm-acme-http-solver`, namespace, labels: ACME_SOLVER.labels, namedPorts: { http: ACME_SOLVER.port }, address };
        mustHold(
          { from: alb, to: solver, port: ACME_SOLVER.port, protocol: 'TCP' },
          `add a NetworkPolicy in ${namespace} selecting acme.cert-manager.io/http01-solver=true that admits the ALB's subnets on TCP 8089 (PlatformNamespaces' acmeSolverIngress)`,
        );
        if (apps.some((app) => app.pod.namespace === namespace)) mustNot({ from: { name: 'a pod in default', namespace: 'default', labels: { app: 'intruder' }, namedPorts: {}, address }, to: solver, port: ACME_SOLVER.port, protocol: 'TCP' });
      }
    }
    return { id: this.id, title: this.title, checks };
  }
}

interface ServicePort {
  readonly name: string;
  readonly port: number;
  readonly targetPort: number | string;
}

interface KubernetesService {
  readonly resource: ModelResource;
  readonly name: string;
  readonly namespace: string;
  readonly selector: Labels;
  readonly labels: Labels;
  readonly ports: readonly ServicePort[];
}

const one = (value: unknown): Json => ((Array.isArray(value) ? value[0] : value) ?? {}) as Json;
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : value === undefined || value === null ? [] : [value as Json]);

/** Every `kubernetes_service_v1`. */
export function kubernetesServices(model: PlatformModel): KubernetesService[] {
  return model.resources('kubernetes_service_v1').map((resource) => {
    const metadata = one(resource.raw.metadata);
    const spec = one(resource.raw.spec);
    return {
      resource,
      name: kubernetesName(model, resource, metadata.name),
      namespace: kubernetesName(model, resource, metadata.namespace),
      selector: (spec.selector ?? {}) as Labels,
      labels: (metadata.labels ?? {}) as Labels,
      ports: list(spec.port).map((port) => {
        const target = port.target_port ?? port.port;
        return { name: String(port.name ?? ''), port: Number(port.port), targetPort: /^\d+$/.test(String(target)) ? Number(target) : String(target) };
      }),
    };
  });
}

/**
 * The ports of a Service that an `alb` kubernetes_ingress_v1 of its namespace routes to, directly or through a forward
 * action (an Ingress of another class is served by another controller: the ALB sends it nothing).
 */
function routedPorts(model: PlatformModel, service: KubernetesService): number[] {
  return model.resources('kubernetes_ingress_v1').flatMap((ingress) => {
    if (one(ingress.raw.spec).ingress_class_name !== ALB_INGRESS_CLASS) return [];
    if (kubernetesName(model, ingress, one(ingress.raw.metadata).namespace) !== service.namespace) return [];
    return list(one(ingress.raw.spec).rule).flatMap((rule) =>
      list(one(rule.http).path).flatMap((path) => {
        const backend = one(one(path.backend).service);
        const port = one(backend.port);
        if (port.name === USE_ANNOTATION) {
          // A weighted forward (an Argo canary's stable and canary Services): every target group of the action is routed.
          const annotations = (one(ingress.raw.metadata).annotations ?? {}) as Json;
          const action = annotations[`${ALB_ANNOTATION}/actions.${kubernetesName(model, ingress, backend.name)}`];
          return forwardTargets(action).flatMap((group) => (group.serviceName === service.name ? [Number(group.servicePort)] : []));
        }
        return kubernetesName(model, ingress, backend.name) === service.name ? [Number(port.number)] : [];
      }),
    );
  });
}

/**
 * Port names of a Service that a ServiceMonitor scrapes: ServiceMonitor manifests, and those kube-prometheus-stack
 * renders from its values (`prometheus.additionalServiceMonitors`, in the release's namespace); each selects in its own
 * namespace unless its namespaceSelector names others.
 */
export function scrapedPortNames(model: PlatformModel, service: Pick<KubernetesService, 'namespace' | 'labels'>): string[] {
  const fromManifests = manifestsOfKind(model, 'ServiceMonitor').map(({ resource, manifest }) => ({
    namespace: kubernetesName(model, resource, ((manifest.metadata ?? {}) as Json).namespace),
    spec: (manifest.spec ?? {}) as Json,
  }));
  const fromCharts = model
    .resources('helm_release')
    .filter((release) => release.raw.chart === 'kube-prometheus-stack')
    .flatMap((release) =>
      helmValues(release).flatMap((values) => list(((values.prometheus ?? {}) as Json).additionalServiceMonitors).map((spec) => ({ namespace: kubernetesName(model, release, release.raw.namespace), spec }))),
    );
  return [...fromManifests, ...fromCharts].flatMap(({ namespace, spec }) => {
    const namespaces = ((spec.namespaceSelector as Json | undefined)?.matchNames as string[] | undefined) ?? [namespace];
    const matchLabels = ((spec.selector as Json | undefined)?.matchLabels ?? {}) as Labels;
    const selects = namespaces.includes(service.namespace) && Object.entries(matchLabels).every(([key, value]) => service.labels[key] === value);
    return selects ? list(spec.endpoints).map((endpoint) => String(endpoint.port)) : [];
  });
}

/** The pods of the charts in CHART_PODS that the environment installs. */
function chartPods(model: PlatformModel, address: string): (Pod & { chart: string; what: string })[] {
  return model.resources('helm_release').flatMap((release) => {
    const chart = String(release.raw.chart);
    const pinned = CHART_PODS[chart];
    if (pinned === undefined) return [];
    const namespace = kubernetesName(model, release, release.raw.namespace);
    return [{ chart, what: pinned.what, name: `${namespace}/${pinned.what}`, namespace, labels: pinned.labels(String(release.raw.name)), namedPorts: {}, address }];
  });
}

/** The application pods: one per Deployment, with its container ports, variables and whether it has an IRSA role. */
function applicationPods(model: PlatformModel, address: string): { pod: Pod; env: string[]; hasRole: boolean }[] {
  const accounts = model.resources('kubernetes_service_account_v1').map((resource) => {
    const metadata = one(resource.raw.metadata);
    return { name: kubernetesName(model, resource, metadata.name), namespace: kubernetesName(model, resource, metadata.namespace), annotations: (metadata.annotations ?? {}) as Json };
  });
  return model.resources('kubernetes_deployment_v1').map((resource) => {
    const metadata = one(resource.raw.metadata);
    const namespace = kubernetesName(model, resource, metadata.namespace);
    const template = one(one(resource.raw.spec).template);
    const podSpec = one(template.spec);
    const containers = list(podSpec.container);
    const account = kubernetesName(model, resource, podSpec.service_account_name ?? 'default');
    const roleOf = accounts.find((candidate) => candidate.name === account && candidate.namespace === namespace);
    return {
      pod: {
        name: `${namespace}/${kubernetesName(model, resource, metadata.name)}`,
        namespace,
        labels: (one(template.metadata).labels ?? {}) as Labels,
        namedPorts: Object.fromEntries(containers.flatMap((container) => list(container.port).map((port) => [String(port.name ?? port.container_port), Number(port.container_port)]))),
        address,
      },
      env: containers.flatMap((container) => list(container.env).map((variable) => String(variable.name))),
      hasRole: roleOf?.annotations[IRSA_ROLE_ANNOTATION] !== undefined,
    };
  });
}

/** Namespaces with an Ingress that asks cert-manager for a certificate (a kubernetes_ingress_v1 or a chart's values). */
function certificateNamespaces(model: PlatformModel): string[] {
  const namespaces = new Set<string>();
  for (const ingress of model.resources('kubernetes_ingress_v1')) {
    const metadata = one(ingress.raw.metadata);
    if (((metadata.annotations ?? {}) as Json)[CLUSTER_ISSUER_ANNOTATION] !== undefined) namespaces.add(kubernetesName(model, ingress, metadata.namespace));
  }
  for (const release of model.resources('helm_release')) {
    if (stringsOf(release.raw.values).some((values) => values.includes(`"${CLUSTER_ISSUER_ANNOTATION}"`))) namespaces.add(kubernetesName(model, release, release.raw.namespace));
  }
  return [...namespaces].sort();
}

/**
 * The shared ALB as a traffic source: one node per subnet the AWS Load Balancer Controller may place an
 * internet-facing load balancer in (tag `kubernetes.io/role/elb`), outside every namespace; none without `alb` Ingresses.
 */
function loadBalancerNodes(model: PlatformModel): Pod[] {
  const albIngresses =
    model.resources('kubernetes_ingress_v1').some((ingress) => one(ingress.raw.spec).ingress_class_name === ALB_INGRESS_CLASS) ||
    model.resources('helm_release').some((release) => stringsOf(release.raw.values).some((values) => values.includes('"ingressClassName":"alb"')));
  if (!albIngresses) return [];
  return model
    .resources('aws_subnet')
    .filter((subnet) => (subnet.values.tags as Json | undefined)?.['kubernetes.io/role/elb'] === '1')
    .map((subnet) => String(subnet.values.cidr_block))
    .sort()
    .map((cidr) => ({ name: `the ALB in ${cidr}`, namespace: '(outside the cluster)', labels: {}, namedPorts: {}, address: cidrSubnet(cidr, 32 - Number(cidr.split('/')[1]), 10).split('/')[0] }));
}

/** An address in the pod network: with the VPC CNI, pods take addresses of their nodes' subnets. */
function podAddress(model: PlatformModel): string {
  const paths = new NetworkPaths(model);
  const [group] = model.resources('aws_eks_node_group');
  const [cidr] = group === undefined ? [] : paths.cidrsOf(stringsOf(group.values.subnet_ids));
  if (cidr === undefined) return '10.255.0.10';
  return cidrSubnet(cidr, 32 - Number(cidr.split('/')[1]), 10).split('/')[0];
}

/** Every subnet of the PostgreSQL instances' or Redis replication groups' subnet groups. */
function dataTierSubnets(model: PlatformModel, paths: NetworkPaths, store: 'PostgreSQL' | 'Redis'): CidrDestination[] {
  const [type, groupType, groupKey] =
    store === 'PostgreSQL' ? ['aws_db_instance', 'aws_db_subnet_group', 'db_subnet_group_name'] : ['aws_elasticache_replication_group', 'aws_elasticache_subnet_group', 'subnet_group_name'];
  return model.resources(type).flatMap((instance) => {
    const group = model.resources(groupType).find((candidate) => candidate.values.name === instance.values[groupKey]);
    return paths.cidrsOf(stringsOf(group?.values.subnet_ids)).map((cidr) => ({ name: `${store} subnet ${cidr}`, cidr }));
  });
}

/** The subnets of the VPC's interface endpoints (STS among them). */
function interfaceEndpointSubnets(model: PlatformModel, paths: NetworkPaths): CidrDestination[] {
  const cidrs = new Set(
    model
      .resources('aws_vpc_endpoint')
      .filter((endpoint) => endpoint.values.vpc_endpoint_type === 'Interface')
      .flatMap((endpoint) => paths.cidrsOf(stringsOf(endpoint.values.subnet_ids))),
  );
  return [...cidrs].sort().map((cidr) => ({ name: `the interface endpoints’ subnet ${cidr}`, cidr }));
}
