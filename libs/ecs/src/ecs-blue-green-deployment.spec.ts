import { synthJson } from '@platform/terraform-testing';
import { Construct } from 'constructs';
import { EcsBlueGreenDeployment, EcsBlueGreenDeploymentProps } from './ecs-blue-green-deployment';
import { EcsCluster } from './ecs-cluster';
import { FargateDeploymentStrategy, FargateService } from './fargate-service';
import { ACCOUNT, REGION, taskDefinition } from './private/test-fixtures';

const ELB = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}`;
const ROUTES = {
  prodListenerArn: `${ELB}:listener/app/storymagic/0123456789abcdef/1111111111111111`,
  testListenerArn: `${ELB}:listener/app/storymagic/0123456789abcdef/2222222222222222`,
  blueTargetGroupName: 'storymagic-api-blue',
  greenTargetGroupName: 'storymagic-api-green',
};

type DeploymentOptions = Partial<Omit<EcsBlueGreenDeploymentProps, 'service'>>;

function build(scope: Construct, props: DeploymentOptions = {}, deployment: FargateDeploymentStrategy = 'blue-green'): EcsBlueGreenDeployment {
  const service = new FargateService(scope, 'service', {
    name: 'storymagic-api',
    cluster: new EcsCluster(scope, 'cluster', { name: 'storymagic-production' }),
    taskDefinition: taskDefinition(scope),
    vpcId: 'vpc-123',
    subnetIds: ['subnet-a'],
    deployment,
    loadBalancer: { securityGroupId: 'sg-alb', targetGroupArn: `${ELB}:targetgroup/storymagic-api-blue/0123456789abcdef` },
  });
  return new EcsBlueGreenDeployment(scope, 'release', {
    accountId: ACCOUNT,
    region: REGION,
    service,
    trafficRoutes: ROUTES,
    alarmNames: ['storymagic-api-green-5xx', 'storymagic-api-unhealthy-hosts'],
    ...props,
  });
}
const synth = (props: DeploymentOptions = {}, deployment: FargateDeploymentStrategy = 'blue-green') => synthJson((scope) => build(scope, props, deployment));

describe('EcsBlueGreenDeployment', () => {
  const json = synth();
  const group = json.resources('aws_codedeploy_deployment_group')[0];
  const config = json.resource('aws_codedeploy_deployment_config', 'DeploymentConfig');

  it('creates an ECS CodeDeploy application named after the service', () => {
    expect(json.resource('aws_codedeploy_app', 'Application')).toMatchObject({ name: 'storymagic-api', compute_platform: 'ECS' });
  });

  it('shifts 10 % of production traffic for 10 minutes, then the rest', () => {
    expect(config).toMatchObject({
      deployment_config_name: 'storymagic-api-canary-10pct-10min',
      compute_platform: 'ECS',
      traffic_routing_config: { type: 'TimeBasedCanary', time_based_canary: { percentage: 10, interval: 10 } },
    });
    expect(group.deployment_config_name).toBe(json.ref(config, 'deployment_config_name'));
  });

  it('takes other canary steps as props, in the config name too', () => {
    const other = synth({ canaryPercentage: 50, canaryIntervalMinutes: 5 }).resource('aws_codedeploy_deployment_config', 'DeploymentConfig');
    expect(other).toMatchObject({ deployment_config_name: 'storymagic-api-canary-50pct-5min', traffic_routing_config: { time_based_canary: { percentage: 50, interval: 5 } } });
  });

  it('deploys blue/green with traffic control, and keeps blue 15 minutes after success', () => {
    expect(group).toMatchObject({
      deployment_group_name: 'storymagic-api',
      deployment_style: { deployment_type: 'BLUE_GREEN', deployment_option: 'WITH_TRAFFIC_CONTROL' },
      blue_green_deployment_config: {
        deployment_ready_option: { action_on_timeout: 'CONTINUE_DEPLOYMENT' },
        terminate_blue_instances_on_deployment_success: { action: 'TERMINATE', termination_wait_time_in_minutes: 15 },
      },
    });
  });

  it('drives the service through the prod and test listeners and the two target groups', () => {
    // By reference, so the group is created after the service (CodeDeploy checks it) and after its role's policy.
    expect(group.ecs_service).toEqual({ cluster_name: json.ref(json.resources('aws_ecs_cluster')[0], 'name'), service_name: json.ref(json.resources('aws_ecs_service')[0], 'name') });
    expect(group.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy_attachment\./)]);
    expect(group.load_balancer_info).toEqual({
      target_group_pair_info: {
        prod_traffic_route: { listener_arns: [ROUTES.prodListenerArn] },
        test_traffic_route: { listener_arns: [ROUTES.testListenerArn] },
        target_group: [{ name: 'storymagic-api-blue' }, { name: 'storymagic-api-green' }],
      },
    });
  });

  it('rolls back automatically on failure and on any of its alarms', () => {
    expect(group).toMatchObject({
      auto_rollback_configuration: { enabled: true, events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] },
      alarm_configuration: { enabled: true, alarms: ['storymagic-api-green-5xx', 'storymagic-api-unhealthy-hosts'], ignore_poll_alarm_failure: false },
    });
    expect(group).not.toHaveProperty('trigger_configuration');
  });

  it('runs as a role CodeDeploy assumes only for this deployment group, with the AWS managed ECS policy', () => {
    const role = json.resource('aws_iam_role', 'ServiceRole');
    expect(group.service_role_arn).toBe(json.ref(role, 'arn'));
    expect(role.name).toBe('storymagic-api-codedeploy');
    expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'codedeploy.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': ACCOUNT },
          ArnLike: { 'aws:SourceArn': `arn:aws:codedeploy:${REGION}:${ACCOUNT}:deploymentgroup:storymagic-api/*` },
        },
      }),
    ]);
    expect(json.resource('aws_iam_role_policy_attachment', 'ServiceRolePolicy')).toMatchObject({
      role: json.ref(role, 'name'),
      policy_arn: 'arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS',
    });
  });

  it('notifies a topic of every deployment state when given one', () => {
    const topic = `arn:aws:sns:${REGION}:${ACCOUNT}:storymagic-alerts`;
    expect(synth({ notificationTopicArn: topic }).resources('aws_codedeploy_deployment_group')[0].trigger_configuration).toEqual([
      {
        trigger_name: 'storymagic-api-deployments',
        trigger_target_arn: topic,
        trigger_events: ['DeploymentStart', 'DeploymentSuccess', 'DeploymentFailure', 'DeploymentStop', 'DeploymentRollback'],
      },
    ]);
  });

  describe('validation', () => {
    it.each<[string, DeploymentOptions, RegExp]>([
      ['no alarm', { alarmNames: [] }, /release: alarmNames: is empty: without a health signal a bad release is never rolled back automatically\. Fix: pass at least one CloudWatch alarm/],
      ['the same target group twice', { trafficRoutes: { ...ROUTES, greenTargetGroupName: 'storymagic-api-blue' } }, /trafficRoutes: blue and green are the same target group/],
      ['a canary of 100 %', { canaryPercentage: 100 }, /canaryPercentage: 100 is outside 1 to 99/],
      ['a canary interval of 0', { canaryIntervalMinutes: 0 }, /canaryIntervalMinutes: 0 is outside 1 to 2880/],
      ['keeping blue longer than CodeDeploy allows', { terminationWaitMinutes: 2881 }, /terminationWaitMinutes: 2881 is outside 0 to 2880/],
      ['a bad region', { region: 'frankfurt' }, /region: 'frankfurt' is not a region name/],
    ])('rejects %s', (_case, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });

    it('rejects a service deployed by the ECS controller', () => {
      expect(() => synth({}, 'rolling')).toThrow(/release: service: storymagic-api uses the ECS deployment controller \(deployment 'rolling'\).*Fix: create the FargateService with deployment: 'blue-green'/);
    });
  });
});
