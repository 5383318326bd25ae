import { Rule } from '../rule';
import { StackResource } from '../stack-index';
import { blockOf, isNonEmptyString } from '../terraform-values';

/** Annotations of the AWS Load Balancer Controller that make an Ingress an internet-facing ALB and put a WAF in front of it. */
export const ALB_SCHEME_ANNOTATION = 'alb.ingress.kubernetes.io/scheme';
export const ALB_WAF_ANNOTATION = 'alb.ingress.kubernetes.io/wafv2-acl-arn';

/** The annotations of an Ingress, whether declared as kubernetes_ingress_v1 or as a kubernetes_manifest of kind Ingress. */
function annotationsOf({ type, config }: StackResource): Readonly<Record<string, unknown>> | undefined {
  if (type === 'kubernetes_manifest') {
    const manifest = blockOf(config.manifest);
    return manifest?.kind === 'Ingress' ? blockOf(blockOf(manifest.metadata)?.annotations) : undefined;
  }
  return blockOf(blockOf(config.metadata)?.annotations);
}

export const INGRESS_RULES: readonly Rule[] = [
  {
    id: 'PLAT-ING-001',
    checkovIds: [],
    complianceIds: [],
    severity: 'error',
    resourceTypes: ['kubernetes_ingress_v1', 'kubernetes_manifest'],
    description: `Every internet-facing ALB Ingress (${ALB_SCHEME_ANNOTATION}: internet-facing) names the WAF web ACL the AWS Load Balancer Controller associates with its ALB (${ALB_WAF_ANNOTATION}), so no public entry point bypasses the WAF.`,
    fix: `add the annotation ${ALB_WAF_ANNOTATION} with the environment's regional web ACL ARN, or make the Ingress internal`,
    check(resource) {
      const annotations = annotationsOf(resource);
      if (annotations?.[ALB_SCHEME_ANNOTATION] !== 'internet-facing') return undefined;
      return isNonEmptyString(annotations[ALB_WAF_ANNOTATION]) ? undefined : `is internet-facing without the ${ALB_WAF_ANNOTATION} annotation`;
    },
  },
];
