import { BudgetsBudget, BudgetsBudgetNotification } from '@cdktf/provider-aws/lib/budgets-budget';
import { Construct } from 'constructs';
import { CostAllocationTags } from './cost-allocation-tags';
import { duplicates, EMAIL, isAboveAndAtMost, isLateBound, quoted, requirement, TAG_KEY } from './private/validation';

export interface MonthlyBudgetProps {
  /** Budget name, unique in the account, e.g. `platform-production-monthly`. */
  readonly name: string;
  /** Monthly limit in USD, above 0 (seed 003: 400 in production). */
  readonly limitUsd: number;
  /**
   * Value of the cost allocation tag the budget counts, e.g. `production`. Excludes `costFilterTags`.
   * @default - none; then `costFilterTags` says what the budget counts
   */
  readonly environment?: string;
  /**
   * Key of that tag (a user-defined cost allocation tag, which must be active).
   * @default 'Environment'
   */
  readonly tagKey?: string;
  /**
   * Tags whose costs the budget counts instead of `<tagKey>=<environment>`, e.g. `{ Project: 'storymagic' }` for one
   * budget over all of a project's environments (seed 003: $400 for development and production together). AWS Budgets
   * counts a cost that carries ANY of the pairs (the values of its `TagKeyValue` filter are alternatives, and the
   * pinned provider has no `filter_expression` to require several), so give more than one only for a union. Each key
   * must be an active cost allocation tag. Excludes `environment` and `tagKey`.
   * @default - the `<tagKey>=<environment>` filter
   */
  readonly costFilterTags?: Readonly<Record<string, string>>;
  /**
   * Percentages of the limit whose actual spend notifies, each above 0 and at most 1000.
   * @default [80, 90, 100] - seed 003
   */
  readonly thresholdsPercent?: readonly number[];
  /**
   * Percentage of the limit whose forecast spend notifies, or `false` for none. A forecast needs about five weeks of
   * billing history before AWS Budgets produces one.
   * @default 100
   */
  readonly forecastThresholdPercent?: number | false;
  /**
   * SNS topic every notification goes to, e.g. `AlarmTopics.topicArn('warning')`: a cost overrun needs action in
   * working hours, not a page at night.
   * @default - no topic
   */
  readonly topicArn?: string;
  /**
   * Mail addresses every notification goes to (at most 10).
   * @default [] - no mail
   */
  readonly emailAddresses?: readonly string[];
  /**
   * Also activate the platform's cost allocation tags ({@link CostAllocationTags}). Only the management (payer)
   * account, or a standalone account, can do that, and only one stack per account should: leave it off elsewhere.
   * @default false
   */
  readonly activateCostAllocationTags?: boolean;
}

/** AWS Budgets' limits: notifications per budget and mail subscribers per notification. */
const MAX_NOTIFICATIONS = 10;
const MAX_EMAIL_SUBSCRIBERS = 10;
/** A tag value a cost filter can name. */
const TAG_VALUE = /^[\w.:/=+\-@ ]{1,256}$/;
/** A budget name: no `:` or `\`, at most 100 characters. */
const BUDGET_NAME = /^[^:\\]{1,100}$/;

/**
 * A monthly AWS Budgets cost budget for one environment: it counts the costs tagged `<tagKey>=<environment>` (cost
 * filter `TagKeyValue` = `user:<tagKey>$<environment>`), or those of `costFilterTags` (e.g. a whole project), and
 * notifies the SNS topic and mail addresses when actual spend
 * passes each threshold (seed 003: 80, 90 and 100 % of the limit) and when the month's forecast passes 100 %.
 *
 * Costs count only once the tag is an active cost allocation tag (see {@link CostAllocationTags}), and untagged
 * costs of shared resources are not counted at all. The topic's policy must let `budgets.amazonaws.com` publish and
 * its key must let Budgets use it, as {@link AlarmTopics} does.
 */
export class MonthlyBudget extends Construct {
  static readonly DEFAULT_THRESHOLDS_PERCENT: readonly number[] = [80, 90, 100];

  readonly budget: BudgetsBudget;
  /** The tag activations, when `activateCostAllocationTags` is set. */
  readonly costAllocationTags?: CostAllocationTags;

  constructor(scope: Construct, id: string, props: MonthlyBudgetProps) {
    super(scope, id);
    const tagKey = props.tagKey ?? 'Environment';
    const thresholds = props.thresholdsPercent ?? MonthlyBudget.DEFAULT_THRESHOLDS_PERCENT;
    const forecast = props.forecastThresholdPercent ?? 100;
    const emails = props.emailAddresses ?? [];
    const filterTags = props.costFilterTags ?? (props.environment === undefined ? {} : { [tagKey]: props.environment });
    this.validate(props, thresholds, forecast, emails);

    const subscribers = {
      subscriberSnsTopicArns: props.topicArn === undefined ? undefined : [props.topicArn],
      subscriberEmailAddresses: emails.length === 0 ? undefined : [...emails],
    };
    const notification = (notificationType: 'ACTUAL' | 'FORECASTED', threshold: number): BudgetsBudgetNotification => ({
      notificationType,
      comparisonOperator: 'GREATER_THAN',
      threshold,
      thresholdType: 'PERCENTAGE',
      ...subscribers,
    });

    this.budget = new BudgetsBudget(this, 'Resource', {
      name: props.name,
      budgetType: 'COST',
      timeUnit: 'MONTHLY',
      limitAmount: String(props.limitUsd),
      limitUnit: 'USD',
      costFilter: [{ name: 'TagKeyValue', values: Object.entries(filterTags).map(([key, value]) => `user:${key}$${value}`) }],
      notification: [...thresholds.map((threshold) => notification('ACTUAL', threshold)), ...(forecast === false ? [] : [notification('FORECASTED', forecast)])],
    });
    if (props.activateCostAllocationTags ?? false) {
      this.costAllocationTags = new CostAllocationTags(this, 'CostAllocationTags');
    }
  }

  private validate(props: MonthlyBudgetProps, thresholds: readonly number[], forecast: number | false, emails: readonly string[]): void {
    const require = requirement(this);
    require(BUDGET_NAME.test(props.name), 'name', `'${props.name}' is not a budget name`, 'use at most 100 characters without : or \\');
    require(Number.isFinite(props.limitUsd) && props.limitUsd > 0, 'limitUsd', `${props.limitUsd} is not an amount above 0 USD`, 'give the monthly limit in USD, e.g. 400');
    require(
      (props.environment === undefined) !== (props.costFilterTags === undefined),
      props.environment === undefined ? 'environment' : 'costFilterTags',
      props.environment === undefined ? 'neither environment nor costFilterTags says what the budget counts' : 'environment and costFilterTags exclude each other',
      "pass environment (counts <tagKey>=<environment>) or costFilterTags (e.g. { Project: 'storymagic' }), not both",
    );
    require(
      props.tagKey === undefined || props.costFilterTags === undefined,
      'tagKey',
      'applies to environment only, and costFilterTags is given',
      'put the key in costFilterTags',
    );
    if (props.environment !== undefined) {
      require(TAG_VALUE.test(props.environment), 'environment', `'${props.environment}' is not a tag value`, 'pass the environment name, the value of its Environment tag');
    }
    if (props.costFilterTags !== undefined) {
      const tags = Object.entries(props.costFilterTags);
      require(tags.length > 0, 'costFilterTags', 'no tag is given', "name at least one tag, e.g. { Project: 'storymagic' }");
      for (const [key, value] of tags) {
        require(TAG_KEY.test(key) && TAG_VALUE.test(value), `costFilterTags.${key}`, `'${key}' = '${value}' is not a user-defined tag`, 'use a tag key not starting with aws: and a value of 1 to 256 characters');
      }
    }
    require(thresholds.length > 0 || forecast !== false, 'thresholdsPercent', 'no notification is left', 'keep at least one threshold or the forecast notification');
    for (const threshold of thresholds) {
      require(isAboveAndAtMost(threshold, 0, 1000), 'thresholdsPercent', `${threshold} is not a percentage above 0 and at most 1000`, 'use percentages of the limit such as 80, 90, 100');
    }
    const repeated = duplicates(thresholds);
    require(repeated.length === 0, 'thresholdsPercent', `lists ${quoted(repeated)} more than once`, 'list each threshold once');
    if (forecast !== false) {
      require(isAboveAndAtMost(forecast, 0, 1000), 'forecastThresholdPercent', `${forecast} is not a percentage above 0 and at most 1000`, 'use a percentage such as 100, or false');
    }
    const notifications = thresholds.length + (forecast === false ? 0 : 1);
    require(
      notifications <= MAX_NOTIFICATIONS,
      'thresholdsPercent',
      `${notifications} notifications exceed the ${MAX_NOTIFICATIONS} AWS Budgets allows per budget`,
      'drop thresholds',
    );
    require(props.topicArn !== undefined || emails.length > 0, 'topicArn', 'the budget would notify nobody', 'pass topicArn, emailAddresses or both');
    if (props.topicArn !== undefined) {
      require(
        isLateBound(props.topicArn) || /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/.test(props.topicArn),
        'topicArn',
        `'${props.topicArn}' is not an SNS topic ARN`,
        "pass e.g. AlarmTopics.topicArn('warning')",
      );
    }
    require(emails.length <= MAX_EMAIL_SUBSCRIBERS, 'emailAddresses', `${emails.length} addresses exceed the ${MAX_EMAIL_SUBSCRIBERS} a notification allows`, 'use a distribution list');
    for (const email of emails) {
      require(isLateBound(email) || EMAIL.test(email), 'emailAddresses', `'${email}' is not a mail address`, 'give addresses such as finance@example.com');
    }
    const repeatedEmails = duplicates(emails);
    require(repeatedEmails.length === 0, 'emailAddresses', `lists ${quoted(repeatedEmails)} more than once`, 'list each address once');
  }
}
