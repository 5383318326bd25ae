import { Rule } from '../rule';
import { StackIndex, StackResource } from '../stack-index';
import { blockOf, blocksOf, isFalse, isNonEmptyString, isTrue } from '../terraform-values';
import { describeValue, requireSet, requireTrue } from './rule-helpers';

/** `aws_alb*` are the provider's older aliases of the `aws_lb*` types; both synthesize the same arguments. */
const LOAD_BALANCER = ['aws_lb', 'aws_alb'];
const LISTENER = ['aws_lb_listener', 'aws_alb_listener'];
const LISTENER_RULE = ['aws_lb_listener_rule', 'aws_alb_listener_rule'];
const TARGET_GROUP = ['aws_lb_target_group', 'aws_alb_target_group'];
const WAF_ASSOCIATIONS = ['aws_wafv2_web_acl_association', 'aws_wafregional_web_acl_association'];

/** Listener protocols that terminate TLS at the load balancer. */
const TLS_PROTOCOLS = ['HTTPS', 'TLS'];
/** Layer-4 protocols the load balancer passes through unread (TLS, if any, ends at the targets). */
const PASS_THROUGH_PROTOCOLS = ['TCP', 'UDP', 'TCP_UDP', 'GENEVE'];
/** What AWS applies to an HTTPS/TLS listener created without ssl_policy through the API (TLS 1.0 and 1.1 allowed). */
const API_DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-2016-08';
/**
 * ELB security policies whose lowest protocol is TLS 1.2 or 1.3. AWS names the minimum version in the policy:
 * `ELBSecurityPolicy-TLS13-1-2-*` (TLS 1.3 and 1.2, incl. the -Res, -Ext, -FIPS and -PQ variants),
 * `ELBSecurityPolicy-TLS13-1-3-*` (1.3 only), `ELBSecurityPolicy-TLS-1-2-*` and `ELBSecurityPolicy-FS-1-2-*` (1.2
 * only); `TLS13-1-0`/`TLS13-1-1`, `FS-2018-06`, `FS-1-1-*`, `TLS-1-1-*`, `2016-08` and older still accept TLS 1.0/1.1.
 */
const MODERN_SSL_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-[A-Za-z0-9-]+$/;

const typeOf = (loadBalancer: StackResource) => String(loadBalancer.config.load_balancer_type ?? 'application');
const isApplication = (loadBalancer: StackResource) => typeOf(loadBalancer) === 'application';
const isInternetFacing = (loadBalancer: StackResource) => !isTrue(loadBalancer.config.internal);

/** The load balancer of this stack a listener belongs to; undefined when it is not a resource of the stack. */
const loadBalancerOf = (listener: StackResource, stack: StackIndex) => stack.resolve(listener.config.load_balancer_arn);

/** Whether a listener of this stack terminates TLS on the load balancer. */
const hasTlsListener = (loadBalancer: StackResource, stack: StackIndex) =>
  LISTENER.flatMap((type) => stack.referencing(type, loadBalancer, 'load_balancer_arn')).some(({ config }) => config.protocol === 'TLS');

/** Whether a listener's default actions redirect every request to HTTPS. */
function redirectsToHttps(listener: StackResource): boolean {
  return blocksOf(listener.config.default_action).some((action) => action.type === 'redirect' && blockOf(action.redirect)?.protocol === 'HTTPS');
}

/** Listener rules of this stack on `listener` that answer a request other than by a redirect to HTTPS or a fixed response. */
function plainTextRules(listener: StackResource, stack: StackIndex): StackResource[] {
  return LISTENER_RULE.flatMap((type) => stack.referencing(type, listener, 'listener_arn')).filter(({ config }) =>
    blocksOf(config.action).some((action) => !(action.type === 'fixed-response' || (action.type === 'redirect' && blockOf(action.redirect)?.protocol === 'HTTPS'))),
  );
}

function plainTextProblem(listener: StackResource, stack: StackIndex): string | undefined {
  const protocol = String(listener.config.protocol ?? 'HTTP');
  if (TLS_PROTOCOLS.includes(protocol) || PASS_THROUGH_PROTOCOLS.includes(protocol)) return undefined;
  const loadBalancer = loadBalancerOf(listener, stack);
  // Internal load balancers may speak HTTP inside the VPC; one outside this stack is treated as internet-facing.
  if (loadBalancer !== undefined && !isInternetFacing(loadBalancer)) return undefined;
  const where = loadBalancer === undefined ? 'on a load balancer outside this stack' : 'on an internet-facing load balancer';
  if (!redirectsToHttps(listener)) return `listens on ${protocol} port ${describeValue(listener.config.port)} ${where} without redirecting to HTTPS`;
  const rules = plainTextRules(listener, stack);
  return rules.length === 0 ? undefined : `redirects to HTTPS, but listener rules ${rules.map(({ constructPath }) => constructPath).join(', ')} answer over ${protocol}`;
}

export const LOAD_BALANCER_RULES: readonly Rule[] = [
  {
    id: 'PLAT-ELB-001',
    checkovIds: ['CKV_AWS_131'],
    complianceIds: ['FSBP-ELB.4'],
    severity: 'error',
    resourceTypes: LOAD_BALANCER,
    description: 'Application load balancers drop requests with invalid HTTP header fields instead of passing them to the targets (request smuggling).',
    fix: 'set drop_invalid_header_fields = true',
    check: (loadBalancer) => (isApplication(loadBalancer) ? requireTrue(loadBalancer.config, 'drop_invalid_header_fields') : undefined),
  },
  {
    id: 'PLAT-ELB-002',
    checkovIds: ['CKV_AWS_91'],
    complianceIds: ['FSBP-ELB.5'],
    severity: 'error',
    resourceTypes: LOAD_BALANCER,
    description:
      'Application load balancers, and network load balancers with a TLS listener, write access logs to S3, the record of every request that reached the service (NLBs log TLS connections only, so a TCP-only NLB has nothing to log).',
    fix: 'set access_logs { bucket = <log bucket>, enabled = true } (the bucket policy must let the ELB log delivery write)',
    check(loadBalancer, stack) {
      const type = typeOf(loadBalancer);
      if (type === 'gateway' || (type === 'network' && !hasTlsListener(loadBalancer, stack))) return undefined;
      const logs = blockOf(loadBalancer.config.access_logs);
      return requireSet(logs, 'bucket', 'access_logs.bucket') ?? requireTrue(logs, 'enabled', 'access_logs.enabled');
    },
  },
  {
    id: 'PLAT-ELB-003',
    checkovIds: ['CKV_AWS_150'],
    complianceIds: ['FSBP-ELB.6'],
    severity: 'error',
    resourceTypes: LOAD_BALANCER,
    productionOnly: true,
    description: 'Production load balancers refuse deletion until protection is turned off (their DNS name is what clients and records point at).',
    fix: 'set enable_deletion_protection = true',
    check: (loadBalancer) => requireTrue(loadBalancer.config, 'enable_deletion_protection'),
  },
  {
    id: 'PLAT-ELB-004',
    checkovIds: ['CKV2_AWS_28'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: LOAD_BALANCER,
    description: 'Internet-facing application load balancers are protected by a WAF web ACL (an aws_wafv2_web_acl_association of this stack with its ARN).',
    fix: 'add an aws_wafv2_web_acl_association with resource_arn = the load balancer ARN and a REGIONAL web ACL (managed rules and a rate limit)',
    check(loadBalancer, stack) {
      if (!isApplication(loadBalancer) || !isInternetFacing(loadBalancer)) return undefined;
      const associated = WAF_ASSOCIATIONS.some((type) => stack.referencing(type, loadBalancer, 'resource_arn').length > 0);
      return associated ? undefined : 'is internet-facing and no WAF web ACL is associated with it';
    },
  },
  {
    id: 'PLAT-ELB-005',
    checkovIds: ['CKV_AWS_2', 'CKV2_AWS_20'],
    complianceIds: ['FSBP-ELB.1'],
    severity: 'error',
    resourceTypes: LISTENER,
    description:
      'Listeners of internet-facing load balancers (or of load balancers outside the stack) serve HTTPS/TLS, or HTTP only to redirect to HTTPS with no listener rule answering over HTTP; TCP/UDP pass-through listeners leave TLS to the targets.',
    fix: 'use protocol = "HTTPS" with a certificate, or make the HTTP listener\'s default_action { type = "redirect", redirect { protocol = "HTTPS", port = "443", status_code = "HTTP_301" } } and attach listener rules to the HTTPS listener',
    check: plainTextProblem,
  },
  {
    id: 'PLAT-ELB-006',
    checkovIds: ['CKV_AWS_103', 'CKV2_AWS_74'],
    complianceIds: ['FSBP-ELB.17'],
    severity: 'error',
    resourceTypes: LISTENER,
    description: `HTTPS and TLS listeners accept TLS 1.2 or later only; without ssl_policy AWS applies ${API_DEFAULT_SSL_POLICY}, which allows TLS 1.0.`,
    fix: 'set ssl_policy = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06" (or another ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-*, -TLS-1-2-* or -FS-1-2-* policy)',
    check({ config }) {
      if (!TLS_PROTOCOLS.includes(String(config.protocol))) return undefined;
      if (config.ssl_policy === undefined) return `ssl_policy is not set, so AWS applies ${API_DEFAULT_SSL_POLICY} (TLS 1.0 and 1.1 allowed)`;
      return typeof config.ssl_policy === 'string' && MODERN_SSL_POLICY.test(config.ssl_policy) ? undefined : `ssl_policy ${describeValue(config.ssl_policy)} allows TLS below 1.2`;
    },
  },
  {
    // Target groups may speak plain HTTP: TLS from clients ends at the load balancer, and the hop to the targets
    // stays inside the VPC, between security groups that admit only the load balancer.
    id: 'PLAT-ELB-007',
    checkovIds: ['CKV_AWS_261'],
    complianceIds: [],
    severity: 'error',
    resourceTypes: TARGET_GROUP,
    description:
      'Target groups health-check their targets, HTTP/HTTPS groups on an explicit path (the service\'s health endpoint, not the default /); HTTP between load balancer and targets is accepted, as TLS ends at the load balancer inside the VPC.',
    fix: 'set health_check { enabled = true, path = "/health", matcher = "200" } (Lambda target groups are exempt)',
    check({ config }) {
      if (config.target_type === 'lambda') return undefined;
      const healthCheck = blockOf(config.health_check);
      if (isFalse(healthCheck?.enabled)) return 'health_check.enabled is false';
      const protocol = healthCheck?.protocol ?? config.protocol;
      if (!(protocol === 'HTTP' || protocol === 'HTTPS') || isNonEmptyString(healthCheck?.path)) return undefined;
      return `health_check.path is ${describeValue(healthCheck?.path)}, so the targets are probed on /`;
    },
  },
  {
    id: 'PLAT-ELB-008',
    checkovIds: [],
    complianceIds: ['FSBP-ELB.12'],
    severity: 'error',
    resourceTypes: LOAD_BALANCER,
    description: 'Application load balancers mitigate HTTP desync (desync_mitigation_mode defensive, the default, or strictest), never monitor only.',
    fix: 'remove desync_mitigation_mode = "monitor" (or set "strictest")',
    check: ({ config }) => (config.desync_mitigation_mode === 'monitor' ? 'desync_mitigation_mode is "monitor"' : undefined),
  },
];
