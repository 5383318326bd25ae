import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { ACCOUNT_ID, AWS_REGION, partitionOf, requirement } from '@platform/core';
import { Construct } from 'constructs';
import { guardDutyFindingPattern } from './guardduty-findings';
import { policyDocument } from './private/policy';

export interface FindingsForwarderProps {
  /** First part of names, e.g. `platform`: rule `<namePrefix>-guardduty-to-<target region>`. */
  readonly namePrefix: string;
  readonly accountId: string;
  /** Region of the rule (where the findings arise). */
  readonly region: string;
  /** Region whose default event bus receives them: the account's primary region, where the alert routing lives. */
  readonly targetRegion: string;
  /**
   * Lowest GuardDuty severity forwarded (4: medium and above).
   * @default 4
   */
  readonly minimumSeverity?: number;
}

/**
 * Forwards the GuardDuty findings of a region (at or above `minimumSeverity`) to the default event bus of the account's
 * primary region, where the monitoring stack routes findings to the alert topics: one place decides who hears of
 * them. EventBridge sends cross-region through a role that may put events on that one bus only, and that only
 * EventBridge assumes for this rule (`aws:SourceArn`).
 */
export class FindingsForwarder extends Construct {
  static readonly DEFAULT_MINIMUM_SEVERITY = 4;

  readonly rule: CloudwatchEventRule;
  readonly role: IamRole;
  /** ARN of the default event bus of `targetRegion`. */
  readonly targetBusArn: string;

  constructor(scope: Construct, id: string, props: FindingsForwarderProps) {
    super(scope, id);
    const { accountId, region, targetRegion, namePrefix } = props;
    const minimumSeverity = props.minimumSeverity ?? FindingsForwarder.DEFAULT_MINIMUM_SEVERITY;
    const require = requirement(this);
    require(ACCOUNT_ID.test(accountId), 'accountId', `'${accountId}' is not a 12-digit account id`, 'pass the account id, e.g. 123456789012');
    for (const [field, value] of [['region', region], ['targetRegion', targetRegion]] as const) {
      require(AWS_REGION.test(value), field, `'${value}' is not a region name`, 'pass a region such as eu-central-1');
    }
    require(targetRegion !== region, 'targetRegion', `is the rule's own region ${region}`, 'forward to the primary region, or build no forwarder in it');
    require(minimumSeverity >= 1 && minimumSeverity <= 10, 'minimumSeverity', `${minimumSeverity} is not a GuardDuty severity`, 'use a value from 1 to 10 (4: medium and above)');

    const partition = partitionOf(region);
    this.targetBusArn = `arn:${partition}:events:${targetRegion}:${accountId}:event-bus/default`;
    const ruleName = `${namePrefix}-guardduty-to-${targetRegion}`;
    const ruleArn = `arn:${partition}:events:${region}:${accountId}:rule/${ruleName}`;
    this.rule = new CloudwatchEventRule(this, 'Rule', {
      name: ruleName,
      description: `GuardDuty findings of severity ${minimumSeverity} and above, to the default event bus of ${targetRegion}`,
      eventPattern: JSON.stringify(guardDutyFindingPattern(minimumSeverity)),
    });
    this.role = new IamRole(this, 'Role', {
      // IAM is global: the name carries the rule's region.
      name: `${namePrefix}-guardduty-forward-${region}`,
      description: `Lets EventBridge of ${region} put GuardDuty findings on the default bus of ${targetRegion}`,
      assumeRolePolicy: FindingsForwarder.trustPolicy(ruleArn, accountId),
    });
    new IamRolePolicy(this, 'RolePolicy', { role: this.role.name, name: 'put-events-on-target-bus', policy: FindingsForwarder.rolePolicy(this.targetBusArn) });
    new CloudwatchEventTarget(this, 'Target', { rule: this.rule.name, targetId: 'primary-region-bus', arn: this.targetBusArn, roleArn: this.role.arn });
  }

  /** EventBridge assumes the role for this rule of this account only. */
  static trustPolicy(ruleArn: string, accountId: string): string {
    return policyDocument([
      {
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceArn': ruleArn, 'aws:SourceAccount': accountId } },
      },
    ]);
  }

  /** `events:PutEvents` on the target bus, nothing else. */
  static rolePolicy(targetBusArn: string): string {
    return policyDocument([{ Sid: 'PutEventsOnTargetBus', Effect: 'Allow', Action: 'events:PutEvents', Resource: targetBusArn }]);
  }
}
