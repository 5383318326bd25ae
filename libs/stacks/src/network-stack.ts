import { deployedWorkloadServices, EnvironmentConfig } from '@platform/config';
import { Network } from '@platform/network';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { PlatformStack } from './platform-stack';

/**
 * The container ports the application group admits from the load balancer and between services: the configured ones
 * and, on EKS, every routed service's (the shared ALB sends to the pods themselves: IP targets), so a catalog with
 * another port is reachable without editing the list. Whether or not the workloads are enabled: a warm standby runs
 * none until it fails over, and the failover applies no network stack, so its ALB must already reach their ports.
 */
export function applicationPorts(environment: EnvironmentConfig): number[] {
  const services = environment.compute === 'eks' ? deployedWorkloadServices(environment.workloads) : [];
  const routed = services.filter((service) => (service.routes ?? []).length > 0).map((service) => service.containerPort);
  const configured = environment.network.applicationPorts;
  return [...configured, ...new Set(routed.filter((port) => !configured.includes(port)))];
}

/** `<env>-network`: the VPC and everything later stacks attach to. */
export class NetworkStack extends PlatformStack {
  readonly network: Network;

  /** The shared load balancer and application groups of an EKS environment; an ECS environment has none. */
  get workloadGroupIds(): { readonly loadBalancer: string; readonly application: string } {
    const { loadBalancer, application } = this.network.attributes.securityGroupIds;
    if (loadBalancer === undefined || application === undefined) {
      throw new Error(`${this.node.path}: network: this environment has no shared workload security groups (compute: 'ecs'); its services bring their own`);
    }
    return { loadBalancer, application };
  }

  constructor(scope: Construct, environment: EnvironmentConfig) {
    super(scope, environment, 'network');
    const { network: settings } = environment;
    this.network = new Network(this, 'network', {
      namePrefix: environment.resourcePrefix,
      accountId: environment.accountId,
      region: environment.region,
      vpcCidr: settings.vpcCidr,
      availabilityZones: environment.availabilityZones,
      subnetCidrs: settings.subnetCidrs,
      natGateways: settings.natGateways,
      interfaceEndpoints: settings.interfaceEndpoints,
      flowLogs: { retentionInDays: settings.flowLogRetentionDays },
      applicationPorts: applicationPorts(environment),
      // ECS services bring their own groups; shared ones nobody uses would only keep a path into the data tier.
      workloadSecurityGroups: environment.compute === 'eks',
      // The EKS cluster of this environment (cluster stack) takes the same name.
      kubernetesClusterName: environment.compute === 'eks' ? environment.resourcePrefix : undefined,
    });

    const attributes = this.network.attributes;
    const outputs: Record<string, { value: unknown; description: string }> = {
      vpc_id: { value: attributes.vpcId, description: 'VPC id' },
      vpc_cidr: { value: attributes.vpcCidr, description: 'VPC IPv4 CIDR' },
      public_subnet_ids: { value: attributes.subnetIds.public, description: 'Public subnet id per AZ' },
      private_subnet_ids: { value: attributes.subnetIds.private, description: 'Private (application) subnet id per AZ' },
      database_subnet_ids: { value: attributes.subnetIds.database, description: 'Isolated database subnet id per AZ' },
      db_subnet_group_name: { value: attributes.dbSubnetGroupName, description: 'RDS subnet group over the database subnets' },
      cache_subnet_group_name: { value: attributes.cacheSubnetGroupName, description: 'ElastiCache subnet group over the database subnets' },
      ...(attributes.securityGroupIds.loadBalancer === undefined
        ? {}
        : { load_balancer_security_group_id: { value: attributes.securityGroupIds.loadBalancer, description: 'Security group of internet-facing load balancers' } }),
      ...(attributes.securityGroupIds.application === undefined
        ? {}
        : { application_security_group_id: { value: attributes.securityGroupIds.application, description: 'Security group of application workloads' } }),
      database_security_group_id: { value: attributes.securityGroupIds.database, description: 'Security group of PostgreSQL' },
      cache_security_group_id: { value: attributes.securityGroupIds.cache, description: 'Security group of Redis' },
    };
    for (const [name, output] of Object.entries(outputs)) {
      new TerraformOutput(this, name, output);
    }
  }
}
