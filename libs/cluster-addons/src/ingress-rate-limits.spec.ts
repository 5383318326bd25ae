import { ingressRateLimitAnnotations, SEED_001_RATE_LIMIT, SEED_002_RATE_LIMIT } from './ingress-rate-limits';

describe('ingressRateLimitAnnotations', () => {
  it('limits seed 001 to 1000 requests per minute per client', () => {
    expect(ingressRateLimitAnnotations(SEED_001_RATE_LIMIT)).toEqual({ 'nginx.ingress.kubernetes.io/limit-rpm': '1000' });
  });

  it('limits seed 002 to 100 requests per second per client', () => {
    expect(ingressRateLimitAnnotations(SEED_002_RATE_LIMIT)).toEqual({ 'nginx.ingress.kubernetes.io/limit-rps': '100' });
  });

  it('divides the limit among the controller replicas, which count separately', () => {
    expect(ingressRateLimitAnnotations(SEED_002_RATE_LIMIT, 3)).toEqual({ 'nginx.ingress.kubernetes.io/limit-rps': '34' });
    expect(ingressRateLimitAnnotations({ requestsPerMinute: 1000, connections: 20, burstMultiplier: 2 }, 2)).toEqual({
      'nginx.ingress.kubernetes.io/limit-rpm': '500',
      'nginx.ingress.kubernetes.io/limit-connections': '10',
      'nginx.ingress.kubernetes.io/limit-burst-multiplier': '2',
    });
  });

  it.each([
    [{}, /set exactly one of requestsPerSecond and requestsPerMinute/],
    [{ requestsPerSecond: 1, requestsPerMinute: 60 }, /set exactly one of/],
    [{ requestsPerSecond: 0 }, /requestsPerSecond: 0 is not a positive whole number/],
    [{ requestsPerMinute: 1.5 }, /requestsPerMinute: 1.5 is not a positive whole number/],
  ])('rejects %j', (limit, message) => {
    expect(() => ingressRateLimitAnnotations(limit)).toThrow(message);
  });
});
