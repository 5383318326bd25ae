import type { ContractResult } from './contract';
import { PlatformModel } from './platform-model';
import { PublicEntryPointsContract } from './public-entry-points-contract';

type Json = Record<string, unknown>;

const WEB_ACL = 'arn:aws:wafv2:eu-central-1:123456789012:regional/webacl/platform/0';
const contract = new PublicEntryPointsContract();

/** The contract's verdict on stacks of `resource` blocks only (`stack` → type → name → arguments). */
function evaluate(stacks: Record<string, Record<string, Record<string, Json>>>): ContractResult {
  const model = new PlatformModel(Object.fromEntries(Object.entries(stacks).map(([stack, resource]) => [stack, { resource }])));
  return contract.evaluate({ model } as Parameters<PublicEntryPointsContract['evaluate']>[0]) as ContractResult;
}

/** Each check as `subject: problems` (`subject: ok` when it passed). */
function verdicts(stacks: Parameters<typeof evaluate>[0]): string[] {
  return evaluate(stacks).checks.map((item) => `${item.subject}: ${item.passed ? 'ok' : item.problems.join('; ')}`);
}

const ingress = (annotations: Json) => ({
  kubernetes_ingress_v1: { web: { metadata: [{ name: 'web', namespace: 'app', annotations }], spec: [{ ingress_class_name: 'alb' }] } },
});
const service = (spec: Json | undefined, annotations?: Json) => ({
  kubernetes_service_v1: { web: { metadata: [{ name: 'web', ...(annotations === undefined ? {} : { annotations }) }], ...(spec === undefined ? {} : { spec: [spec] }) } },
});

describe('public entry points contract', () => {
  it('is titled for the report', () => {
    // Constructed in the test: a field set at module load is not covered by this test.
    expect(new PublicEntryPointsContract().title).toBe('Public entry points: everything the internet reaches passes a WAF web ACL');
  });

  it.each([
    ['a web ACL', WEB_ACL, 'ok'],
    ['an empty web ACL', '', 'web_acl_id is not set. Fix: give the distribution the CLOUDFRONT web ACL (ContentDelivery does)'],
    ['no web ACL', undefined, 'web_acl_id is not set. Fix: give the distribution the CLOUDFRONT web ACL (ContentDelivery does)'],
  ])('a CloudFront distribution with %s', (_case, acl, verdict) => {
    expect(verdicts({ edge: { aws_cloudfront_distribution: { site: acl === undefined ? {} : { web_acl_id: acl } } } })).toEqual([
      `CloudFront distribution edge/aws_cloudfront_distribution.site has a WAF web ACL: ${verdict}`,
    ]);
  });

  describe('internet-facing load balancers', () => {
    // Beside an association of a load balancer that is gone: one association naming the ARN is enough.
    const association = (arn: string) => ({ aws_wafv2_web_acl_association: { gone: { resource_arn: '${aws_lb.gone.arn}' }, web: { resource_arn: arn, web_acl_arn: WEB_ACL } } });
    const missing = 'no aws_wafv2_web_acl_association names its ARN. Fix: associate a REGIONAL web ACL (RegionalWebAcl of @platform/ecs)';

    it('an ALB (aws_lb or aws_alb, application by default) passes with an association in its own stack that names its ARN', () => {
      expect(verdicts({ ecs: { aws_lb: { web: {} }, aws_alb: { old: { load_balancer_type: 'application' } }, ...association('${aws_lb.web.arn}') } })).toEqual([
        'the internet-facing application load balancer ecs/aws_lb.web has a WAF web ACL: ok',
        `the internet-facing application load balancer ecs/aws_alb.old has a WAF web ACL: ${missing}`,
      ]);
    });

    it('an association of another load balancer, or one in another stack, does not count', () => {
      expect(
        verdicts({
          a: { aws_lb: { web: {}, api: {} }, aws_wafv2_web_acl_association: { web: { resource_arn: '${aws_lb.web.arn}' } } },
          b: { aws_lb: { web: {} } },
        }),
      ).toEqual([
        'the internet-facing application load balancer a/aws_lb.web has a WAF web ACL: ok',
        `the internet-facing application load balancer a/aws_lb.api has a WAF web ACL: ${missing}`,
        `the internet-facing application load balancer b/aws_lb.web has a WAF web ACL: ${missing}`,
      ]);
    });

    it('an internet-facing NLB fails whatever is associated; an internal load balancer is not an entry point', () => {
      expect(verdicts({ ecs: { aws_lb: { nlb: { load_balancer_type: 'network' }, private: { internal: true }, private_text: { internal: 'true' } } } })).toEqual([
        'the internet-facing network load balancer ecs/aws_lb.nlb has a WAF web ACL: a WAF cannot be attached to a network load balancer. Fix: make it internal, or serve it through an ALB with a web ACL',
      ]);
    });
  });

  describe('internet-facing Ingresses of the alb class', () => {
    const subject = 'the internet-facing Ingress cluster/kubernetes_ingress_v1.web has a WAF web ACL';
    const scheme = { 'alb.ingress.kubernetes.io/scheme': 'internet-facing' };
    const noAcl = (found: string) =>
      `${subject}: neither the alb IngressClassParams' wafv2AclArn nor the Ingress's alb.ingress.kubernetes.io/wafv2-acl-arn names a web ACL (found ${found}). Fix: pass the environment's REGIONAL web ACL (ClusterStack.ingressAlb, albIngressAnnotations)`;

    it.each([
      ['a web ACL', WEB_ACL, `${subject}: ok`],
      ['an empty web ACL', '', noAcl('""')],
      ['the web ACL none', 'none', noAcl('"none"')],
      ['no web ACL', undefined, noAcl('undefined')],
    ])('with %s', (_case, acl, verdict) => {
      expect(verdicts({ cluster: ingress({ ...scheme, ...(acl === undefined ? {} : { 'alb.ingress.kubernetes.io/wafv2-acl-arn': acl }) }) })).toEqual([verdict]);
    });

    it('an internal Ingress (the default scheme) is not an entry point', () => {
      expect(verdicts({ cluster: ingress({}) })).toEqual([]);
    });
  });

  describe('LoadBalancer Services', () => {
    const subject = 'the LoadBalancer Service cluster/kubernetes_service_v1.web is not internet-facing';
    const fix = 'and no WAF can protect an NLB. Fix: route it through an alb Ingress, or annotate service.beta.kubernetes.io/aws-load-balancer-scheme: internal';

    it.each([
      ['internal', { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' }, 'ok'],
      ['internet-facing', { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' }, `its NLB would be internet-facing, ${fix}`],
      ['without the scheme annotation', {}, `its NLB would be internet-facing or internal by the controller’s default, ${fix}`],
      ['without annotations', undefined, `its NLB would be internet-facing or internal by the controller’s default, ${fix}`],
    ])('%s', (_case, annotations, verdict) => {
      expect(verdicts({ cluster: service({ type: 'LoadBalancer' }, annotations) })).toEqual([`${subject}: ${verdict}`]);
    });

    it('a Service of another type, or without a spec, is not checked', () => {
      expect(verdicts({ cluster: service({ type: 'ClusterIP' }) })).toEqual([]);
      expect(verdicts({ cluster: service(undefined) })).toEqual([]);
    });
  });
});
