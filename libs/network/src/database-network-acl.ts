import { NetworkAcl } from '@cdktf/provider-aws/lib/network-acl';
import { NetworkAclAssociation } from '@cdktf/provider-aws/lib/network-acl-association';
import { NetworkAclRule } from '@cdktf/provider-aws/lib/network-acl-rule';
import { Construct } from 'constructs';

export interface DatabaseNetworkAclProps {
  /** Prefix of the `Name` tag, e.g. `platform-production`. */
  readonly namePrefix: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** Database subnet id per AZ. */
  readonly subnetIds: Readonly<Record<string, string>>;
}

/**
 * Network ACL of the database subnets: traffic in and out only to and from the VPC CIDR. A second fence behind
 * the security groups, so a mistaken security group rule still cannot expose a data store beyond the VPC.
 */
export class DatabaseNetworkAcl extends Construct {
  readonly acl: NetworkAcl;

  constructor(scope: Construct, id: string, props: DatabaseNetworkAclProps) {
    super(scope, id);
    this.acl = new NetworkAcl(this, 'Resource', {
      vpcId: props.vpcId,
      tags: { Name: `${props.namePrefix}-database` },
    });
    for (const egress of [false, true]) {
      new NetworkAclRule(this, egress ? 'EgressToVpc' : 'IngressFromVpc', {
        networkAclId: this.acl.id,
        ruleNumber: 100,
        egress,
        protocol: '-1',
        ruleAction: 'allow',
        cidrBlock: props.vpcCidr,
      });
    }
    for (const [az, subnetId] of Object.entries(props.subnetIds)) {
      new NetworkAclAssociation(this, `Association-${az}`, { networkAclId: this.acl.id, subnetId });
    }
  }
}
