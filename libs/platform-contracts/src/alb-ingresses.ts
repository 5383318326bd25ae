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

/** The target ports of the Services an Ingress routes to (the Services' `target_port`, else their port). */
function ingressTargetPorts(model: PlatformModel, ingress: ModelResource): number[] {
  const namespace = blockOf(ingress.values.metadata)?.namespace;
  const backends = blocksOf(blockOf(ingress.values.spec)?.rule).flatMap((rule) => blocksOf(blockOf(rule.http)?.path).map((path) => blockOf(blockOf(path.backend)?.service)));
  return backends.flatMap((backend) => {
    if (backend === undefined) return [];
    const service = model.resources('kubernetes_service_v1').find((candidate) => {
      const metadata = blockOf(candidate.values.metadata);
      return metadata?.name === backend.name && metadata?.namespace === namespace;
    });
    const port = blocksOf(blockOf(service?.values.spec)?.port).find((candidate) => candidate.port === blockOf(backend.port)?.number);
    const target = Number(port?.target_port ?? port?.port);
    return Number.isInteger(target) && target > 0 ? [target] : [];
  });
}
