import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { ConstructValidationError } from '@platform/core';
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
  /**
   * Publish the records as one half of a Route 53 failover pair instead of simple records: the name is then answered
   * by this load balancer while its health check passes (PRIMARY), or while the PRIMARY's fails (SECONDARY). A name
   * holds either simple records or failover records, never both.
   * @default - simple alias records
   */
  readonly failover?: LoadBalancerFailover;
}

/** Which half of a failover pair a load balancer's records are, and what decides whether it answers. */
export interface LoadBalancerFailover {
  readonly role: 'PRIMARY' | 'SECONDARY';
  /** Tells the two records of the name apart: 1 to 128 letters, digits, `.`, `_` or `-`, e.g. the region `eu-central-1`. */
  readonly setIdentifier: string;
  /** Route 53 health check of this load balancer. */
  readonly healthCheckId: string;
}

const SET_IDENTIFIER = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Route 53 alias records `<domainName>` → load balancer: A, and AAAA when `ipv6`. Aliases cost nothing per query and
 * follow the load balancer's changing addresses; `evaluate_target_health` lets Route 53 stop answering with a load
 * balancer that has no healthy target (only matters once there is a failover record to answer instead). With
 * `failover` the records are one half of a failover pair (disaster recovery: a load balancer in each region).
 */
export class LoadBalancerDnsRecord extends Construct {
  readonly records: Readonly<Record<'A' | 'AAAA', Route53Record | undefined>>;
  /** The host name, for listeners' certificates and clients. */
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: LoadBalancerDnsRecordProps) {
    super(scope, id);
    requireHostName(this, 'domainName', props.domainName);
    const { failover } = props;
    if (failover !== undefined) {
      ConstructValidationError.require(this, SET_IDENTIFIER.test(failover.setIdentifier), 'failover.setIdentifier', `'${failover.setIdentifier}' is not 1 to 128 letters, digits, '.', '_' or '-'`, 'use the region, e.g. eu-central-1');
      ConstructValidationError.require(this, failover.role === 'PRIMARY' || failover.role === 'SECONDARY', 'failover.role', `'${String(failover.role)}' is not PRIMARY or SECONDARY`, "write 'PRIMARY' or 'SECONDARY'");
    }
    this.domainName = props.domainName;
    const record = (type: 'A' | 'AAAA') =>
      new Route53Record(this, type, {
        zoneId: props.hostedZoneId,
        name: props.domainName,
        type,
        alias: { name: props.target.dnsName, zoneId: props.target.zoneId, evaluateTargetHealth: true },
        ...(failover === undefined ? {} : { setIdentifier: failover.setIdentifier, failoverRoutingPolicy: { type: failover.role }, healthCheckId: failover.healthCheckId }),
      });
    this.records = { A: record('A'), AAAA: props.ipv6 ? record('AAAA') : undefined };
  }
}
