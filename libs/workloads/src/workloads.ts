import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ApplicationIngress, ApplicationIngressOptions, IngressPath } from './application-ingress';
import { ApplicationService, WorkloadEnvironmentOptions } from './application-service';
import { DNS_LABEL, DNS_NAME, isLateBound } from './private/names';
import { ServiceSpecError, ServiceSpecProblem, validateServiceSpecs } from './validate-service-specs';
import { deliveryOf, needsServiceAccountRole, SERVICE_DEFAULTS, ServiceSpec } from './workload-spec';

export interface WorkloadsProps extends WorkloadEnvironmentOptions, ApplicationIngressOptions {
  /** The services, each name once. */
  readonly services: readonly ServiceSpec[];
  /**
   * Host names by the keys routes use, e.g. `{ api: 'api.example.com' }`; one Ingress per key that a route uses.
   * @default {}
   */
  readonly hosts?: Readonly<Record<string, string>>;
  /**
   * IRSA role ARNs by service name, for every service with iamStatements or database/cache access (see
   * serviceAccountRoleRequests).
   * @default {}
   */
  readonly serviceAccountRoleArns?: Readonly<Record<string, string>>;
  /** ECR repositories that exist (cluster.ecrRepositories). @default - not checked */
  readonly imageRepositories?: readonly string[];
  /** Resources every object waits for, e.g. the namespace. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The application services of one namespace and their Ingresses. The specs are checked as a whole first and every
 * problem is reported at once (ServiceSpecError); then each service becomes an ApplicationService with the id of its
 * name and each used host an ApplicationIngress `Ingress-<host key>`, so adding a service or host only adds objects.
 */
export class Workloads extends Construct {
  /** The services by name. */
  readonly services: Readonly<Record<string, ApplicationService>>;
  /** The Ingresses by host key. */
  readonly ingresses: Readonly<Record<string, ApplicationIngress>>;

  constructor(scope: Construct, id: string, props: WorkloadsProps) {
    super(scope, id);
    const hosts = props.hosts ?? {};
    const roleArns = props.serviceAccountRoleArns ?? {};
    const problems = this.validate(props, hosts, roleArns);
    if (problems.length > 0) throw new ServiceSpecError(this.node.path, problems);

    const containerPorts = Object.fromEntries(props.services.map((spec) => [spec.name, spec.containerPort]));
    const services: Record<string, ApplicationService> = {};
    for (const spec of props.services) {
      // A routed canary shifts requests on its host's Ingress (the Ingress is named for the host key).
      const host = (spec.routes ?? [])[0]?.host;
      services[spec.name] = new ApplicationService(this, spec.name, {
        ...props,
        spec,
        ingress: host === undefined || deliveryOf(spec).strategy !== 'canary' ? undefined : { name: host },
        peerContainerPorts: Object.fromEntries(Object.entries(containerPorts).filter(([name]) => name !== spec.name)),
        serviceAccountRoleArn: roleArns[spec.name],
      });
    }
    this.services = services;

    const pathsByHost = new Map<string, IngressPath[]>();
    for (const spec of props.services) {
      for (const route of spec.routes ?? []) {
        const paths = pathsByHost.get(route.host) ?? [];
        const action = services[spec.name].rollout?.ingressAction;
        for (const path of route.paths ?? SERVICE_DEFAULTS.routePaths) paths.push({ path, serviceName: spec.name, servicePort: services[spec.name].servicePort, action });
        pathsByHost.set(route.host, paths);
      }
    }
    const ingresses: Record<string, ApplicationIngress> = {};
    for (const [hostKey, paths] of [...pathsByHost].sort(([a], [b]) => a.localeCompare(b))) {
      ingresses[hostKey] = new ApplicationIngress(this, `Ingress-${hostKey}`, {
        ...props,
        // validate() proves the ALB is set when any service has routes.
        alb: props.alb!,
        name: hostKey,
        host: hosts[hostKey],
        paths: [...paths].sort((a, b) => a.path.localeCompare(b.path)),
        labels: props.partOf === undefined ? {} : { 'app.kubernetes.io/part-of': props.partOf },
        dependsOn: [...(props.dependsOn ?? []), ...new Set(paths.flatMap((path) => routedServices(services[path.serviceName])))],
      });
    }
    this.ingresses = ingresses;
  }

  private validate(props: WorkloadsProps, hosts: Readonly<Record<string, string>>, roleArns: Readonly<Record<string, string>>): ServiceSpecProblem[] {
    const problems = validateServiceSpecs(props.services, {
      production: props.production ?? true,
      knownSecrets: props.knownSecrets,
      imageTag: props.imageTag,
      imageRepositories: props.imageRepositories,
      hosts,
      databaseReachable: (props.databaseCidrs ?? []).length > 0,
      cacheReachable: (props.cacheCidrs ?? []).length > 0,
      customMetricsApi: props.customMetricsApi,
    });
    const routed = props.services.filter((spec) => (spec.routes ?? []).length > 0).map((spec) => spec.name);
    if (routed.length > 0 && props.alb === undefined) {
      problems.push({ field: 'alb', problem: `is missing, and ${routed.join(', ')} have routes`, fix: "pass the environment's shared ALB (ClusterStack.ingressAlb)" });
    }
    if (routed.length > 0 && (props.loadBalancerCidrs ?? []).length === 0) {
      problems.push({ field: 'loadBalancerCidrs', problem: `is empty, so the ALB could not reach ${routed.join(', ')}`, fix: "pass the public subnets' CIDRs, where the ALB's nodes are" });
    }
    for (const [key, host] of Object.entries(hosts)) {
      if (!DNS_LABEL.test(key)) problems.push({ field: `hosts.${key}`, problem: 'is not a DNS label, and names the Ingress', fix: 'use a key such as api or web' });
      if (!isLateBound(host) && !DNS_NAME.test(host)) problems.push({ field: `hosts.${key}`, problem: `'${host}' is not a fully qualified host name`, fix: 'use e.g. api.example.com' });
    }
    const names = new Set(props.services.map((spec) => spec.name));
    for (const service of Object.keys(roleArns)) {
      if (!names.has(service)) problems.push({ field: `serviceAccountRoleArns.${service}`, problem: 'names no service', fix: 'remove the entry, or add the service' });
    }
    for (const spec of props.services) {
      if (needsServiceAccountRole(spec) && roleArns[spec.name] === undefined) {
        const why = (spec.iamStatements ?? []).length > 0 ? 'declares iamStatements' : 'uses the database or cache with IAM authentication';
        problems.push({
          field: `serviceAccountRoleArns.${spec.name}`,
          problem: `is missing, but the service ${why}, so it would run without AWS credentials`,
          fix: 'create the role from serviceAccountRoleRequests and pass its ARN',
        });
      }
    }
    return problems;
  }
}

/** The Services an Ingress path of `service` sends to: its own, and a canary's second one. */
function routedServices(service: ApplicationService): ServiceV1[] {
  const second = service.rollout?.secondService;
  return second === undefined ? [service.service] : [service.service, second];
}
