import { type EcsServiceConfig, ecsServiceNames, type EnvironmentConfig } from '@platform/config';
import { blockOf, blocksOf, isTrue, numberOf, stringsOf } from '@platform/guardrails';
import type { ModelResource, PlatformModel } from './platform-model';

/** One listener of a service's load balancer. */
export interface EcsListener {
  readonly resource: ModelResource;
  readonly port: number;
  readonly protocol: string;
  /** The default action redirects to HTTPS (the HTTP listener of an ALB that serves HTTPS only). */
  readonly redirectsToHttps: boolean;
  /** A blue/green deployment group's test listener: it reaches the replacement tasks before any user does. */
  readonly test: boolean;
}

/** The Application Load Balancer in front of one service, found through the service's target group. */
export interface EcsLoadBalancer {
  readonly resource: ModelResource;
  readonly securityGroupIds: readonly string[];
  readonly subnetIds: readonly string[];
  readonly internetFacing: boolean;
  readonly listeners: readonly EcsListener[];
  /** Ports of the target groups the service registers its tasks in (blue and green when blue/green). */
  readonly targetPorts: readonly number[];
}

/**
 * A configured ECS service (`environment.ecs.services.<key>`) and what the stacks built for it. Fields are undefined
 * when the stacks lack the resource; the contracts report that as a missing resource, never as a passing flow.
 */
export interface EcsServiceModel {
  /** The config key, e.g. `api`. */
  readonly key: string;
  readonly config: EcsServiceConfig;
  /** The ECS service name the services stack gives it: `<resource prefix>-<key>` (`storymagic-production-api`). */
  readonly name: string;
  readonly service?: ModelResource;
  /** `network_configuration` of the service: the groups and subnets of every task's network interface. */
  readonly securityGroupIds: readonly string[];
  readonly subnetIds: readonly string[];
  readonly assignPublicIp: boolean;
  readonly taskDefinition?: ModelResource;
  readonly executionRole?: ModelResource;
  readonly taskRole?: ModelResource;
  readonly loadBalancer?: EcsLoadBalancer;
  /** The CodeDeploy deployment group that releases it (blue/green). */
  readonly deploymentGroup?: ModelResource;
  readonly codeDeployRole?: ModelResource;
}

/**
 * Every service of an ECS environment's config with the resources that carry it, followed through the resolved ids:
 * the `aws_ecs_service` by name; its task definition and roles by ARN; its target groups, their listeners and the
 * `aws_lb` they belong to by ARN; the CodeDeploy deployment group that names the service, its test listeners and role.
 * Empty for an EKS environment.
 */
export function ecsServices(model: PlatformModel, environment: EnvironmentConfig): EcsServiceModel[] {
  if (environment.compute !== 'ecs' || environment.ecs === undefined) return [];
  const byArn = (value: unknown, type: string) => {
    const resource = typeof value === 'string' ? model.resourceWithId(value) : undefined;
    return resource?.type === type ? resource : undefined;
  };
  return Object.entries(environment.ecs.services).map(([key, config]): EcsServiceModel => {
    const name = ecsServiceNames(environment)?.serviceNames[key] ?? key;
    const service = model.resources('aws_ecs_service').find((candidate) => candidate.values.name === name);
    const network = blockOf(service?.values.network_configuration) ?? {};
    const taskDefinition = byArn(service?.values.task_definition, 'aws_ecs_task_definition');
    const deploymentGroup = model.resources('aws_codedeploy_deployment_group').find((group) => blockOf(group.values.ecs_service)?.service_name === name);
    const testListenerArns = stringsOf(blockOf(blockOf(blockOf(deploymentGroup?.values.load_balancer_info)?.target_group_pair_info)?.test_traffic_route)?.listener_arns);
    const targetGroupArns = blocksOf(service?.values.load_balancer).map((block) => String(block.target_group_arn));
    return {
      key,
      config,
      name,
      service,
      securityGroupIds: stringsOf(network.security_groups),
      subnetIds: stringsOf(network.subnets),
      assignPublicIp: isTrue(network.assign_public_ip),
      taskDefinition,
      executionRole: byArn(taskDefinition?.values.execution_role_arn, 'aws_iam_role'),
      taskRole: byArn(taskDefinition?.values.task_role_arn, 'aws_iam_role'),
      loadBalancer: loadBalancerOf(model, targetGroupArns, testListenerArns, deploymentGroup),
      deploymentGroup,
      codeDeployRole: byArn(deploymentGroup?.values.service_role_arn, 'aws_iam_role'),
    };
  });
}

/**
 * The load balancer whose listeners forward to the service's target groups, with every listener of it; the target
 * groups of a blue/green deployment group (by name) count as the service's too.
 */
function loadBalancerOf(model: PlatformModel, targetGroupArns: readonly string[], testListenerArns: readonly string[], deploymentGroup: ModelResource | undefined): EcsLoadBalancer | undefined {
  const listeners = model.resources('aws_lb_listener');
  const forwardsTo = (listener: ModelResource) => blocksOf(listener.values.default_action).flatMap((action) => stringsOf(action.target_group_arn));
  const entry = listeners.find((listener) => forwardsTo(listener).some((arn) => targetGroupArns.includes(arn)));
  const resource = entry === undefined ? undefined : model.resourceWithId(String(entry.values.load_balancer_arn));
  if (resource?.type !== 'aws_lb') return undefined;
  const arn = String(model.attribute(resource, 'arn'));
  const own = listeners.filter((listener) => listener.values.load_balancer_arn === arn);
  const deploymentTargetGroups = blocksOf(blockOf(blockOf(deploymentGroup?.values.load_balancer_info)?.target_group_pair_info)?.target_group).map((group) => String(group.name));
  const targetGroups = model
    .resources('aws_lb_target_group')
    .filter((group) => targetGroupArns.includes(String(model.attribute(group, 'arn'))) || deploymentTargetGroups.includes(String(group.values.name)));
  return {
    resource,
    securityGroupIds: stringsOf(resource.values.security_groups),
    subnetIds: stringsOf(resource.values.subnets),
    internetFacing: !isTrue(resource.values.internal),
    listeners: own.map((listener) => {
      const actions = blocksOf(listener.values.default_action);
      return {
        resource: listener,
        port: numberOf(listener.values.port) ?? 0,
        protocol: String(listener.values.protocol ?? 'HTTP'),
        redirectsToHttps: actions.length > 0 && actions.every((action) => action.type === 'redirect' && blockOf(action.redirect)?.protocol === 'HTTPS'),
        test: testListenerArns.includes(String(model.attribute(listener, 'arn'))),
      };
    }),
    targetPorts: [...new Set(targetGroups.map((group) => numberOf(group.values.port) ?? 0))],
  };
}
