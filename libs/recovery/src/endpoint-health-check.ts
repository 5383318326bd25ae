import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { requireDomainName } from './private/names';
import { requirement, requireWholeNumber } from './private/validation';

/** What Route 53 requests to decide whether an endpoint is healthy. */
export interface EndpointHealthCheckOptions {
  /** Host name requested (and sent as SNI and Host header), e.g. `ingress.eu-central-1.example.com`. */
  readonly fqdn: string;
  /** `HTTPS` (the certificate is not validated by Route 53) or `HTTP`. */
  readonly type: 'HTTP' | 'HTTPS';
  /** Path requested; a 2xx or 3xx answer within 4 seconds counts as healthy, e.g. `/healthz`. */
  readonly resourcePath: string;
  /**
   * Port requested.
   * @default - 443 for HTTPS, 80 for HTTP
   */
  readonly port?: number;
  /**
   * Seconds between two requests of each checker: 30, or 10 (fast, at extra cost).
   * @default 30
   */
  readonly requestIntervalSeconds?: 10 | 30;
  /**
   * Consecutive failed (or passed) requests that turn the endpoint unhealthy (or healthy again), 1 to 10.
   * @default 3
   */
  readonly failureThreshold?: number;
}

export interface EndpointHealthCheckProps extends EndpointHealthCheckOptions {
  /** `Name` tag of the health check, shown in the Route 53 console, e.g. `production-api-primary`. */
  readonly name: string;
  /**
   * Provider of the stack; health checks are global.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A Route 53 health check requesting `<type>://<fqdn>:<port><resourcePath>` from Route 53's default checker regions,
 * without latency measurement (CloudWatch graphs nobody reads cost extra). With the defaults an endpoint is unhealthy
 * after about 90 seconds of failures.
 */
export class EndpointHealthCheck extends Construct {
  readonly healthCheck: Route53HealthCheck;
  readonly healthCheckId: string;

  constructor(scope: Construct, id: string, props: EndpointHealthCheckProps) {
    super(scope, id);
    validateEndpointHealthCheck(this, props);
    this.healthCheck = new Route53HealthCheck(this, 'Resource', {
      provider: props.provider,
      fqdn: props.fqdn,
      type: props.type,
      port: props.port ?? (props.type === 'HTTPS' ? 443 : 80),
      resourcePath: props.resourcePath,
      requestInterval: props.requestIntervalSeconds ?? 30,
      failureThreshold: props.failureThreshold ?? 3,
      measureLatency: false,
      // An ingress serving several hosts answers by SNI; without it the check would reach the default backend.
      enableSni: props.type === 'HTTPS' ? true : undefined,
      tags: { Name: props.name },
    });
    this.healthCheckId = this.healthCheck.id;
  }
}

/** Requires valid health check options; `prefix` names them inside another construct's props (e.g. `healthCheck.`). */
export function validateEndpointHealthCheck(scope: Construct, options: EndpointHealthCheckOptions, prefix = ''): void {
  const require = requirement(scope);
  requireDomainName(require, options.fqdn, `${prefix}fqdn`);
  require(options.type === 'HTTP' || options.type === 'HTTPS', `${prefix}type`, `'${String(options.type)}' is not HTTP or HTTPS`, "write 'HTTPS' (or 'HTTP')");
  require(options.resourcePath.startsWith('/'), `${prefix}resourcePath`, `'${options.resourcePath}' does not start with '/'`, `write '/${options.resourcePath}'`);
  require(options.resourcePath.length <= 255, `${prefix}resourcePath`, `has ${options.resourcePath.length} characters, Route 53 takes 255`, 'use a shorter path');
  if (options.port !== undefined) requireWholeNumber(require, options.port, `${prefix}port`, 1, 65535);
  const interval = options.requestIntervalSeconds ?? 30;
  require(interval === 10 || interval === 30, `${prefix}requestIntervalSeconds`, `${interval} is not 10 or 30, the intervals Route 53 offers`, 'write 30 (or 10 for faster detection at extra cost)');
  requireWholeNumber(require, options.failureThreshold ?? 3, `${prefix}failureThreshold`, 1, 10);
}
