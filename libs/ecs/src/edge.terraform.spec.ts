import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { describeWithTerraform, offlinePlanOf, OfflinePlanResult, TERRAFORM_TEST_TIMEOUT_MS } from '@platform/terraform-testing';
import { ApplicationLoadBalancer } from './application-load-balancer';
import { LoadBalancerCertificate } from './load-balancer-certificate';
import { LoadBalancerDnsRecord } from './load-balancer-dns-record';
import { RegionalWebAcl } from './load-balancer-web-acl';

describeWithTerraform('the edge constructs with the real terraform', () => {
  let result: OfflinePlanResult;

  beforeAll(async () => {
    result = await offlinePlanOf('test-ecs-edge', (stack) => {
      new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
      const certificate = new LoadBalancerCertificate(stack, 'certificate', {
        domainName: 'api.storymagic.example.com',
        subjectAlternativeNames: ['www.storymagic.example.com'],
        hostedZoneId: 'Z0123456789ABCDEFGHIJ',
      });
      const alb = new ApplicationLoadBalancer(stack, 'alb', {
        name: 'storymagic-production',
        vpcId: 'vpc-0123456789abcdef0',
        subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
        certificateArn: certificate.certificateArn,
        accountId: '123456789012',
        region: 'eu-central-1',
        ipv6: true,
        blueGreen: { testListenerAllowedCidrs: ['10.0.0.0/16'] },
      });
      new LoadBalancerDnsRecord(stack, 'dns', { domainName: 'api.storymagic.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ', target: alb.loadBalancer, ipv6: true });
      new RegionalWebAcl(stack, 'waf', { name: 'storymagic-production-alb', loadBalancerArn: alb.loadBalancer.arn });
    });
  }, TERRAFORM_TEST_TIMEOUT_MS);

  it('validates without diagnostics and plans the load balancer, listeners, target groups, certificate, records and web ACL', () => {
    expect(result.validateDiagnostics).toEqual([]);
    expect(result.plan).toMatchObject({ change: 0, destroy: 0 });
    expect(result.plan.resourceCountsByType).toEqual({
      aws_acm_certificate: 1,
      aws_acm_certificate_validation: 1,
      aws_route53_record: 4,
      aws_lb: 1,
      aws_lb_listener: 3,
      aws_lb_target_group: 2,
      aws_security_group: 1,
      aws_vpc_security_group_ingress_rule: 5,
      aws_s3_bucket: 1,
      aws_s3_bucket_lifecycle_configuration: 1,
      aws_s3_bucket_ownership_controls: 1,
      aws_s3_bucket_policy: 1,
      aws_s3_bucket_public_access_block: 1,
      aws_s3_bucket_server_side_encryption_configuration: 1,
      aws_s3_bucket_versioning: 1,
      aws_wafv2_web_acl: 1,
      aws_wafv2_web_acl_association: 1,
      aws_wafv2_web_acl_logging_configuration: 1,
      aws_cloudwatch_log_group: 1,
    });
    // One validation record per name, addressed by the name; plus the A and AAAA aliases.
    const validationRecords = result.plan.addresses.filter((address) => address.includes('ValidationRecord'));
    expect(validationRecords.map((address) => address.replace(/^.*\[/, '['))).toEqual(['["api.storymagic.example.com"]', '["www.storymagic.example.com"]']);
  });

  it('plans the listeners, security group rules and bucket policy as configured', () => {
    const planned = (prefix: string) => Object.entries(result.plannedValues).filter(([address]) => address.startsWith(prefix)).map(([, values]) => values);
    const listeners = planned('aws_lb_listener.');
    expect(listeners.map((listener) => [listener.port, listener.protocol, listener.ssl_policy ?? null]).sort()).toEqual([
      [443, 'HTTPS', 'ELBSecurityPolicy-TLS13-1-2-2021-06'],
      [80, 'HTTP', null],
      [8443, 'HTTPS', 'ELBSecurityPolicy-TLS13-1-2-2021-06'],
    ]);
    const [lb] = planned('aws_lb.');
    expect(lb).toMatchObject({ drop_invalid_header_fields: true, enable_deletion_protection: true, desync_mitigation_mode: 'defensive', ip_address_type: 'dualstack', internal: false });
    const ingress = planned('aws_vpc_security_group_ingress_rule.');
    expect(ingress.map((rule) => `${rule.from_port} ${rule.cidr_ipv4 ?? rule.cidr_ipv6}`).sort()).toEqual(['443 0.0.0.0/0', '443 ::/0', '80 0.0.0.0/0', '80 ::/0', '8443 10.0.0.0/16']);
  });
});
