import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { EndpointHealthCheck, EndpointHealthCheckOptions, validateEndpointHealthCheck } from './endpoint-health-check';
import { normalizedDomainName, requireDomainName } from './private/names';
import { Requirement, requirement, requireWholeNumber } from './private/validation';

/** An alias target: a load balancer, a CloudFront distribution, another record of the zone. */
export interface FailoverAliasTarget {
  /** DNS name of the target, e.g. the load balancer's `dns_name`. */
  readonly name: string;
  /** Hosted zone id of the target (the load balancer's canonical zone, not the record's zone). */
  readonly zoneId: string;
  /** Whether Route 53 also takes the target's own health into account (a load balancer with no healthy target). */
  readonly evaluateTargetHealth: boolean;
  /**
   * Record type of the alias.
   * @default 'A'
   */
  readonly recordType?: 'A' | 'AAAA';
}

export interface HealthCheckedFailoverRecordProps {
  /** Hosted zone of the record. */
  readonly zoneId: string;
  /** Name of the hosted zone, e.g. `example.com`, to check that the record belongs to it. */
  readonly zoneName: string;
  /** Host name of the record, e.g. `api.example.com`; the PRIMARY and SECONDARY record share it. */
  readonly name: string;
  /** Tells the PRIMARY and SECONDARY records of a name apart: 1 to 128 letters, digits, `.`, `_` or `-`, e.g. `eu-central-1`. */
  readonly setIdentifier: string;
  /** PRIMARY answers while its health check passes; SECONDARY answers otherwise. */
  readonly role: 'PRIMARY' | 'SECONDARY';
  /**
   * CNAME target, e.g. `ingress.eu-central-1.example.com`. Not at the zone apex (DNS forbids a CNAME there). Exactly
   * one of `cname` and `alias`.
   * @default - none; `alias` is required
   */
  readonly cname?: string;
  /**
   * TTL of the CNAME in seconds; also bounds how long resolvers keep answering with a failed endpoint. Only with `cname`.
   * @default 60
   */
  readonly ttl?: number;
  /**
   * Alias target (alias records have no TTL of their own). Exactly one of `cname` and `alias`.
   * @default - none; `cname` is required
   */
  readonly alias?: FailoverAliasTarget;
  /** The record's health check: the id of an existing one, or what to check (a health check is created here). */
  readonly healthCheck: string | EndpointHealthCheckOptions;
  /**
   * Provider of the stack; Route 53 is global.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

const SET_IDENTIFIER = /^[A-Za-z0-9._-]{1,128}$/;
const HEALTH_CHECK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * One half of a Route 53 failover pair: a PRIMARY or SECONDARY record (CNAME, or alias) answered only while its health
 * check passes (PRIMARY) or when PRIMARY fails (SECONDARY), with the health check created here when given as options.
 */
export class HealthCheckedFailoverRecord extends Construct {
  readonly record: Route53Record;
  readonly healthCheckId: string;
  /** The health check created here; undefined when an existing id was given. */
  readonly healthCheck?: EndpointHealthCheck;

  constructor(scope: Construct, id: string, props: HealthCheckedFailoverRecordProps) {
    super(scope, id);
    validate(requirement(this), props);
    if (typeof props.healthCheck === 'string') {
      this.healthCheckId = props.healthCheck;
    } else {
      validateEndpointHealthCheck(this, props.healthCheck, 'healthCheck.');
      this.healthCheck = new EndpointHealthCheck(this, 'HealthCheck', {
        ...props.healthCheck,
        name: `${normalizedDomainName(props.name)}-${props.role.toLowerCase()}`,
        provider: props.provider,
      });
      this.healthCheckId = this.healthCheck.healthCheckId;
    }
    const target = props.alias
      ? { type: props.alias.recordType ?? 'A', alias: { name: props.alias.name, zoneId: props.alias.zoneId, evaluateTargetHealth: props.alias.evaluateTargetHealth } }
      : { type: 'CNAME', ttl: props.ttl ?? 60, records: [props.cname as string] };
    this.record = new Route53Record(this, 'Resource', {
      provider: props.provider,
      zoneId: props.zoneId,
      name: props.name,
      setIdentifier: props.setIdentifier,
      failoverRoutingPolicy: { type: props.role },
      healthCheckId: this.healthCheckId,
      ...target,
    });
  }
}

function validate(require: Requirement, props: HealthCheckedFailoverRecordProps): void {
  requireDomainName(require, props.zoneName, 'zoneName');
  requireDomainName(require, props.name, 'name');
  const name = normalizedDomainName(props.name);
  const zone = normalizedDomainName(props.zoneName);
  require(name === zone || name.endsWith(`.${zone}`), 'name', `'${props.name}' is not in the zone ${props.zoneName}`, `write a name ending in .${zone}`);
  require(SET_IDENTIFIER.test(props.setIdentifier), 'setIdentifier', `'${props.setIdentifier}' is not 1 to 128 letters, digits, '.', '_' or '-'`, 'use the region, e.g. eu-central-1');
  require(props.role === 'PRIMARY' || props.role === 'SECONDARY', 'role', `'${String(props.role)}' is not PRIMARY or SECONDARY`, "write 'PRIMARY' or 'SECONDARY'");
  require((props.cname === undefined) !== (props.alias === undefined), 'cname', props.cname === undefined ? 'and alias are both missing' : 'and alias are both set', 'give exactly one of cname and alias');
  if (props.cname !== undefined) {
    require(name !== zone, 'cname', `cannot be at the zone apex ${props.zoneName}: DNS forbids a CNAME next to the zone's SOA and NS records`, 'use an alias record at the apex');
    requireDomainName(require, props.cname, 'cname');
    requireWholeNumber(require, props.ttl ?? 60, 'ttl', 0, 2147483647);
  } else {
    require(props.ttl === undefined, 'ttl', 'is set on an alias record, which takes the TTL of its target', 'leave ttl out');
  }
  if (typeof props.healthCheck === 'string' && !Token.isUnresolved(props.healthCheck)) {
    require(HEALTH_CHECK_ID.test(props.healthCheck), 'healthCheck', `'${props.healthCheck}' is not a Route 53 health check id`, 'pass the id of a health check (a UUID), or health check options');
  }
}
