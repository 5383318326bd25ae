import { NetworkPolicyV1Spec } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { metricsContainerPort, ServiceSpec, usesAwsApis } from '../workload-spec';
import { NAME_LABEL } from './names';

/** Where a service's traffic may come from and go to, resolved for one environment. */
export interface NetworkRulesContext {
  /** CIDRs of the shared ALB's nodes (the public subnets): with IP targets the ALB connects to the pods from there. */
  readonly loadBalancerCidrs: readonly string[];
  readonly monitoringNamespace: string;
  /** Labels of the Prometheus server pods in the monitoring namespace. */
  readonly prometheusPodLabels: Readonly<Record<string, string>>;
  /** The OpenTelemetry Collector's pods and OTLP ports, when the services send traces. */
  readonly otlpCollector?: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>>; readonly ports: readonly number[] };
  /** Container ports of the services this one calls, by name. */
  readonly calleePorts: Readonly<Record<string, number>>;
  readonly databaseCidrs: readonly string[];
  readonly cacheCidrs: readonly string[];
  readonly vpcCidr?: string;
  /** Whether the service account has an IRSA role: its credentials come from STS through the VPC's interface endpoint. */
  readonly hasServiceAccountRole: boolean;
}

export const POSTGRES_PORT = 5432;
export const REDIS_PORT = 6379;
const HTTPS_PORT = 443;

const tcp = (port: number) => ({ port: String(port), protocol: 'TCP' });
const namespaceNamed = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });

/**
 * The NetworkPolicy of one service. Ingress: the shared ALB's addresses in the public subnets (only when the service has routes; IP targets),
 * the declared callers, and the Prometheus pods of the monitoring namespace on the metrics port. Egress: kube-dns,
 * the OpenTelemetry Collector's OTLP ports (when there is one), the declared callees on
 * their container ports (policies see pod addresses and target ports, after the Service's translation), the
 * database and cache CIDRs, HTTPS to the VPC's interface endpoints (always with an IRSA role: STS) and to the
 * internet outside the VPC.
 */
export function networkPolicySpec(spec: ServiceSpec, context: NetworkRulesContext): NetworkPolicyV1Spec {
  const network = spec.network ?? {};
  const callers = network.callers ?? [];
  const metricsPort = metricsContainerPort(spec);
  const ingress = [
    ...((spec.routes ?? []).length > 0
      ? [
          {
            // The ALB's nodes live in the public subnets, where nothing else of the platform runs.
            from: context.loadBalancerCidrs.map((cidr) => ({ ipBlock: { cidr } })),
            ports: [tcp(spec.containerPort)],
          },
        ]
      : []),
    ...(callers.length > 0
      ? [{ from: [{ podSelector: { matchExpressions: [{ key: NAME_LABEL, operator: 'In', values: [...callers].sort() }] } }], ports: [tcp(spec.containerPort)] }]
      : []),
    ...(metricsPort === undefined
      ? []
      : [{ from: [{ namespaceSelector: namespaceNamed(context.monitoringNamespace), podSelector: { matchLabels: { ...context.prometheusPodLabels } } }], ports: [tcp(metricsPort)] }]),
  ];

  const vpc = context.vpcCidr;
  const egress = [
    {
      to: [{ namespaceSelector: namespaceNamed('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [
        { port: '53', protocol: 'UDP' },
        { port: '53', protocol: 'TCP' },
      ],
    },
    ...(context.otlpCollector === undefined
      ? []
      : [
          {
            to: [{ namespaceSelector: namespaceNamed(context.otlpCollector.namespace), podSelector: { matchLabels: { ...context.otlpCollector.podLabels } } }],
            ports: context.otlpCollector.ports.map(tcp),
          },
        ]),
    ...[...(network.calls ?? [])].sort().map((callee) => ({ to: [{ podSelector: { matchLabels: { [NAME_LABEL]: callee } } }], ports: [tcp(context.calleePorts[callee])] })),
    ...(network.database ? [{ to: context.databaseCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(POSTGRES_PORT)] }] : []),
    ...(network.cache ? [{ to: context.cacheCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(REDIS_PORT)] }] : []),
    ...((context.hasServiceAccountRole || usesAwsApis(spec)) && vpc !== undefined ? [{ to: [{ ipBlock: { cidr: vpc } }], ports: [tcp(HTTPS_PORT)] }] : []),
    ...(network.internetHttps && vpc !== undefined ? [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [vpc] } }], ports: [tcp(HTTPS_PORT)] }] : []),
  ];

  return {
    podSelector: { matchLabels: { [NAME_LABEL]: spec.name } },
    policyTypes: ['Ingress', 'Egress'],
    ingress,
    egress,
  };
}
