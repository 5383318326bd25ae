import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { EcsClusterReference } from './ecs-cluster';
import { FargateTaskDefinition } from './fargate-task-definition';
import { idFor, isIntegerBetween, requirement, requireResourceName } from './private/compute-validation';
import { ServiceAutoScaling, ServiceAutoScalingOptions } from './service-auto-scaling';

/** How a new task definition revision reaches the running tasks. */
export type FargateDeploymentStrategy = 'rolling' | 'blue-green';

/** The load balancer in front of the service. */
export interface ServiceLoadBalancer {
  /** Security group of the load balancer; the only source allowed into the service. */
  readonly securityGroupId: string;
  /** Target group the tasks register in; with blue/green, the blue one (the prod listener's at first apply). */
  readonly targetGroupArn: string;
  /**
   * Container port the target group sends to; must equal the task definition's.
   * @default - the task definition's container port
   */
  readonly containerPort?: number;
}

/** A security group the service opens connections to, e.g. the database's. */
export interface ServiceConnection {
  readonly securityGroupId: string;
  readonly port: number;
  /** What the connection is for, e.g. `PostgreSQL`; becomes the rules' description. */
  readonly description: string;
}

export interface FargateServiceProps {
  /** Service name, e.g. `storymagic-api`; also names its security group `<name>-service`. At most 200 characters. */
  readonly name: string;
  readonly cluster: EcsClusterReference;
  readonly taskDefinition: FargateTaskDefinition;
  /** VPC of the service's security group. */
  readonly vpcId: string;
  /** Private subnets the tasks run in (one elastic network interface per task). */
  readonly subnetIds: readonly string[];
  /**
   * Give each task a public IP. Refused unless `allowPublicIp` is also set: tasks belong in private subnets behind
   * the load balancer and reach the internet through NAT.
   * @default false
   */
  readonly assignPublicIp?: boolean;
  /**
   * Accept `assignPublicIp: true`.
   * @default false
   */
  readonly allowPublicIp?: boolean;
  /**
   * Fargate platform version, pinned so that a new version is a reviewed change. `LATEST` is refused.
   * @default '1.4.0'
   */
  readonly platformVersion?: string;
  /**
   * Tasks to run; with auto scaling, only the count at creation (scaling owns it afterwards).
   * @default 2
   */
  readonly desiredCount?: number;
  /**
   * Lower limit of running tasks during a deployment, in % of the desired count.
   * @default 50
   */
  readonly minimumHealthyPercent?: number;
  /**
   * Upper limit of running tasks during a deployment, in % of the desired count.
   * @default 200
   */
  readonly maximumPercent?: number;
  /**
   * `rolling`: ECS replaces tasks itself and rolls back when the deployment circuit breaker trips (or an alarm of
   * `rollbackAlarmNames` fires). `blue-green`: CodeDeploy ({@link EcsBlueGreenDeployment}) owns deployments; it needs
   * `loadBalancer`.
   * @default 'blue-green'
   */
  readonly deployment?: FargateDeploymentStrategy;
  /**
   * CloudWatch alarms that roll a `rolling` deployment back while it runs (a blue/green deployment's alarms are on
   * the CodeDeploy deployment group instead).
   * @default - none: the circuit breaker alone
   */
  readonly rollbackAlarmNames?: readonly string[];
  /**
   * Load balancer in front of the service: the service group admits it on the container port and its group may send
   * there (both rules are created here).
   * @default - no load balancer
   */
  readonly loadBalancer?: ServiceLoadBalancer;
  /**
   * Security groups the service connects to, by a stable name, e.g. `{ postgres: { securityGroupId, port: 5432,
   * description: 'PostgreSQL' } }`: egress from the service group and ingress into the target group are created here.
   * @default - none
   */
  readonly connectsTo?: Readonly<Record<string, ServiceConnection>>;
  /**
   * Application Auto Scaling of the desired count, or `false` for a fixed count.
   * @default - min 1, max 4, CPU 70 %, memory 80 %, cooldowns 300 s
   */
  readonly autoScaling?: ServiceAutoScalingOptions | false;
  /**
   * ECS Exec (shell into running tasks). Needs a task definition with `executeCommand: true`.
   * @default false
   */
  readonly enableExecuteCommand?: boolean;
  /**
   * Seconds the load balancer's failing health checks are ignored after a task starts.
   * @default 60
   */
  readonly healthCheckGracePeriodSeconds?: number;
  /**
   * Resources the service must wait for, e.g. the listener forwarding to its target group (ECS refuses a target group
   * no load balancer uses).
   * @default - none
   */
  readonly dependsOn?: readonly ITerraformDependable[];
  /**
   * Tags of the service and its security group; the service propagates its tags to its tasks.
   * @default - only `Name` on the security group
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A Fargate service in private subnets (`awsvpc`, no public IP) with its own security group: reachable only from the
 * load balancer's group on the container port, allowed out to the named security groups (database, cache) and to
 * HTTPS anywhere: AWS APIs (Secrets Manager, ECR, CloudWatch, X-Ray) without VPC endpoints, and external APIs such as
 * OpenAI and Firebase, whose addresses are not fixed. DNS is not a security group rule (the VPC resolver is always
 * reachable).
 *
 * With `deployment: 'blue-green'` the deployment controller is CodeDeploy: after the first apply CodeDeploy, not
 * Terraform, changes the task definition and the target group of the service, so Terraform ignores both
 * (`ignore_changes`); a release registers a new task definition revision and starts a CodeDeploy deployment. With auto
 * scaling, Terraform also ignores the desired count in both modes. ECS rejects a deployment circuit breaker with
 * CodeDeploy, so only rolling deployments have one.
 */
export class FargateService extends Construct {
  static readonly DEFAULT_PLATFORM_VERSION = '1.4.0';
  static readonly HTTPS_PORT = 443;

  readonly service: EcsService;
  readonly serviceName: string;
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly securityGroup: SecurityGroup;
  readonly securityGroupId: string;
  readonly deployment: FargateDeploymentStrategy;
  /** Auto scaling of the desired count; undefined with `autoScaling: false`. */
  readonly autoScaling?: ServiceAutoScaling;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    const deployment = props.deployment ?? 'blue-green';
    const desiredCount = props.desiredCount ?? 2;
    const platformVersion = props.platformVersion ?? FargateService.DEFAULT_PLATFORM_VERSION;
    const minimumHealthyPercent = props.minimumHealthyPercent ?? 50;
    const maximumPercent = props.maximumPercent ?? 200;
    const containerPort = props.loadBalancer?.containerPort ?? props.taskDefinition.containerPort;
    this.validate(props, { deployment, desiredCount, platformVersion, minimumHealthyPercent, maximumPercent, containerPort });
    this.deployment = deployment;
    this.serviceName = props.name;
    this.clusterName = props.cluster.clusterName;
    this.clusterArn = props.cluster.clusterArn;

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      name: `${props.name}-service`,
      description: `Tasks of the ECS service ${props.name}`,
      vpcId: props.vpcId,
      // Rules are separate resources below; no inline rule, so Terraform also removes AWS's default allow-all egress.
      tags: { ...props.tags, Name: `${props.name}-service` },
    });
    this.securityGroupId = this.securityGroup.id;
    this.createRules(props, containerPort);

    const autoScaled = props.autoScaling !== false;
    const ignoreChanges = [...(deployment === 'blue-green' ? ['task_definition', 'load_balancer'] : []), ...(autoScaled ? ['desired_count'] : [])];
    const rollbackAlarmNames = props.rollbackAlarmNames ?? [];

    this.service = new EcsService(this, 'Resource', {
      name: props.name,
      cluster: props.cluster.clusterArn,
      taskDefinition: props.taskDefinition.taskDefinitionArn,
      launchType: 'FARGATE',
      platformVersion,
      desiredCount,
      deploymentMinimumHealthyPercent: minimumHealthyPercent,
      deploymentMaximumPercent: maximumPercent,
      deploymentController: { type: deployment === 'blue-green' ? 'CODE_DEPLOY' : 'ECS' },
      deploymentCircuitBreaker: deployment === 'rolling' ? { enable: true, rollback: true } : undefined,
      alarms: deployment === 'rolling' && rollbackAlarmNames.length > 0 ? { alarmNames: [...rollbackAlarmNames], enable: true, rollback: true } : undefined,
      networkConfiguration: {
        subnets: [...props.subnetIds],
        securityGroups: [this.securityGroup.id],
        assignPublicIp: props.assignPublicIp ?? false,
      },
      loadBalancer:
        props.loadBalancer === undefined
          ? undefined
          : [{ targetGroupArn: props.loadBalancer.targetGroupArn, containerName: props.taskDefinition.containerName, containerPort }],
      healthCheckGracePeriodSeconds: props.loadBalancer === undefined ? undefined : (props.healthCheckGracePeriodSeconds ?? 60),
      enableExecuteCommand: props.enableExecuteCommand ?? false,
      propagateTags: 'SERVICE',
      enableEcsManagedTags: true,
      // Apply returns once ECS accepted the change; the rollout is watched by the circuit breaker or CodeDeploy.
      waitForSteadyState: false,
      tags: props.tags === undefined ? undefined : { ...props.tags },
      dependsOn: props.dependsOn === undefined ? undefined : [...props.dependsOn],
      lifecycle: ignoreChanges.length > 0 ? { ignoreChanges } : undefined,
    });

    if (props.autoScaling !== false) {
      this.autoScaling = new ServiceAutoScaling(this, 'AutoScaling', {
        ...props.autoScaling,
        clusterName: this.clusterName,
        serviceName: this.service.name,
        desiredCount,
      });
    }
  }

  private createRules(props: FargateServiceProps, containerPort: number): void {
    const tcp = (port: number) => ({ ipProtocol: 'tcp', fromPort: port, toPort: port });
    new VpcSecurityGroupEgressRule(this, 'EgressHttpsToInternet', {
      securityGroupId: this.securityGroup.id,
      description: 'HTTPS to AWS APIs and external APIs (OpenAI, Firebase)',
      cidrIpv4: '0.0.0.0/0',
      ...tcp(FargateService.HTTPS_PORT),
    });
    if (props.loadBalancer !== undefined) {
      new VpcSecurityGroupIngressRule(this, 'IngressFromLoadBalancer', {
        securityGroupId: this.securityGroup.id,
        description: `Port ${containerPort} from the load balancer`,
        referencedSecurityGroupId: props.loadBalancer.securityGroupId,
        ...tcp(containerPort),
      });
      new VpcSecurityGroupEgressRule(this, 'LoadBalancerEgressToService', {
        securityGroupId: props.loadBalancer.securityGroupId,
        description: `To the ECS service ${props.name} on port ${containerPort}`,
        referencedSecurityGroupId: this.securityGroup.id,
        ...tcp(containerPort),
      });
    }
    for (const [name, connection] of Object.entries(props.connectsTo ?? {})) {
      new VpcSecurityGroupEgressRule(this, idFor('EgressTo', name), {
        securityGroupId: this.securityGroup.id,
        description: `${connection.description} (${name})`,
        referencedSecurityGroupId: connection.securityGroupId,
        ...tcp(connection.port),
      });
      new VpcSecurityGroupIngressRule(this, idFor('IngressFromService', name), {
        securityGroupId: connection.securityGroupId,
        description: `${connection.description} from the ECS service ${props.name}`,
        referencedSecurityGroupId: this.securityGroup.id,
        ...tcp(connection.port),
      });
    }
  }

  private validate(
    props: FargateServiceProps,
    resolved: {
      deployment: FargateDeploymentStrategy;
      desiredCount: number;
      platformVersion: string;
      minimumHealthyPercent: number;
      maximumPercent: number;
      containerPort: number;
    },
  ): void {
    const require = requirement(this);
    const { deployment, desiredCount, platformVersion, minimumHealthyPercent, maximumPercent, containerPort } = resolved;
    requireResourceName(require, props.name, 200);
    require(['rolling', 'blue-green'].includes(deployment), 'deployment', `'${deployment}' is not a deployment strategy`, "use 'rolling' or 'blue-green'");
    require(props.subnetIds.length > 0, 'subnetIds', 'the list is empty', 'pass the private subnets of the network');
    require(
      props.assignPublicIp !== true || props.allowPublicIp === true,
      'assignPublicIp',
      'would give every task a public IP address, reachable around the load balancer',
      'run the tasks in private subnets with assignPublicIp false (outbound traffic goes through NAT); set allowPublicIp: true only for a service without NAT that must have one',
    );
    require(
      /^\d+\.\d+\.\d+$/.test(platformVersion),
      'platformVersion',
      `'${platformVersion}' is not a pinned Fargate platform version (LATEST changes under you)`,
      `pin a version such as '${FargateService.DEFAULT_PLATFORM_VERSION}'`,
    );
    require(isIntegerBetween(desiredCount, 0, 5000), 'desiredCount', `${desiredCount} is not a task count`, 'use a whole number, e.g. 2');
    require(
      isIntegerBetween(minimumHealthyPercent, 0, 100),
      'minimumHealthyPercent',
      `${minimumHealthyPercent} is outside 0 to 100 %`,
      'use e.g. 50 (half the tasks keep serving during a deployment)',
    );
    require(
      isIntegerBetween(maximumPercent, 100, 200) && maximumPercent > minimumHealthyPercent,
      'maximumPercent',
      `${maximumPercent} is outside 100 to 200 % or not above minimumHealthyPercent`,
      'use e.g. 200 (new tasks start before old ones stop)',
    );
    require(
      deployment === 'rolling' || props.loadBalancer !== undefined,
      'loadBalancer',
      'is missing, but a blue/green deployment shifts load balancer traffic between two target groups',
      "pass the load balancer's security group and blue target group, or use deployment: 'rolling'",
    );
    require(
      deployment === 'rolling' || props.rollbackAlarmNames === undefined,
      'rollbackAlarmNames',
      'only apply to rolling deployments',
      'pass the alarms to EcsBlueGreenDeployment alarmNames instead',
    );
    require(
      containerPort === props.taskDefinition.containerPort,
      'loadBalancer.containerPort',
      `${containerPort} differs from the task definition's container port ${props.taskDefinition.containerPort}`,
      'leave it out, or use the port the container listens on',
    );
    require(
      props.enableExecuteCommand !== true || props.taskDefinition.allowsExecuteCommand,
      'enableExecuteCommand',
      "the task definition's task role does not allow ECS Exec's SSM channels",
      'set executeCommand: true on the FargateTaskDefinition too, or leave ECS Exec off',
    );
    for (const [name, connection] of Object.entries(props.connectsTo ?? {})) {
      require(/^[A-Za-z0-9-]+$/.test(name), 'connectsTo', `'${name}' is not a stable name of letters, digits and hyphens`, 'name the connection, e.g. postgres');
      require(isIntegerBetween(connection.port, 1, 65535), 'connectsTo', `${name}: ${connection.port} is not a port`, 'use the port of the target, e.g. 5432');
    }
  }
}
