import { EnvironmentConfig, workloadServices, workloadsNamespace } from '@platform/config';
import { inClusterUrl, MONITORING_NAMESPACE, OBSERVABILITY_RELEASE_NAMES, OpenTelemetryCollector } from '@platform/observability';
import { scaledForDevelopment, Workloads } from '@platform/workloads';
import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterAddonsStack } from './cluster-addons-stack';
import { ClusterStack, ecrRepositoryNames } from './cluster-stack';
import { DataStack } from './data-stack';
import { NetworkStack } from './network-stack';
import { ObservabilityStack } from './observability-stack';
import { PlatformStack } from './platform-stack';

/** The stacks the workloads stack reads or must follow. */
export interface WorkloadsStackDependencies {
  readonly network: NetworkStack;
  readonly cluster: ClusterStack;
  /** Creates the namespace, external-secrets with its store, the VPA, ingress-nginx and cert-manager. */
  readonly addons: ClusterAddonsStack;
  /** PostgreSQL and Redis endpoints and application users: database and cache users connect with IAM authentication. */
  readonly data: DataStack;
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

  constructor(scope: Construct, environment: EnvironmentConfig, { network, cluster, addons, data, observability }: WorkloadsStackDependencies) {
    super(scope, environment, 'workloads', { awsProvider: false });
    this.addDependency(addons);
    const prometheus = observability?.prometheus;
    const collector = observability?.otlpCollector;
    // The ServiceMonitors' CRD comes with kube-prometheus-stack.
    if (observability !== undefined && (prometheus !== undefined || collector !== undefined)) this.addDependency(observability);
    const { workloads: settings, accountId, region } = environment;
    cluster.connectProviders(this);
    const imageTag = settings.imageTag ?? this.imageTagVariable(settings.allowLatestTag).stringValue;
    const services = workloadServices(settings);
    const zone = environment.dnsZoneName;
    const databaseSubnets = Object.values(network.network.layout.database);
    this.workloads = new Workloads(this, 'workloads', {
      namespace: workloadsNamespace(environment) as string,
      services: settings.scaledDown ? scaledForDevelopment(services) : services,
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
      hosts: settings.hosts ?? { api: `api.${zone}`, web: `app.${zone}` },
      serviceAccountRoleArns: cluster.workloadRoleArns,
      // Prometheus (kube-prometheus-stack, monitoring namespace) scrapes every service with metrics.
      serviceMonitors: prometheus !== undefined,
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
  }

  private imageTagVariable(allowLatest: boolean): TerraformVariable {
    return new TerraformVariable(this, 'image_tag', {
      type: 'string',
      description: 'Image tag of every service: the version or commit CI built (TF_VAR_image_tag)',
      validation: allowLatest
        ? []
        : [{ condition: '${var.image_tag != "latest" && var.image_tag != ""}', errorMessage: 'image_tag must name a build (a version or commit id), not latest: a redeploy of latest could run another image.' }],
    });
  }
}
