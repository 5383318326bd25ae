import { GLOBAL_PRICES } from '../price-table';
import { monthly, type PriceRule } from './rule-helpers';
import { block, blocks, numberOf, stringOf } from './values';

/** CloudWatch prices an alarm per metric it evaluates; under 60 s it is a high-resolution alarm. */
const metricAlarm: PriceRule = (resource) => {
  const queries = blocks(resource.values, 'metric_query');
  const metrics = queries.length > 0 ? Math.max(1, queries.filter((query) => block(query, 'metric') !== undefined).length) : 1;
  const periods = [numberOf(resource.values, 'period'), ...queries.map((query) => numberOf(block(query, 'metric'), 'period'))].filter((period): period is number => period !== undefined);
  const highResolution = periods.some((period) => period < 60);
  const price = highResolution ? GLOBAL_PRICES.cloudwatchHighResolutionAlarmMetricMonth : GLOBAL_PRICES.cloudwatchAlarmMetricMonth;
  const what = `${highResolution ? 'high-resolution' : 'standard'} alarm${metrics > 1 ? `, ${metrics} metrics` : ''}`;
  return { items: [monthly(what, metrics, 'alarm-metric-months', price)] };
};

const dashboard: PriceRule = () => ({
  items: [monthly("dashboard (the account's first three are free: not deducted)", 1, 'dashboard-months', GLOBAL_PRICES.cloudwatchDashboardMonth)],
});

const kmsKey: PriceRule = () => ({
  items: [monthly('customer managed key; requests and rotated key material not priced', 1, 'key-months', GLOBAL_PRICES.kmsKeyMonth)],
});

const secret: PriceRule = () => ({
  items: [monthly('secret; API calls not priced', 1, 'secret-months', GLOBAL_PRICES.secretMonth)],
});

const hostedZone: PriceRule = () => ({
  items: [monthly('hosted zone; queries not priced', 1, 'zone-months', GLOBAL_PRICES.route53ZoneMonth)],
});

const webAcl: PriceRule = (resource) => {
  const rules = blocks(resource.values, 'rule').length;
  const name = stringOf(resource.values, 'name');
  return {
    items: [
      monthly(`web ACL${name ? ` ${name}` : ''}; requests not priced`, 1, 'ACL-months', GLOBAL_PRICES.wafWebAclMonth),
      ...(rules > 0 ? [monthly(`${rules} rule(s) and managed rule groups of the web ACL`, rules, 'rule-months', GLOBAL_PRICES.wafRuleMonth)] : []),
    ],
  };
};

export const ACCOUNT_RULES: Readonly<Record<string, PriceRule>> = {
  aws_cloudwatch_metric_alarm: metricAlarm,
  aws_cloudwatch_dashboard: dashboard,
  aws_kms_key: kmsKey,
  aws_secretsmanager_secret: secret,
  aws_route53_zone: hostedZone,
  aws_wafv2_web_acl: webAcl,
};
