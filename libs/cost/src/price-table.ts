/**
 * The pinned price table of the cost estimate: AWS public on-demand list prices (USD, Linux, no Savings Plans, no
 * Reserved Instances, no free tier) for the regions the platform uses. Figures are data: every price the estimator
 * applies is here, none in its code. Refresh all figures together and move PRICES_AS_OF with them.
 *
 * Sources, per figure in the comments:
 * - [aws]   AWS pricing pages (aws.amazon.com/<service>/pricing), as quoted by the public pages found with the
 *           search tool (us-east-1 figures of Fargate, NAT gateway, ALB/NLB, EC2 t3, ElastiCache t3, RDS storage).
 * - [known] the list price as known to the author for that region (no page found to confirm it); check these first
 *           when refreshing.
 * Prices that are the same in every region (EKS, KMS, Secrets Manager, Route 53, WAF, CloudWatch) are in
 * GLOBAL_PRICES.
 */
export const PRICES_AS_OF = '2026-12-05';

export const PRICE_SOURCE = 'AWS public on-demand list prices (USD, Linux, no discounts, no free tier)';

/** Hours in the month the estimate prices: AWS's own convention (8,760 h / 12). */
export const HOURS_PER_MONTH = 730;

/** Prices that differ by region. Hourly prices are per hour of one unit; storage per GB-month. */
export interface RegionPrices {
  /** NAT gateway, per gateway-hour (data processing per GB not priced). */
  readonly natGatewayHour: number;
  /** Interface VPC endpoint, per endpoint-hour in one AZ (one network interface per subnet). */
  readonly interfaceEndpointAzHour: number;
  /** Application Load Balancer, per hour (LCUs not priced). */
  readonly albHour: number;
  /** Network Load Balancer, per hour (NLCUs not priced). */
  readonly nlbHour: number;
  /** EC2 Linux on-demand, per instance-hour, by instance type. */
  readonly ec2InstanceHour: Readonly<Record<string, number>>;
  /** EBS volumes, per GB-month, by volume type. */
  readonly ebsGbMonth: Readonly<Record<string, number>>;
  /** Fargate Linux, per vCPU-hour and per GB-hour of memory, by CPU architecture. */
  readonly fargate: Readonly<Record<'X86_64' | 'ARM64', { readonly vcpuHour: number; readonly gbHour: number }>>;
  /** RDS Single-AZ instance, per hour, by engine and class (Multi-AZ is twice this). */
  readonly rdsInstanceHour: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** RDS storage Single-AZ, per GB-month, by storage type (Multi-AZ is twice this). */
  readonly rdsStorageGbMonth: Readonly<Record<string, number>>;
  /** ElastiCache node, per node-hour, by node type. */
  readonly elasticacheNodeHour: Readonly<Record<string, number>>;
  /** OpenSearch Service instance, per instance-hour, by instance type. */
  readonly opensearchInstanceHour: Readonly<Record<string, number>>;
  /** OpenSearch Service EBS storage, per GB-month, by volume type. */
  readonly opensearchStorageGbMonth: Readonly<Record<string, number>>;
}

/** Prices that are the same in every priced region. */
export const GLOBAL_PRICES = {
  /** EKS cluster on standard Kubernetes version support, per cluster-hour. [aws] */
  eksClusterHour: 0.1,
  /** Public IPv4 address (in use or idle), per address-hour, since 2024-02-01. [aws] */
  publicIpv4Hour: 0.005,
  /** KMS customer managed key, per key-month (each automatic rotation adds $1/month, for the first two). [aws] */
  kmsKeyMonth: 1.0,
  /** Secrets Manager, per secret-month (API calls not priced). [aws] */
  secretMonth: 0.4,
  /** Route 53 hosted zone, per zone-month for the first 25 zones (queries not priced). [aws] */
  route53ZoneMonth: 0.5,
  /** WAF web ACL, per ACL-month (requests not priced). [aws] */
  wafWebAclMonth: 5.0,
  /** WAF rule or managed rule group in a web ACL, per rule-month. [aws] */
  wafRuleMonth: 1.0,
  /** CloudWatch standard-resolution alarm, per metric-month. [aws] */
  cloudwatchAlarmMetricMonth: 0.1,
  /** CloudWatch high-resolution alarm (period under 60 s), per metric-month. [aws] */
  cloudwatchHighResolutionAlarmMetricMonth: 0.3,
  /** CloudWatch dashboard, per dashboard-month (the account's first three are free; not deducted). [aws] */
  cloudwatchDashboardMonth: 3.0,
} as const;

/** Price table by AWS region. */
export const REGION_PRICES: Readonly<Record<string, RegionPrices>> = {
  'eu-central-1': {
    natGatewayHour: 0.052, // [known]
    interfaceEndpointAzHour: 0.012, // [known]
    albHour: 0.027, // [known]
    nlbHour: 0.027, // [known]
    // [known] Frankfurt Linux on-demand.
    ec2InstanceHour: {
      't3.micro': 0.012,
      't3.small': 0.024,
      't3.medium': 0.048,
      't3.large': 0.096,
      't3.xlarge': 0.192,
      'm5.large': 0.115,
      'm5.xlarge': 0.23,
      'm6i.large': 0.115,
      'm7g.large': 0.0979,
      'm7g.xlarge': 0.1958,
      'c5.large': 0.097,
      'c5.xlarge': 0.194,
    },
    ebsGbMonth: { gp3: 0.0952, gp2: 0.119 }, // [known]
    fargate: { X86_64: { vcpuHour: 0.04656, gbHour: 0.00511 }, ARM64: { vcpuHour: 0.03725, gbHour: 0.00409 } }, // [known]
    rdsInstanceHour: {
      // [known] Frankfurt PostgreSQL / MySQL Single-AZ on-demand.
      postgres: { 'db.t3.micro': 0.021, 'db.t3.small': 0.041, 'db.t3.medium': 0.082, 'db.t3.large': 0.164, 'db.r6g.large': 0.263 },
      mysql: { 'db.t3.micro': 0.02, 'db.t3.small': 0.04, 'db.t3.medium': 0.08, 'db.t3.large': 0.16, 'db.r6g.large': 0.252 },
    },
    rdsStorageGbMonth: { gp2: 0.133, gp3: 0.133 }, // [known]
    elasticacheNodeHour: { 'cache.t3.micro': 0.019, 'cache.t3.small': 0.038, 'cache.t3.medium': 0.077, 'cache.r6g.large': 0.247 }, // [known]
    opensearchInstanceHour: { 't3.small.search': 0.043, 't3.medium.search': 0.086, 'r6g.large.search': 0.201, 'm6g.large.search': 0.153 }, // [known]
    opensearchStorageGbMonth: { gp3: 0.146, gp2: 0.162 }, // [known]
  },
  'us-east-1': {
    natGatewayHour: 0.045, // [aws]
    interfaceEndpointAzHour: 0.01, // [aws]
    albHour: 0.0225, // [aws]
    nlbHour: 0.0225, // [aws]
    ec2InstanceHour: {
      't3.micro': 0.0104, // [aws]
      't3.small': 0.0208, // [aws]
      't3.medium': 0.0416, // [aws]
      't3.large': 0.0832, // [aws]
      't3.xlarge': 0.1664, // [aws]
      'm5.large': 0.096, // [known]
      'm5.xlarge': 0.192, // [known]
      'm6i.large': 0.096, // [known]
      'm7g.large': 0.0816, // [known]
      'm7g.xlarge': 0.1632, // [known]
      'c5.large': 0.085, // [known]
      'c5.xlarge': 0.17, // [known]
    },
    ebsGbMonth: { gp3: 0.08, gp2: 0.1 }, // [known]
    fargate: { X86_64: { vcpuHour: 0.04048, gbHour: 0.004445 }, ARM64: { vcpuHour: 0.03238, gbHour: 0.00356 } }, // [aws]
    rdsInstanceHour: {
      // [known]
      postgres: { 'db.t3.micro': 0.018, 'db.t3.small': 0.036, 'db.t3.medium': 0.072, 'db.t3.large': 0.145, 'db.r6g.large': 0.225 },
      mysql: { 'db.t3.micro': 0.017, 'db.t3.small': 0.034, 'db.t3.medium': 0.068, 'db.t3.large': 0.136, 'db.r6g.large': 0.215 },
    },
    rdsStorageGbMonth: { gp2: 0.115, gp3: 0.115 }, // [aws]
    elasticacheNodeHour: { 'cache.t3.micro': 0.017, 'cache.t3.small': 0.034, 'cache.t3.medium': 0.068, 'cache.r6g.large': 0.206 }, // [aws] t3, [known] r6g
    opensearchInstanceHour: { 't3.small.search': 0.036, 't3.medium.search': 0.073, 'r6g.large.search': 0.167, 'm6g.large.search': 0.128 }, // [known]
    opensearchStorageGbMonth: { gp3: 0.122, gp2: 0.135 }, // [known]
  },
  // The DR region of seed 003 (StoryMagic), for when it is built.
  'eu-west-1': {
    natGatewayHour: 0.048, // [known]
    interfaceEndpointAzHour: 0.011, // [known]
    albHour: 0.0252, // [aws]
    nlbHour: 0.0252, // [known]
    // [known] Ireland Linux on-demand.
    ec2InstanceHour: {
      't3.micro': 0.0114,
      't3.small': 0.0228,
      't3.medium': 0.0456,
      't3.large': 0.0912,
      't3.xlarge': 0.1824,
      'm5.large': 0.107,
      'm5.xlarge': 0.214,
      'm6i.large': 0.107,
      'm7g.large': 0.0912,
      'm7g.xlarge': 0.1824,
      'c5.large': 0.096,
      'c5.xlarge': 0.192,
    },
    ebsGbMonth: { gp3: 0.088, gp2: 0.11 }, // [known]
    fargate: { X86_64: { vcpuHour: 0.04048, gbHour: 0.004445 }, ARM64: { vcpuHour: 0.03238, gbHour: 0.00356 } }, // [known]
    rdsInstanceHour: {
      // [known]
      postgres: { 'db.t3.micro': 0.019, 'db.t3.small': 0.038, 'db.t3.medium': 0.077, 'db.t3.large': 0.154, 'db.r6g.large': 0.245 },
      mysql: { 'db.t3.micro': 0.018, 'db.t3.small': 0.036, 'db.t3.medium': 0.072, 'db.t3.large': 0.144, 'db.r6g.large': 0.232 },
    },
    rdsStorageGbMonth: { gp2: 0.127, gp3: 0.127 }, // [known]
    elasticacheNodeHour: { 'cache.t3.micro': 0.018, 'cache.t3.small': 0.036, 'cache.t3.medium': 0.073, 'cache.r6g.large': 0.227 }, // [known]
    opensearchInstanceHour: { 't3.small.search': 0.039, 't3.medium.search': 0.078, 'r6g.large.search': 0.185, 'm6g.large.search': 0.141 }, // [known]
    opensearchStorageGbMonth: { gp3: 0.134, gp2: 0.149 }, // [known]
  },
};
