import { synthJson } from '@platform/terraform-testing';
import { TerraformVariable } from 'cdktf';
import { ADDON_CHARTS } from './addon-catalog';
import { AwsLoadBalancerController, AwsLoadBalancerControllerProps } from './aws-load-balancer-controller';
import { releaseOf, releaseSettings, valuesOf } from './private/testing';

const PROPS: AwsLoadBalancerControllerProps = {
  clusterName: 'platform-production',
  region: 'eu-central-1',
  vpcId: 'vpc-0123abcd',
  roleArn: 'arn:aws:iam::123456789012:role/platform-production-aws-load-balancer-controller',
};

describe('AwsLoadBalancerController', () => {
  const synth = (props: Partial<AwsLoadBalancerControllerProps> = {}) => synthJson((scope) => new AwsLoadBalancerController(scope, 'lbc', { ...PROPS, ...props }));
  const release = releaseOf(synth(), 'lbc');
  const values = valuesOf(release);

  it('installs the pinned eks-charts chart into kube-system, atomically', () => {
    expect(release).toMatchObject({
      ...releaseSettings(ADDON_CHARTS.awsLoadBalancerController, 'kube-system', false),
      name: 'aws-load-balancer-controller',
      repository: 'https://aws.github.io/eks-charts',
      chart: 'aws-load-balancer-controller',
      version: '3.5.0',
    });
  });

  it('knows its cluster, region and VPC without asking the instance metadata service', () => {
    expect(values).toMatchObject({ clusterName: 'platform-production', region: 'eu-central-1', vpcId: 'vpc-0123abcd' });
  });

  it('runs as the service account the IRSA role trusts', () => {
    expect(values.serviceAccount).toEqual({ create: true, name: 'aws-load-balancer-controller', annotations: { 'eks.amazonaws.com/role-arn': PROPS.roleArn } });
  });

  it('runs two replicas behind a disruption budget', () => {
    expect(values).toMatchObject({ replicaCount: 2, podDisruptionBudget: { maxUnavailable: 1 } });
  });

  it('creates the alb IngressClass, without parameters unless given the shared ALB', () => {
    expect(values).toMatchObject({ ingressClass: 'alb', createIngressClassResource: true, ingressClassParams: { create: false } });
  });

  it('enforces the shared ALB for every Ingress of the class through its IngressClassParams', () => {
    const alb = {
      loadBalancerName: 'platform-production-ingress',
      certificateArn: 'arn:aws:acm:eu-central-1:123456789012:certificate/0000-1111',
      webAclArn: 'arn:aws:wafv2:eu-central-1:123456789012:regional/webacl/platform-production-ingress/2222',
      securityGroupIds: ['sg-0123abcd'],
    };
    expect(valuesOf(releaseOf(synth({ alb }), 'lbc')).ingressClassParams).toEqual({
      create: true,
      name: 'alb',
      spec: {
        group: { name: 'platform-production-ingress' },
        loadBalancerName: 'platform-production-ingress',
        scheme: 'internet-facing',
        targetType: 'ip',
        certificateArn: [alb.certificateArn],
        sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        sslRedirectPort: '443',
        wafv2AclArn: alb.webAclArn,
        loadBalancerAttributes: [
          { key: 'routing.http.drop_invalid_header_fields.enabled', value: 'true' },
          { key: 'deletion_protection.enabled', value: 'true' },
        ],
      },
    });
    expect(() => synth({ alb: { ...alb, webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/cdn/3333' } })).toThrow(/lbc: alb\.webAclArn: .* is not a REGIONAL WAFv2 web ACL ARN/);
  });

  it('tags what it creates with the given tags (the chart’s defaultTags, its --default-tags argument), none unless given', () => {
    const tags = { Environment: 'production', Project: 'platform', Owner: 'platform-team', CostCenter: 'CC-1 Platform' };
    expect(valuesOf(releaseOf(synth({ defaultTags: tags }), 'lbc')).defaultTags).toEqual(tags);
    expect(values).not.toHaveProperty('defaultTags');
    expect(valuesOf(releaseOf(synth({ defaultTags: {} }), 'lbc'))).not.toHaveProperty('defaultTags');
  });

  it('accepts a VPC id and role ARN that are only known at apply time', () => {
    const json = synthJson((scope) => {
      const input = (name: string) => new TerraformVariable(scope, name, { type: 'string' }).stringValue;
      new AwsLoadBalancerController(scope, 'lbc', { ...PROPS, vpcId: input('vpc_id'), roleArn: input('role_arn') });
    });
    const values = valuesOf(releaseOf(json, 'lbc'));
    expect(values.vpcId).toBe('${var.vpc_id}');
    expect(values.serviceAccount.annotations['eks.amazonaws.com/role-arn']).toBe('${var.role_arn}');
  });

  it.each<[string, Partial<AwsLoadBalancerControllerProps>, RegExp]>([
    ['a malformed VPC id', { vpcId: 'main' }, /lbc: vpcId: 'main' is not a VPC id/],
    ['a malformed role ARN', { roleArn: 'arn:aws:iam::123:user/x' }, /lbc: roleArn: .* is not an IAM role ARN/],
    ['a single replica', { replicas: 1 }, /lbc: replicas: 1 leaves the Service webhook without a standby/],
    ['a tag value with a comma', { defaultTags: { Owner: 'a,b' } }, /lbc: defaultTags\.Owner: 'Owner=a,b' cannot be passed in the controller's --default-tags flag\. Fix: write keys and values without ','/],
    ['a tag key with =', { defaultTags: { 'a=b': 'c' } }, /lbc: defaultTags\.a=b: .* cannot be passed/],
    ['a tag value YAML would read as a map', { defaultTags: { Owner: 'team: platform' } }, /lbc: defaultTags\.Owner: .* cannot be passed/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
