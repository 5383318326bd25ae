import { IngressV1 } from '@cdktf/provider-kubernetes/lib/ingress-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { ALB_WAF_ANNOTATION, INGRESS_RULES } from './ingress-rules';

const WEB_ACL = 'arn:aws:wafv2:eu-central-1:123456789012:regional/webacl/platform/1';

/** An ALB Ingress as the workloads library writes it; `annotations` replace the defaults. */
function ingress(scope: Construct, annotations: Record<string, string> = {}): IngressV1 {
  return new IngressV1(scope, 'Ingress', {
    metadata: {
      name: 'api',
      namespace: 'production',
      annotations: {
        'alb.ingress.kubernetes.io/scheme': 'internet-facing',
        'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]',
        [ALB_WAF_ANNOTATION]: WEB_ACL,
        ...annotations,
      },
    },
    spec: { ingressClassName: 'alb', rule: [{ host: 'api.example.com', http: { path: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] } }] },
  });
}

describe('Ingress rules', () => {
  testRulePack(INGRESS_RULES, (stack) => ingress(stack), {
    'PLAT-ING-001': [
      { name: 'an internet-facing ALB Ingress without a WAF', build: (stack) => ingress(stack, { [ALB_WAF_ANNOTATION]: '' }), path: 'Ingress', problem: `is internet-facing without the ${ALB_WAF_ANNOTATION} annotation` },
      {
        name: 'an Ingress manifest without a WAF',
        build: (stack) =>
          new Manifest(stack, 'Manifest', {
            manifest: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'app', namespace: 'production', annotations: { 'alb.ingress.kubernetes.io/scheme': 'internet-facing' } }, spec: {} },
          }),
        path: 'Manifest',
        problem: 'is internet-facing without',
      },
    ],
  });

  it('leaves internal ALBs and other manifests alone', () => {
    expect(findingsOf('PLAT-ING-001', (stack) => ingress(stack, { 'alb.ingress.kubernetes.io/scheme': 'internal', [ALB_WAF_ANNOTATION]: '' }))).toEqual([]);
    expect(findingsOf('PLAT-ING-001', (stack) => new Manifest(stack, 'Manifest', { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'y' } } }))).toEqual([]);
    const internetFacing = { name: 'x', namespace: 'y', annotations: { 'alb.ingress.kubernetes.io/scheme': 'internet-facing' } };
    expect(findingsOf('PLAT-ING-001', (stack) => new Manifest(stack, 'Manifest', { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: internetFacing } }))).toEqual([]);
  });

  it('reads no annotations from an Ingress manifest without metadata, or from a manifest known only at apply time', () => {
    expect(findingsOf('PLAT-ING-001', (stack) => new Manifest(stack, 'Manifest', { manifest: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', spec: {} } }))).toEqual([]);
    expect(findingsOf('PLAT-ING-001', (stack) => new Manifest(stack, 'Manifest', { manifest: Token.asAnyMap(Fn.yamldecode(Fn.file('ingress.yaml'))) }))).toEqual([]);
  });
});
