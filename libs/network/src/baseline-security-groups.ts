import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { ConstructValidationError } from '@platform/core';
import { Construct } from 'constructs';

/** PostgreSQL and Redis ports the data tier listens on. */
export const POSTGRES_PORT = 5432;
export const REDIS_PORT = 6379;

export interface BaselineSecurityGroupsProps {
  /** Prefix of the group names, e.g. `platform-production`. */
  readonly namePrefix: string;
  readonly vpcId: string;
  /**
   * Container ports the load balancer forwards to and application services call each other on.
   * @default [80, 3000, 8000] - the seed services: nginx frontends, Node services, the uvicorn backend
   */
  readonly applicationPorts?: readonly number[];
  /**
   * Ports the load balancer forwards to in the application group: the shared ALB sends to the services' pods
   * directly (IP targets), on their container ports.
   * @default - the applicationPorts
   */
  readonly loadBalancerTargetPorts?: readonly number[];
  /**
   * Create the shared load balancer and application groups (EKS: every node and pod carries the application group).
   * `false` (ECS: each service brings its own group and load balancer): only the database and cache groups, which
   * admit nothing until a service adds its own rule, so no unused group keeps a path into the data tier.
   * @default true
   */
  readonly workloadGroups?: boolean;
}

interface RuleSpec {
  readonly id: string;
  readonly description: string;
  readonly port: number;
  readonly peer: { readonly cidrIpv4: string } | { readonly referencedSecurityGroupId: string };
}

/**
 * The seed designs' security groups, each rule its own resource with a description:
 * - load balancer: 80/443 from the internet; out only to the services' ports in the application group (IP targets);
 * - application (every node and pod carries it): the services' ports from the load balancer and from itself; out to HTTPS, PostgreSQL, Redis;
 * - database: 5432 from the application group only; no egress;
 * - cache: 6379 from the application group only; no egress.
 * Terraform strips AWS's default allow-all egress rule, so a group without egress rules sends nothing.
 */
export class BaselineSecurityGroups extends Construct {
  static readonly DEFAULT_APPLICATION_PORTS: readonly number[] = [80, 3000, 8000];

  /** Undefined without {@link BaselineSecurityGroupsProps.workloadGroups}. */
  readonly loadBalancer?: SecurityGroup;
  /** Undefined without {@link BaselineSecurityGroupsProps.workloadGroups}. */
  readonly application?: SecurityGroup;
  readonly database: SecurityGroup;
  readonly cache: SecurityGroup;

  constructor(scope: Construct, id: string, props: BaselineSecurityGroupsProps) {
    super(scope, id);
    const applicationPorts = props.applicationPorts ?? BaselineSecurityGroups.DEFAULT_APPLICATION_PORTS;
    const targetPorts = props.loadBalancerTargetPorts ?? applicationPorts;
    ConstructValidationError.require(this, applicationPorts.length > 0, 'applicationPorts', 'the list is empty', 'name at least one container port');
    for (const [field, ports] of [['applicationPorts', applicationPorts], ['loadBalancerTargetPorts', targetPorts]] as const) {
      for (const port of ports) {
        ConstructValidationError.require(this, Number.isInteger(port) && port >= 1 && port <= 65535, field, `${port} is not a TCP port`, 'use ports between 1 and 65535');
      }
    }
    ConstructValidationError.require(
      this,
      new Set(applicationPorts).size === applicationPorts.length,
      'applicationPorts',
      `[${applicationPorts.join(', ')}] lists a port twice`,
      'list each port once',
    );

    const group = (id: string, nameSuffix: string, description: string) =>
      new SecurityGroup(this, id, {
        name: `${props.namePrefix}-${nameSuffix}`,
        description,
        vpcId: props.vpcId,
        tags: { Name: `${props.namePrefix}-${nameSuffix}` },
      });
    const shared = props.workloadGroups !== false;
    const admitted = shared ? 'the application group' : 'the groups of the services that use it';
    this.database = group('Database', 'database', `PostgreSQL, reachable from ${admitted} only`);
    this.cache = group('Cache', 'cache', `Redis, reachable from ${admitted} only`);
    if (!shared) return;
    const loadBalancer = group('LoadBalancer', 'load-balancer', 'Internet-facing load balancers');
    const application = group('Application', 'application', 'Application workloads behind the load balancer');
    this.loadBalancer = loadBalancer;
    this.application = application;

    const internet = { cidrIpv4: '0.0.0.0/0' };
    const from = (sg: SecurityGroup) => ({ referencedSecurityGroupId: sg.id });

    this.ingress(loadBalancer, [
      { id: 'HttpFromInternet', description: 'HTTP from the internet (redirected to HTTPS)', port: 80, peer: internet },
      { id: 'HttpsFromInternet', description: 'HTTPS from the internet', port: 443, peer: internet },
    ]);
    this.egress(
      loadBalancer,
      targetPorts.map((port) => ({ id: `ToApplication${port}`, description: `Forward to the services' port ${port}`, port, peer: from(application) })),
    );

    this.ingress(application, [
      ...targetPorts.map((port) => ({ id: `FromLoadBalancer${port}`, description: `Port ${port} from the load balancer`, port, peer: from(loadBalancer) })),
      ...applicationPorts.map((port) => ({ id: `FromApplication${port}`, description: `Port ${port} between application services`, port, peer: from(application) })),
    ]);
    this.egress(application, [
      { id: 'HttpsOut', description: 'HTTPS to AWS APIs and external services', port: 443, peer: internet },
      { id: 'ToDatabase', description: 'PostgreSQL', port: POSTGRES_PORT, peer: from(this.database) },
      { id: 'ToCache', description: 'Redis', port: REDIS_PORT, peer: from(this.cache) },
      ...applicationPorts.map((port) => ({ id: `ToApplication${port}`, description: `Port ${port} between application services`, port, peer: from(application) })),
    ]);

    this.ingress(this.database, [{ id: 'FromApplication', description: 'PostgreSQL from the application group', port: POSTGRES_PORT, peer: from(application) }]);
    this.ingress(this.cache, [{ id: 'FromApplication', description: 'Redis from the application group', port: REDIS_PORT, peer: from(application) }]);
  }

  private ingress(group: SecurityGroup, rules: readonly RuleSpec[]): void {
    this.addRules(VpcSecurityGroupIngressRule, 'Ingress', group, rules);
  }

  private egress(group: SecurityGroup, rules: readonly RuleSpec[]): void {
    this.addRules(VpcSecurityGroupEgressRule, 'Egress', group, rules);
  }

  private addRules(
    Rule: typeof VpcSecurityGroupIngressRule | typeof VpcSecurityGroupEgressRule,
    idPrefix: string,
    group: SecurityGroup,
    rules: readonly RuleSpec[],
  ): void {
    for (const rule of rules) {
      new Rule(group, `${idPrefix}${rule.id}`, {
        securityGroupId: group.id,
        description: rule.description,
        ipProtocol: 'tcp',
        fromPort: rule.port,
        toPort: rule.port,
        ...rule.peer,
      });
    }
  }
}
