import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { ConstructValidationError, parseIpv4Cidr } from '@platform/core';
import { Construct } from 'constructs';
import { BaselineSecurityGroups } from './baseline-security-groups';
import { DataSubnetGroups } from './data-subnet-groups';
import { DatabaseNetworkAcl } from './database-network-acl';
import { NAT_GATEWAY_MODES, NatGatewayMode, NatGateways } from './nat-gateways';
import { planSubnetLayout, SUBNET_TIERS, SubnetCidrOverrides, SubnetLayout, SubnetTier } from './subnet-layout';
import { InterfaceEndpointService, VpcEndpoints } from './vpc-endpoints';
import { VpcFlowLogs, VpcFlowLogsOptions } from './vpc-flow-logs';

export interface NetworkProps {
  /** Prefix of every resource name and `Name` tag, e.g. `platform-production`. */
  readonly namePrefix: string;
  /** AWS account id, for ARNs in IAM and KMS policies (computed offline, no data source). */
  readonly accountId: string;
  /** Region of the VPC, e.g. `eu-central-1`. */
  readonly region: string;
  /** IPv4 CIDR of the VPC, /16 to /28 (AWS's limits), e.g. `10.40.0.0/16`. */
  readonly vpcCidr: string;
  /**
   * Availability zones to span, at least 2, all in `region`. Explicit rather than looked up, so plans are
   * deterministic and run offline.
   */
  readonly availabilityZones: readonly string[];
  /**
   * Explicit subnet CIDRs per tier and AZ, for tiers that must not use the computed layout.
   * @default - computed from `vpcCidr`, each AZ in a fixed slot chosen by its zone letter (see planSubnetLayout)
   */
  readonly subnetCidrs?: SubnetCidrOverrides;
  /**
   * How private subnets reach the internet.
   * @default 'perAz'
   */
  readonly natGateways?: NatGatewayMode;
  /**
   * Interface VPC endpoints to create in the private subnets.
   * @default - all of INTERFACE_ENDPOINT_SERVICES (ecr.api, ecr.dkr, sts, logs, secretsmanager, ssm)
   */
  readonly interfaceEndpoints?: readonly InterfaceEndpointService[];
  /**
   * Flow log settings.
   * @default - all traffic, 60 s aggregation, 365 days retention, KMS-encrypted
   */
  readonly flowLogs?: VpcFlowLogsOptions;
  /**
   * Container ports of the application security group.
   * @default BaselineSecurityGroups.DEFAULT_APPLICATION_PORTS
   */
  readonly applicationPorts?: readonly number[];
  /**
   * The shared load balancer and application security groups ({@link BaselineSecurityGroupsProps.workloadGroups}).
   * @default true
   */
  readonly workloadSecurityGroups?: boolean;
  /**
   * EKS cluster whose load balancers and nodes use these subnets; tags the public and private subnets
   * with `kubernetes.io/cluster/<name>: shared`.
   * @default - no cluster discovery tag
   */
  readonly kubernetesClusterName?: string;
}

/** What later stacks consume, keyed by AZ where there is one per AZ. */
export interface NetworkAttributes {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly subnetIds: Readonly<Record<SubnetTier, Readonly<Record<string, string>>>>;
  readonly dbSubnetGroupName: string;
  readonly cacheSubnetGroupName: string;
  readonly securityGroupIds: {
    /** Undefined without the shared workload groups (ECS). */
    readonly loadBalancer?: string;
    /** Undefined without the shared workload groups (ECS). */
    readonly application?: string;
    readonly database: string;
    readonly cache: string;
  };
}

const TIER_TAGS: Record<SubnetTier, Record<string, string>> = {
  public: { Tier: 'public', 'kubernetes.io/role/elb': '1' },
  private: { Tier: 'private', 'kubernetes.io/role/internal-elb': '1' },
  database: { Tier: 'database' },
};

/**
 * A three-tier VPC over several AZs: public subnets behind an internet gateway, private (application) subnets
 * behind NAT, isolated database subnets with no route out of the VPC. Every per-AZ resource is keyed by the AZ
 * name, so adding an AZ only adds resources.
 */
export class Network extends Construct {
  static readonly MIN_AVAILABILITY_ZONES = 2;

  readonly vpc: Vpc;
  /** Subnet CIDRs actually used, per tier and AZ. */
  readonly layout: SubnetLayout;
  readonly natGateways: NatGateways;
  readonly securityGroups: BaselineSecurityGroups;
  readonly subnetGroups: DataSubnetGroups;
  readonly attributes: NetworkAttributes;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    this.layout = this.validate(props);
    const { namePrefix } = props;
    const natMode = props.natGateways ?? 'perAz';

    this.vpc = new Vpc(this, 'Vpc', {
      cidrBlock: props.vpcCidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: namePrefix },
    });
    // Adopting the default security group with no rules removes AWS's allow-all default rules.
    new DefaultSecurityGroup(this, 'DefaultSecurityGroup', {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: { Name: `${namePrefix}-default-deny` },
    });
    const internetGateway = new InternetGateway(this, 'InternetGateway', { vpcId: this.vpc.id, tags: { Name: namePrefix } });

    const subnetIds = this.createSubnets(props);

    const publicRouteTable = new RouteTable(this, 'PublicRouteTable', { vpcId: this.vpc.id, tags: { Name: `${namePrefix}-public` } });
    new Route(this, 'PublicDefaultRoute', { routeTableId: publicRouteTable.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: internetGateway.id });

    this.natGateways = new NatGateways(this, 'Nat', { namePrefix, mode: natMode, publicSubnetIds: subnetIds.public, dependsOn: [internetGateway] });

    const databaseRouteTable = new RouteTable(this, 'DatabaseRouteTable', { vpcId: this.vpc.id, tags: { Name: `${namePrefix}-database` } });
    const privateRouteTableIds: Record<string, string> = {};
    for (const az of props.availabilityZones) {
      new RouteTableAssociation(this, `PublicRouteTableAssociation-${az}`, { routeTableId: publicRouteTable.id, subnetId: subnetIds.public[az] });
      new RouteTableAssociation(this, `DatabaseRouteTableAssociation-${az}`, { routeTableId: databaseRouteTable.id, subnetId: subnetIds.database[az] });
      const privateRouteTable = new RouteTable(this, `PrivateRouteTable-${az}`, { vpcId: this.vpc.id, tags: { Name: `${namePrefix}-private-${az}` } });
      new RouteTableAssociation(this, `PrivateRouteTableAssociation-${az}`, { routeTableId: privateRouteTable.id, subnetId: subnetIds.private[az] });
      const natGatewayId = this.natGateways.gatewayFor(az);
      if (natGatewayId !== undefined) {
        new Route(this, `PrivateDefaultRoute-${az}`, { routeTableId: privateRouteTable.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId });
      }
      privateRouteTableIds[`private-${az}`] = privateRouteTable.id;
    }

    new VpcEndpoints(this, 'Endpoints', {
      namePrefix,
      vpcId: this.vpc.id,
      vpcCidr: props.vpcCidr,
      region: props.region,
      gatewayRouteTableIds: { ...privateRouteTableIds, database: databaseRouteTable.id },
      interfaceSubnetIds: Object.values(subnetIds.private),
      interfaceServices: props.interfaceEndpoints,
    });
    new VpcFlowLogs(this, 'FlowLogs', { ...props.flowLogs, namePrefix, vpcId: this.vpc.id, accountId: props.accountId, region: props.region });
    new DatabaseNetworkAcl(this, 'DatabaseNetworkAcl', { namePrefix, vpcId: this.vpc.id, vpcCidr: props.vpcCidr, subnetIds: subnetIds.database });
    this.subnetGroups = new DataSubnetGroups(this, 'SubnetGroups', { name: `${namePrefix}-database`, subnetIds: subnetIds.database });
    this.securityGroups = new BaselineSecurityGroups(this, 'SecurityGroups', {
      namePrefix,
      vpcId: this.vpc.id,
      applicationPorts: props.applicationPorts,
      workloadGroups: props.workloadSecurityGroups,
    });

    this.attributes = {
      vpcId: this.vpc.id,
      vpcCidr: props.vpcCidr,
      subnetIds,
      dbSubnetGroupName: this.subnetGroups.database.name,
      cacheSubnetGroupName: this.subnetGroups.cache.name,
      securityGroupIds: {
        loadBalancer: this.securityGroups.loadBalancer?.id,
        application: this.securityGroups.application?.id,
        database: this.securityGroups.database.id,
        cache: this.securityGroups.cache.id,
      },
    };
  }

  private validate(props: NetworkProps): SubnetLayout {
    const require = (condition: boolean, field: string, problem: string, fix: string) => ConstructValidationError.require(this, condition, field, problem, fix);
    const { availabilityZones, region, vpcCidr } = props;
    require(
      availabilityZones.length >= Network.MIN_AVAILABILITY_ZONES,
      'availabilityZones',
      `${availabilityZones.length} given, but RDS subnet groups and a highly available cluster need at least ${Network.MIN_AVAILABILITY_ZONES}`,
      `list at least ${Network.MIN_AVAILABILITY_ZONES} zones of ${region}, e.g. ${region}a, ${region}b`,
    );
    require(new Set(availabilityZones).size === availabilityZones.length, 'availabilityZones', `[${availabilityZones.join(', ')}] lists a zone twice`, 'list each zone once');
    for (const az of availabilityZones) {
      require(new RegExp(`^${region}[a-z]$`).test(az), 'availabilityZones', `'${az}' is not a zone of ${region}`, `use zones named ${region}a, ${region}b, …`);
    }
    const vpc = parseIpv4Cidr(vpcCidr);
    if ('error' in vpc) {
      throw new ConstructValidationError(this.node.path, 'vpcCidr', vpc.error, 'use a private range such as 10.20.0.0/16');
    }
    require(vpc.prefixLength >= 16 && vpc.prefixLength <= 28, 'vpcCidr', `${vpcCidr} is outside the /16 to /28 range AWS allows for a VPC`, 'use a prefix between /16 and /28');
    require(
      (NAT_GATEWAY_MODES as readonly string[]).includes(props.natGateways ?? 'perAz'),
      'natGateways',
      `'${props.natGateways}' is not a NAT gateway mode`,
      `use one of ${NAT_GATEWAY_MODES.join(', ')}`,
    );
    const { layout, problems } = planSubnetLayout({ vpcCidr, availabilityZones, overrides: props.subnetCidrs });
    const [first] = problems;
    if (first) {
      throw new ConstructValidationError(this.node.path, first.field, problems.map((p) => p.problem).join('; '), first.fix);
    }
    return layout;
  }

  private createSubnets(props: NetworkProps): Record<SubnetTier, Record<string, string>> {
    const clusterTag: Record<string, string> = props.kubernetesClusterName ? { [`kubernetes.io/cluster/${props.kubernetesClusterName}`]: 'shared' } : {};
    const ids: Record<SubnetTier, Record<string, string>> = { public: {}, private: {}, database: {} };
    for (const tier of SUBNET_TIERS) {
      for (const az of props.availabilityZones) {
        const subnet = new Subnet(this, `${tier[0].toUpperCase()}${tier.slice(1)}Subnet-${az}`, {
          vpcId: this.vpc.id,
          availabilityZone: az,
          cidrBlock: this.layout[tier][az],
          // Public subnets hold load balancers and NAT gateways only; nothing gets a public IP by accident.
          mapPublicIpOnLaunch: false,
          tags: { Name: `${props.namePrefix}-${tier}-${az}`, ...TIER_TAGS[tier], ...(tier === 'database' ? {} : clusterTag) },
        });
        ids[tier][az] = subnet.id;
      }
    }
    return ids;
  }
}
