import { EcrRepositories } from '@platform/cluster';
import { EcsServiceConfig, ecsServiceNames, EnvironmentConfig } from '@platform/config';
import { ConstructValidationError } from '@platform/core';
import { DataAccessPolicy, PostgresDatabase } from '@platform/data';
import {
  ApplicationLoadBalancer,
  DatabaseUserSetupTask,
  EcsBlueGreenDeployment,
  EcsCluster,
  FargateService,
  FargateTaskDefinition,
  LoadBalancerCertificate,
  LoadBalancerDnsRecord,
  LoadBalancerFailover,
  RegionalWebAcl,
  ServiceConnection,
  ServiceLogsKey,
  TaskPolicyStatement,
} from '@platform/ecs';
import { suppress } from '@platform/guardrails';
import { XRaySampling } from '@platform/observability';
import { EndpointHealthCheck } from '@platform/recovery';
import { dataTierEnvironment } from '@platform/workloads';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { NON_PRODUCTION_TAGGED_IMAGES_KEPT } from './cluster-stack';
import { imageRegistryHost, imageRepositoryArn, imageRepositoryNames } from './image-repositories';
import { imageTagVariable } from './image-tag-variable';
import { MonitoringStack } from './monitoring-stack';
import { NetworkStack } from './network-stack';
import { PlatformStack } from './platform-stack';
import { addRegistryReplication } from './recovery-settings';
import { fargateRuntimeMonitoring } from './security-baseline-stack';
import { hasSecondaryNetwork } from './secondary-site';
import { ServicesDataTier } from './services-data-tier';

/** The stacks the services stack reads: subnets and groups, data stores and secrets, and the alarms it rolls back on. */
export interface ServicesStackInputs {
  readonly network: NetworkStack;
  /** The region's DataStack, or a serving secondary site's StandbyDataStack. */
  readonly data: ServicesDataTier;
  readonly monitoring: MonitoringStack;
}

/** The image repository a service pulls from: its URL and ARN. */
interface ServiceRepository {
  readonly repositoryUrl: string;
  readonly arn: string;
}

/**
 * `<env>-services` of an ECS environment (seed 003): the services' ECR repositories, the ECS cluster (Container
 * Insights), and per service a Fargate service in the private subnets behind its own internet-facing ALB (HTTPS with a
 * DNS-validated certificate, WAF, access logs, `<hostname>.<zone>`), autoscaling, IAM-authenticated access to
 * PostgreSQL and Redis, secrets injected by ARN, X-Ray sampling, and blue/green releases through CodeDeploy that roll
 * back on the monitoring stack's alarms. AWS resources only, so it is validated and planned offline.
 *
 * Built from a secondary site's config (disaster recovery, once `recovery.activeRegion` is `'secondary'`) it runs the
 * same services on that region's StandbyDataStack: images from the repositories ECR replication created there (no
 * repositories of its own), the promoted replica (whose application user came with the data: no setup task), the
 * replicated secrets and the storage replica. With a secondary network each region's `<hostname>.<zone>` is one half
 * of a Route 53 failover pair (see {@link failoverOf}).
 */
export class ServicesStack extends PlatformStack {
  /** The services' repositories; none on a secondary site, which pulls from the replicas ECR replication creates. */
  readonly repositories?: EcrRepositories;
  readonly cluster: EcsCluster;
  /** Encrypts the services' and their web ACLs' log groups. */
  readonly logsKey: ServiceLogsKey;
  readonly services: Readonly<Record<string, FargateService>>;
  readonly loadBalancers: Readonly<Record<string, ApplicationLoadBalancer>>;

  constructor(scope: Construct, environment: EnvironmentConfig, inputs: ServicesStackInputs) {
    super(scope, environment, 'services');
    const settings = environment.ecs;
    const names = ecsServiceNames(environment);
    if (settings === undefined || names === undefined) throw new Error(`${this.node.path}: ecs: the services stack needs ECS settings (compute: 'ecs')`);
    const { production } = environment;

    const repositoryNames = imageRepositoryNames(environment);
    this.repositories =
      environment.site === undefined
        ? new EcrRepositories(this, 'ecr', {
            namePrefix: environment.resourcePrefix,
            repositoryNames,
            taggedImagesKept: production ? undefined : NON_PRODUCTION_TAGGED_IMAGES_KEPT,
            preventKeyDestroy: production,
          })
        : undefined;
    // Replicated to the secondary region from before the first push (disaster recovery).
    addRegistryReplication(this, environment, repositoryNames);
    const repositories = this.repositories?.repositories ?? replicatedRepositories(this, environment, repositoryNames);
    this.cluster = new EcsCluster(this, 'cluster', { name: names.clusterName, containerInsights: 'enabled' });
    this.logsKey = new ServiceLogsKey(this, 'logs-key', {
      alias: `${environment.resourcePrefix}-service-logs`,
      accountId: environment.accountId,
      region: environment.region,
      logGroupNames: [
        ...[...Object.values(names.serviceNames), databaseUserSetupFamily(environment)].map((name) => `/ecs/${name}`),
        `${RegionalWebAcl.LOG_GROUP_PREFIX}${environment.resourcePrefix}-*`,
      ],
      preventDestroy: production,
    });
    const imageTag = Object.values(settings.services).some((service) => service.imageTag === undefined) ? imageTagVariable(this, 'Image tag of every service without a pinned imageTag: the version or commit CI built (TF_VAR_image_tag)').stringValue : undefined;

    const services: Record<string, FargateService> = {};
    const loadBalancers: Record<string, ApplicationLoadBalancer> = {};
    for (const [key, service] of Object.entries(settings.services)) {
      const built = this.addService(environment, inputs, key, names.serviceNames[key], service, { repositoryUrl: repositories[service.repository].repositoryUrl, arn: repositories[service.repository].arn, tag: service.imageTag ?? imageTag ?? '' });
      services[key] = built.service;
      loadBalancers[key] = built.loadBalancer;
    }
    this.services = services;
    this.loadBalancers = loadBalancers;
    this.addDatabaseUserSetup(environment, inputs, settings.services);
    if (environment.observability.tracing.enabled) {
      for (const serviceName of Object.values(names.serviceNames)) {
        new XRaySampling(this, `xray-${serviceName}`, { namePrefix: environment.resourcePrefix, serviceName, samplingPercent: environment.observability.tracing.samplingPercent });
      }
    }
  }

  /**
   * The one-off task that creates the application's database user, and the command that runs it, in the subnets and
   * security group of a service that may reach the database (docs/runbook.md, "First deploy of an ECS environment").
   */
  private addDatabaseUserSetup(environment: EnvironmentConfig, { network, data }: ServicesStackInputs, services: Readonly<Record<string, EcsServiceConfig>>): void {
    const key = Object.keys(services).find((name) => services[name].database);
    // A promoted replica has the application user already (replicated with the data), and no RDS-managed master
    // secret in its region: there is nothing to set up.
    const source = data.databaseUserSetup;
    if (key === undefined || source === undefined) return;
    const setup = new DatabaseUserSetupTask(this, 'database-user-setup', {
      family: databaseUserSetupFamily(environment),
      accountId: environment.accountId,
      region: environment.region,
      databaseHost: source.host,
      databaseName: source.databaseName,
      masterSecretArn: source.masterSecretArn,
      masterSecretKmsKeyArn: source.masterSecretKmsKeyArn,
      applicationUsername: source.applicationUsername,
      logKmsKeyArn: this.logsKey.keyArn,
      // GuardDuty adds its sidecar to standalone tasks too.
      guardDutyAgent: fargateRuntimeMonitoring(environment),
    });
    const subnets = Object.values(network.network.attributes.subnetIds.private).join(',');
    new TerraformOutput(this, 'database_user_setup_command', {
      description: 'Run once after the first apply: creates the IAM-authenticated application user in PostgreSQL',
      value:
        `aws ecs run-task --cluster ${this.cluster.clusterName} --launch-type FARGATE --task-definition ${setup.taskDefinitionArn} ` +
        `--network-configuration 'awsvpcConfiguration={subnets=[${subnets}],securityGroups=[${this.services[key].securityGroupId}],assignPublicIp=DISABLED}'`,
    });
  }

  private addService(
    environment: EnvironmentConfig,
    { network, data, monitoring }: ServicesStackInputs,
    key: string,
    serviceName: string,
    service: EcsServiceConfig,
    image: { repositoryUrl: string; arn: string; tag: string },
  ): { service: FargateService; loadBalancer: ApplicationLoadBalancer } {
    const { accountId, region, production, dnsZoneName, dnsZoneId } = environment;
    const net = network.network.attributes;
    const scope = new Construct(this, key);
    const domainName = `${service.hostname}.${dnsZoneName}`;

    // The primary's certificate owns the validation CNAME, which ACM asks for in every region of the account alike.
    const certificate = new LoadBalancerCertificate(scope, 'certificate', { domainName, hostedZoneId: String(dnsZoneId), validationRecords: environment.site === undefined });
    const loadBalancer = new ApplicationLoadBalancer(scope, 'load-balancer', {
      name: `${environment.resourcePrefix}-${key}`.slice(0, 26),
      vpcId: net.vpcId,
      subnetIds: Object.values(net.subnetIds.public),
      certificateArn: certificate.certificateArn,
      accountId,
      region,
      deletionProtection: production,
      targetPort: service.containerPort,
      healthCheck: { path: service.healthCheckPath },
      blueGreen: service.deployment === 'blue-green' ? {} : false,
    });
    suppress(loadBalancer.accessLogBucket, 'PLAT-S3-001', 'ALB access logs can only be delivered to a bucket encrypted with SSE-S3 (AES256), not SSE-KMS');
    suppress(loadBalancer.accessLogBucket, 'PLAT-S3-005', 'this bucket receives the load balancer access logs itself; logging it into another bucket would only move the question');
    new RegionalWebAcl(scope, 'web-acl', { name: `${environment.resourcePrefix}-${key}`, loadBalancerArn: loadBalancer.loadBalancer.arn, rateLimitPer5Minutes: environment.data.cdn.rateLimitPer5Minutes, logKmsKeyArn: this.logsKey.keyArn });
    const failover = failoverOf(scope, environment, `${environment.resourcePrefix}-${key}`, loadBalancer.loadBalancer.dnsName, service.healthCheckPath);
    if (failover !== false) new LoadBalancerDnsRecord(scope, 'dns', { domainName, hostedZoneId: String(dnsZoneId), target: loadBalancer.loadBalancer, failover });

    const secrets = Object.fromEntries(Object.entries(service.secrets).map(([variable, secretName]) => [variable, { secretArn: data.serviceSecrets.secretArns[secretName] }]));
    const taskDefinition = new FargateTaskDefinition(scope, 'task', {
      family: serviceName,
      accountId,
      region,
      cpu: service.cpu,
      memory: service.memoryMiB,
      image: { repositoryUrl: image.repositoryUrl, repositoryArn: image.arn, tag: image.tag },
      containerPort: service.containerPort,
      healthCheck: { path: service.healthCheckPath },
      // Where the task connects: password-less URLs, signed with the task role (IAM authentication), as on EKS.
      environment: {
        ...service.environment,
        ...dataTierEnvironment({ network: { database: service.database, cache: service.cache } }, data.dataTier),
        STORAGE_BUCKET: data.storage.bucketName,
      },
      secrets,
      secretsKmsKeyArns: Object.keys(secrets).length > 0 ? [data.serviceSecrets.keyArn] : [],
      logRetentionDays: environment.observability.cloudwatch.applicationLogRetentionDays,
      logKmsKeyArn: this.logsKey.keyArn,
      tracing: environment.observability.tracing.enabled,
      executeCommand: service.executeCommand,
      readonlyRootFilesystem: !service.executeCommand,
      taskRoleStatements: applicationStatements(environment, data),
      // The security baseline lets GuardDuty add its runtime monitoring sidecar to every task: the role pulls it.
      guardDutyAgent: fargateRuntimeMonitoring(environment),
    });
    if (service.database || service.cache) {
      new DataAccessPolicy(scope, 'data-access', {
        roleName: taskDefinition.taskRole.roleName,
        database: service.database ? data.databaseAccess : undefined,
        cache: service.cache ? requireCache(this, data) : undefined,
      });
    }

    // The monitoring stack (deployed before this one) alarms on the service; a release that trips one rolls back.
    const alarms = monitoring.rollbackAlarmNames[key];
    const connectsTo: Record<string, ServiceConnection> = {};
    if (service.database) connectsTo.postgres = { securityGroupId: net.securityGroupIds.database, port: PostgresDatabase.PORT, description: 'PostgreSQL' };
    if (service.cache) connectsTo.redis = { securityGroupId: net.securityGroupIds.cache, port: requireCache(this, data).port, description: 'Redis' };
    const fargate = new FargateService(scope, 'service', {
      name: serviceName,
      cluster: this.cluster,
      taskDefinition,
      vpcId: net.vpcId,
      subnetIds: Object.values(net.subnetIds.private),
      platformVersion: environment.ecs?.platformVersion,
      desiredCount: service.desiredCount,
      deployment: service.deployment,
      loadBalancer: { securityGroupId: loadBalancer.securityGroupId, targetGroupArn: loadBalancer.targetGroups.blue.arn, containerPort: service.containerPort },
      connectsTo,
      autoScaling: {
        minCapacity: service.minCapacity,
        maxCapacity: service.maxCapacity,
        cpuTargetPercent: service.cpuTargetPercent,
        memoryTargetPercent: service.memoryTargetPercent,
      },
      // Not "no running task": it is in alarm until a new service's first tasks report, which would fail the rollout.
      rollbackAlarmNames: service.deployment === 'rolling' && alarms !== undefined ? [alarms.target5xx] : undefined,
      enableExecuteCommand: service.executeCommand,
      // ECS refuses a target group that no listener uses yet.
      dependsOn: [loadBalancer.productionListener],
    });

    const blueGreen =
      service.deployment === 'blue-green' && loadBalancer.testListenerArn !== undefined
        ? new EcsBlueGreenDeployment(scope, 'blue-green', {
            accountId,
            region,
            service: fargate,
            trafficRoutes: {
              prodListenerArn: loadBalancer.productionListenerArn,
              testListenerArn: loadBalancer.testListenerArn,
              // References: CodeDeploy checks at creation that the target groups exist.
              blueTargetGroupName: loadBalancer.targetGroups.blue.resource.name,
              greenTargetGroupName: loadBalancer.targetGroups.green.resource.name,
            },
            alarmNames: alarms === undefined ? [] : [alarms.noRunningTasks, alarms.target5xx],

          })
        : undefined;
    new TerraformOutput(this, `${key}_url`, { value: `https://${domainName}`, description: `Public URL of the ${key} service` });

    // --- Release outputs (tools/ecs-release.ts starts the CodeDeploy deployment; tools/smoke-ecs.ts checks it) ---
    // With CodeDeploy as controller Terraform ignores the service's task_definition after the first apply: the
    // revision it registers reaches the tasks only through a deployment naming it (tools/ecs-release.ts).
    if (blueGreen !== undefined) {
      new TerraformOutput(this, `${key}_release`, {
        description: `What a CodeDeploy release of the ${key} service deploys: the task definition revision Terraform registered, and where`,
        value: {
          application: blueGreen.applicationName,
          deploymentGroup: blueGreen.deploymentGroupName,
          taskDefinitionArn: taskDefinition.taskDefinitionArn,
          containerName: taskDefinition.containerName,
          containerPort: taskDefinition.containerPort,
          // The AppSpec names it, or CodeDeploy starts the new tasks on LATEST instead of the pinned version.
          platformVersion: fargate.service.platformVersion,
          clusterName: fargate.clusterName,
          serviceName: fargate.serviceName,
        },
      });
    }
    return { service: fargate, loadBalancer };
  }
}

/**
 * What the application itself may do (seed 003's task role): read and write its storage bucket (through its KMS
 * key), and publish its own metrics, only into the namespaces the environment's metric alarms read.
 */
function applicationStatements(environment: EnvironmentConfig, data: ServicesDataTier): TaskPolicyStatement[] {
  const namespaces = [...new Set(Object.values(environment.observability.cloudwatch.metricAlarms).flatMap((alarm) => (alarm.kind === 'ratio' ? [alarm.numerator.namespace, alarm.denominator.namespace] : [alarm.metric.namespace])))];
  return [
    { Sid: 'ReadWriteStorage', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: `${data.storage.bucketArn}/*` },
    { Sid: 'ListStorage', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: data.storage.bucketArn },
    { Sid: 'UseStorageKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: data.storage.keyArn },
    // PutMetricData has no resource; the namespace condition is the only limit it takes.
    ...(namespaces.length > 0
      ? [{ Sid: 'PublishApplicationMetrics', Effect: 'Allow' as const, Action: ['cloudwatch:PutMetricData'], Resource: '*', Condition: { StringEquals: { 'cloudwatch:namespace': namespaces } } }]
      : []),
  ];
}

/** Task family of the one-off database user setup. */
function databaseUserSetupFamily(environment: EnvironmentConfig): string {
  return `${environment.resourcePrefix}-db-user-setup`;
}

/** The region's Redis, which a service using the cache needs. */
function requireCache(scope: Construct, data: ServicesDataTier): NonNullable<ServicesDataTier['redis']> {
  const { redis } = data;
  ConstructValidationError.require(scope, redis !== undefined, 'cache', "is set, but the region's data tier runs no Redis", 'set cache: false, or run the services where the data stack has a cache');
  return redis as NonNullable<typeof redis>;
}

/**
 * The repositories ECR replication creates in a secondary site's region, under the primary's names (RecoveryStack
 * replicates `<project>/`): the site creates none of its own, which would collide with them.
 */
function replicatedRepositories(scope: Construct, environment: EnvironmentConfig, names: readonly string[]): Record<string, ServiceRepository> {
  const { region, project } = environment;
  const unreplicated = names.filter((name) => !name.startsWith(`${project}/`));
  ConstructValidationError.require(
    scope,
    unreplicated.length === 0,
    'ecs.services.repository',
    `${unreplicated.join(', ')} is not under ${project}/, the namespace ECR replicates into ${region}, so it has no images there`,
    `name the repository ${project}/<name>`,
  );
  const host = imageRegistryHost(environment);
  return Object.fromEntries(names.map((name) => [name, { repositoryUrl: `${host}/${name}`, arn: imageRepositoryArn(environment, name) }]));
}

/**
 * How a service's `<hostname>.<zone>` is published. Without a secondary network: simple alias records (undefined).
 * With one, each region's services stack owns one half of a Route 53 failover pair (set identifier: its region), with
 * a health check on its load balancer (HTTPS `healthCheckPath`; Route 53 does not check the certificate):
 * - the primary region's is PRIMARY while it serves; once failed over, its next apply removes it (false), so the
 *   recovered region, whose data the secondary has moved past, takes no traffic back;
 * - a secondary site's (which has services only while serving) is SECONDARY: it answers while the PRIMARY's health
 *   check fails, i.e. while the primary region is down. Its roles never change, so a failover applies in the
 *   secondary region alone: Route 53 refuses a second PRIMARY of a name, and the primary's record cannot be
 *   demoted while its region (and its state) is down.
 */
function failoverOf(scope: Construct, environment: EnvironmentConfig, name: string, loadBalancerDnsName: string, healthCheckPath: string): LoadBalancerFailover | undefined | false {
  if (!hasSecondaryNetwork(environment)) return undefined;
  const secondary = environment.site !== undefined;
  if (!secondary && environment.recovery.activeRegion === 'secondary') return false;
  const check = new EndpointHealthCheck(scope, 'health-check', { name, fqdn: loadBalancerDnsName, type: 'HTTPS', resourcePath: healthCheckPath });
  return { role: secondary ? 'SECONDARY' : 'PRIMARY', setIdentifier: environment.region, healthCheckId: check.healthCheckId };
}
