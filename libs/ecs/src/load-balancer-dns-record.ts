import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Construct } from 'constructs';
import { requireHostName } from './private/host-name';

/** The load balancer attributes an alias record points at; an `Lb` (or {@link ApplicationLoadBalancer.loadBalancer}) fits. */
export interface AliasTarget {
  readonly dnsName: string;
  /** The load balancer's canonical hosted zone id (not the zone the record is in). */
  readonly zoneId: string;
}

export interface LoadBalancerDnsRecordProps {
  /** Host name of the record, e.g. `api.storymagic.example.com`. */
  readonly domainName: string;
  /** Route 53 hosted zone the record is created in. */
  readonly hostedZoneId: string;
  readonly target: AliasTarget;
  /**
   * Also create an AAAA alias; only for a load balancer with `ipv6` on (dual-stack), otherwise clients preferring
   * IPv6 would get no answer.
   * @default false
   */
  readonly ipv6?: boolean;
}

/**
 * Route 53 alias records `<domainName>` → load balancer: A, and AAAA when `ipv6`. Aliases cost nothing per query and
 * follow the load balancer's changing addresses; `evaluate_target_health` lets Route 53 stop answering with a load
 * balancer that has no healthy target (only matters once there is a failover record to answer instead).
 */
export class LoadBalancerDnsRecord extends Construct {
  readonly records: Readonly<Record<'A' | 'AAAA', Route53Record | undefined>>;
  /** The host name, for listeners' certificates and clients. */
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: LoadBalancerDnsRecordProps) {
    super(scope, id);
    requireHostName(this, 'domainName', props.domainName);
    this.domainName = props.domainName;
    const record = (type: 'A' | 'AAAA') =>
      new Route53Record(this, type, {
        zoneId: props.hostedZoneId,
        name: props.domainName,
        type,
        alias: { name: props.target.dnsName, zoneId: props.target.zoneId, evaluateTargetHealth: true },
      });
    this.records = { A: record('A'), AAAA: props.ipv6 ? record('AAAA') : undefined };
  }
}
