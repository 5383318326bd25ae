import { GLOBAL_PRICES } from '../price-table';
import { hourly, MONTH_HOURS, monthly, priceOf, times, type LineItemDraft, type PriceRule } from './rule-helpers';
import { block, booleanOf, numberOf, stringOf } from './values';

const ENGINE_NAMES: Readonly<Record<string, string>> = { postgres: 'PostgreSQL', mysql: 'MySQL' };

const rdsInstance: PriceRule = (resource, { prices }) => {
  const { values } = resource;
  const instanceClass = stringOf(values, 'instance_class');
  const engine = stringOf(values, 'engine');
  const multiAz = booleanOf(values, 'multi_az') ?? false;
  const replica = values.replicate_source_db !== undefined && values.replicate_source_db !== null;
  const copies = multiAz ? 2 : 1;
  const deployment = `${multiAz ? 'Multi-AZ' : 'Single-AZ'}${replica ? ' read replica' : ''}`;
  const hourPrice = priceOf(prices.rdsInstanceHour[engine ?? ''], instanceClass, `RDS ${engine ?? 'engine'} instance class`);
  const items: LineItemDraft[] = [
    hourly(`${instanceClass} ${deployment} ${ENGINE_NAMES[engine ?? ''] ?? engine}, ${MONTH_HOURS}${multiAz ? ' × 2 (standby)' : ''}`, copies, hourPrice, 'instance-hours'),
  ];
  const storage = numberOf(values, 'allocated_storage');
  if (storage !== undefined) {
    const storageType = stringOf(values, 'storage_type') ?? (values.iops === undefined ? 'gp2' : 'io1');
    const ceiling = numberOf(values, 'max_allocated_storage');
    const growth = ceiling ? ` (autoscaling to ${ceiling} GB: allocated size priced)` : '';
    items.push(
      monthly(
        `${storage} GB ${storageType}${multiAz ? ' × 2 (Multi-AZ)' : ''}${growth}; backups beyond the free allowance and extra IOPS not priced`,
        storage * copies,
        'GB-months',
        priceOf(prices.rdsStorageGbMonth, storageType, 'RDS storage type'),
      ),
    );
  }
  if (booleanOf(values, 'manage_master_user_password')) {
    items.push(monthly('master user password secret managed by RDS (Secrets Manager)', 1, 'secret-months', GLOBAL_PRICES.secretMonth));
  }
  return { items };
};

const elasticacheReplicationGroup: PriceRule = (resource, { prices }) => {
  const { values } = resource;
  const nodeType = stringOf(values, 'node_type');
  const nodes = numberOf(values, 'num_cache_clusters') ?? (numberOf(values, 'num_node_groups') ?? 1) * ((numberOf(values, 'replicas_per_node_group') ?? 0) + 1);
  return {
    items: [
      hourly(`${times(nodes, nodeType ?? '?')} ${stringOf(values, 'engine') ?? 'redis'} node(s), ${MONTH_HOURS}; backups beyond the free allowance not priced`, nodes, priceOf(prices.elasticacheNodeHour, nodeType, 'ElastiCache node type'), 'node-hours'),
    ],
  };
};

const elasticacheCluster: PriceRule = (resource, { prices }) => {
  const { values } = resource;
  // A member of a replication group is priced with the group.
  if (values.replication_group_id !== undefined && values.replication_group_id !== null) return { items: [] };
  const nodeType = stringOf(values, 'node_type');
  const nodes = numberOf(values, 'num_cache_nodes') ?? 1;
  return {
    items: [hourly(`${times(nodes, nodeType ?? '?')} ${stringOf(values, 'engine') ?? ''} node(s), ${MONTH_HOURS}`, nodes, priceOf(prices.elasticacheNodeHour, nodeType, 'ElastiCache node type'), 'node-hours')],
  };
};

const opensearchDomain: PriceRule = (resource, { prices }) => {
  const cluster = block(resource.values, 'cluster_config');
  const instanceType = stringOf(cluster, 'instance_type') ?? 'm4.large.search';
  const count = numberOf(cluster, 'instance_count') ?? 1;
  const items: LineItemDraft[] = [
    hourly(`${times(count, instanceType)} data node(s), ${MONTH_HOURS}`, count, priceOf(prices.opensearchInstanceHour, instanceType, 'OpenSearch instance type'), 'instance-hours'),
  ];
  if (booleanOf(cluster, 'dedicated_master_enabled')) {
    const masterType = stringOf(cluster, 'dedicated_master_type') ?? instanceType;
    const masters = numberOf(cluster, 'dedicated_master_count') ?? 3;
    items.push(hourly(`${times(masters, masterType)} dedicated master node(s), ${MONTH_HOURS}`, masters, priceOf(prices.opensearchInstanceHour, masterType, 'OpenSearch instance type'), 'instance-hours'));
  }
  const ebs = block(resource.values, 'ebs_options');
  const size = numberOf(ebs, 'volume_size');
  if (booleanOf(ebs, 'ebs_enabled') !== false && size !== undefined) {
    const volumeType = stringOf(ebs, 'volume_type') ?? 'gp2';
    items.push(monthly(`${times(count, `${size} GB ${volumeType}`)} EBS (one per data node); extra IOPS/throughput not priced`, size * count, 'GB-months', priceOf(prices.opensearchStorageGbMonth, volumeType, 'OpenSearch volume type')));
  }
  return { items };
};

export const DATA_RULES: Readonly<Record<string, PriceRule>> = {
  aws_db_instance: rdsInstance,
  aws_elasticache_replication_group: elasticacheReplicationGroup,
  aws_elasticache_cluster: elasticacheCluster,
  aws_opensearch_domain: opensearchDomain,
};
