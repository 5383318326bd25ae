import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { requirement } from '@platform/core';
import { Construct } from 'constructs';
import { GUARDDUTY_SEVERITY, guardDutyFindingPattern } from './guardduty-findings';

export interface FindingAlertsProps {
  /** First part of rule names, e.g. `platform-production`: rules `<namePrefix>-guardduty-<severity>`. */
  readonly namePrefix: string;
  /**
   * SNS topic of each alert severity. The topics' policies must let `events.amazonaws.com` publish for these rules
   * (`aws:SourceArn` `arn:…:rule/<namePrefix>-guardduty-*`), and an encrypted topic's key must let EventBridge use it.
   */
  readonly topicArns: { readonly critical: string; readonly warning: string };
}

/**
 * Routes GuardDuty findings on the region's default event bus (the region's own, and those the other regions of the
 * account forward with `FindingsForwarder`) to the alert topics by severity: high and critical (7 and above) to the
 * critical topic, medium (4 to 6.9) to the warning topic. Low findings stay in GuardDuty and Security Hub.
 */
export class FindingAlerts extends Construct {
  /** Prefix of every rule's name: what the topics' policies admit. */
  static ruleNamePrefix(namePrefix: string): string {
    return `${namePrefix}-guardduty-`;
  }

  readonly rules: { readonly critical: CloudwatchEventRule; readonly warning: CloudwatchEventRule };

  constructor(scope: Construct, id: string, props: FindingAlertsProps) {
    super(scope, id);
    requirement(this)(/^[a-zA-Z][a-zA-Z0-9-]{0,40}$/.test(props.namePrefix), 'namePrefix', `'${props.namePrefix}' is not a name prefix`, 'use letters, digits and hyphens, starting with a letter, e.g. platform-production');
    const routes = {
      critical: { pattern: guardDutyFindingPattern(GUARDDUTY_SEVERITY.high), what: `high and critical (${GUARDDUTY_SEVERITY.high} and above)` },
      warning: { pattern: guardDutyFindingPattern(GUARDDUTY_SEVERITY.medium, GUARDDUTY_SEVERITY.high), what: `medium (${GUARDDUTY_SEVERITY.medium} to below ${GUARDDUTY_SEVERITY.high})` },
    };
    const rule = (severity: keyof typeof routes) => {
      const created = new CloudwatchEventRule(this, `Rule-${severity}`, {
        name: `${FindingAlerts.ruleNamePrefix(props.namePrefix)}${severity}`,
        description: `GuardDuty findings of ${routes[severity].what} severity, to the ${severity} alert topic`,
        eventPattern: JSON.stringify(routes[severity].pattern),
      });
      new CloudwatchEventTarget(this, `Target-${severity}`, { rule: created.name, targetId: `alerts-${severity}`, arn: props.topicArns[severity] });
      return created;
    };
    this.rules = { critical: rule('critical'), warning: rule('warning') };
  }
}
