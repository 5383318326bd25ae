import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { Construct } from 'constructs';

export interface DataSubnetGroupsProps {
  /** Name of both groups, e.g. `platform-production-database`. */
  readonly name: string;
  /** Database subnet id per AZ. */
  readonly subnetIds: Readonly<Record<string, string>>;
}

/** The RDS and ElastiCache subnet groups over the isolated database subnets. */
export class DataSubnetGroups extends Construct {
  readonly database: DbSubnetGroup;
  readonly cache: ElasticacheSubnetGroup;

  constructor(scope: Construct, id: string, props: DataSubnetGroupsProps) {
    super(scope, id);
    const subnetIds = Object.values(props.subnetIds);
    this.database = new DbSubnetGroup(this, 'Database', {
      name: props.name,
      description: 'RDS instances: isolated database subnets',
      subnetIds,
    });
    this.cache = new ElasticacheSubnetGroup(this, 'Cache', {
      name: props.name,
      description: 'ElastiCache clusters: isolated database subnets',
      subnetIds,
    });
  }
}
