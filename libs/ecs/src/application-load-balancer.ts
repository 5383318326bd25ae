import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { ConstructValidationError, parseIpv4Cidr } from '@platform/core';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { AccessLogBucket } from './private/access-log-bucket';

/** Desync mitigation modes that block requests classified as severe; `monitor` is refused. */
export type DesyncMitigationMode = 'defensive' | 'strictest';

/** The two target groups CodeDeploy moves traffic between. */
export type TargetGroupColour = 'blue' | 'green';

export interface ApplicationLoadBalancerHealthCheck {
  /** @default '/health' */
  readonly path?: string;
  /** @default 30 */
  readonly intervalSeconds?: number;
  /** Must be shorter than the interval. @default 5 */
  readonly timeoutSeconds?: number;
  /** Consecutive successes before a target receives traffic. @default 2 */
  readonly healthyThreshold?: number;
  /** Consecutive failures before a target stops receiving traffic. @default 3 */
  readonly unhealthyThreshold?: number;
  /** HTTP codes counted as healthy, e.g. `200` or `200-299`. @default '200' */
  readonly matcher?: string;
}

export interface ApplicationLoadBalancerBlueGreen {
  /**
   * Port of the HTTPS test listener CodeDeploy routes the replacement (green) tasks' test traffic through.
   * @default 8443
   */
  readonly testListenerPort?: number;
  /**
   * IPv4 CIDRs allowed to reach the test listener, e.g. the VPC CIDR for CodeDeploy lifecycle hook functions or an
   * office VPN. Never the whole internet.
   * @default - none: nothing outside AWS reaches the test listener until a CIDR is given (CodeDeploy itself does
   * not need to, it only switches the listener's target group)
   */
  readonly testListenerAllowedCidrs?: readonly string[];
}

export interface ApplicationLoadBalancerAccessLogs {
  /**
   * Name of the access log bucket the construct creates.
   * @default `<name>-alb-logs-<accountId>`
   */
  readonly bucketName?: string;
  /**
   * Key prefix of the logs: they land under `<prefix>/AWSLogs/<accountId>/elasticloadbalancing/`.
   * @default 'alb'
   */
  readonly prefix?: string;
  /**
   * Days access logs are kept.
   * @default 90
   */
  readonly retentionDays?: number;
}

export interface ApplicationLoadBalancerProps {
  /**
   * Name of the load balancer (≤ 26 characters: letters, digits, hyphens) and prefix of its security group
   * `<name>-alb` and target groups `<name>-blue`, `<name>-green`, e.g. `storymagic-production`.
   */
  readonly name: string;
  readonly vpcId: string;
  /** Subnets of the load balancer, at least two Availability Zones: public subnets, or private ones when `internal`. */
  readonly subnetIds: readonly string[];
  /** ARN of an issued ACM certificate of the Region (e.g. {@link LoadBalancerCertificate.certificateArn}). */
  readonly certificateArn: string;
  /** Account of the load balancer: its access logs are written under `AWSLogs/<accountId>/`. */
  readonly accountId: string;
  /** Region of the load balancer: decides which ELB principal may write the access logs. */
  readonly region: string;
  /**
   * An internal load balancer (private addresses only) instead of an internet-facing one.
   * @default false
   */
  readonly internal?: boolean;
  /**
   * Dual-stack (IPv4 and IPv6) listeners, open to `::/0` as well; the subnets need IPv6 CIDRs.
   * @default false - IPv4 only
   */
  readonly ipv6?: boolean;
  /**
   * Refuse deleting the load balancer (`enable_deletion_protection`) and `terraform destroy` of its access log
   * bucket (`prevent_destroy`). Set false only for environments meant to be torn down.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Seconds a connection may stay idle (1–4000).
   * @default 60
   */
  readonly idleTimeoutSeconds?: number;
  /**
   * How requests that may be used for HTTP desync (request smuggling) are treated.
   * @default 'defensive' - blocks severe and ambiguous-but-dangerous requests while letting compliant odd ones through
   */
  readonly desyncMitigationMode?: DesyncMitigationMode;
  /**
   * TLS security policy of the HTTPS listeners: one of the `ELBSecurityPolicy-TLS13-1-2-*` / `-TLS13-1-3-*` policies
   * (TLS 1.2 minimum with TLS 1.3, or TLS 1.3 only). Anything allowing TLS 1.0 or 1.1 is refused.
   * @default 'ELBSecurityPolicy-TLS13-1-2-2021-06'
   */
  readonly sslPolicy?: string;
  /**
   * Port the containers listen on: the target groups' port (HTTP, IP targets).
   * @default 3000
   */
  readonly targetPort?: number;
  /** @default - see {@link ApplicationLoadBalancerHealthCheck} */
  readonly healthCheck?: ApplicationLoadBalancerHealthCheck;
  /**
   * Seconds a deregistered target keeps its in-flight requests before it is removed (0–3600).
   * @default 30
   */
  readonly deregistrationDelaySeconds?: number;
  /**
   * CodeDeploy blue/green: an HTTPS test listener forwarding to the green target group, and the production and test
   * listeners' default actions left to CodeDeploy (`ignore_changes`). `false`: no test listener and Terraform owns
   * the production listener's forward to the blue target group.
   * @default {} - on, test listener on 8443 open to no CIDR
   */
  readonly blueGreen?: ApplicationLoadBalancerBlueGreen | false;
  /** @default - see {@link ApplicationLoadBalancerAccessLogs} */
  readonly accessLogs?: ApplicationLoadBalancerAccessLogs;
}

/** What a service, CodeDeploy and CloudWatch alarms need of a target group. */
export interface LoadBalancerTargetGroup {
  readonly resource: LbTargetGroup;
  readonly arn: string;
  /** Known at synth time (CodeDeploy's deployment group names target groups). */
  readonly name: string;
  /** `targetgroup/<name>/<id>`: the `TargetGroup` dimension of `AWS/ApplicationELB` metrics. */
  readonly arnSuffix: string;
}

/**
 * An Application Load Balancer for one ECS service, HTTPS only to the world:
 * - its own security group `<name>-alb`: TCP 80 and 443 from 0.0.0.0/0 (and ::/0 with `ipv6`); the test listener
 *   port only from the given CIDRs; no egress rule of its own — the service adds the egress to its target port, so
 *   the load balancer can reach nothing else;
 * - HTTP:80 only redirects (301) to HTTPS; HTTPS:443 with a TLS 1.2+/1.3 policy and the certificate forwards to the
 *   blue target group; with blue/green, an HTTPS test listener forwards to the green one;
 * - invalid header fields dropped, desync mitigation `defensive` or `strictest`, deletion protection;
 * - access logs into a bucket of its own (SSE-S3, versioned, TLS-only, expiring), writable only by the Region's ELB
 *   log delivery principal under `<prefix>/AWSLogs/<accountId>/`;
 * - target groups `blue` and `green`: HTTP to the container port on IP targets, health checked on `/health`.
 */
export class ApplicationLoadBalancer extends Construct {
  static readonly DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
  /** ELB's TLS 1.3 generation of policies: TLS 1.2 minimum (`TLS13-1-2-…`) or TLS 1.3 only (`TLS13-1-3-…`). */
  static readonly MODERN_SSL_POLICY = /^ELBSecurityPolicy-TLS13-1-[23]-[A-Za-z0-9-]+$/;
  static readonly DEFAULT_TARGET_PORT = 3000;
  static readonly DEFAULT_TEST_LISTENER_PORT = 8443;
  static readonly DEFAULT_ACCESS_LOG_RETENTION_DAYS = 90;
  static readonly DEFAULT_ACCESS_LOG_PREFIX = 'alb';
  /** Load balancer and target group names: 32 characters at most. */
  static readonly MAX_NAME_LENGTH = 32;
  static readonly DEFAULT_HEALTH_CHECK: Required<ApplicationLoadBalancerHealthCheck> = {
    path: '/health',
    intervalSeconds: 30,
    timeoutSeconds: 5,
    healthyThreshold: 2,
    unhealthyThreshold: 3,
    matcher: '200',
  };

  /** `<name>-blue` / `<name>-green`: deterministic, so CodeDeploy's deployment group can name them at synth time. */
  static targetGroupName(name: string, colour: TargetGroupColour): string {
    return `${name}-${colour}`;
  }

  readonly loadBalancer: Lb;
  readonly securityGroup: SecurityGroup;
  readonly securityGroupId: string;
  readonly httpListener: LbListener;
  readonly productionListener: LbListener;
  readonly productionListenerArn: string;
  readonly testListener?: LbListener;
  /** Set when blue/green is on. */
  readonly testListenerArn?: string;
  readonly targetGroups: Readonly<Record<TargetGroupColour, LoadBalancerTargetGroup>>;
  readonly certificateArn: string;
  readonly accessLogBucket: S3Bucket;
  readonly accessLogBucketName: string;

  constructor(scope: Construct, id: string, props: ApplicationLoadBalancerProps) {
    super(scope, id);
    const settings = this.validate(props);

    this.certificateArn = props.certificateArn;
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      name: `${props.name}-alb`,
      description: `Load balancer ${props.name}: HTTP/HTTPS in; egress only as the service adds it`,
      vpcId: props.vpcId,
      tags: { Name: `${props.name}-alb` },
    });
    this.securityGroupId = this.securityGroup.id;
    this.ingressRules(props, settings);

    const logs = new AccessLogBucket(this, 'AccessLogBucket', {
      bucketName: settings.accessLogBucketName,
      accountId: props.accountId,
      region: props.region,
      prefix: settings.accessLogPrefix,
      retentionDays: settings.accessLogRetentionDays,
      preventDestroy: settings.deletionProtection,
    });
    this.accessLogBucket = logs.bucket;
    this.accessLogBucketName = settings.accessLogBucketName;

    this.loadBalancer = new Lb(this, 'Resource', {
      name: props.name,
      loadBalancerType: 'application',
      internal: props.internal ?? false,
      ipAddressType: props.ipv6 ? 'dualstack' : 'ipv4',
      subnets: [...props.subnetIds],
      securityGroups: [this.securityGroup.id],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: settings.desyncMitigationMode,
      enableDeletionProtection: settings.deletionProtection,
      idleTimeout: settings.idleTimeoutSeconds,
      enableHttp2: true,
      // If WAF cannot be reached the request is blocked, not let through unfiltered.
      enableWafFailOpen: false,
      accessLogs: { bucket: settings.accessLogBucketName, prefix: settings.accessLogPrefix, enabled: true },
      // ELB writes a test object when access logs are turned on and fails unless the policy already admits it.
      dependsOn: [logs.policy],
      tags: { Name: props.name },
    });

    this.targetGroups = {
      blue: this.targetGroup('blue', props, settings),
      green: this.targetGroup('green', props, settings),
    };

    this.httpListener = new LbListener(this, 'HttpListener', {
      loadBalancerArn: this.loadBalancer.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
    });
    // CodeDeploy swaps the production and test listeners' target groups at every release; without ignore_changes the
    // next `terraform apply` would swap them back, sending production traffic to the previous version.
    const codeDeployOwnsForwarding = settings.blueGreen ? { ignoreChanges: ['default_action'] } : undefined;
    this.productionListener = this.httpsListener('HttpsListener', 443, 'blue', settings.sslPolicy, codeDeployOwnsForwarding);
    this.productionListenerArn = this.productionListener.arn;
    if (settings.blueGreen) {
      this.testListener = this.httpsListener('TestListener', settings.blueGreen.port, 'green', settings.sslPolicy, codeDeployOwnsForwarding);
      this.testListenerArn = this.testListener.arn;
    }
  }

  private validate(props: ApplicationLoadBalancerProps) {
    const require = (condition: boolean, field: string, problem: string, fix: string) => ConstructValidationError.require(this, condition, field, problem, fix);
    const wholeNumberIn = (value: number, min: number, max: number, field: string, unit: string) =>
      require(Number.isInteger(value) && value >= min && value <= max, field, `${value} is not a whole number of ${unit} between ${min} and ${max}`, `use ${min}-${max}`);

    require(
      /^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$/.test(props.name) && !props.name.startsWith('internal-'),
      'name',
      `'${props.name}' is not a load balancer name`,
      'use letters, digits and single hyphens, not starting or ending with a hyphen nor starting with internal-',
    );
    for (const colour of ['blue', 'green'] as const) {
      const name = ApplicationLoadBalancer.targetGroupName(props.name, colour);
      require(
        name.length <= ApplicationLoadBalancer.MAX_NAME_LENGTH,
        'name',
        `the ${colour} target group name '${name}' is ${name.length} characters, more than ${ApplicationLoadBalancer.MAX_NAME_LENGTH}`,
        `shorten name to at most ${ApplicationLoadBalancer.MAX_NAME_LENGTH - '-green'.length} characters`,
      );
    }
    if (!props.subnetIds.some((subnet) => Token.isUnresolved(subnet))) {
      require(props.subnetIds.length >= 2, 'subnetIds', `${props.subnetIds.length} subnet(s) given`, 'give subnets in at least two Availability Zones (an ALB requires two)');
    }
    require(/^\d{12}$/.test(props.accountId), 'accountId', `'${props.accountId}' is not a 12-digit AWS account id`, 'give the account the load balancer is created in');

    const sslPolicy = props.sslPolicy ?? ApplicationLoadBalancer.DEFAULT_SSL_POLICY;
    require(
      ApplicationLoadBalancer.MODERN_SSL_POLICY.test(sslPolicy),
      'sslPolicy',
      `'${sslPolicy}' is not a TLS 1.2+ policy with TLS 1.3 (older policies allow TLS 1.0/1.1 or lack TLS 1.3)`,
      `use ${ApplicationLoadBalancer.DEFAULT_SSL_POLICY} (TLS 1.2 and 1.3) or ELBSecurityPolicy-TLS13-1-3-2021-06 (TLS 1.3 only)`,
    );
    const desyncMitigationMode = props.desyncMitigationMode ?? 'defensive';
    require(
      ['defensive', 'strictest'].includes(desyncMitigationMode),
      'desyncMitigationMode',
      `'${desyncMitigationMode}' does not block desync attacks`,
      "use 'defensive' (default) or 'strictest'",
    );
    const idleTimeoutSeconds = props.idleTimeoutSeconds ?? 60;
    wholeNumberIn(idleTimeoutSeconds, 1, 4000, 'idleTimeoutSeconds', 'seconds');
    const targetPort = props.targetPort ?? ApplicationLoadBalancer.DEFAULT_TARGET_PORT;
    wholeNumberIn(targetPort, 1, 65535, 'targetPort', 'TCP ports');
    const deregistrationDelaySeconds = props.deregistrationDelaySeconds ?? 30;
    wholeNumberIn(deregistrationDelaySeconds, 0, 3600, 'deregistrationDelaySeconds', 'seconds');

    const healthCheck = { ...ApplicationLoadBalancer.DEFAULT_HEALTH_CHECK, ...props.healthCheck };
    require(/^\/[\x21-\x7e]*$/.test(healthCheck.path) && healthCheck.path.length <= 1024, 'healthCheck.path', `'${healthCheck.path}' is not a URL path`, "start it with '/', e.g. /health");
    wholeNumberIn(healthCheck.intervalSeconds, 5, 300, 'healthCheck.intervalSeconds', 'seconds');
    wholeNumberIn(healthCheck.timeoutSeconds, 2, 120, 'healthCheck.timeoutSeconds', 'seconds');
    require(
      healthCheck.timeoutSeconds < healthCheck.intervalSeconds,
      'healthCheck.timeoutSeconds',
      `${healthCheck.timeoutSeconds} is not shorter than the interval (${healthCheck.intervalSeconds})`,
      'make the timeout shorter than intervalSeconds',
    );
    wholeNumberIn(healthCheck.healthyThreshold, 2, 10, 'healthCheck.healthyThreshold', 'checks');
    wholeNumberIn(healthCheck.unhealthyThreshold, 2, 10, 'healthCheck.unhealthyThreshold', 'checks');
    require(
      /^[1-4]\d\d(-[1-4]\d\d)?(,[1-4]\d\d(-[1-4]\d\d)?)*$/.test(healthCheck.matcher),
      'healthCheck.matcher',
      `'${healthCheck.matcher}' is not a list of HTTP codes`,
      "give codes or ranges between 200 and 499, e.g. '200' or '200-299'",
    );

    let blueGreen: { port: number; allowedCidrs: readonly string[] } | undefined;
    if (props.blueGreen !== false) {
      const port = props.blueGreen?.testListenerPort ?? ApplicationLoadBalancer.DEFAULT_TEST_LISTENER_PORT;
      wholeNumberIn(port, 1, 65535, 'blueGreen.testListenerPort', 'TCP ports');
      require(port !== 80 && port !== 443, 'blueGreen.testListenerPort', `${port} is a production listener's port`, `use another port (default ${ApplicationLoadBalancer.DEFAULT_TEST_LISTENER_PORT})`);
      const allowedCidrs = props.blueGreen?.testListenerAllowedCidrs ?? [];
      for (const cidr of allowedCidrs) {
        const parsed = parseIpv4Cidr(cidr);
        require(!('error' in parsed), 'blueGreen.testListenerAllowedCidrs', 'error' in parsed ? parsed.error : '', 'give IPv4 networks such as 10.0.0.0/16');
        require(
          !('prefixLength' in parsed) || parsed.prefixLength > 0,
          'blueGreen.testListenerAllowedCidrs',
          `${cidr} opens the test listener, which serves the untested release, to the whole internet`,
          'allow only the networks that run release checks, e.g. the VPC CIDR or an office VPN',
        );
      }
      require(new Set(allowedCidrs).size === allowedCidrs.length, 'blueGreen.testListenerAllowedCidrs', 'lists a CIDR twice', 'list each CIDR once');
      blueGreen = { port, allowedCidrs };
    }

    const accessLogBucketName = props.accessLogs?.bucketName ?? `${props.name.toLowerCase()}-alb-logs-${props.accountId}`;
    require(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(accessLogBucketName) && !accessLogBucketName.includes('..'),
      'accessLogs.bucketName',
      `'${accessLogBucketName}' is not a valid S3 bucket name`,
      'use 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit',
    );
    const accessLogPrefix = props.accessLogs?.prefix ?? ApplicationLoadBalancer.DEFAULT_ACCESS_LOG_PREFIX;
    require(
      /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(accessLogPrefix) && !accessLogPrefix.includes('AWSLogs'),
      'accessLogs.prefix',
      `'${accessLogPrefix}' is not an access log prefix`,
      "use letters, digits, '.', '_', '-' and inner slashes, without leading or trailing slash and without 'AWSLogs'",
    );
    const accessLogRetentionDays = props.accessLogs?.retentionDays ?? ApplicationLoadBalancer.DEFAULT_ACCESS_LOG_RETENTION_DAYS;
    wholeNumberIn(accessLogRetentionDays, 1, 3653, 'accessLogs.retentionDays', 'days');

    return {
      sslPolicy,
      desyncMitigationMode,
      idleTimeoutSeconds,
      targetPort,
      deregistrationDelaySeconds,
      healthCheck,
      blueGreen,
      deletionProtection: props.deletionProtection ?? true,
      accessLogBucketName,
      accessLogPrefix,
      accessLogRetentionDays,
    };
  }

  private ingressRules(props: ApplicationLoadBalancerProps, settings: ReturnType<ApplicationLoadBalancer['validate']>): void {
    const rule = (id: string, description: string, port: number, peer: { cidrIpv4: string } | { cidrIpv6: string }) =>
      new VpcSecurityGroupIngressRule(this.securityGroup, id, {
        securityGroupId: this.securityGroup.id,
        description,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        ...peer,
      });
    const world: { id: string; peer: { cidrIpv4: string } | { cidrIpv6: string } }[] = [{ id: 'Ipv4', peer: { cidrIpv4: '0.0.0.0/0' } }];
    if (props.ipv6) world.push({ id: 'Ipv6', peer: { cidrIpv6: '::/0' } });
    for (const { id, peer } of world) {
      rule(`HttpFromInternet${id}`, 'HTTP from the internet (only redirected to HTTPS)', 80, peer);
      rule(`HttpsFromInternet${id}`, 'HTTPS from the internet', 443, peer);
    }
    const { blueGreen } = settings;
    if (blueGreen) {
      for (const cidr of blueGreen.allowedCidrs) {
        // Keyed by the CIDR, not its position, so removing one CIDR does not recreate the others' rules.
        rule(`TestListenerFrom${cidr.replace(/[./]/g, '-')}`, `Blue/green test listener from ${cidr}`, blueGreen.port, { cidrIpv4: cidr });
      }
    }
  }

  private targetGroup(colour: TargetGroupColour, props: ApplicationLoadBalancerProps, settings: ReturnType<ApplicationLoadBalancer['validate']>): LoadBalancerTargetGroup {
    const { healthCheck } = settings;
    const name = ApplicationLoadBalancer.targetGroupName(props.name, colour);
    const resource = new LbTargetGroup(this, `TargetGroup-${colour}`, {
      name,
      targetType: 'ip',
      protocol: 'HTTP',
      port: settings.targetPort,
      vpcId: props.vpcId,
      deregistrationDelay: String(settings.deregistrationDelaySeconds),
      healthCheck: {
        enabled: true,
        protocol: 'HTTP',
        port: 'traffic-port',
        path: healthCheck.path,
        interval: healthCheck.intervalSeconds,
        timeout: healthCheck.timeoutSeconds,
        healthyThreshold: healthCheck.healthyThreshold,
        unhealthyThreshold: healthCheck.unhealthyThreshold,
        matcher: healthCheck.matcher,
      },
      tags: { Name: name },
    });
    return { resource, arn: resource.arn, name, arnSuffix: resource.arnSuffix };
  }

  private httpsListener(id: string, port: number, colour: TargetGroupColour, sslPolicy: string, lifecycle: { ignoreChanges: string[] } | undefined): LbListener {
    return new LbListener(this, id, {
      loadBalancerArn: this.loadBalancer.arn,
      port,
      protocol: 'HTTPS',
      sslPolicy,
      certificateArn: this.certificateArn,
      defaultAction: [{ type: 'forward', targetGroupArn: this.targetGroups[colour].arn }],
      lifecycle,
    });
  }
}
