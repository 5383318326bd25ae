import { synthJson } from '@platform/terraform-testing';
import { ApplicationLoadBalancer, ApplicationLoadBalancerProps } from './application-load-balancer';

const PROPS: ApplicationLoadBalancerProps = {
  name: 'storymagic-production',
  vpcId: 'vpc-0123456789abcdef0',
  subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
  certificateArn: 'arn:aws:acm:eu-central-1:123456789012:certificate/abc',
  accountId: '123456789012',
  region: 'eu-central-1',
};
const synth = (props: Partial<ApplicationLoadBalancerProps> = {}) => synthJson((scope) => new ApplicationLoadBalancer(scope, 'alb', { ...PROPS, ...props }));
type Rule = Record<string, unknown>;

describe('ApplicationLoadBalancer', () => {
  describe('with the defaults', () => {
    const json = synth();
    const lb = json.resource('aws_lb', 'alb');
    const listener = (id: string) => json.resource('aws_lb_listener', id);
    const ingress = json.resources('aws_vpc_security_group_ingress_rule');

    it('is an internet-facing IPv4 ALB in the given subnets that drops invalid headers, mitigates desync and is deletion protected', () => {
      expect(lb).toMatchObject({
        name: 'storymagic-production',
        load_balancer_type: 'application',
        internal: false,
        ip_address_type: 'ipv4',
        subnets: PROPS.subnetIds,
        security_groups: [json.ref(json.resource('aws_security_group', 'SecurityGroup'), 'id')],
        drop_invalid_header_fields: true,
        desync_mitigation_mode: 'defensive',
        enable_deletion_protection: true,
        enable_waf_fail_open: false,
        idle_timeout: 60,
      });
    });

    it('has its own security group open to the world on TCP 80 and 443 only, IPv4 only, with no egress rule', () => {
      const group = json.resource('aws_security_group', 'SecurityGroup');
      expect(group).toMatchObject({ name: 'storymagic-production-alb', vpc_id: PROPS.vpcId });
      expect(group.egress).toBeUndefined();
      expect(json.resources('aws_vpc_security_group_egress_rule')).toEqual([]);
      expect(ingress.map((rule) => [rule.from_port, rule.to_port, rule.ip_protocol, rule.cidr_ipv4, rule.cidr_ipv6]).sort()).toEqual([
        [443, 443, 'tcp', '0.0.0.0/0', undefined],
        [80, 80, 'tcp', '0.0.0.0/0', undefined],
      ]);
      for (const rule of ingress) expect(rule.security_group_id).toBe(json.ref(group, 'id'));
    });

    it('only redirects HTTP to HTTPS with a 301', () => {
      expect(listener('HttpListener')).toMatchObject({
        port: 80,
        protocol: 'HTTP',
        default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }],
      });
    });

    it('serves HTTPS with the TLS 1.3 / 1.2 policy and the certificate, forwarding to the blue target group', () => {
      expect(listener('HttpsListener')).toMatchObject({
        port: 443,
        protocol: 'HTTPS',
        ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        certificate_arn: PROPS.certificateArn,
        default_action: [{ type: 'forward', target_group_arn: json.ref(json.resource('aws_lb_target_group', 'TargetGroup-blue'), 'arn') }],
      });
    });

    it('has an HTTPS test listener on 8443 forwarding to green, reachable from no CIDR', () => {
      expect(listener('TestListener')).toMatchObject({
        port: 8443,
        protocol: 'HTTPS',
        ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        certificate_arn: PROPS.certificateArn,
        default_action: [{ type: 'forward', target_group_arn: json.ref(json.resource('aws_lb_target_group', 'TargetGroup-green'), 'arn') }],
      });
      expect(ingress.filter((rule) => rule.from_port === 8443)).toEqual([]);
    });

    it('leaves the production and test listeners’ forwarding to CodeDeploy (ignore_changes default_action), not the redirect', () => {
      expect(listener('HttpsListener').lifecycle).toEqual({ ignore_changes: ['default_action'] });
      expect(listener('TestListener').lifecycle).toEqual({ ignore_changes: ['default_action'] });
      expect(listener('HttpListener').lifecycle).toBeUndefined();
    });

    it('has blue and green IP target groups over HTTP to port 3000, health checked on /health', () => {
      for (const colour of ['blue', 'green']) {
        expect(json.resource('aws_lb_target_group', `TargetGroup-${colour}`)).toMatchObject({
          name: `storymagic-production-${colour}`,
          target_type: 'ip',
          protocol: 'HTTP',
          port: 3000,
          vpc_id: PROPS.vpcId,
          deregistration_delay: '30',
          health_check: { enabled: true, path: '/health', interval: 30, healthy_threshold: 2, unhealthy_threshold: 3, timeout: 5, matcher: '200', port: 'traffic-port' },
        });
      }
    });

    it('writes access logs into its own SSE-S3, versioned, private, expiring bucket, created before the ALB', () => {
      const bucket = json.resource('aws_s3_bucket', 'AccessLogBucket');
      expect(bucket).toMatchObject({ bucket: 'storymagic-production-alb-logs-123456789012', force_destroy: false, lifecycle: { prevent_destroy: true } });
      expect(lb.access_logs).toEqual({ bucket: 'storymagic-production-alb-logs-123456789012', prefix: 'alb', enabled: true });
      expect(json.resource('aws_s3_bucket_server_side_encryption_configuration', 'Encryption').rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
      expect(json.resource('aws_s3_bucket_versioning', 'Versioning').versioning_configuration).toEqual({ status: 'Enabled' });
      expect(json.resource('aws_s3_bucket_public_access_block', 'PublicAccessBlock')).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(json.resource('aws_s3_bucket_ownership_controls', 'OwnershipControls').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
      expect((json.resource('aws_s3_bucket_lifecycle_configuration', 'Lifecycle').rule as Rule[])[0]).toMatchObject({ status: 'Enabled', expiration: [{ days: 90 }] });
      expect(lb.depends_on).toEqual([`aws_s3_bucket_policy.${json.resource('aws_s3_bucket_policy', 'Policy').logicalId}`]);
    });

    it("lets only eu-central-1's ELB account write, only under <prefix>/AWSLogs/<account>/, and refuses plain HTTP", () => {
      const policy = JSON.parse(json.resource('aws_s3_bucket_policy', 'Policy').policy as string);
      const allows = policy.Statement.filter((statement: Rule) => statement.Effect === 'Allow');
      expect(allows).toEqual([
        {
          Sid: 'ElbAccessLogsOfThisAccount',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::054676820928:root' },
          Action: 's3:PutObject',
          Resource: 'arn:aws:s3:::storymagic-production-alb-logs-123456789012/alb/AWSLogs/123456789012/*',
        },
      ]);
      expect(policy.Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    });

    it('exposes what the service, CodeDeploy and alarms need', () => {
      let alb: ApplicationLoadBalancer | undefined;
      synthJson((scope) => {
        alb = new ApplicationLoadBalancer(scope, 'alb', PROPS);
      });
      if (!alb) throw new Error('not built');
      expect(alb.targetGroups.blue.name).toBe('storymagic-production-blue');
      expect(alb.targetGroups.green.name).toBe('storymagic-production-green');
      expect(alb.testListenerArn).toBeDefined();
      expect(alb.accessLogBucketName).toBe('storymagic-production-alb-logs-123456789012');
      expect(alb.certificateArn).toBe(PROPS.certificateArn);
    });
  });

  describe('with options', () => {
    it('in a Region opened after August 2022 lets the ELB log delivery service principal write', () => {
      const policy = JSON.parse(synth({ region: 'eu-central-2' }).resource('aws_s3_bucket_policy', 'Policy').policy as string);
      expect(policy.Statement.find((statement: Rule) => statement.Effect === 'Allow').Principal).toEqual({ Service: 'logdelivery.elasticloadbalancing.amazonaws.com' });
    });

    it('with ipv6 is dual-stack and also open to ::/0 on 80 and 443', () => {
      const json = synth({ ipv6: true });
      expect(json.resource('aws_lb', 'alb').ip_address_type).toBe('dualstack');
      const ipv6 = json.resources('aws_vpc_security_group_ingress_rule').filter((rule) => rule.cidr_ipv6 === '::/0');
      expect(ipv6.map((rule) => rule.from_port).sort()).toEqual([443, 80]);
    });

    it('without deletion protection lets the ALB and the log bucket be destroyed', () => {
      const json = synth({ deletionProtection: false });
      expect(json.resource('aws_lb', 'alb').enable_deletion_protection).toBe(false);
      expect(json.resource('aws_s3_bucket', 'AccessLogBucket').lifecycle).toEqual({ prevent_destroy: false });
    });

    it('opens the test listener port to the given CIDRs only', () => {
      const json = synth({ blueGreen: { testListenerPort: 9443, testListenerAllowedCidrs: ['10.0.0.0/16', '192.168.10.0/24'] } });
      expect(json.resource('aws_lb_listener', 'TestListener').port).toBe(9443);
      const test = json.resources('aws_vpc_security_group_ingress_rule').filter((rule) => rule.from_port === 9443);
      expect(test.map((rule) => rule.cidr_ipv4).sort()).toEqual(['10.0.0.0/16', '192.168.10.0/24']);
    });

    it('without blue/green has no test listener and Terraform owns the production forward', () => {
      const json = synth({ blueGreen: false });
      expect(json.resources('aws_lb_listener').map((l) => l.port).sort()).toEqual([443, 80]);
      expect(json.resource('aws_lb_listener', 'HttpsListener').lifecycle).toBeUndefined();
    });

    it('takes internal, strictest desync mitigation, TLS 1.3 only, a container port, health check and delays', () => {
      const json = synth({
        internal: true,
        desyncMitigationMode: 'strictest',
        sslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06',
        targetPort: 8080,
        idleTimeoutSeconds: 120,
        deregistrationDelaySeconds: 10,
        healthCheck: { path: '/ready', matcher: '200-299' },
        accessLogs: { bucketName: 'my-alb-logs', prefix: 'edge/alb', retentionDays: 30 },
      });
      expect(json.resource('aws_lb', 'alb')).toMatchObject({ internal: true, desync_mitigation_mode: 'strictest', idle_timeout: 120, access_logs: { bucket: 'my-alb-logs', prefix: 'edge/alb' } });
      expect(json.resource('aws_lb_listener', 'HttpsListener').ssl_policy).toBe('ELBSecurityPolicy-TLS13-1-3-2021-06');
      expect(json.resource('aws_lb_target_group', 'TargetGroup-blue')).toMatchObject({ port: 8080, deregistration_delay: '10', health_check: { path: '/ready', matcher: '200-299', interval: 30 } });
      const policy = JSON.parse(json.resource('aws_s3_bucket_policy', 'Policy').policy as string);
      expect(policy.Statement.find((statement: Rule) => statement.Effect === 'Allow').Resource).toBe('arn:aws:s3:::my-alb-logs/edge/alb/AWSLogs/123456789012/*');
    });
  });

  describe('validation', () => {
    it.each([
      [{ sslPolicy: 'ELBSecurityPolicy-2016-08' }, /sslPolicy: 'ELBSecurityPolicy-2016-08' is not a TLS 1.2\+ policy.*Fix: use ELBSecurityPolicy-TLS13-1-2-2021-06/],
      [{ sslPolicy: 'ELBSecurityPolicy-TLS13-1-1-2021-06' }, /sslPolicy: 'ELBSecurityPolicy-TLS13-1-1-2021-06' is not/],
      [{ sslPolicy: 'ELBSecurityPolicy-TLS13-1-0-2021-06' }, /sslPolicy: 'ELBSecurityPolicy-TLS13-1-0-2021-06' is not/],
      [{ sslPolicy: 'ELBSecurityPolicy-TLS-1-1-2017-01' }, /sslPolicy: 'ELBSecurityPolicy-TLS-1-1-2017-01' is not/],
      [{ name: 'storymagic-production-europe' }, /name: the blue target group name 'storymagic-production-europe-blue' is 33 characters, more than 32. Fix: shorten name to at most 26/],
      [{ name: '-storymagic' }, /name: '-storymagic' is not a load balancer name/],
      [{ name: 'internal-api' }, /name: 'internal-api' is not a load balancer name/],
      [{ subnetIds: ['subnet-1'] }, /subnetIds: 1 subnet\(s\) given/],
      [{ accountId: '1234' }, /accountId: '1234' is not a 12-digit/],
      [{ desyncMitigationMode: 'monitor' as never }, /desyncMitigationMode: 'monitor' does not block desync attacks/],
      [{ idleTimeoutSeconds: 0 }, /idleTimeoutSeconds: 0 is not a whole number of seconds between 1 and 4000/],
      [{ targetPort: 70000 }, /targetPort: 70000 is not a whole number of TCP ports between 1 and 65535/],
      [{ deregistrationDelaySeconds: 3601 }, /deregistrationDelaySeconds: 3601/],
      [{ healthCheck: { path: 'health' } }, /healthCheck.path: 'health' is not a URL path/],
      [{ healthCheck: { timeoutSeconds: 30 } }, /healthCheck.timeoutSeconds: 30 is not shorter than the interval \(30\)/],
      [{ healthCheck: { healthyThreshold: 1 } }, /healthCheck.healthyThreshold: 1/],
      [{ healthCheck: { unhealthyThreshold: 11 } }, /healthCheck.unhealthyThreshold: 11/],
      [{ healthCheck: { intervalSeconds: 4 } }, /healthCheck.intervalSeconds: 4/],
      [{ healthCheck: { matcher: '500' } }, /healthCheck.matcher: '500' is not a list of HTTP codes/],
      [{ blueGreen: { testListenerPort: 443 } }, /blueGreen.testListenerPort: 443 is a production listener's port/],
      [{ blueGreen: { testListenerPort: 0 } }, /blueGreen.testListenerPort: 0 is not a whole number of TCP ports/],
      [{ blueGreen: { testListenerAllowedCidrs: ['0.0.0.0/0'] } }, /testListenerAllowedCidrs: 0.0.0.0\/0 opens the test listener.*to the whole internet/],
      [{ blueGreen: { testListenerAllowedCidrs: ['10.0.0.1/16'] } }, /testListenerAllowedCidrs: '10.0.0.1\/16' has host bits set/],
      [{ blueGreen: { testListenerAllowedCidrs: ['10.0.0.0/16', '10.0.0.0/16'] } }, /testListenerAllowedCidrs: lists a CIDR twice/],
      [{ accessLogs: { bucketName: 'Logs_Bucket' } }, /accessLogs.bucketName: 'Logs_Bucket' is not a valid S3 bucket name/],
      [{ accessLogs: { prefix: '/alb/' } }, /accessLogs.prefix: '\/alb\/' is not an access log prefix/],
      [{ accessLogs: { prefix: 'x/AWSLogs' } }, /accessLogs.prefix: 'x\/AWSLogs' is not/],
      [{ accessLogs: { retentionDays: 0 } }, /accessLogs.retentionDays: 0/],
    ])('rejects %j', (props, message) => {
      expect(() => synth(props as Partial<ApplicationLoadBalancerProps>)).toThrow(message);
    });

    it('names the construct path and the fix', () => {
      expect(() => synth({ sslPolicy: 'ELBSecurityPolicy-2016-08' })).toThrow(/^[^ ]*alb: sslPolicy: .*\. Fix: /);
    });

    it('accepts a 26-character name, whose target group names are exactly 32 characters', () => {
      const json = synth({ name: 'storymagic-production-eu1x' });
      expect(json.resource('aws_lb_target_group', 'TargetGroup-green').name).toHaveLength(32);
    });
  });
});
