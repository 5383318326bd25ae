import { CodedeployApp } from '@cdktf/provider-aws/lib/codedeploy-app';
import { CodedeployDeploymentConfig } from '@cdktf/provider-aws/lib/codedeploy-deployment-config';
import { CodedeployDeploymentGroup } from '@cdktf/provider-aws/lib/codedeploy-deployment-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { partitionOf } from '@platform/core';
import { Construct } from 'constructs';
import { FargateService } from './fargate-service';
import { isIntegerBetween, requireAccountAndRegion, requirement, requireResourceName } from './private/compute-validation';
import { serviceTrustPolicy } from './private/iam-documents';

/** The listeners and target groups CodeDeploy shifts traffic between (from the application load balancer). */
export interface BlueGreenTrafficRoutes {
  /** Listener serving production traffic (HTTPS 443); CodeDeploy rewrites its forward action. */
  readonly prodListenerArn: string;
  /** Listener on which the green tasks are reachable before they get production traffic. */
  readonly testListenerArn: string;
  /** Target group serving production at first apply (the service's `loadBalancer.targetGroupArn`). */
  readonly blueTargetGroupName: string;
  /** The other target group, which receives each new release. */
  readonly greenTargetGroupName: string;
}

export interface EcsBlueGreenDeploymentProps {
  /** AWS account id (computed offline, no data source). */
  readonly accountId: string;
  /** Region of the service, e.g. `eu-central-1`. */
  readonly region: string;
  /** The service, created with `deployment: 'blue-green'`; its name names the application, group and role. */
  readonly service: FargateService;
  readonly trafficRoutes: BlueGreenTrafficRoutes;
  /**
   * CloudWatch alarms that stop a deployment and roll it back (e.g. 5xx rate and unhealthy hosts of the green target
   * group, the application's error metrics). At least one: without a health signal nothing rolls back automatically.
   */
  readonly alarmNames: readonly string[];
  /**
   * Percentage of production traffic the new release gets in the canary step, 1 to 99.
   * @default 10
   */
  readonly canaryPercentage?: number;
  /**
   * Minutes the canary step lasts before the rest of the traffic shifts.
   * @default 10
   */
  readonly canaryIntervalMinutes?: number;
  /**
   * Minutes the old (blue) tasks keep running after a successful deployment, for an instant rollback, 0 to 2880.
   * @default 15
   */
  readonly terminationWaitMinutes?: number;
  /**
   * SNS topic told when a deployment starts, succeeds, fails, stops or rolls back.
   * @default - no notification
   */
  readonly notificationTopicArn?: string;
  /**
   * Tags of the application, deployment group and role.
   * @default - none besides the provider's default tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Blue/green releases of a Fargate service through CodeDeploy (hashicorp/aws 5.100 has no native ECS blue/green):
 * CodeDeploy starts the new task definition revision as a green task set in the green target group, opens it on the
 * test listener, shifts `canaryPercentage` % of production traffic for `canaryIntervalMinutes`, then the rest, and
 * keeps the blue tasks `terminationWaitMinutes` for an instant rollback. A failed deployment or a firing alarm rolls
 * back automatically.
 *
 * The seed's 10 % → 50 % → 100 % has three steps; CodeDeploy's ECS canary has exactly two (canary percentage, then
 * all) and a linear configuration has equal steps only. The default keeps the seed's first step (10 % for 10 minutes)
 * and goes to 100 % from there; percentage and interval are props.
 *
 * The CodeDeploy service role has the AWS managed policy `AWSCodeDeployRoleForECS`: AWS documents it as the service
 * role for ECS deployments and maintains its action list (task sets, listener rules, alarms, hooks, PassRole to
 * ECS tasks) as CodeDeploy changes; it is the only managed policy in this library.
 */
export class EcsBlueGreenDeployment extends Construct {
  /** At the root path, `arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS` (only the Lambda variant is under service-role/). */
  static readonly MANAGED_POLICY = 'AWSCodeDeployRoleForECS';
  /** Deployment events that notify `notificationTopicArn`. */
  static readonly NOTIFIED_EVENTS: readonly string[] = ['DeploymentStart', 'DeploymentSuccess', 'DeploymentFailure', 'DeploymentStop', 'DeploymentRollback'];

  readonly application: CodedeployApp;
  readonly applicationName: string;
  readonly deploymentConfig: CodedeployDeploymentConfig;
  readonly deploymentConfigName: string;
  readonly deploymentGroup: CodedeployDeploymentGroup;
  readonly deploymentGroupName: string;
  readonly serviceRole: IamRole;
  readonly serviceRoleArn: string;
  readonly serviceRoleName: string;

  constructor(scope: Construct, id: string, props: EcsBlueGreenDeploymentProps) {
    super(scope, id);
    const canaryPercentage = props.canaryPercentage ?? 10;
    const canaryIntervalMinutes = props.canaryIntervalMinutes ?? 10;
    const terminationWaitMinutes = props.terminationWaitMinutes ?? 15;
    this.validate(props, canaryPercentage, canaryIntervalMinutes, terminationWaitMinutes);

    const name = props.service.serviceName;
    const partition = partitionOf(props.region);
    const tags = props.tags === undefined ? undefined : { ...props.tags };

    this.application = new CodedeployApp(this, 'Application', { name, computePlatform: 'ECS', tags });
    this.applicationName = this.application.name;

    this.deploymentConfig = new CodedeployDeploymentConfig(this, 'DeploymentConfig', {
      deploymentConfigName: `${name}-canary-${canaryPercentage}pct-${canaryIntervalMinutes}min`,
      computePlatform: 'ECS',
      trafficRoutingConfig: {
        type: 'TimeBasedCanary',
        timeBasedCanary: { percentage: canaryPercentage, interval: canaryIntervalMinutes },
      },
    });
    this.deploymentConfigName = this.deploymentConfig.deploymentConfigName;

    this.serviceRole = new IamRole(this, 'ServiceRole', {
      name: `${name}-codedeploy`,
      description: `Lets CodeDeploy shift traffic between the blue and green tasks of ${name}`,
      assumeRolePolicy: JSON.stringify(
        serviceTrustPolicy('codedeploy.amazonaws.com', props.accountId, `arn:${partition}:codedeploy:${props.region}:${props.accountId}:deploymentgroup:${name}/*`),
      ),
      tags,
    });
    const servicePolicy = new IamRolePolicyAttachment(this, 'ServiceRolePolicy', {
      role: this.serviceRole.name,
      policyArn: `arn:${partition}:iam::aws:policy/${EcsBlueGreenDeployment.MANAGED_POLICY}`,
    });
    this.serviceRoleArn = this.serviceRole.arn;
    this.serviceRoleName = this.serviceRole.name;

    const routes = props.trafficRoutes;
    this.deploymentGroup = new CodedeployDeploymentGroup(this, 'Resource', {
      appName: this.application.name,
      deploymentGroupName: name,
      deploymentConfigName: this.deploymentConfig.deploymentConfigName,
      serviceRoleArn: this.serviceRole.arn,
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      blueGreenDeploymentConfig: {
        // Green gets traffic as soon as its tasks are healthy; no manual approval step.
        deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT' },
        terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: terminationWaitMinutes },
      },
      // The service's own attribute, not its name: CodeDeploy checks at creation that the service exists with the
      // CODE_DEPLOY controller, so the group must be created after it.
      ecsService: { clusterName: props.service.clusterName, serviceName: props.service.service.name },
      loadBalancerInfo: {
        targetGroupPairInfo: {
          prodTrafficRoute: { listenerArns: [routes.prodListenerArn] },
          testTrafficRoute: { listenerArns: [routes.testListenerArn] },
          targetGroup: [{ name: routes.blueTargetGroupName }, { name: routes.greenTargetGroupName }],
        },
      },
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] },
      // ignorePollAlarmFailure false: if CloudWatch cannot be asked, the deployment stops rather than going on blind.
      alarmConfiguration: { enabled: true, alarms: [...props.alarmNames], ignorePollAlarmFailure: false },
      triggerConfiguration:
        props.notificationTopicArn === undefined
          ? undefined
          : [{ triggerName: `${name}-deployments`, triggerTargetArn: props.notificationTopicArn, triggerEvents: [...EcsBlueGreenDeployment.NOTIFIED_EVENTS] }],
      tags,
      // CodeDeploy checks the role's permissions when the group is created.
      dependsOn: [servicePolicy],
    });
    this.deploymentGroupName = this.deploymentGroup.deploymentGroupName;
  }

  private validate(props: EcsBlueGreenDeploymentProps, canaryPercentage: number, canaryIntervalMinutes: number, terminationWaitMinutes: number): void {
    const require = requirement(this);
    requireAccountAndRegion(require, props);
    // The role `<name>-codedeploy` must fit IAM's 64 characters.
    requireResourceName(require, props.service.serviceName, 53, 'service');
    require(
      props.service.deployment === 'blue-green',
      'service',
      `${props.service.serviceName} uses the ECS deployment controller (deployment '${props.service.deployment}'), which CodeDeploy cannot drive`,
      "create the FargateService with deployment: 'blue-green'",
    );
    require(
      props.alarmNames.length > 0,
      'alarmNames',
      'is empty: without a health signal a bad release is never rolled back automatically',
      'pass at least one CloudWatch alarm, e.g. the 5xx rate of the green target group',
    );
    const { blueTargetGroupName, greenTargetGroupName } = props.trafficRoutes;
    require(
      blueTargetGroupName !== greenTargetGroupName,
      'trafficRoutes',
      `blue and green are the same target group '${blueTargetGroupName}'`,
      'pass the two target groups of the load balancer',
    );
    require(isIntegerBetween(canaryPercentage, 1, 99), 'canaryPercentage', `${canaryPercentage} is outside 1 to 99 %`, 'use e.g. 10');
    require(isIntegerBetween(canaryIntervalMinutes, 1, 2880), 'canaryIntervalMinutes', `${canaryIntervalMinutes} is outside 1 to 2880 minutes`, 'use e.g. 10');
    require(
      isIntegerBetween(terminationWaitMinutes, 0, 2880),
      'terminationWaitMinutes',
      `${terminationWaitMinutes} is outside 0 to 2880 minutes`,
      'use e.g. 15 (blue stays for an instant rollback)',
    );
  }
}
