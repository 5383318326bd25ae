import { Lb, LbConfig } from '@cdktf/provider-aws/lib/lb';
import { LbListener, LbListenerConfig } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup, LbTargetGroupConfig } from '@cdktf/provider-aws/lib/lb-target-group';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Construct } from 'constructs';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { LOAD_BALANCER_RULES } from './load-balancer-rules';

const WEB_ACL = 'arn:aws:wafv2:eu-central-1:123456789012:regional/webacl/storymagic/1';
const CERTIFICATE = 'arn:aws:acm:eu-central-1:123456789012:certificate/1';

/** An ALB as seed 003 specifies it: internet-facing, access logs, deletion protection, invalid headers dropped, WAF. */
function loadBalancer(scope: Construct, overrides: Partial<LbConfig> = {}, waf = true): Lb {
  const lb = new Lb(scope, 'Alb', {
    name: 'storymagic',
    loadBalancerType: 'application',
    internal: false,
    subnets: ['subnet-public-a', 'subnet-public-b'],
    securityGroups: ['sg-lb'],
    dropInvalidHeaderFields: true,
    enableDeletionProtection: true,
    accessLogs: { bucket: 'storymagic-alb-logs', enabled: true },
    ...overrides,
  });
  if (waf) new Wafv2WebAclAssociation(scope, 'Waf', { resourceArn: lb.arn, webAclArn: WEB_ACL });
  return lb;
}

function httpsListener(scope: Construct, lb: Lb, overrides: Partial<LbListenerConfig> = {}): LbListener {
  return new LbListener(scope, 'Https', {
    loadBalancerArn: lb.arn,
    port: 443,
    protocol: 'HTTPS',
    sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
    certificateArn: CERTIFICATE,
    defaultAction: [{ type: 'fixed-response', fixedResponse: { contentType: 'text/plain', statusCode: '404' } }],
    ...overrides,
  });
}

function httpRedirect(scope: Construct, lb: Lb, overrides: Partial<LbListenerConfig> = {}): LbListener {
  return new LbListener(scope, 'Http', {
    loadBalancerArn: lb.arn,
    port: 80,
    protocol: 'HTTP',
    defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
    ...overrides,
  });
}

function targetGroup(scope: Construct, overrides: Partial<LbTargetGroupConfig> = {}): LbTargetGroup {
  return new LbTargetGroup(scope, 'Blue', {
    name: 'storymagic-blue',
    port: 3000,
    protocol: 'HTTP',
    targetType: 'ip',
    vpcId: 'vpc-1',
    healthCheck: { enabled: true, path: '/health', matcher: '200' },
    ...overrides,
  });
}

function compliant(scope: Construct): void {
  const lb = loadBalancer(scope);
  httpsListener(scope, lb);
  httpRedirect(scope, lb);
  targetGroup(scope);
}

describe('load balancer rules', () => {
  testRulePack(LOAD_BALANCER_RULES, compliant, {
    'PLAT-ELB-001': [
      { name: 'invalid headers passed on', build: (stack) => loadBalancer(stack, { dropInvalidHeaderFields: undefined }), path: 'Alb', problem: 'drop_invalid_header_fields is not set' },
    ],
    'PLAT-ELB-002': [
      { name: 'no access logs', build: (stack) => loadBalancer(stack, { accessLogs: undefined }), path: 'Alb', problem: 'access_logs.bucket is not set' },
      {
        name: 'a log bucket with logging left disabled (the provider default)',
        build: (stack) => loadBalancer(stack, { accessLogs: { bucket: 'storymagic-alb-logs' } }),
        path: 'Alb',
        problem: 'access_logs.enabled is not set',
      },
    ],
    'PLAT-ELB-003': [
      { name: 'no deletion protection in production', build: (stack) => loadBalancer(stack, { enableDeletionProtection: false }), path: 'Alb', problem: 'enable_deletion_protection is false' },
    ],
    'PLAT-ELB-004': [{ name: 'an internet-facing ALB without WAF', build: (stack) => loadBalancer(stack, {}, false), path: 'Alb', problem: 'no WAF web ACL is associated' }],
    'PLAT-ELB-005': [
      {
        name: 'an HTTP listener forwarding to the targets',
        build: (stack) => httpRedirect(stack, loadBalancer(stack), { defaultAction: [{ type: 'forward', targetGroupArn: 'arn:tg' }] }),
        path: 'Http',
        problem: 'listens on HTTP port 80 on an internet-facing load balancer without redirecting to HTTPS',
      },
      {
        name: 'HTTP on port 443',
        build: (stack) => httpRedirect(stack, loadBalancer(stack), { port: 443, defaultAction: [{ type: 'forward', targetGroupArn: 'arn:tg' }] }),
        path: 'Http',
        problem: 'listens on HTTP port 443',
      },
      {
        name: 'a listener without protocol (HTTP) on a load balancer of another stack',
        build: (stack) =>
          new LbListener(stack, 'Http', { loadBalancerArn: '${data.terraform_remote_state.network.outputs.alb_arn}', port: 8080, defaultAction: [{ type: 'forward', targetGroupArn: 'arn:tg' }] }),
        path: 'Http',
        problem: 'listens on HTTP port 8080 on a load balancer outside this stack',
      },
      {
        name: 'a redirect to another HTTP URL',
        build: (stack) => httpRedirect(stack, loadBalancer(stack), { defaultAction: [{ type: 'redirect', redirect: { host: 'www.example.com', statusCode: 'HTTP_301' } }] }),
        path: 'Http',
        problem: 'without redirecting to HTTPS',
      },
      {
        name: 'a redirecting HTTP listener whose rule forwards one path over HTTP',
        build: (stack) => {
          const listener = httpRedirect(stack, loadBalancer(stack));
          new LbListenerRule(stack, 'Legacy', {
            listenerArn: listener.arn,
            action: [{ type: 'forward', targetGroupArn: 'arn:tg' }],
            condition: [{ pathPattern: { values: ['/legacy/*'] } }],
          });
        },
        path: 'Http',
        problem: 'listener rules test/Legacy answer over HTTP',
      },
    ],
    'PLAT-ELB-006': [
      {
        name: 'no ssl_policy (the API default allows TLS 1.0)',
        build: (stack) => httpsListener(stack, loadBalancer(stack), { sslPolicy: undefined }),
        path: 'Https',
        problem: 'ssl_policy is not set, so AWS applies ELBSecurityPolicy-2016-08',
      },
      {
        name: 'a TLS 1.3 policy that still accepts TLS 1.0',
        build: (stack) => httpsListener(stack, loadBalancer(stack), { sslPolicy: 'ELBSecurityPolicy-TLS13-1-0-2021-06' }),
        path: 'Https',
        problem: 'ssl_policy "ELBSecurityPolicy-TLS13-1-0-2021-06" allows TLS below 1.2',
      },
      {
        name: 'a forward-secrecy policy that accepts TLS 1.0',
        build: (stack) => httpsListener(stack, loadBalancer(stack), { sslPolicy: 'ELBSecurityPolicy-FS-2018-06' }),
        path: 'Https',
        problem: 'allows TLS below 1.2',
      },
    ],
    'PLAT-ELB-007': [
      {
        name: 'health checks off',
        build: (stack) => targetGroup(stack, { healthCheck: { enabled: false } }),
        path: 'Blue',
        problem: 'health_check.enabled is false',
      },
      {
        name: 'an HTTP target group probed on the default path',
        build: (stack) => targetGroup(stack, { healthCheck: undefined }),
        path: 'Blue',
        problem: 'health_check.path is not set, so the targets are probed on /',
      },
    ],
    'PLAT-ELB-008': [{ name: 'desync mitigation in monitor mode', build: (stack) => loadBalancer(stack, { desyncMitigationMode: 'monitor' }), path: 'Alb', problem: 'desync_mitigation_mode is "monitor"' }],
  });

  it('accepts every AWS policy whose floor is TLS 1.2 or 1.3', () => {
    const policies = [
      'ELBSecurityPolicy-TLS13-1-2-2021-06',
      'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
      'ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06',
      'ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04',
      'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
      'ELBSecurityPolicy-TLS13-1-3-2021-06',
      'ELBSecurityPolicy-TLS-1-2-2017-01',
      'ELBSecurityPolicy-TLS-1-2-Ext-2018-06',
      'ELBSecurityPolicy-FS-1-2-2019-08',
      'ELBSecurityPolicy-FS-1-2-Res-2020-10',
    ];
    for (const sslPolicy of policies) expect(findingsOf('PLAT-ELB-006', (stack) => httpsListener(stack, loadBalancer(stack), { sslPolicy }))).toEqual([]);
    for (const sslPolicy of ['ELBSecurityPolicy-TLS13-1-1-2021-06', 'ELBSecurityPolicy-TLS-1-1-2017-01', 'ELBSecurityPolicy-FS-1-1-2019-08', 'ELBSecurityPolicy-2016-08']) {
      expect(findingsOf('PLAT-ELB-006', (stack) => httpsListener(stack, loadBalancer(stack), { sslPolicy }))).toHaveLength(1);
    }
  });

  it('lets internal load balancers speak HTTP and leaves TCP pass-through to the targets', () => {
    const internal = (stack: Construct) => httpRedirect(stack, loadBalancer(stack, { internal: true }), { defaultAction: [{ type: 'forward', targetGroupArn: 'arn:tg' }] });
    expect(findingsOf('PLAT-ELB-005', internal)).toEqual([]);
    const nlb = (stack: Construct) =>
      new LbListener(stack, 'Tcp', { loadBalancerArn: loadBalancer(stack, { loadBalancerType: 'network' }).arn, port: 443, protocol: 'TCP', defaultAction: [{ type: 'forward', targetGroupArn: 'arn:tg' }] });
    expect(findingsOf('PLAT-ELB-005', nlb)).toEqual([]);
  });

  it('asks network load balancers for deletion protection, and for access logs once they terminate TLS, not for header dropping or WAF', () => {
    const nlb = (stack: Construct) => loadBalancer(stack, { loadBalancerType: 'network', dropInvalidHeaderFields: undefined, accessLogs: undefined, enableDeletionProtection: undefined }, false);
    expect(['PLAT-ELB-001', 'PLAT-ELB-002', 'PLAT-ELB-003', 'PLAT-ELB-004'].map((id) => findingsOf(id, nlb).length)).toEqual([0, 0, 1, 0]);
    const tls = (stack: Construct) =>
      new LbListener(stack, 'Tls', { loadBalancerArn: nlb(stack).arn, port: 443, protocol: 'TLS', sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', certificateArn: CERTIFICATE, defaultAction: [{ type: 'forward', targetGroupArn: 'arn:tg' }] });
    expect(findingsOf('PLAT-ELB-002', tls)).toEqual([expect.objectContaining({ problem: 'access_logs.bucket is not set' })]);
  });

  it('asks for deletion protection in production only, and for WAF on internet-facing ALBs only', () => {
    expect(findingsOf('PLAT-ELB-003', (stack) => loadBalancer(stack, { enableDeletionProtection: false }), false)).toEqual([]);
    expect(findingsOf('PLAT-ELB-004', (stack) => loadBalancer(stack, { internal: true }, false))).toEqual([]);
  });

  it('exempts Lambda target groups and non-HTTP health checks from the path', () => {
    expect(findingsOf('PLAT-ELB-007', (stack) => targetGroup(stack, { targetType: 'lambda', protocol: undefined, port: undefined, vpcId: undefined, healthCheck: undefined }))).toEqual([]);
    expect(findingsOf('PLAT-ELB-007', (stack) => targetGroup(stack, { protocol: 'TCP', healthCheck: { enabled: true, protocol: 'TCP' } }))).toEqual([]);
  });

  describe('PLAT-ELB-005 on the rules of a redirecting HTTP listener', () => {
    type RuleAction = { type: string; redirect?: { protocol: string; statusCode: string }; fixedResponse?: { contentType: string; statusCode: string }; targetGroupArn?: string };
    const withRules = (...actions: RuleAction[]) => (stack: Construct) => {
      const listener = httpRedirect(stack, loadBalancer(stack));
      actions.forEach((action, index) => new LbListenerRule(stack, `Rule${index}`, { listenerArn: listener.arn, action: [action], condition: [{ pathPattern: { values: [`/r${index}/*`] } }] }));
    };
    const toHttps: RuleAction = { type: 'redirect', redirect: { protocol: 'HTTPS', statusCode: 'HTTP_301' } };
    const toHttp: RuleAction = { type: 'redirect', redirect: { protocol: 'HTTP', statusCode: 'HTTP_301' } };
    const fixed: RuleAction = { type: 'fixed-response', fixedResponse: { contentType: 'text/plain', statusCode: '404' } };
    const forward: RuleAction = { type: 'forward', targetGroupArn: 'arn:tg' };

    it('passes rules that redirect to HTTPS or answer with a fixed response', () => {
      expect(findingsOf('PLAT-ELB-005', withRules(toHttps, fixed))).toEqual([]);
    });

    it.each([
      ['a redirect to HTTP', [toHttp], 'listener rules test/Rule0 answer over HTTP'],
      ['a forward beside a fixed response', [fixed, forward], 'listener rules test/Rule1 answer over HTTP'],
      ['two forwarding rules', [forward, forward], 'listener rules test/Rule0, test/Rule1 answer over HTTP'],
    ])('flags %s', (_, actions, problem) => {
      expect(findingsOf('PLAT-ELB-005', withRules(...actions)).map((finding) => finding.problem)).toEqual([expect.stringContaining(problem)]);
    });

    it('flags an HTTP listener whose default action redirects to HTTP, not HTTPS', () => {
      const build = (stack: Construct) => httpRedirect(stack, loadBalancer(stack), { defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTP', port: '80', statusCode: 'HTTP_301' } }] });
      expect(findingsOf('PLAT-ELB-005', build).map((finding) => finding.problem)).toEqual([expect.stringContaining('without redirecting to HTTPS')]);
    });
  });

  it('treats a load balancer without load_balancer_type as an application load balancer', () => {
    expect(findingsOf('PLAT-ELB-001', (stack) => loadBalancer(stack, { loadBalancerType: undefined, dropInvalidHeaderFields: false }))).toHaveLength(1);
  });

  it('PLAT-ELB-002 leaves gateway load balancers alone', () => {
    expect(findingsOf('PLAT-ELB-002', (stack) => loadBalancer(stack, { loadBalancerType: 'gateway', accessLogs: undefined }))).toEqual([]);
  });

  describe('PLAT-ELB-002 on network load balancers: access logs once any listener terminates TLS', () => {
    const nlbWith = (...protocols: string[]) => (stack: Construct) => {
      const nlb = loadBalancer(stack, { loadBalancerType: 'network', accessLogs: undefined }, false);
      protocols.forEach((protocol, index) => new LbListener(stack, `Listener${index}`, { loadBalancerArn: nlb.arn, port: 443 + index, protocol, defaultAction: [{ type: 'forward', targetGroupArn: 'arn:tg' }] }));
    };

    it('passes an NLB whose only listener is TCP pass-through', () => {
      expect(findingsOf('PLAT-ELB-002', nlbWith('TCP'))).toEqual([]);
    });

    it('flags an NLB with a TLS listener beside a TCP one', () => {
      expect(findingsOf('PLAT-ELB-002', nlbWith('TCP', 'TLS')).map((finding) => finding.problem)).toEqual(['access_logs.bucket is not set']);
    });
  });

  describe('PLAT-ELB-005 on listeners and rules with several actions, or a redirect without its block', () => {
    const authenticate = { type: 'authenticate-oidc', order: 1, authenticateOidc: { authorizationEndpoint: 'https://idp/auth', clientId: 'c', clientSecret: 's', issuer: 'https://idp', tokenEndpoint: 'https://idp/token', userInfoEndpoint: 'https://idp/user' } };
    const toHttps = { type: 'redirect', order: 2, redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } };
    const forward = { type: 'forward', order: 2, targetGroupArn: 'arn:tg' };

    it('flags a forward default action that carries a redirect block to HTTPS (the provider acts on the type, so it forwards)', () => {
      const build = (stack: Construct) => httpRedirect(stack, loadBalancer(stack), { defaultAction: [{ ...forward, order: 1, redirect: toHttps.redirect }] });
      expect(findingsOf('PLAT-ELB-005', build).map((finding) => finding.problem)).toEqual([expect.stringContaining('without redirecting to HTTPS')]);
    });

    it('flags a listener rule whose forward action carries a redirect block to HTTPS', () => {
      const build = (stack: Construct) => {
        const listener = httpRedirect(stack, loadBalancer(stack));
        new LbListenerRule(stack, 'Stray', { listenerArn: listener.arn, action: [{ ...forward, order: 1, redirect: toHttps.redirect }], condition: [{ pathPattern: { values: ['/stray/*'] } }] });
      };
      expect(findingsOf('PLAT-ELB-005', build).map((finding) => finding.problem)).toEqual([expect.stringContaining('listener rules test/Stray answer over HTTP')]);
    });

    it('passes a listener whose second default action redirects to HTTPS', () => {
      expect(findingsOf('PLAT-ELB-005', (stack) => httpRedirect(stack, loadBalancer(stack), { defaultAction: [authenticate, toHttps] }))).toEqual([]);
    });

    it('flags a listener rule that redirects to HTTPS in one action and forwards in another', () => {
      const build = (stack: Construct) => {
        const listener = httpRedirect(stack, loadBalancer(stack));
        new LbListenerRule(stack, 'Mixed', { listenerArn: listener.arn, action: [{ ...toHttps, order: 1 }, forward], condition: [{ pathPattern: { values: ['/mixed/*'] } }] });
      };
      expect(findingsOf('PLAT-ELB-005', build).map((finding) => finding.problem)).toEqual([expect.stringContaining('listener rules test/Mixed answer over HTTP')]);
    });

    it('flags a default redirect action without a redirect block (it names no HTTPS)', () => {
      const build = (stack: Construct) => httpRedirect(stack, loadBalancer(stack), { defaultAction: [{ type: 'redirect' }] });
      expect(findingsOf('PLAT-ELB-005', build).map((finding) => finding.problem)).toEqual([expect.stringContaining('without redirecting to HTTPS')]);
    });

    it('flags a listener rule whose redirect action has no redirect block', () => {
      const build = (stack: Construct) => {
        const listener = httpRedirect(stack, loadBalancer(stack));
        new LbListenerRule(stack, 'Bare', { listenerArn: listener.arn, action: [{ type: 'redirect' }], condition: [{ pathPattern: { values: ['/bare/*'] } }] });
      };
      expect(findingsOf('PLAT-ELB-005', build).map((finding) => finding.problem)).toEqual([expect.stringContaining('listener rules test/Bare answer over HTTP')]);
    });
  });

  it('PLAT-ELB-006 flags an ssl_policy that is not a string, even when it spells a modern policy', () => {
    const build = (stack: Construct) => httpsListener(stack, loadBalancer(stack)).addOverride('ssl_policy', ['ELBSecurityPolicy-TLS13-1-2-2021-06']);
    expect(findingsOf('PLAT-ELB-006', build).map((finding) => finding.problem)).toEqual(['ssl_policy ["ELBSecurityPolicy-TLS13-1-2-2021-06"] allows TLS below 1.2']);
  });

  describe('PLAT-ELB-007 exemptions and the health-check protocol', () => {
    it('exempts a Lambda target group even with health checks off (the case only the exemption passes)', () => {
      const lambda = (targetType: string) => (stack: Construct) => targetGroup(stack, { targetType, protocol: undefined, port: undefined, vpcId: undefined, healthCheck: { enabled: false } });
      expect(findingsOf('PLAT-ELB-007', lambda('lambda'))).toEqual([]);
      expect(findingsOf('PLAT-ELB-007', lambda('ip'))).toHaveLength(1);
    });

    it.each([
      ['an HTTPS group without a health-check protocol (it falls back to the group protocol)', { protocol: 'HTTPS', healthCheck: { enabled: true } }],
      ['a TCP group health-checked over HTTP', { protocol: 'TCP', healthCheck: { enabled: true, protocol: 'HTTP' } }],
      ['an HTTP group with an empty health-check path', { healthCheck: { enabled: true, path: '' } }],
    ])('flags %s on the default path', (_, overrides: Partial<LbTargetGroupConfig>) => {
      expect(findingsOf('PLAT-ELB-007', (stack) => targetGroup(stack, overrides)).map((finding) => finding.problem)).toEqual([expect.stringContaining('so the targets are probed on /')]);
    });

    it.each([
      ['an HTTP group health-checked over TCP', { protocol: 'HTTP', healthCheck: { enabled: true, protocol: 'TCP' } }],
      ['a TCP group without a health-check protocol', { protocol: 'TCP', healthCheck: { enabled: true } }],
      ['a group with neither protocol', { protocol: undefined, healthCheck: { enabled: true } }],
    ])('passes %s without a path', (_, overrides: Partial<LbTargetGroupConfig>) => {
      expect(findingsOf('PLAT-ELB-007', (stack) => targetGroup(stack, overrides))).toEqual([]);
    });
  });
});
