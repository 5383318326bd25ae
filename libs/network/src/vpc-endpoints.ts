import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcEndpointRouteTableAssociation } from '@cdktf/provider-aws/lib/vpc-endpoint-route-table-association';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';

/** AWS services that nodes in private subnets reach through interface endpoints instead of NAT. */
export const INTERFACE_ENDPOINT_SERVICES = ['ecr.api', 'ecr.dkr', 'sts', 'logs', 'secretsmanager', 'ssm'] as const;
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

/** Gateway endpoints are free and keep S3/DynamoDB traffic off the NAT gateways, so they are always created. */
const GATEWAY_ENDPOINT_SERVICES = ['s3', 'dynamodb'] as const;

export interface VpcEndpointsProps {
  /** Prefix of resource names, e.g. `platform-production`. */
  readonly namePrefix: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly region: string;
  /** Route tables that get the S3 and DynamoDB gateway endpoints, keyed by a stable name. */
  readonly gatewayRouteTableIds: Readonly<Record<string, string>>;
  /** Subnets the interface endpoints' network interfaces live in. */
  readonly interfaceSubnetIds: readonly string[];
  /**
   * Interface endpoints to create.
   * @default - all of INTERFACE_ENDPOINT_SERVICES
   */
  readonly interfaceServices?: readonly InterfaceEndpointService[];
}

/** S3/DynamoDB gateway endpoints on the given route tables, and interface endpoints behind their own security group. */
export class VpcEndpoints extends Construct {
  /** Security group of the interface endpoints; undefined when none are created. */
  readonly securityGroup?: SecurityGroup;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    for (const service of GATEWAY_ENDPOINT_SERVICES) {
      const endpoint = new VpcEndpoint(this, `Gateway-${service}`, {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: 'Gateway',
        tags: { Name: `${props.namePrefix}-${service}` },
      });
      // One association per route table: adding an AZ adds an association instead of rewriting the endpoint.
      for (const [key, routeTableId] of Object.entries(props.gatewayRouteTableIds)) {
        new VpcEndpointRouteTableAssociation(this, `Gateway-${service}-${key}`, {
          vpcEndpointId: endpoint.id,
          routeTableId,
        });
      }
    }

    const services = props.interfaceServices ?? INTERFACE_ENDPOINT_SERVICES;
    if (services.length === 0) return;
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      name: `${props.namePrefix}-vpc-endpoints`,
      description: 'Interface VPC endpoints: HTTPS from inside the VPC',
      vpcId: props.vpcId,
      tags: { Name: `${props.namePrefix}-vpc-endpoints` },
    });
    new VpcSecurityGroupIngressRule(this, 'HttpsFromVpc', {
      securityGroupId: this.securityGroup.id,
      description: 'HTTPS to AWS APIs from anywhere in the VPC',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.vpcCidr,
    });
    for (const service of services) {
      new VpcEndpoint(this, `Interface-${service.replace('.', '-')}`, {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: [...props.interfaceSubnetIds],
        securityGroupIds: [this.securityGroup.id],
        tags: { Name: `${props.namePrefix}-${service}` },
      });
    }
  }
}
