import { defaultWorkloadHosts, deployedWorkloadServices, EnvironmentConfig, workloadsNamespace } from '@platform/config';
import { inClusterUrl, MONITORING_NAMESPACE, OBSERVABILITY_RELEASE_NAMES, OpenTelemetryCollector } from '@platform/observability';

import { rollingWithoutPrometheus, Workloads } from '@platform/workloads';
import { Annotations, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterAddonsStack } from './cluster-addons-stack';
import { ClusterConfigStack } from './cluster-config-stack';
import { ClusterStack } from './cluster-stack';
import { DataStack } from './data-stack';
import { ecrRepositoryNames } from './image-repositories';
import { imageTagVariable } from './image-tag-variable';
import { suppressRelaxedKubernetesRules } from './kubernetes-policy-exemptions';
import { NetworkStack } from './network-stack';
import { ObservabilityStack } from './observability-stack';
import { PlatformStack } from './platform-stack';
import { ownsFailoverRecords } from './recovery-settings';

/** Port of kube-prometheus-stack's Prometheus Service (the chart's `prometheus.service.port`). */
const PROMETHEUS_PORT = 9090;

/** Build-time variables of the Novel Engine frontend image, from the environment's API host. */
export function frontendBuildArguments(apiHost: string): { REACT_APP_API_URL: string; REACT_APP_WS_URL: string } {
  return { REACT_APP_API_URL: `https://${apiHost}`, REACT_APP_WS_URL: `wss://${apiHost}/ws` };
}

/** The stacks the workloads stack reads or must follow. */
export interface WorkloadsStackDependencies {
  readonly network: NetworkStack;
  readonly cluster: ClusterStack;
  /** Creates the namespace, external-secrets, the VPA and the AWS Load Balancer Controller (the `alb` IngressClass) with their CRDs. */
  readonly addons: ClusterAddonsStack;
  /** Creates the ClusterSecretStore of the ExternalSecrets. */
  readonly config: ClusterConfigStack;
  /**
   * PostgreSQL and Redis endpoints and application users (database and cache users connect with IAM authentication),
   * and the Secrets Manager secrets the ExternalSecrets read.
   */
  /** The data tier the applications connect to: the primary's data stack, or the secondary region's once it serves. */
  readonly data: PlatformStack & Pick<DataStack, 'dataTier'>;
  /**
   * The in-cluster observability stack, when the environment has one: the ServiceMonitors need kube-prometheus-stack's
   * CRDs, and the services send traces to its OpenTelemetry Collector.
   * @default - no Prometheus or collector: no ServiceMonitors, no OTLP egress
   */
  readonly observability?: ObservabilityStack;
}

/**
 * `<env>-workloads`: the application services of the environment's catalogs (Deployments, Services, IRSA service
 * accounts, config, external secrets, autoscalers, disruption budgets, network policies, Ingresses), in the namespace
 * the add-ons stack creates. Database and cache users get the data stack's endpoints as password-less URLs and
 * connect with IAM authentication through their IRSA role (cluster stack), which the data stack grants access. Kubernetes only. The image tag is `workloads.imageTag` or the Terraform variable
 * `image_tag` (CI: `TF_VAR_image_tag`), which refuses `latest` unless the environment allows it.
 */
export class WorkloadsStack extends PlatformStack {
  readonly workloads: Workloads;

  constructor(scope: Construct, environment: EnvironmentConfig, { network, cluster, addons, config, data, observability }: WorkloadsStackDependencies) {
    super(scope, environment, 'workloads', { awsProvider: false });
    this.addDependency(addons);
    this.addDependency(config);
    // The ExternalSecrets read the data stack's secrets, whether or not a service uses the database or cache.
    this.addDependency(data);
    const prometheus = observability?.prometheus;
    const collector = observability?.otlpCollector;
    // The ServiceMonitors' CRD comes with kube-prometheus-stack.
    if (observability !== undefined && (prometheus !== undefined || collector !== undefined)) this.addDependency(observability);
    const { workloads: settings, accountId, region } = environment;
    cluster.connectProviders(this);
    const imageTag = settings.imageTag ?? imageTagVariable(this, 'Image tag of every service: the version or commit CI built (TF_VAR_image_tag)', settings.allowLatestTag).stringValue;
    // Release analysis asks Prometheus: without it (metrics off, a standby region without observability) the analysed
    // canaries roll instead, and synthesis says so.
    const release = prometheus === undefined ? rollingWithoutPrometheus(deployedWorkloadServices(settings)) : { specs: deployedWorkloadServices(settings), changed: [] };
    const services = release.specs;
    if (release.changed.length > 0) {
      Annotations.of(this).addWarning(`no Prometheus in ${environment.name} (${region}): ${release.changed.join(', ')} roll out without canary analysis`);
    }
    const zone = environment.dnsZoneName;
    // Novel Engine: api (backend; the CDN's /api/* too) and web; seed 002's microservices: services; KGAS: kgas. Only
    // the keys a route uses get an Ingress.
    const hosts = settings.hosts ?? defaultWorkloadHosts(zone);
    const databaseSubnets = Object.values(network.network.layout.database);
    this.workloads = new Workloads(this, 'workloads', {
      namespace: workloadsNamespace(environment) as string,
      services,
      imageRegistry: `${accountId}.dkr.ecr.${region}.amazonaws.com`,
      imageTag,
      imageRepositories: ecrRepositoryNames(environment),
      secretNamePrefix: `${environment.project}/${environment.name}/`,
      knownSecrets: environment.data.secrets,
      production: environment.production || !settings.allowLatestTag,
      // PostgreSQL and Redis both live in the database subnets.
      databaseCidrs: databaseSubnets,
      cacheCidrs: databaseSubnets,
      // The interface endpoints (STS for IRSA, Secrets Manager, ECR, ...) are in the VPC.
      vpcCidr: environment.network.vpcCidr,
      // Password-less DATABASE_URL and REDIS_URL for the database and cache users (IAM authentication).
      dataTier: data.dataTier,
      hosts,
      // The shared ALB (cluster stack) reaches the pods from its nodes in the public subnets (IP targets).
      alb: cluster.ingressAlb,
      loadBalancerCidrs: Object.values(network.network.layout.public),
      // With failover records the recovery stack owns the hosts' names; external-dns would fight over them.
      publishHostWithExternalDns: !ownsFailoverRecords(environment),
      serviceAccountRoleArns: cluster.workloadRoleArns,
      // Prometheus (kube-prometheus-stack, monitoring namespace) scrapes every service with metrics.
      serviceMonitors: prometheus !== undefined,
      // The release analysis of canary and blue/green services asks it (the chart's `<release>-prometheus` Service).
      prometheusUrl: prometheus === undefined ? undefined : inClusterUrl(`${OBSERVABILITY_RELEASE_NAMES.kubePrometheusStack}-prometheus`, MONITORING_NAMESPACE, PROMETHEUS_PORT),
      // Traces go to the OpenTelemetry Collector over OTLP/HTTP (names, not references: a NetworkPolicy selects by name).
      otlpCollector:
        collector === undefined
          ? undefined
          : {
              namespace: MONITORING_NAMESPACE,
              podLabels: OpenTelemetryCollector.POD_LABELS,
              endpoint: inClusterUrl(OBSERVABILITY_RELEASE_NAMES.openTelemetryCollector, MONITORING_NAMESPACE, OpenTelemetryCollector.OTLP_HTTP_PORT),
            },
    });
    suppressRelaxedKubernetesRules(this.workloads, environment);
    this.addFrontendBuildArguments(services.map((service) => service.name), hosts);
  }

  /**
   * The Novel Engine frontend is a React build: `REACT_APP_*` values are compiled into the bundle by `npm run build`,
   * so the image pipeline passes them as build arguments (`docker build --build-arg REACT_APP_API_URL=...`) per
   * environment. The stack outputs them (`cdktf output <env>-workloads`), derived from the API host.
   */
  private addFrontendBuildArguments(serviceNames: readonly string[], hosts: Readonly<Record<string, string>>): void {
    if (!serviceNames.includes('novel-engine-frontend') || hosts.api === undefined) return;
    const buildArguments = frontendBuildArguments(hosts.api);
    new TerraformOutput(this, 'frontend_build_args', {
      value: buildArguments,
      description: 'Build arguments of the novel-engine/frontend image for this environment (React reads REACT_APP_* at build time)',
    });
  }
}
