import { blockOf, blocksOf } from '@platform/guardrails';
import type { ModelResource, PlatformModel } from './platform-model';
import { helmValues, walkObjects } from './private/kubernetes-objects';

type Json = Record<string, unknown>;

/** The AWS Load Balancer Controller's IngressClass and annotation prefix. */
export const ALB_INGRESS_CLASS = 'alb';
export const ALB_ANNOTATION = 'alb.ingress.kubernetes.io';
/** Grafana's container port (grafana chart `service.targetPort`), where the ALB sends Grafana's requests. */
const GRAFANA_TARGET_PORT = 3000;

/** One Ingress of the `alb` class, with the settings the controller applies to it. */
export interface AlbIngress {
  /** `<construct path>` of the kubernetes_ingress_v1, or `<release path> values <path>` of a chart's Ingress. */
  readonly where: string;
  readonly annotations: Readonly<Record<string, unknown>>;
  /** Container ports the ALB sends this Ingress's requests to (IP targets). */
  readonly targetPorts: readonly number[];
  /** Host names of its rules, which external-dns publishes for the ALB. */
  readonly hosts: readonly string[];
}

/** The settings of the shared ALB: the IngressClassParams of the `alb` class win over each Ingress's annotations. */
export interface AlbSettings {
  readonly scheme: unknown;
  readonly targetType: unknown;
  readonly webAclArn: unknown;
}

/** Every Ingress of the `alb` class: kubernetes_ingress_v1 resources and Ingresses in Helm values (Grafana's). */
export function albIngresses(model: PlatformModel): AlbIngress[] {
  const fromResources = model
    .resources('kubernetes_ingress_v1')
    .filter((ingress) => blockOf(ingress.values.spec)?.ingress_class_name === ALB_INGRESS_CLASS)
    .map((ingress) => ({
      where: ingress.constructPath,
      annotations: (blockOf(ingress.values.metadata)?.annotations ?? {}) as Json,
      targetPorts: ingressTargetPorts(model, ingress),
      hosts: blocksOf(blockOf(ingress.values.spec)?.rule).flatMap((rule) => (typeof rule.host === 'string' ? [rule.host] : [])),
    }));
  const fromCharts = model.resources('helm_release').flatMap((release) =>
    helmValues(release).flatMap((values) => {
      const found: AlbIngress[] = [];
      walkObjects(values, (object, path) => {
        if (object.ingressClassName === ALB_INGRESS_CLASS && object.enabled !== false) {
          found.push({
            where: `${release.constructPath} values ${path}`,
            annotations: (object.annotations ?? {}) as Json,
            targetPorts: path.startsWith('grafana') ? [GRAFANA_TARGET_PORT] : [],
            hosts: Array.isArray(object.hosts) ? object.hosts.filter((host): host is string => typeof host === 'string') : [],
          });
        }
      });
      return found;
    }),
  );
  return [...fromResources, ...fromCharts];
}

/** Buckets the ALB writes access logs to (`access_logs.s3.bucket` of the class parameters or an Ingress's attributes). */
export function albAccessLogBuckets(model: PlatformModel): string[] {
  const params = albClassParams(model);
  const fromParams = blocksOf(params.loadBalancerAttributes).filter((attribute) => attribute.key === 'access_logs.s3.bucket').map((attribute) => String(attribute.value));
  const fromIngresses = albIngresses(model).flatMap((ingress) =>
    String(ingress.annotations[`${ALB_ANNOTATION}/load-balancer-attributes`] ?? '')
      .split(',')
      .flatMap((pair) => (pair.startsWith('access_logs.s3.bucket=') ? [pair.slice('access_logs.s3.bucket='.length)] : [])),
  );
  return [...new Set([...fromParams, ...fromIngresses])];
}

/** The `spec` of the IngressClassParams the AWS Load Balancer Controller release creates for the `alb` class. */
export function albClassParams(model: PlatformModel): Json {
  const release = model.resources('helm_release').find((candidate) => candidate.values.chart === 'aws-load-balancer-controller');
  const params = release === undefined ? [] : helmValues(release).map((values) => blockOf(values.ingressClassParams));
  return Object.assign({}, ...params.map((param) => (param?.create === true ? (blockOf(param.spec) ?? {}) : {}))) as Json;
}

/** What the controller applies to `ingress`: the class parameters where set, else the Ingress's annotations. */
export function albSettings(params: Json, ingress: AlbIngress): AlbSettings {
  const annotation = (name: string) => ingress.annotations[`${ALB_ANNOTATION}/${name}`];
  return {
    scheme: params.scheme ?? annotation('scheme') ?? 'internal',
    targetType: params.targetType ?? annotation('target-type') ?? 'instance',
    webAclArn: (typeof params.wafv2AclArn === 'string' && params.wafv2AclArn !== '' ? params.wafv2AclArn : undefined) ?? annotation('wafv2-acl-arn'),
  };
}

/** Port name of a backend that defers to the `actions.<service>` annotation (weighted forward, e.g. an Argo canary). */
export const USE_ANNOTATION = 'use-annotation';

/**
 * The target ports of the Services an Ingress routes to (the Services' `target_port`, else their port). A backend
 * with port `use-annotation` forwards to the target groups of its `actions.<service>` annotation, each counted.
 */
function ingressTargetPorts(model: PlatformModel, ingress: ModelResource): number[] {
  const metadata = blockOf(ingress.values.metadata);
  const namespace = metadata?.namespace;
  const annotations = (metadata?.annotations ?? {}) as Record<string, unknown>;
  const backends = blocksOf(blockOf(ingress.values.spec)?.rule).flatMap((rule) => blocksOf(blockOf(rule.http)?.path).map((path) => blockOf(blockOf(path.backend)?.service)));
  const targetPort = (serviceName: unknown, servicePort: unknown): number[] => {
    const service = model.resources('kubernetes_service_v1').find((candidate) => {
      const candidateMetadata = blockOf(candidate.values.metadata);
      return candidateMetadata?.name === serviceName && candidateMetadata?.namespace === namespace;
    });
    const port = blocksOf(blockOf(service?.values.spec)?.port).find((candidate) => String(candidate.port) === String(servicePort));
    const target = Number(port?.target_port ?? port?.port);
    return Number.isInteger(target) && target > 0 ? [target] : [];
  };
  return backends.flatMap((backend) => {
    if (backend === undefined) return [];
    const port = blockOf(backend.port);
    if (port?.name !== USE_ANNOTATION) return targetPort(backend.name, port?.number);
    return forwardTargets(annotations[`${ALB_ANNOTATION}/actions.${String(backend.name)}`]).flatMap((group) => targetPort(group.serviceName, group.servicePort));
  });
}

/** The target groups of a `forward` action annotation (JSON); none when it is not one. */
export function forwardTargets(annotation: unknown): { serviceName?: unknown; servicePort?: unknown }[] {
  try {
    const action = JSON.parse(String(annotation)) as { forwardConfig?: { targetGroups?: { serviceName?: unknown; servicePort?: unknown }[] } };
    return action.forwardConfig?.targetGroups ?? [];
  } catch {
    return [];
  }
}
