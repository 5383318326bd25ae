/** Severity of the alarm on a metric: the monitoring stack notifies that severity's topic. */
export type CisAlarmSeverity = 'critical' | 'warning';

/** A CloudWatch Logs metric filter over the audit trail's log group, as CIS AWS Foundations v3.0 section 4 asks. */
export interface CisMetricFilter {
  /** Metric name in {@link CIS_METRIC_NAMESPACE}, and the filter's name. */
  readonly metricName: string;
  /** CIS AWS Foundations v3.0 control, e.g. `4.3`. */
  readonly control: string;
  /** What the metric counts. */
  readonly description: string;
  /** Filter pattern over CloudTrail events, as CIS writes it. */
  readonly pattern: string;
  readonly severity: CisAlarmSeverity;
  /** Events within five minutes that raise the alarm. */
  readonly threshold: number;
}

/** Namespace of every metric the audit trail's filters publish. */
export const CIS_METRIC_NAMESPACE = 'CISBenchmark';

const anyEvent = (names: readonly string[]) => names.map((name) => `($.eventName = ${name})`).join(' || ');

/**
 * The filters, keyed by metric name. Infrastructure changes (security groups, routes, IAM policies) are warnings: every
 * Terraform apply makes them; what should never happen unnoticed (root use, the trail or recorder changed, a key
 * scheduled for deletion) is critical.
 */
export const CIS_METRIC_FILTERS: readonly CisMetricFilter[] = [
  {
    metricName: 'UnauthorizedApiCalls',
    control: '4.1',
    description: 'API calls refused for lack of permission',
    pattern: '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && (($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket")) }',
    severity: 'warning',
    // SDKs and consoles probe permissions; a burst, not one refusal, is worth a look.
    threshold: 10,
  },
  {
    metricName: 'RootAccountUsage',
    control: '4.3',
    description: 'the root user acted',
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    severity: 'critical',
    threshold: 1,
  },
  {
    metricName: 'IamPolicyChanges',
    control: '4.4',
    description: 'IAM policies were created, changed, attached or detached',
    pattern: `{ ($.eventSource = iam.amazonaws.com) && (${anyEvent([
      'DeleteGroupPolicy',
      'DeleteRolePolicy',
      'DeleteUserPolicy',
      'PutGroupPolicy',
      'PutRolePolicy',
      'PutUserPolicy',
      'CreatePolicy',
      'DeletePolicy',
      'CreatePolicyVersion',
      'DeletePolicyVersion',
      'SetDefaultPolicyVersion',
      'AttachRolePolicy',
      'DetachRolePolicy',
      'AttachUserPolicy',
      'DetachUserPolicy',
      'AttachGroupPolicy',
      'DetachGroupPolicy',
    ])}) }`,
    severity: 'warning',
    threshold: 1,
  },
  {
    metricName: 'CloudTrailConfigChanges',
    control: '4.5',
    description: 'a trail was created, changed, deleted, started or stopped',
    pattern: `{ ${anyEvent(['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'])} }`,
    severity: 'critical',
    threshold: 1,
  },
  {
    metricName: 'ConsoleSignInFailures',
    control: '4.6',
    description: 'console sign-ins failed',
    pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    severity: 'warning',
    threshold: 1,
  },
  {
    metricName: 'KmsKeyDisabledOrScheduledForDeletion',
    control: '4.7',
    description: 'a KMS key was disabled or scheduled for deletion',
    pattern: `{ ($.eventSource = kms.amazonaws.com) && (${anyEvent(['DisableKey', 'ScheduleKeyDeletion'])}) }`,
    severity: 'critical',
    threshold: 1,
  },
  {
    metricName: 'ConfigChanges',
    control: '4.9',
    description: 'the AWS Config recorder or delivery channel was changed or stopped',
    pattern: `{ ($.eventSource = config.amazonaws.com) && (${anyEvent(['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'])}) }`,
    severity: 'critical',
    threshold: 1,
  },
  {
    metricName: 'SecurityGroupChanges',
    control: '4.10',
    description: 'security groups were created, changed or deleted',
    pattern: `{ ${anyEvent(['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup'])} }`,
    severity: 'warning',
    threshold: 1,
  },
  {
    metricName: 'NetworkAclChanges',
    control: '4.11',
    description: 'network ACLs were created, changed or deleted',
    pattern: `{ ${anyEvent(['CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation'])} }`,
    severity: 'warning',
    threshold: 1,
  },
  {
    metricName: 'NetworkGatewayChanges',
    control: '4.12',
    description: 'customer or internet gateways were created, attached, detached or deleted',
    pattern: `{ ${anyEvent(['CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway', 'DeleteInternetGateway', 'DetachInternetGateway'])} }`,
    severity: 'warning',
    threshold: 1,
  },
  {
    metricName: 'RouteTableChanges',
    control: '4.13',
    description: 'route tables or routes were created, changed or deleted',
    pattern: `{ ($.eventSource = ec2.amazonaws.com) && (${anyEvent(['CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable'])}) }`,
    severity: 'warning',
    threshold: 1,
  },
  {
    metricName: 'VpcChanges',
    control: '4.14',
    description: 'VPCs or their peerings were created, changed or deleted',
    pattern: `{ ${anyEvent([
      'CreateVpc',
      'DeleteVpc',
      'ModifyVpcAttribute',
      'AcceptVpcPeeringConnection',
      'CreateVpcPeeringConnection',
      'DeleteVpcPeeringConnection',
      'RejectVpcPeeringConnection',
      'AttachClassicLinkVpc',
      'DetachClassicLinkVpc',
      'DisableVpcClassicLink',
      'EnableVpcClassicLink',
    ])} }`,
    severity: 'warning',
    threshold: 1,
  },
];
