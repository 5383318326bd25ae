import { blockOf, isTrue, stringsOf } from '@platform/guardrails';
import { ALB_ANNOTATION, albClassParams, albIngresses, albSettings } from './alb-ingresses';
import { check, type ContractCheck, type ContractInput, type ContractResult, type PlatformContract } from './contract';
import type { ModelResource, PlatformModel } from './platform-model';

/** The annotation that makes a `LoadBalancer` Service's NLB internal (AWS Load Balancer Controller). */
const SERVICE_SCHEME = 'service.beta.kubernetes.io/aws-load-balancer-scheme';

/**
 * Every way in from the internet passes a WAF web ACL, across all stacks of the environment:
 * - each CloudFront distribution names a web ACL (`web_acl_id`);
 * - each internet-facing ALB (`aws_lb`) has an `aws_wafv2_web_acl_association`; no internet-facing NLB (a WAF cannot
 *   be attached to one);
 * - each internet-facing Ingress of the `alb` class gets a web ACL (the IngressClassParams' `wafv2AclArn`, else its
 *   `wafv2-acl-arn` annotation, and not `none`);
 * - no `LoadBalancer` Service is internet-facing: its NLB would bypass every WAF.
 */
export class PublicEntryPointsContract implements PlatformContract {
  readonly id = 'public-entry-points';
  readonly title = 'Public entry points: everything the internet reaches passes a WAF web ACL';

  evaluate({ model }: ContractInput): ContractResult {
    const checks: ContractCheck[] = [];
    for (const distribution of model.resources('aws_cloudfront_distribution')) {
      const acl = distribution.raw.web_acl_id;
      checks.push(check(`CloudFront distribution ${distribution.constructPath} has a WAF web ACL`, typeof acl === 'string' && acl !== '' ? [] : ['web_acl_id is not set. Fix: give the distribution the CLOUDFRONT web ACL (ContentDelivery does)']));
    }
    for (const balancer of [...model.resources('aws_lb'), ...model.resources('aws_alb')].filter((candidate) => !isTrue(candidate.values.internal))) {
      checks.push(loadBalancerCheck(model, balancer));
    }
    const params = albClassParams(model);
    for (const ingress of albIngresses(model)) {
      const settings = albSettings(params, ingress);
      if (settings.scheme !== 'internet-facing') continue;
      const acl = settings.webAclArn;
      checks.push(
        check(
          `the internet-facing Ingress ${ingress.where} has a WAF web ACL`,
          typeof acl === 'string' && acl !== '' && acl !== 'none'
            ? []
            : [`neither the alb IngressClassParams' wafv2AclArn nor the Ingress's ${ALB_ANNOTATION}/wafv2-acl-arn names a web ACL (found ${JSON.stringify(acl)}). Fix: pass the environment's REGIONAL web ACL (ClusterStack.ingressAlb, albIngressAnnotations)`],
        ),
      );
    }
    for (const service of model.resources('kubernetes_service_v1')) {
      const spec = blockOf(service.values.spec);
      if (spec?.type !== 'LoadBalancer') continue;
      const scheme = (blockOf(service.values.metadata)?.annotations as Record<string, unknown> | undefined)?.[SERVICE_SCHEME];
      checks.push(
        check(
          `the LoadBalancer Service ${service.constructPath} is not internet-facing`,
          scheme === 'internal' ? [] : [`its NLB would be ${scheme === undefined ? 'internet-facing or internal by the controller’s default' : String(scheme)}, and no WAF can protect an NLB. Fix: route it through an alb Ingress, or annotate ${SERVICE_SCHEME}: internal`],
        ),
      );
    }
    return { id: this.id, title: this.title, checks };
  }
}

/** An internet-facing `aws_lb`: an ALB must have a web ACL association; an NLB or gateway load balancer cannot. */
function loadBalancerCheck(model: PlatformModel, balancer: ModelResource): ContractCheck {
  const type = String(balancer.values.load_balancer_type ?? 'application');
  const subject = `the internet-facing ${type} load balancer ${balancer.constructPath} has a WAF web ACL`;
  if (type !== 'application') return check(subject, [`a WAF cannot be attached to a ${type} load balancer. Fix: make it internal, or serve it through an ALB with a web ACL`]);
  const reference = `${balancer.address}.arn`;
  const associated = model
    .resources('aws_wafv2_web_acl_association')
    .some((association) => association.stack === balancer.stack && stringsOf(association.raw.resource_arn).some((arn) => arn.includes(reference)));
  return check(subject, associated ? [] : ['no aws_wafv2_web_acl_association names its ARN. Fix: associate a REGIONAL web ACL (RegionalWebAcl of @platform/ecs)']);
}
