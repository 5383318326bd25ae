import { synthJson } from '@platform/terraform-testing';
import { MonthlyBudget, MonthlyBudgetProps } from './monthly-budget';

const TOPIC = 'arn:aws:sns:eu-central-1:123456789012:platform-test-alarms-warning';
const PROPS: MonthlyBudgetProps = { name: 'platform-test-monthly', limitUsd: 400, environment: 'production', topicArn: TOPIC, emailAddresses: ['finance@example.com'] };
const synth = (props: Partial<MonthlyBudgetProps> = {}) => synthJson((scope) => new MonthlyBudget(scope, 'budget', { ...PROPS, ...props }));

describe('MonthlyBudget', () => {
  const json = synth();
  const budget = json.resource('aws_budgets_budget', 'budget');
  const notifications = (resource: Record<string, unknown>) =>
    (resource.notification as Record<string, unknown>[]).map((n) => [n.notification_type, n.threshold, n.comparison_operator, n.threshold_type]);

  it("budgets the month's cost of the environment's tag in USD", () => {
    expect(budget).toMatchObject({
      name: 'platform-test-monthly',
      budget_type: 'COST',
      time_unit: 'MONTHLY',
      limit_amount: '400',
      limit_unit: 'USD',
      cost_filter: [{ name: 'TagKeyValue', values: ['user:Environment$production'] }],
    });
  });

  it('notifies the topic and the mail addresses at 80, 90 and 100 % actual spend and at 100 % forecast', () => {
    expect(notifications(budget)).toEqual([
      ['ACTUAL', 80, 'GREATER_THAN', 'PERCENTAGE'],
      ['ACTUAL', 90, 'GREATER_THAN', 'PERCENTAGE'],
      ['ACTUAL', 100, 'GREATER_THAN', 'PERCENTAGE'],
      ['FORECASTED', 100, 'GREATER_THAN', 'PERCENTAGE'],
    ]);
    for (const notification of budget.notification as Record<string, unknown>[]) {
      expect(notification).toMatchObject({ subscriber_sns_topic_arns: [TOPIC], subscriber_email_addresses: ['finance@example.com'] });
    }
  });

  it('takes other thresholds, another tag key, no forecast and mail only', () => {
    const custom = synth({ thresholdsPercent: [50, 100, 120], forecastThresholdPercent: false, tagKey: 'CostCenter', environment: 'cc-42', topicArn: undefined }).resource('aws_budgets_budget', 'budget');
    expect(notifications(custom).map(([type, threshold]) => [type, threshold])).toEqual([
      ['ACTUAL', 50],
      ['ACTUAL', 100],
      ['ACTUAL', 120],
    ]);
    expect(custom.cost_filter).toEqual([{ name: 'TagKeyValue', values: ['user:CostCenter$cc-42'] }]);
    expect((custom.notification as Record<string, unknown>[])[0].subscriber_sns_topic_arns).toBeUndefined();
  });

  it("counts a whole project's costs by its tag (seed 003: $400 for StoryMagic's development and production)", () => {
    const project = synth({ environment: undefined, costFilterTags: { Project: 'storymagic' } }).resource('aws_budgets_budget', 'budget');
    expect(project).toMatchObject({ limit_amount: '400', cost_filter: [{ name: 'TagKeyValue', values: ['user:Project$storymagic'] }] });
    expect(notifications(project).filter(([type]) => type === 'ACTUAL').map(([, threshold]) => threshold)).toEqual([80, 90, 100]);
  });

  it('activates the cost allocation tags only when asked', () => {
    expect(json.resources('aws_ce_cost_allocation_tag')).toEqual([]);
    expect(synth({ activateCostAllocationTags: true }).resources('aws_ce_cost_allocation_tag')).toHaveLength(5);
  });

  it.each<[string, Partial<MonthlyBudgetProps>, RegExp]>([
    ['a limit of 0', { limitUsd: 0 }, /budget: limitUsd: 0 is not an amount above 0 USD/],
    ['a negative limit', { limitUsd: -400 }, /limitUsd: -400 is not an amount above 0 USD/],
    ['a threshold of 0 %', { thresholdsPercent: [0, 100] }, /thresholdsPercent: 0 is not a percentage above 0 and at most 1000/],
    ['a threshold above 1000 %', { thresholdsPercent: [1001] }, /thresholdsPercent: 1001 is not a percentage/],
    ['a threshold twice', { thresholdsPercent: [80, 80] }, /thresholdsPercent: lists '80' more than once/],
    ['a forecast threshold of 0', { forecastThresholdPercent: 0 }, /forecastThresholdPercent: 0 is not a percentage/],
    ['more notifications than Budgets allows', { thresholdsPercent: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100] }, /11 notifications exceed the 10 AWS Budgets allows per budget/],
    ['nobody to notify', { topicArn: undefined, emailAddresses: [] }, /topicArn: the budget would notify nobody/],
    ['a malformed mail address', { emailAddresses: ['finance'] }, /emailAddresses: 'finance' is not a mail address/],
    ['eleven mail addresses', { emailAddresses: Array.from({ length: 11 }, (_, index) => `f${index}@example.com`) }, /emailAddresses: 11 addresses exceed the 10 a notification allows/],
    ['a topic name instead of its ARN', { topicArn: 'platform-test-alarms-warning' }, /topicArn: 'platform-test-alarms-warning' is not an SNS topic ARN/],
    ['neither an environment nor filter tags', { environment: undefined }, /environment: neither environment nor costFilterTags says what the budget counts/],
    ['both an environment and filter tags', { costFilterTags: { Project: 'storymagic' } }, /costFilterTags: environment and costFilterTags exclude each other/],
    ['a tag key beside filter tags', { environment: undefined, tagKey: 'Project', costFilterTags: { Project: 'storymagic' } }, /tagKey: applies to environment only/],
    ['empty filter tags', { environment: undefined, costFilterTags: {} }, /costFilterTags: no tag is given/],
    ['an AWS tag key in the filter', { environment: undefined, costFilterTags: { 'aws:createdBy': 'x' } }, /costFilterTags.aws:createdBy: 'aws:createdBy' = 'x' is not a user-defined tag/],
    ['an empty tag value in the filter', { environment: undefined, costFilterTags: { Project: '' } }, /costFilterTags.Project: 'Project' = '' is not a user-defined tag/],
    ['a budget name with a colon', { name: 'platform:test' }, /name: 'platform:test' is not a budget name/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
