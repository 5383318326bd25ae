import type { ContractInput, ContractResult } from './contract';
import { KubernetesTrafficContract } from './kubernetes-traffic-contract';
import { PlatformModel } from './platform-model';
import { failures, merge } from './private/spec-support';

type Json = Record<string, unknown>;

const contract = new KubernetesTrafficContract();
const EKS = { name: 'production', compute: 'eks' } as unknown as ContractInput['environment'];

interface DeploymentOptions {
  readonly namespace?: string;
  readonly labels?: Json;
  readonly ports?: Json[];
  readonly env?: readonly string[];
  readonly account?: string;
}
/** A Deployment of one container (pod labels app=<name>, container port http 8080 unless told). */
const deployment = (name: string, { namespace = 'apps', labels = { app: name }, ports = [{ name: 'http', container_port: 8080 }], env = [], account }: DeploymentOptions = {}) => ({
  kubernetes_deployment_v1: {
    [name]: {
      metadata: [{ name, namespace }],
      spec: [
        {
          template: [
            { metadata: [{ labels }], spec: [{ ...(account === undefined ? {} : { service_account_name: account }), container: [{ name, port: ports, env: env.map((variable) => ({ name: variable, value: 'x' })) }] }] },
          ],
        },
      ],
    },
  },
});

interface ServiceOptions {
  readonly namespace?: string;
  readonly selector?: Json;
  readonly labels?: Json;
  readonly ports?: Json[];
}
/** A Service selecting app=<name>, port http 80 → the container port named http unless told. */
const service = (name: string, { namespace = 'apps', selector = { app: name }, labels, ports = [{ name: 'http', port: 80, target_port: 'http' }] }: ServiceOptions = {}) => ({
  kubernetes_service_v1: { [name]: { metadata: [{ name, namespace, ...(labels ? { labels } : {}) }], spec: [{ selector, port: ports }] } },
});

interface IngressOptions {
  readonly namespace?: string;
  readonly className?: string;
  readonly backend?: string;
  readonly port?: Json;
  readonly annotations?: Json;
}
/** An Ingress of class alb in apps routing / to Service <backend> (<name> unless told) port 80. */
const ingress = (name: string, { namespace = 'apps', className = 'alb', backend = name, port = { number: 80 }, annotations }: IngressOptions = {}) => ({
  kubernetes_ingress_v1: {
    [name]: {
      metadata: [{ name, namespace, ...(annotations ? { annotations } : {}) }],
      spec: [{ ingress_class_name: className, rule: [{ http: [{ path: [{ path: '/', backend: [{ service: [{ name: backend, port: [port] }] }] }] }] }] }],
    },
  },
});
const policy = (name: string, namespace: string, spec: Json) => ({ kubernetes_network_policy_v1: { [`${namespace}_${name}`]: { metadata: [{ name, namespace }], spec: [spec] } } });
/** Every pod of the namespace isolated both ways. */
const deny = (namespace = 'apps') => policy('deny', namespace, { pod_selector: [{}], policy_types: ['Ingress', 'Egress'] });
const subnet = (name: string, cidr: string, tags?: Json) => ({ aws_subnet: { [name]: { cidr_block: cidr, ...(tags ? { tags } : {}) } } });
const PUBLIC = subnet('public_a', '10.0.0.0/24', { 'kubernetes.io/role/elb': '1' });
/** A Helm release with its values documents (as JSON text, as cdktf writes them). */
const release = (name: string, chart: string, namespace: string, ...documents: Json[]) => ({
  helm_release: { [name]: { name, chart, namespace, ...(documents.length > 0 ? { values: documents.map((document) => JSON.stringify(document)) } : {}) } },
});
const PROMETHEUS = release('kps', 'kube-prometheus-stack', 'monitoring');
const COLLECTOR = release('otel', 'opentelemetry-collector', 'observability');

/** The web app: Deployment, Service and alb Ingress in apps, and the ALB's public subnet. */
const WEB = [deployment('web'), service('web'), ingress('web'), PUBLIC];

function evaluate(...parts: Json[]): ContractResult {
  const model = new PlatformModel({ cluster: { resource: merge(...parts) } } as ConstructorParameters<typeof PlatformModel>[0]);
  return contract.evaluate({ model, environment: EKS }) as ContractResult;
}
const subjects = (result: ContractResult) => result.checks.map((item) => `${item.subject}: ${item.passed}`);
const flows = (...parts: Json[]) => subjects(evaluate(...parts));

const DNS = ['apps/web → kube-system/coredns UDP 53 must be allowed: true', 'apps/web → kube-system/coredns TCP 53 must be allowed: true'];
const STRANGER = 'a pod in default → apps/web TCP 8080 must be denied';
const LET_IN = 'every NetworkPolicy on the way allows it. Fix: narrow the rule that admits it to the platform’s own pods (namespace and pod selector)';

describe('kubernetes traffic contract', () => {
  it('is titled for the report; with nothing in the cluster checks nothing', () => {
    const result = evaluate();
    expect(result.id).toBe('kubernetes-traffic');
    expect(result.title).toBe('Kubernetes traffic: the flows the platform needs pass the NetworkPolicies, and nothing else crosses into application namespaces');
    expect(result.checks).toEqual([]);
  });

  it('does not apply on ECS, where a Kubernetes resource is named', () => {
    const ecs = { name: 'staging', compute: 'ecs' } as unknown as ContractInput['environment'];
    const result = contract.evaluate({ model: new PlatformModel({ cluster: { resource: merge(...WEB) } } as ConstructorParameters<typeof PlatformModel>[0]), environment: ecs }) as ContractResult;
    expect(result.notes).toEqual(["not applicable: staging runs on ECS Fargate (compute: 'ecs'); no NetworkPolicies; the tasks' security groups are checked by network-reachability"]);
    expect(failures(result)).toEqual([
      expect.stringMatching(/^staging runs on ECS Fargate: no Kubernetes object, Helm release or EKS resource in its stacks: cluster has kubernetes_deployment_v1, which kubernetes-traffic does not check/),
    ]);
  });

  describe('the VPC CNI enforces the policies', () => {
    const cni = (configuration?: Json, name = 'vpc-cni') => ({ aws_eks_addon: { cni: { addon_name: name, ...(configuration ? { configuration_values: JSON.stringify(configuration) } : {}) } } });
    const SUBJECT = 'the VPC CNI (cluster/aws_eks_addon.cni) enforces NetworkPolicies';

    it('enableNetworkPolicy "true" (or true) passes; "false", another key or no configuration is named', () => {
      expect(flows(cni({ enableNetworkPolicy: 'true' }))).toEqual([`${SUBJECT}: true`]);
      expect(flows(cni({ enableNetworkPolicy: true }))).toEqual([`${SUBJECT}: true`]);
      const problem = `${SUBJECT}: configuration_values sets no enableNetworkPolicy "true": every policy here would be ignored. Fix: set enableNetworkPolicy "true"`;
      expect(failures(evaluate(cni({ enableNetworkPolicy: 'false' })))).toEqual([problem]);
      expect(failures(evaluate(cni({ env: { ENABLE_PREFIX_DELEGATION: 'true' } })))).toEqual([problem]);
      expect(failures(evaluate(cni()))).toEqual([problem]);
    });

    it('another add-on is not the VPC CNI', () => {
      expect(flows(cni(undefined, 'coredns'))).toEqual([]);
    });
  });

  describe('the ALB → every Service port an Ingress routes to', () => {
    it('from each public subnet, by the subnets’ CIDRs, to the container port the Service targets', () => {
      // 10.0.10.0/24 sorts before 10.0.9.0/24 (as text); only subnets tagged kubernetes.io/role/elb "1" take internet-facing ALBs.
      expect(
        flows(
          ...WEB,
          subnet('public_b', '10.0.9.0/24', { 'kubernetes.io/role/elb': '1' }),
          subnet('public_c', '10.0.10.0/24', { 'kubernetes.io/role/elb': '1' }),
          subnet('internal', '10.0.20.0/24', { 'kubernetes.io/role/internal-elb': '1' }),
          subnet('untagged', '10.0.21.0/24'),
          subnet('off', '10.0.22.0/24', { 'kubernetes.io/role/elb': '0' }),
        ),
      ).toEqual([
        'the ALB in 10.0.0.0/24 → apps/web TCP 8080 must be allowed: true',
        'the ALB in 10.0.10.0/24 → apps/web TCP 8080 must be allowed: true',
        'the ALB in 10.0.9.0/24 → apps/web TCP 8080 must be allowed: true',
        ...DNS,
        `${STRANGER}: false`,
      ]);
    });

    it('a policy admitting the ALB’s address (the 10th of its subnet) passes; one admitting the next address names the flow', () => {
      const admit = (cidr: string) => policy('alb', 'apps', { pod_selector: [{ match_labels: { app: 'web' } }], policy_types: ['Ingress'], ingress: [{ from: [{ ip_block: [{ cidr }] }], ports: [{ port: 8080 }] }] });
      expect(failures(evaluate(...WEB, policy('deny', 'apps', { pod_selector: [{}], policy_types: ['Ingress'] }), admit('10.0.0.10/32')))).toEqual([]);
      expect(failures(evaluate(...WEB, policy('deny', 'apps', { pod_selector: [{}], policy_types: ['Ingress'] }), admit('10.0.0.11/32')))).toEqual([
        "the ALB in 10.0.0.0/24 → apps/web TCP 8080 must be allowed: ingress of apps/web is isolated by apps/deny (cluster/kubernetes_network_policy_v1.apps_deny), apps/alb (cluster/kubernetes_network_policy_v1.apps_alb), and no ingress rule of them allows the ALB in 10.0.0.0/24 (namespace (outside the cluster), labels every pod) on TCP 8080; Fix: admit the ALB's subnets (ipBlock of the public subnets) on 8080 in the NetworkPolicy of apps/web",
      ]);
      // A /23: the 10th address of the whole range.
      expect(failures(evaluate(deployment('web'), service('web'), ingress('web'), subnet('wide', '10.0.2.0/23', { 'kubernetes.io/role/elb': '1' }), policy('deny', 'apps', { pod_selector: [{}], policy_types: ['Ingress'] }), admit('10.0.2.10/32')))).toEqual([]);
    });

    it('needs an Ingress of the alb class: one of another class routes nothing through the ALB, even where the ALB runs', () => {
      expect(flows(deployment('web'), service('web'), ingress('web', { className: 'nginx' }), PUBLIC)).toEqual([...DNS, `${STRANGER}: false`]);
      expect(flows(deployment('web'), service('web'), ingress('web', { className: 'nginx' }), ingress('api'), PUBLIC)).toEqual([...DNS, `${STRANGER}: false`]);
      expect(flows(deployment('web'), service('web'), ingress('web', { className: 'nginx' }), ingress('api', { backend: 'web' }), PUBLIC)).toEqual([
        'the ALB in 10.0.0.0/24 → apps/web TCP 8080 must be allowed: true',
        ...DNS,
        `${STRANGER}: false`,
      ]);
    });

    it('an alb Ingress in any values document of any chart runs the ALB too', () => {
      const grafana = (ingressClassName: string) => release('grafana', 'grafana', 'grafana', { adminUser: 'admin' }, { ingress: { ingressClassName, annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } } });
      // kube-prometheus-stack, without values, asks for no certificate.
      expect(flows(PUBLIC, PROMETHEUS, grafana('alb'))).toEqual(['the ALB in 10.0.0.0/24 → grafana/cm-acme-http-solver TCP 8089 must be allowed: true']);
      expect(flows(PUBLIC, PROMETHEUS, grafana('albx'))).toEqual([]);
    });

    it('only through a Service of the pod’s namespace whose whole, non-empty selector matches the pod', () => {
      const only = (...parts: Json[]) => flows(deployment('web', { labels: { app: 'web', tier: 'front' } }), ingress('web'), PUBLIC, ...parts).filter((line) => line.startsWith('the ALB'));
      expect(only(service('web', { selector: { app: 'web', tier: 'front' } }))).toEqual(['the ALB in 10.0.0.0/24 → apps/web TCP 8080 must be allowed: true']);
      expect(only(service('web', { selector: { app: 'web' } }))).toEqual(['the ALB in 10.0.0.0/24 → apps/web TCP 8080 must be allowed: true']);
      expect(only(service('web', { selector: { app: 'web', tier: 'back' } }))).toEqual([]);
      expect(only(service('web', { selector: {} }))).toEqual([]);
      expect(only(service('web', { namespace: 'other' }), ingress('other', { namespace: 'other', backend: 'web' }))).toEqual([]);
    });

    it('only the ports routed by an Ingress of the Service’s namespace, to that Service and port', () => {
      const ports = [
        { name: 'http', port: 80, target_port: 'http' },
        { name: 'admin', port: 81, target_port: 9000 },
        { port: 82 },
        { name: 'h2', port: 84, target_port: 'http2' },
        { name: 'h3', port: 85, target_port: '3http' },
      ];
      const routed = (...parts: Json[]) =>
        flows(
          deployment('web', {
            ports: [
              { name: 'http', container_port: 8080 },
              { name: 'http2', container_port: 8082 },
              { name: '3http', container_port: 8083 },
            ],
          }),
          service('web', { ports }),
          PUBLIC,
          ...parts,
        )
          .filter((line) => line.startsWith('the ALB'))
          .map((line) => line.replace(/^the ALB in 10\.0\.0\.0\/24 → apps\/web (.*) must be allowed: true$/, '$1'));
      expect(routed(ingress('web'))).toEqual(['TCP 8080']);
      expect(routed(ingress('web', { port: { number: 81 } }))).toEqual(['TCP 9000']);
      // No target_port: the port itself.
      expect(routed(ingress('web', { port: { number: 82 } }))).toEqual(['TCP 82']);
      expect(routed(ingress('web', { port: { number: 83 } }))).toEqual([]);
      // Container port names may end or start with digits.
      expect(routed(ingress('web', { port: { number: 84 } }))).toEqual(['TCP 8082']);
      expect(routed(ingress('web', { port: { number: 85 } }))).toEqual(['TCP 8083']);
      expect(routed(ingress('web', { backend: 'api' }))).toEqual([]);
      expect(routed(ingress('web', { namespace: 'other' }))).toEqual([]);
      expect(routed(ingress('web'), ingress('admin', { backend: 'web', port: { number: 81 } }))).toEqual(['TCP 8080', 'TCP 9000']);
    });

    it('a target port naming no container port of the pod is skipped', () => {
      expect(flows(deployment('web', { ports: [{ name: 'web', container_port: 8080 }] }), service('web'), ingress('web'), PUBLIC).filter((line) => line.startsWith('the ALB'))).toEqual([]);
    });

    it('a weighted forward (use-annotation) routes every target group of its action that names the Service', () => {
      const action = JSON.stringify({
        type: 'forward',
        forwardConfig: {
          targetGroups: [
            { serviceName: 'web', servicePort: '80' },
            { serviceName: 'web-canary', servicePort: 81 },
            { serviceName: 'elsewhere', servicePort: 82 },
          ],
        },
      });
      const canary = service('web-canary', { selector: { app: 'web' }, ports: [{ name: 'canary', port: 81, target_port: 8081 }] });
      const routed = (annotations: Json, backend = 'split') =>
        flows(deployment('web'), service('web', { ports: [{ name: 'http', port: 80, target_port: 'http' }, { name: 'admin', port: 81, target_port: 9000 }] }), canary, ingress('web', { backend, port: { name: 'use-annotation' }, annotations }), PUBLIC).filter((line) => line.startsWith('the ALB'));
      expect(routed({ 'alb.ingress.kubernetes.io/actions.split': action })).toEqual([
        'the ALB in 10.0.0.0/24 → apps/web TCP 8080 must be allowed: true',
        'the ALB in 10.0.0.0/24 → apps/web TCP 8081 must be allowed: true',
      ]);
      expect(routed({ 'alb.ingress.kubernetes.io/actions.other': action })).toEqual([]);
      expect(routed({ 'alb.ingress.kubernetes.io/actions.split': 'not json' })).toEqual([]);
      // A backend named like the Service but deferring to an action without it routes nothing directly.
      expect(routed({}, 'web')).toEqual([]);
    });
  });

  describe('Prometheus → every metrics port', () => {
    const metricsPorts = [
      { name: 'http', port: 80, target_port: 'http' },
      { name: 'metrics', port: 9090, target_port: 9090 },
    ];
    const scraped = (...parts: Json[]) => flows(...parts).filter((line) => line.startsWith('monitoring/Prometheus'));

    it('a Service port named metrics is scraped, only when kube-prometheus-stack runs', () => {
      const web = [deployment('web'), service('web', { ports: metricsPorts })];
      expect(scraped(...web, PROMETHEUS)).toEqual(['monitoring/Prometheus → apps/web TCP 9090 must be allowed: true']);
      expect(scraped(...web)).toEqual([]);
      expect(scraped(...web, release('kps', 'kube-prometheus-stackx', 'monitoring'))).toEqual([]);
      expect(scraped(deployment('web'), service('web', { ports: [{ name: 'metric', port: 9090 }] }), PROMETHEUS)).toEqual([]);
      // Two metrics ports onto one container port: one flow.
      expect(scraped(deployment('web'), service('web', { ports: [{ name: 'metrics', port: 9090 }] }), service('web-metrics', { selector: { app: 'web' }, ports: [{ name: 'metrics', port: 9091, target_port: 9090 }] }), PROMETHEUS)).toEqual([
        'monitoring/Prometheus → apps/web TCP 9090 must be allowed: true',
      ]);
      // A metrics target port naming no container port is skipped.
      expect(scraped(deployment('web'), service('web', { ports: [{ name: 'metrics', port: 9090, target_port: 'prom' }] }), PROMETHEUS)).toEqual([]);
    });

    const monitor = (namespace: string, spec: Json) => ({ kubernetes_manifest: { [`monitor_${namespace}`]: { manifest: { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'web', namespace }, spec } } } });
    const web = [deployment('web', { ports: [{ name: 'http', container_port: 8080 }, { name: 'stats', container_port: 9102 }] }), service('web', { labels: { team: 'a' }, ports: [{ name: 'http', port: 80, target_port: 'http' }, { name: 'stats', port: 9102, target_port: 'stats' }] })];
    const STATS = ['monitoring/Prometheus → apps/web TCP 9102 must be allowed: true'];

    it('the ports a ServiceMonitor of the Service’s namespace (or naming it) scrapes, where its labels select the Service', () => {
      expect(scraped(...web, PROMETHEUS, monitor('apps', { selector: { matchLabels: { team: 'a' } }, endpoints: [{ port: 'stats' }] }))).toEqual(STATS);
      expect(scraped(...web, PROMETHEUS, monitor('apps', { selector: { matchLabels: { team: 'b' } }, endpoints: [{ port: 'stats' }] }))).toEqual([]);
      expect(scraped(...web, PROMETHEUS, monitor('apps', { selector: { matchLabels: { team: 'a', tier: 'x' } }, endpoints: [{ port: 'stats' }] }))).toEqual([]);
      expect(scraped(...web, PROMETHEUS, monitor('monitoring', { selector: { matchLabels: { team: 'a' } }, endpoints: [{ port: 'stats' }] }))).toEqual([]);
      expect(scraped(...web, PROMETHEUS, monitor('monitoring', { namespaceSelector: { matchNames: ['apps'] }, selector: { matchLabels: { team: 'a' } }, endpoints: [{ port: 'stats' }] }))).toEqual(STATS);
      expect(scraped(...web, PROMETHEUS, { kubernetes_manifest: { other: { manifest: { kind: 'PodMonitor', metadata: { name: 'web', namespace: 'apps' }, spec: { selector: {}, endpoints: [{ port: 'stats' }] } } } } })).toEqual([]);
    });

    it('and those of kube-prometheus-stack’s additionalServiceMonitors, in the release’s namespace', () => {
      const withMonitors = (namespaceSelector?: Json) =>
        release('kps', 'kube-prometheus-stack', 'monitoring', { prometheus: { additionalServiceMonitors: [{ name: 'web', ...(namespaceSelector ? { namespaceSelector } : {}), selector: { matchLabels: { team: 'a' } }, endpoints: [{ port: 'stats' }] }] } });
      expect(scraped(...web, withMonitors({ matchNames: ['apps'] }))).toEqual(STATS);
      expect(scraped(...web, withMonitors())).toEqual([]);
      // Another chart's values are not kube-prometheus-stack's.
      expect(scraped(...web, PROMETHEUS, release('other', 'prometheus', 'monitoring', { prometheus: { additionalServiceMonitors: [{ namespaceSelector: { matchNames: ['apps'] }, selector: {}, endpoints: [{ port: 'stats' }] }] } }))).toEqual([]);
    });

    it('a policy admitting the Prometheus pods (the operator’s labels) of monitoring passes; it must not admit pods of default wearing them', () => {
      const prometheusPods = { match_labels: { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/managed-by': 'prometheus-operator' } };
      const admit = (from: Json) => policy('prometheus', 'apps', { pod_selector: [{}], policy_types: ['Ingress'], ingress: [{ from: [from], ports: [{ port: 9090 }] }] });
      const base = [deployment('web', { ports: [{ name: 'metrics', container_port: 9090 }] }), service('web', { ports: [{ name: 'metrics', port: 9090 }] }), PROMETHEUS, policy('deny', 'apps', { pod_selector: [{}], policy_types: ['Ingress'] })];
      const result = evaluate(...base, admit({ namespace_selector: [{ match_labels: { 'kubernetes.io/metadata.name': 'monitoring' } }], pod_selector: [prometheusPods] }));
      expect(subjects(result)).toEqual([
        'monitoring/Prometheus → apps/web TCP 9090 must be allowed: true',
        'apps/web → kube-system/coredns UDP 53 must be allowed: true',
        'apps/web → kube-system/coredns TCP 53 must be allowed: true',
        'a pod in default → apps/web TCP 9090 must be denied: true',
        'a pod in default wearing the Prometheus labels → apps/web TCP 9090 must be denied: true',
        'another pod of monitoring (Grafana) → apps/web TCP 9090 must be denied: true',
      ]);
      expect(failures(evaluate(...base, admit({ namespace_selector: [{}], pod_selector: [prometheusPods] })))).toEqual([`a pod in default wearing the Prometheus labels → apps/web TCP 9090 must be denied: ${LET_IN}`]);
      expect(failures(evaluate(...base, admit({ namespace_selector: [{ match_labels: { 'kubernetes.io/metadata.name': 'monitoring' } }] })))).toEqual([`another pod of monitoring (Grafana) → apps/web TCP 9090 must be denied: ${LET_IN}`]);
      expect(failures(evaluate(...base, admit({ namespace_selector: [{ match_labels: { 'kubernetes.io/metadata.name': 'monitoring' } }], pod_selector: [{ match_labels: { 'app.kubernetes.io/name': 'grafana' } }] })))).toEqual([
        'monitoring/Prometheus → apps/web TCP 9090 must be allowed: ingress of apps/web is isolated by apps/deny (cluster/kubernetes_network_policy_v1.apps_deny), apps/prometheus (cluster/kubernetes_network_policy_v1.apps_prometheus), and no ingress rule of them allows monitoring/Prometheus (namespace monitoring, labels app.kubernetes.io/name=prometheus,app.kubernetes.io/managed-by=prometheus-operator) on TCP 9090; Fix: allow the Prometheus pods of monitoring in on 9090 in the NetworkPolicy of apps/web',
        `another pod of monitoring (Grafana) → apps/web TCP 9090 must be denied: ${LET_IN}`,
      ]);
    });
  });

  describe('each application pod → kube-dns, the collector, the data tier and STS', () => {
    it('kube-dns on UDP and TCP 53: a policy admitting one protocol names the other', () => {
      const dns = (ports: Json[]) =>
        policy('dns', 'apps', {
          pod_selector: [{}],
          policy_types: ['Egress'],
          egress: [{ to: [{ namespace_selector: [{ match_labels: { 'kubernetes.io/metadata.name': 'kube-system' } }], pod_selector: [{ match_labels: { 'k8s-app': 'kube-dns', 'eks.amazonaws.com/component': 'coredns' } }] }], ports }],
        });
      const base = [deployment('web'), deny()];
      expect(failures(evaluate(...base, dns([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }])))).toEqual([]);
      expect(failures(evaluate(...base, dns([{ port: 53, protocol: 'UDP' }])))).toEqual([
        "apps/web → kube-system/coredns TCP 53 must be allowed: egress of apps/web is isolated by apps/deny (cluster/kubernetes_network_policy_v1.apps_deny), apps/dns (cluster/kubernetes_network_policy_v1.apps_dns), and no egress rule of them allows kube-system/coredns (namespace kube-system, labels k8s-app=kube-dns,eks.amazonaws.com/component=coredns) on TCP 53; Fix: allow egress to kube-system's kube-dns pods on TCP 53",
      ]);
      expect(failures(evaluate(...base, dns([{ port: 53, protocol: 'TCP' }])))).toEqual([expect.stringMatching(/^apps\/web → kube-system\/coredns UDP 53 must be allowed: .*Fix: allow egress to kube-system's kube-dns pods on UDP 53$/)]);
    });

    it('the collector’s OTLP ports 4317 and 4318 when one runs, selected by its chart’s labels and the release name', () => {
      const otlp = (instance: string, ports: Json[]) =>
        policy('otlp', 'apps', {
          pod_selector: [{}],
          policy_types: ['Egress'],
          egress: [
            { ports: [{ port: 53, protocol: 'UDP' }, { port: 53 }] },
            {
              to: [
                {
                  namespace_selector: [{ match_labels: { 'kubernetes.io/metadata.name': 'observability' } }],
                  pod_selector: [{ match_labels: { 'app.kubernetes.io/name': 'opentelemetry-collector', 'app.kubernetes.io/instance': instance, component: 'standalone-collector' } }],
                },
              ],
              ports,
            },
          ],
        });
      const base = [deployment('web'), deny(), COLLECTOR];
      expect(flows(deployment('web'), COLLECTOR)).toEqual([
        ...DNS,
        'apps/web → observability/OpenTelemetry Collector TCP 4317 must be allowed: true',
        'apps/web → observability/OpenTelemetry Collector TCP 4318 must be allowed: true',
        `${STRANGER}: false`,
      ]);
      expect(failures(evaluate(...base, otlp('otel', [{ port: 4317 }, { port: 4318 }])))).toEqual([]);
      expect(failures(evaluate(...base, otlp('otel', [{ port: 4317 }])))).toEqual([
        'apps/web → observability/OpenTelemetry Collector TCP 4318 must be allowed: egress of apps/web is isolated by apps/deny (cluster/kubernetes_network_policy_v1.apps_deny), apps/otlp (cluster/kubernetes_network_policy_v1.apps_otlp), and no egress rule of them allows observability/OpenTelemetry Collector (namespace observability, labels app.kubernetes.io/name=opentelemetry-collector,app.kubernetes.io/instance=otel,component=standalone-collector) on TCP 4318; Fix: allow egress of apps/web to the collector pods of observability on 4318',
      ]);
      expect(failures(evaluate(...base, otlp('collector', [{ port: 4317 }, { port: 4318 }])))).toHaveLength(2);
    });

    const data = merge(
      subnet('db_a', '10.0.32.0/24'),
      subnet('db_b', '10.0.33.0/24'),
      subnet('cache_a', '10.0.40.0/24'),
      { aws_db_subnet_group: { data: { name: 'data', subnet_ids: ['${aws_subnet.db_a.id}', '${aws_subnet.db_b.id}'] } } },
      { aws_db_instance: { primary: { db_subnet_group_name: 'data' } } },
      { aws_elasticache_subnet_group: { cache: { name: 'cache', subnet_ids: ['${aws_subnet.cache_a.id}'] } } },
      { aws_elasticache_replication_group: { cache: { subnet_group_name: 'cache' } } },
    );
    const outside = (...parts: Json[]) => flows(...parts).filter((line) => !line.includes('kube-system') && !line.startsWith('a pod in default'));

    it('every subnet of PostgreSQL on 5432 for DATABASE_URL, of Redis on 6379 for REDIS_URL; neither without', () => {
      expect(outside(deployment('web', { env: ['DATABASE_URL'] }), data)).toEqual(['apps/web → PostgreSQL subnet 10.0.32.0/24 TCP 5432 must be allowed: true', 'apps/web → PostgreSQL subnet 10.0.33.0/24 TCP 5432 must be allowed: true']);
      expect(outside(deployment('web', { env: ['REDIS_URL'] }), data)).toEqual(['apps/web → Redis subnet 10.0.40.0/24 TCP 6379 must be allowed: true']);
      expect(outside(deployment('web', { env: ['DATABASE_HOST', 'REDIS'] }), data)).toEqual([]);
      // A database whose subnet group no stack creates has no known subnets.
      expect(outside(deployment('web', { env: ['DATABASE_URL'] }), merge(data, { aws_db_instance: { primary: { db_subnet_group_name: 'elsewhere' } } }))).toEqual([]);
      expect(failures(evaluate(deployment('web', { env: ['DATABASE_URL', 'REDIS_URL'] }), data, deny())).filter((line) => line.includes('subnet 10.0.'))).toEqual([
        expect.stringMatching(/^apps\/web → PostgreSQL subnet 10\.0\.32\.0\/24 TCP 5432 must be allowed: egress of apps\/web is isolated .* no egress rule of them allows PostgreSQL subnet 10\.0\.32\.0\/24 \(10\.0\.32\.0\/24\) on TCP 5432; Fix: allow egress to 10\.0\.32\.0\/24 on 5432 \(the data tier's subnets\)$/),
        expect.stringMatching(/^apps\/web → PostgreSQL subnet 10\.0\.33\.0\/24 TCP 5432 must be allowed: .*Fix: allow egress to 10\.0\.33\.0\/24 on 5432 \(the data tier's subnets\)$/),
        expect.stringMatching(/^apps\/web → Redis subnet 10\.0\.40\.0\/24 TCP 6379 must be allowed: .*Fix: allow egress to 10\.0\.40\.0\/24 on 6379 \(the data tier's subnets\)$/),
      ]);
    });

    const account = (name: string, namespace = 'apps', role = true) => ({
      kubernetes_service_account_v1: { [`${namespace}_${name}`]: { metadata: [{ name, namespace, ...(role ? { annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/web' } } : {}) }] } },
    });
    const endpoints = merge(subnet('private_b', '10.0.51.0/24'), subnet('private_a', '10.0.50.0/24'), {
      aws_vpc_endpoint: {
        sts: { vpc_endpoint_type: 'Interface', subnet_ids: ['${aws_subnet.private_b.id}', '${aws_subnet.private_a.id}'] },
        ecr: { vpc_endpoint_type: 'Interface', subnet_ids: ['${aws_subnet.private_a.id}'] },
        s3: { vpc_endpoint_type: 'Gateway', subnet_ids: ['${aws_subnet.gateway.id}'] },
      },
    }, subnet('gateway', '10.0.52.0/24'));
    const STS = [
      'apps/web → the interface endpoints’ subnet 10.0.50.0/24 TCP 443 must be allowed: true',
      'apps/web → the interface endpoints’ subnet 10.0.51.0/24 TCP 443 must be allowed: true',
    ];

    it('the interface endpoints’ subnets on 443 for a pod whose service account (of its namespace) has an IRSA role', () => {
      expect(outside(deployment('web', { account: 'web' }), account('web'), endpoints)).toEqual(STS);
      expect(outside(deployment('web'), account('default'), endpoints)).toEqual(STS);
      expect(outside(deployment('web', { account: 'web' }), account('web', 'apps', false), endpoints)).toEqual([]);
      expect(outside(deployment('web', { account: 'web' }), account('web', 'other'), endpoints)).toEqual([]);
      expect(outside(deployment('web', { account: 'web' }), account('default'), endpoints)).toEqual([]);
      expect(failures(evaluate(deployment('web', { account: 'web' }), account('web'), endpoints, deny())).filter((line) => line.includes('443'))).toEqual([
        expect.stringMatching(/^apps\/web → the interface endpoints’ subnet 10\.0\.50\.0\/24 TCP 443 must be allowed: .*; Fix: allow egress to the VPC CIDR on 443: the service account's IRSA credentials come from STS through the interface endpoints’ subnet 10\.0\.50\.0\/24$/),
        expect.stringMatching(/^apps\/web → the interface endpoints’ subnet 10\.0\.51\.0\/24 TCP 443 must be allowed: /),
      ]);
    });
  });

  describe('nothing else crosses into an application namespace', () => {
    it('a pod of default, on each distinct container port; none for a pod in default itself', () => {
      const ports = [{ name: 'http', container_port: 8080 }, { container_port: 8080 }, { name: 'admin', container_port: 9000 }];
      expect(flows(deployment('web', { ports })).filter((line) => line.startsWith('a pod'))).toEqual([`${STRANGER}: false`, 'a pod in default → apps/web TCP 9000 must be denied: false']);
      expect(flows(deployment('web', { namespace: 'default' })).filter((line) => line.includes('must be denied'))).toEqual([]);
      expect(flows(deployment('web', { ports: [] })).filter((line) => line.includes('must be denied'))).toEqual([]);
      expect(failures(evaluate(deployment('web'), deny()))).toEqual([
        expect.stringMatching(/^apps\/web → kube-system\/coredns UDP 53/),
        expect.stringMatching(/^apps\/web → kube-system\/coredns TCP 53/),
      ]);
      expect(failures(evaluate(deployment('web')))).toEqual([`${STRANGER}: ${LET_IN}`]);
    });

    it('the Prometheus namespace’s own pods are no strangers to each other', () => {
      expect(flows(deployment('exporter', { namespace: 'monitoring' }), PROMETHEUS).filter((line) => line.includes('must be denied'))).toEqual([
        'a pod in default → monitoring/exporter TCP 8080 must be denied: false',
        'a pod in default wearing the Prometheus labels → monitoring/exporter TCP 8080 must be denied: false',
      ]);
    });

    it('the strangers have the address of a pod: a policy admitting the nodes’ subnets lets them in', () => {
      const nodes = [subnet('nodes', '10.0.16.0/20'), { aws_eks_node_group: { general: { subnet_ids: ['${aws_subnet.nodes.id}'] } } }];
      const admit = (cidr: string) => policy('nodes', 'apps', { pod_selector: [{}], policy_types: ['Ingress'], ingress: [{ from: [{ ip_block: [{ cidr }] }] }] });
      const strangers = (...parts: Json[]) => failures(evaluate(deployment('web'), policy('deny', 'apps', { pod_selector: [{}], policy_types: ['Ingress'] }), ...parts));
      expect(strangers(...nodes, admit('10.0.16.10/32'))).toEqual([`${STRANGER}: ${LET_IN}`]);
      expect(strangers(...nodes, admit('10.0.16.11/32'))).toEqual([]);
      // Without a node group, an address outside the VPC.
      expect(strangers(admit('10.0.16.10/32'))).toEqual([]);
      expect(strangers(admit('10.255.0.10/32'))).toEqual([`${STRANGER}: ${LET_IN}`]);
      expect(strangers({ aws_eks_node_group: { general: { subnet_ids: ['subnet-unknown'] } } }, admit('10.255.0.10/32'))).toEqual([`${STRANGER}: ${LET_IN}`]);
    });

    it('the strangers are pods of default: app=intruder, and one wearing the Prometheus labels', () => {
      const admit = (podSelector: Json) =>
        policy('from_default', 'apps', { pod_selector: [{}], policy_types: ['Ingress'], ingress: [{ from: [{ namespace_selector: [{ match_labels: { 'kubernetes.io/metadata.name': 'default' } }], pod_selector: [podSelector] }] }] });
      const strangers = (...parts: Json[]) => failures(evaluate(deployment('web'), PROMETHEUS, policy('deny', 'apps', { pod_selector: [{}], policy_types: ['Ingress'] }), ...parts));
      expect(strangers()).toEqual([]);
      expect(strangers(admit({ match_labels: { app: 'intruder' } }))).toEqual([`${STRANGER}: ${LET_IN}`]);
      expect(strangers(admit({ match_labels: { 'app.kubernetes.io/name': 'prometheus' } }))).toEqual([`a pod in default wearing the Prometheus labels → apps/web TCP 8080 must be denied: ${LET_IN}`]);
    });

    it('a container without ports (none written, or null) offers none', () => {
      const bare = (container: Json) => ({ kubernetes_deployment_v1: { web: { metadata: [{ name: 'web', namespace: 'apps' }], spec: [{ template: [{ metadata: [{ labels: { app: 'web' } }], spec: [{ container: [container] }] }] }] } } });
      expect(flows(bare({ name: 'web' }))).toEqual(DNS);
      expect(flows(bare({ name: 'web', port: null, env: null }))).toEqual(DNS);
    });
  });

  describe('the ALB → cert-manager’s HTTP-01 solver', () => {
    const ISSUER = { 'cert-manager.io/cluster-issuer': 'letsencrypt' };

    it('in each namespace with a certificate-issuing Ingress or chart, sorted; a pod of default must not reach it where applications run', () => {
      expect(flows(...WEB.slice(0, 2), ingress('web', { annotations: ISSUER }), PUBLIC, release('grafana', 'grafana', 'monitoring', { ingress: { ingressClassName: 'alb', annotations: ISSUER } }), ingress('zeta', { namespace: 'zeta', annotations: ISSUER }))).toEqual([
        'the ALB in 10.0.0.0/24 → apps/web TCP 8080 must be allowed: true',
        ...DNS,
        `${STRANGER}: false`,
        'the ALB in 10.0.0.0/24 → apps/cm-acme-http-solver TCP 8089 must be allowed: true',
        'a pod in default → apps/cm-acme-http-solver TCP 8089 must be denied: false',
        'the ALB in 10.0.0.0/24 → monitoring/cm-acme-http-solver TCP 8089 must be allowed: true',
        'the ALB in 10.0.0.0/24 → zeta/cm-acme-http-solver TCP 8089 must be allowed: true',
      ]);
      expect(flows(ingress('web', { annotations: { 'cert-manager.io/issuer': 'letsencrypt' } }), PUBLIC, release('grafana', 'grafana', 'monitoring', { ingress: { ingressClassName: 'alb', annotations: { 'cert-manager.io/issuer': 'x' } } }))).toEqual([]);
      // Without the ALB (no public subnet, or no alb Ingress), nothing asks.
      expect(flows(ingress('web', { annotations: ISSUER }))).toEqual([]);
      expect(flows(ingress('web', { className: 'nginx', annotations: ISSUER }), PUBLIC)).toEqual([]);
    });

    it('a policy admitting the ALB to the solver pods (by their label) on 8089 passes; another port names the flow', () => {
      const solver = (port: number | string) =>
        policy('solver', 'apps', { pod_selector: [{ match_labels: { 'acme.cert-manager.io/http01-solver': 'true' } }], policy_types: ['Ingress'], ingress: [{ from: [{ ip_block: [{ cidr: '10.0.0.0/24' }] }], ports: [{ port }] }] });
      const base = [ingress('web', { annotations: ISSUER }), PUBLIC, policy('deny', 'apps', { pod_selector: [{}], policy_types: ['Ingress'] })];
      expect(failures(evaluate(...base, solver(8089)))).toEqual([]);
      // The solver's container port is named http.
      expect(failures(evaluate(...base, solver('http')))).toEqual([]);
      expect(failures(evaluate(...base, solver(8080)))).toEqual([
        "the ALB in 10.0.0.0/24 → apps/cm-acme-http-solver TCP 8089 must be allowed: ingress of apps/cm-acme-http-solver is isolated by apps/deny (cluster/kubernetes_network_policy_v1.apps_deny), apps/solver (cluster/kubernetes_network_policy_v1.apps_solver), and no ingress rule of them allows the ALB in 10.0.0.0/24 (namespace (outside the cluster), labels every pod) on TCP 8089; Fix: add a NetworkPolicy in apps selecting acme.cert-manager.io/http01-solver=true that admits the ALB's subnets on TCP 8089 (PlatformNamespaces' acmeSolverIngress)",
      ]);
    });

    it('the solver is denied to a pod of default unless a rule admits it', () => {
      const admitDefault = (podSelector: Json) =>
        policy('solver', 'apps', { pod_selector: [{}], policy_types: ['Ingress'], ingress: [{ from: [{ namespace_selector: [{ match_labels: { 'kubernetes.io/metadata.name': 'default' } }], pod_selector: [podSelector] }] }] });
      const base = [deployment('web', { ports: [] }), ingress('web', { annotations: ISSUER }), PUBLIC, policy('deny', 'apps', { pod_selector: [{}], policy_types: ['Ingress'] })];
      expect(failures(evaluate(...base)).filter((line) => line.startsWith('a pod'))).toEqual([]);
      expect(failures(evaluate(...base, admitDefault({ match_labels: { app: 'intruder' } }))).filter((line) => line.startsWith('a pod'))).toEqual([`a pod in default → apps/cm-acme-http-solver TCP 8089 must be denied: ${LET_IN}`]);
      expect(failures(evaluate(...base, admitDefault({ match_labels: { app: 'other' } }))).filter((line) => line.startsWith('a pod'))).toEqual([]);
    });
  });

  it('reads namespaces through references to the namespace resource, and blocks written as objects', () => {
    const namespace = { kubernetes_namespace_v1: { apps: { metadata: { name: 'apps' } } } };
    const ref = '${kubernetes_namespace_v1.apps.metadata[0].name}';
    const web = {
      kubernetes_deployment_v1: { web: { metadata: { name: 'web', namespace: ref }, spec: { template: { metadata: { labels: { app: 'web' } }, spec: { container: { port: { name: 'http', container_port: 8080 } } } } } } },
      kubernetes_service_v1: { web: { metadata: { name: 'web', namespace: ref }, spec: { selector: { app: 'web' }, port: { name: 'http', port: 80, target_port: '8080' } } } },
      kubernetes_ingress_v1: { web: { metadata: { name: 'web', namespace: ref }, spec: { ingress_class_name: 'alb', rule: { http: { path: { backend: { service: { name: 'web', port: { number: 80 } } } } } } } } },
    };
    expect(flows(namespace, web, PUBLIC)).toEqual(['the ALB in 10.0.0.0/24 → apps/web TCP 8080 must be allowed: true', ...DNS, `${STRANGER}: false`]);
  });
});
