import { PlatformError } from '@platform/core';

/**
 * A per-client rate limit of an Ingress served by ingress-nginx. ingress-nginx has no global rate limit in its
 * ConfigMap: limits are annotations on each Ingress, counted per client IP and per controller replica.
 */
export interface IngressRateLimit {
  /** Requests per second from one client IP (`limit-rps`); excludes `requestsPerMinute`. */
  readonly requestsPerSecond?: number;
  /** Requests per minute from one client IP (`limit-rpm`); excludes `requestsPerSecond`. */
  readonly requestsPerMinute?: number;
  /**
   * Burst size as a multiple of the rate (`limit-burst-multiplier`).
   * @default - nginx's default, 5
   */
  readonly burstMultiplier?: number;
  /**
   * Concurrent connections from one client IP (`limit-connections`).
   * @default - no connection limit
   */
  readonly connections?: number;
}

/** Seed 001: 1000 requests per minute per client. */
export const SEED_001_RATE_LIMIT: IngressRateLimit = { requestsPerMinute: 1000 };
/** Seed 002: 100 requests per second per client. */
export const SEED_002_RATE_LIMIT: IngressRateLimit = { requestsPerSecond: 100 };

const PREFIX = 'nginx.ingress.kubernetes.io';

/**
 * The Ingress annotations that enforce `limit` for each client IP across the whole controller.
 *
 * ingress-nginx counts limits in every replica separately, so a client spread over N replicas gets N times the
 * annotated rate. Pass the controller's replica count and the annotated rate is divided by it (rounded up): the
 * total over all replicas then stays at `limit` when the load balancer spreads a client's connections evenly, and
 * a client pinned to one replica (one keep-alive connection) gets 1/N of it. Responses over the limit get the
 * ConfigMap's `limit-req-status-code`, which IngressNginx sets to 429.
 */
export function ingressRateLimitAnnotations(limit: IngressRateLimit, controllerReplicas = 1): Record<string, string> {
  const { requestsPerSecond: rps, requestsPerMinute: rpm } = limit;
  const positive = (value: number | undefined, field: string) => {
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw new PlatformError(`${field}: ${value} is not a positive whole number`);
  };
  positive(rps, 'requestsPerSecond');
  positive(rpm, 'requestsPerMinute');
  positive(limit.burstMultiplier, 'burstMultiplier');
  positive(limit.connections, 'connections');
  positive(controllerReplicas, 'controllerReplicas');
  if ((rps === undefined) === (rpm === undefined)) {
    throw new PlatformError('ingress rate limit: set exactly one of requestsPerSecond and requestsPerMinute');
  }
  const perReplica = (value: number) => String(Math.ceil(value / controllerReplicas));
  return {
    ...(rps === undefined ? {} : { [`${PREFIX}/limit-rps`]: perReplica(rps) }),
    ...(rpm === undefined ? {} : { [`${PREFIX}/limit-rpm`]: perReplica(rpm) }),
    ...(limit.burstMultiplier === undefined ? {} : { [`${PREFIX}/limit-burst-multiplier`]: String(limit.burstMultiplier) }),
    ...(limit.connections === undefined ? {} : { [`${PREFIX}/limit-connections`]: perReplica(limit.connections) }),
  };
}
