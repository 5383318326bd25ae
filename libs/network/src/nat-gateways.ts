import { Eip } from '@cdktf/provider-aws/lib/eip';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';

/**
 * How private subnets reach the internet.
 * - `perAz`: one NAT gateway in each AZ; an AZ outage never cuts egress of the others (production).
 * - `single`: one NAT gateway for all AZs; cheaper, but a single point of failure (development).
 * - `none`: no NAT gateway; private subnets reach AWS only through VPC endpoints.
 */
export const NAT_GATEWAY_MODES = ['perAz', 'single', 'none'] as const;
export type NatGatewayMode = (typeof NAT_GATEWAY_MODES)[number];

export interface NatGatewaysProps {
  /** Prefix of the `Name` tags, e.g. `platform-production`. */
  readonly namePrefix: string;
  readonly mode: NatGatewayMode;
  /** Public subnet id per AZ; NAT gateways live there. */
  readonly publicSubnetIds: Readonly<Record<string, string>>;
  /** Resources the gateways need first (the internet gateway). */
  readonly dependsOn: ITerraformDependable[];
}

/** Elastic IPs and NAT gateways, keyed by AZ name so adding an AZ only adds a gateway. */
export class NatGateways extends Construct {
  /** NAT gateway id per AZ that has one. */
  readonly gatewayIds: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: NatGatewaysProps) {
    super(scope, id);
    const gatewayIds: Record<string, string> = {};
    for (const az of NatGateways.zonesWithGateway(props.mode, Object.keys(props.publicSubnetIds))) {
      const eip = new Eip(this, `Eip-${az}`, {
        domain: 'vpc',
        tags: { Name: `${props.namePrefix}-nat-${az}` },
        dependsOn: props.dependsOn,
      });
      const gateway = new NatGateway(this, `Gateway-${az}`, {
        allocationId: eip.allocationId,
        subnetId: props.publicSubnetIds[az],
        tags: { Name: `${props.namePrefix}-${az}` },
        dependsOn: props.dependsOn,
      });
      gatewayIds[az] = gateway.id;
    }
    this.gatewayIds = gatewayIds;
  }

  /** NAT gateway that serves private subnets of `az`, if any. */
  gatewayFor(az: string): string | undefined {
    return this.gatewayIds[az] ?? Object.values(this.gatewayIds)[0];
  }

  /**
   * AZs that get a gateway. In `single` mode it is the alphabetically first AZ, so appending an AZ to the list
   * never moves the gateway.
   */
  static zonesWithGateway(mode: NatGatewayMode, availabilityZones: readonly string[]): string[] {
    switch (mode) {
      case 'perAz':
        return [...availabilityZones];
      case 'single':
        return [...availabilityZones].sort().slice(0, 1);
      case 'none':
        return [];
    }
  }
}
