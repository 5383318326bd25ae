import { synthJson } from '@platform/terraform-testing';
import { Construct } from 'constructs';
import { EcsCluster } from './ecs-cluster';
import { FargateService, FargateServiceProps } from './fargate-service';
import { FargateTaskDefinitionProps } from './fargate-task-definition';
import { taskDefinition } from './private/test-fixtures';

const LOAD_BALANCER = { securityGroupId: 'sg-alb', targetGroupArn: 'arn:aws:elasticloadbalancing:eu-central-1:123456789012:targetgroup/storymagic-blue/0123456789abcdef' };

type ServiceOptions = Partial<Omit<FargateServiceProps, 'cluster' | 'taskDefinition'>>;

function build(scope: Construct, props: ServiceOptions = {}, task: Partial<FargateTaskDefinitionProps> = {}): FargateService {
  return new FargateService(scope, 'service', {
    name: 'storymagic-api',
    cluster: new EcsCluster(scope, 'cluster', { name: 'storymagic-production' }),
    taskDefinition: taskDefinition(scope, task),
    vpcId: 'vpc-123',
    subnetIds: ['subnet-a', 'subnet-b'],
    loadBalancer: LOAD_BALANCER,
    connectsTo: {
      postgres: { securityGroupId: 'sg-db', port: 5432, description: 'PostgreSQL' },
      redis: { securityGroupId: 'sg-cache', port: 6379, description: 'Redis' },
    },
    ...props,
  });
}
const synth = (props: ServiceOptions = {}, task: Partial<FargateTaskDefinitionProps> = {}) => synthJson((scope) => build(scope, props, task));

describe('FargateService', () => {
  const json = synth();
  const service = json.resources('aws_ecs_service')[0];
  const group = json.resource('aws_security_group', 'SecurityGroup');
  const groupId = json.ref(group, 'id');

  it('runs 2 tasks of the task definition on pinned Fargate 1.4.0 in the cluster', () => {
    expect(service).toMatchObject({
      name: 'storymagic-api',
      cluster: json.ref(json.resources('aws_ecs_cluster')[0], 'arn'),
      task_definition: json.ref(json.resources('aws_ecs_task_definition')[0], 'arn'),
      launch_type: 'FARGATE',
      platform_version: '1.4.0',
      desired_count: 2,
      deployment_minimum_healthy_percent: 50,
      deployment_maximum_percent: 200,
      propagate_tags: 'SERVICE',
      enable_ecs_managed_tags: true,
      enable_execute_command: false,
      wait_for_steady_state: false,
      health_check_grace_period_seconds: 60,
    });
  });

  it('runs in the private subnets with its own security group and no public IP', () => {
    expect(service.network_configuration).toEqual({ subnets: ['subnet-a', 'subnet-b'], security_groups: [groupId], assign_public_ip: false });
    expect(group).toMatchObject({ name: 'storymagic-api-service', vpc_id: 'vpc-123' });
    expect(group).not.toHaveProperty('ingress');
    expect(group).not.toHaveProperty('egress');
  });

  it('registers the application container on port 3000 in the target group', () => {
    expect(service.load_balancer).toEqual([{ target_group_arn: LOAD_BALANCER.targetGroupArn, container_name: 'app', container_port: 3000 }]);
  });

  it('is reachable only from the load balancer, on the container port, and the load balancer may send there', () => {
    const ingress = json.resources('aws_vpc_security_group_ingress_rule').filter((rule) => rule.security_group_id === groupId);
    expect(ingress).toEqual([
      expect.objectContaining({ referenced_security_group_id: 'sg-alb', ip_protocol: 'tcp', from_port: 3000, to_port: 3000 }),
    ]);
    expect(JSON.stringify(ingress)).not.toContain('0.0.0.0/0');
    expect(json.resource('aws_vpc_security_group_egress_rule', 'LoadBalancerEgressToService')).toMatchObject({
      security_group_id: 'sg-alb',
      referenced_security_group_id: groupId,
      from_port: 3000,
      to_port: 3000,
    });
  });

  it('may open HTTPS anywhere and each named connection, whose group admits it', () => {
    const egress = Object.fromEntries(
      json
        .resources('aws_vpc_security_group_egress_rule')
        .filter((rule) => rule.security_group_id === groupId)
        .map((rule) => [rule.logicalId.split('_').find((part) => part.startsWith('Egress')), [rule.cidr_ipv4 ?? rule.referenced_security_group_id, rule.from_port]]),
    );
    expect(egress).toEqual({ EgressHttpsToInternet: ['0.0.0.0/0', 443], 'EgressTo-postgres': ['sg-db', 5432], 'EgressTo-redis': ['sg-cache', 6379] });
    expect(json.resource('aws_vpc_security_group_ingress_rule', 'IngressFromService-postgres')).toMatchObject({
      security_group_id: 'sg-db',
      referenced_security_group_id: groupId,
      from_port: 5432,
      to_port: 5432,
    });
    expect(json.resource('aws_vpc_security_group_ingress_rule', 'IngressFromService-redis')).toMatchObject({ security_group_id: 'sg-cache', from_port: 6379 });
  });

  describe('blue-green (the default)', () => {
    it('hands deployments to CodeDeploy without a circuit breaker, and Terraform ignores what CodeDeploy owns', () => {
      expect(service.deployment_controller).toEqual({ type: 'CODE_DEPLOY' });
      expect(service).not.toHaveProperty('deployment_circuit_breaker');
      expect(service.lifecycle).toEqual({ ignore_changes: ['task_definition', 'load_balancer', 'desired_count'] });
    });
  });

  describe('rolling', () => {
    const rolling = synth({ deployment: 'rolling', rollbackAlarmNames: ['storymagic-api-5xx'] }).resources('aws_ecs_service')[0];

    it('deploys with the ECS controller and rolls back on the circuit breaker or an alarm', () => {
      expect(rolling).toMatchObject({
        deployment_controller: { type: 'ECS' },
        deployment_circuit_breaker: { enable: true, rollback: true },
        alarms: { alarm_names: ['storymagic-api-5xx'], enable: true, rollback: true },
      });
    });

    it('lets Terraform change the task definition; only the scaled desired count is ignored', () => {
      expect(rolling.lifecycle).toEqual({ ignore_changes: ['desired_count'] });
    });

    it('runs without a load balancer and without ignoring anything at a fixed count', () => {
      const worker = synth({ deployment: 'rolling', loadBalancer: undefined, autoScaling: false });
      const workerService = worker.resources('aws_ecs_service')[0];
      expect(workerService).not.toHaveProperty('lifecycle');
      expect(workerService).not.toHaveProperty('load_balancer');
      expect(workerService).not.toHaveProperty('health_check_grace_period_seconds');
      expect(worker.resources('aws_appautoscaling_target')).toHaveLength(0);
    });
  });

  it('scales 1 to 4 tasks by default', () => {
    const resourceId = `service/${json.ref(json.resources('aws_ecs_cluster')[0], 'name')}/${json.ref(service, 'name')}`;
    expect(json.resources('aws_appautoscaling_target')[0]).toMatchObject({ resource_id: resourceId, min_capacity: 1, max_capacity: 4 });
  });

  it('enables ECS Exec when the task definition allows it', () => {
    const exec = synth({ enableExecuteCommand: true }, { executeCommand: true, readonlyRootFilesystem: false });
    expect(exec.resources('aws_ecs_service')[0].enable_execute_command).toBe(true);
  });

  describe('validation', () => {
    it.each<[string, ServiceOptions, RegExp]>([
      ['a public IP', { assignPublicIp: true }, /service: assignPublicIp: would give every task a public IP address.*Fix: run the tasks in private subnets/],
      ['the moving LATEST platform', { platformVersion: 'LATEST' }, /platformVersion: 'LATEST' is not a pinned Fargate platform version.*Fix: pin a version such as '1\.4\.0'/],
      ['blue-green without a load balancer', { loadBalancer: undefined }, /loadBalancer: is missing, but a blue\/green deployment shifts load balancer traffic/],
      ['rollback alarms on a blue-green service', { rollbackAlarmNames: ['x'] }, /rollbackAlarmNames: only apply to rolling deployments/],
      ['a target port other than the container’s', { loadBalancer: { ...LOAD_BALANCER, containerPort: 8080 } }, /loadBalancer\.containerPort: 8080 differs from the task definition's container port 3000/],
      ['ECS Exec without the task role’s permission', { enableExecuteCommand: true }, /enableExecuteCommand: the task definition's task role does not allow ECS Exec/],
      ['no subnets', { subnetIds: [] }, /subnetIds: the list is empty/],
      ['a desired count outside the scaling range', { desiredCount: 6 }, /AutoScaling: desiredCount: 6 lies outside minCapacity 1 to maxCapacity 4/],
      ['a minimum healthy above 100 %', { minimumHealthyPercent: 150 }, /minimumHealthyPercent: 150 is outside 0 to 100/],
      ['a maximum below 100 %', { maximumPercent: 90 }, /maximumPercent: 90 is outside 100 to 200/],
      ['a connection name with spaces', { connectsTo: { 'my db': { securityGroupId: 'sg-db', port: 5432, description: 'PostgreSQL' } } }, /connectsTo: 'my db' is not a stable name/],
      ['a connection port out of range', { connectsTo: { postgres: { securityGroupId: 'sg-db', port: 0, description: 'PostgreSQL' } } }, /connectsTo: postgres: 0 is not a port/],
      ['an unknown deployment strategy', { deployment: 'canary' as 'rolling' }, /deployment: 'canary' is not a deployment strategy/],
    ])('rejects %s', (_case, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });

    it('accepts a public IP only when explicitly allowed', () => {
      expect(synth({ assignPublicIp: true, allowPublicIp: true }).resources('aws_ecs_service')[0].network_configuration).toMatchObject({ assign_public_ip: true });
    });
  });
});
