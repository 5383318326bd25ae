import type { CdktfStackJson } from './cdktf-resources';
import { budgetWarning, estimateSynthesizedEnvironment, usd } from './environment-cost';
import { formatCostReport } from './format-cost-report';

const PROVIDER = { aws: [{ region: 'eu-central-1' }] };

/** Stacks of an environment: NAT gateways and keys in one, the budget in the monitoring stack. */
function environment(budget: string | undefined): Record<string, CdktfStackJson> {
  return {
    'env-network': {
      provider: PROVIDER,
      resource: {
        aws_nat_gateway: { a: {}, b: {} },
        aws_kms_key: { flow_logs: {} },
        aws_s3_bucket: { logs: {} },
      },
    },
    'env-monitoring': {
      provider: PROVIDER,
      resource: {
        aws_cloudwatch_dashboard: { ops: {} },
        ...(budget === undefined ? {} : { aws_budgets_budget: { monthly: { budget_type: 'COST', time_unit: 'MONTHLY', limit_amount: budget, limit_unit: 'USD' } } }),
      },
    },
  };
}

describe('budgetWarning', () => {
  // 2 × 0.052 × 730 = 75.92 for the NAT gateways, 1.00 the key, 3.00 the dashboard: 79.92
  it('is silent within the budget and without one', () => {
    expect(estimateSynthesizedEnvironment('env', environment('80')).totalMonthlyUsd).toBeCloseTo(79.92, 6);
    expect(budgetWarning(estimateSynthesizedEnvironment('env', environment('80')))).toBeUndefined();
    expect(budgetWarning(estimateSynthesizedEnvironment('env', environment(undefined)))).toBeUndefined();
  });

  it('over the budget, names the environment, the estimate, the budget and the three biggest items', () => {
    const warning = budgetWarning(estimateSynthesizedEnvironment('env', environment('50'))) ?? '';
    expect(warning.split('\n')[0]).toMatch(/^warning: env: estimated monthly cost \$79\.92 exceeds its budget \$50\.00 by \$29\.92 .*Fix: /);
    expect(warning.split('\n').slice(1)).toEqual([
      '  aws_nat_gateway.a (env-network) $37.96: NAT gateway, 730 h; data processed per GB not priced',
      '  aws_nat_gateway.b (env-network) $37.96: NAT gateway, 730 h; data processed per GB not priced',
      "  aws_cloudwatch_dashboard.ops (env-monitoring) $3.00: dashboard (the account's first three are free: not deducted)",
    ]);
  });
});

describe('formatCostReport', () => {
  const report = formatCostReport(estimateSynthesizedEnvironment('env', environment('50')));

  it('prints each stack with its items and subtotal, the total, the budget and the difference', () => {
    expect(report).toContain('env-network\n        $37.96  aws_nat_gateway.a\n');
    expect(report).toMatch(/ {8}\$76\.92 {2}subtotal env-network/);
    expect(report).toMatch(/ {6}\$79\.92 {2}total\n {6}\$50\.00 {2}budget\n {5}-\$29\.92 {2}OVER BUDGET \(warning only\)/);
  });

  it('lists what is not priced and why', () => {
    expect(report).toContain('aws_s3_bucket (1): usage-priced: storage volume and requests unknown');
  });

  it('formats dollars with thousands separators and two decimals', () => {
    expect(usd(1234.5)).toBe('$1,234.50');
    expect(usd(-0.005)).toBe('-$0.01');
  });
});

describe('a cross-region read replica', () => {
  const stacks: Record<string, CdktfStackJson> = {
    'env-data': {
      provider: PROVIDER,
      resource: { aws_db_instance: { postgres: { identifier: 'platform-env', engine: 'postgres', instance_class: 'db.t3.medium', allocated_storage: 100, multi_az: true } } },
    },
    'env-data-eu-west-1': {
      provider: { aws: [{ region: 'eu-west-1' }] },
      resource: {
        aws_db_instance: {
          replica: { identifier: 'platform-env-euw1', replicate_source_db: 'arn:aws:rds:eu-central-1:123456789012:db:platform-env', instance_class: 'db.t3.medium', multi_az: false },
          orphan: { identifier: 'orphan', replicate_source_db: 'arn:aws:rds:eu-central-1:123456789012:db:somewhere-else', instance_class: 'db.t3.medium' },
        },
      },
    },
  };

  it('is priced with its source’s engine and storage, found in another stack of the environment; an unknown source stays unpriced', () => {
    const estimate = estimateSynthesizedEnvironment('env', stacks);
    const replica = estimate.lineItems.filter((item) => item.address === 'aws_db_instance.replica');
    expect(replica.map((item) => item.description)).toEqual([expect.stringMatching(/^db\.t3\.medium Single-AZ read replica PostgreSQL/), expect.stringMatching(/^100 GB gp2/)]);
    expect(estimate.lineItems.some((item) => item.address === 'aws_db_instance.orphan')).toBe(false);
    expect(estimate.notPriced.map((entry) => entry.type)).toContain('aws_db_instance');
  });
});
