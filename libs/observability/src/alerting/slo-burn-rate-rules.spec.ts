import { AlertRule, RecordingRule } from './alert-types';
import { sloBurnRateRules } from './slo-burn-rate-rules';

const RUNBOOKS = 'https://runbooks.example.com';

function split(rules: readonly (AlertRule | RecordingRule)[]) {
  return {
    records: rules.filter((rule): rule is RecordingRule => 'record' in rule),
    alerts: rules.filter((rule): rule is AlertRule => 'alert' in rule),
  };
}

describe('sloBurnRateRules', () => {
  it('records the 5xx error ratio per namespace and service over every window the alerts read', () => {
    const { records } = split(sloBurnRateRules({ runbookBaseUrl: RUNBOOKS }).rules);
    expect(records.map((rule) => rule.record)).toEqual([
      'slo:http_error_ratio:rate5m',
      'slo:http_error_ratio:rate30m',
      'slo:http_error_ratio:rate1h',
      'slo:http_error_ratio:rate2h',
      'slo:http_error_ratio:rate6h',
      'slo:http_error_ratio:rate1d',
      'slo:http_error_ratio:rate3d',
    ]);
    expect(records[2].expr).toBe(
      'sum by (namespace, service) (rate(http_requests_total{status=~"5.."}[1h])) / sum by (namespace, service) (rate(http_requests_total[1h]))',
    );
  });

  it('alerts on the SRE Workbook burn rates, each on a long and a short window', () => {
    const group = sloBurnRateRules({ runbookBaseUrl: RUNBOOKS });
    expect(group.name).toBe('slo_burn_rate');
    const { alerts } = split(group.rules);
    expect(alerts.map((rule) => [rule.alert, rule.expr, rule.for, rule.severity])).toEqual([
      [
        'ErrorBudgetBurn1h',
        'slo:http_error_ratio:rate1h > (14.4 * (1 - 0.999)) and slo:http_error_ratio:rate5m > (14.4 * (1 - 0.999))',
        '2m',
        'critical',
      ],
      ['ErrorBudgetBurn6h', 'slo:http_error_ratio:rate6h > (6 * (1 - 0.999)) and slo:http_error_ratio:rate30m > (6 * (1 - 0.999))', '15m', 'critical'],
      ['ErrorBudgetBurn1d', 'slo:http_error_ratio:rate1d > (3 * (1 - 0.999)) and slo:http_error_ratio:rate2h > (3 * (1 - 0.999))', '1h', 'warning'],
      ['ErrorBudgetBurn3d', 'slo:http_error_ratio:rate3d > (1 * (1 - 0.999)) and slo:http_error_ratio:rate6h > (1 * (1 - 0.999))', '3h', 'warning'],
    ]);
    expect(alerts.map((rule) => rule.labels)).toEqual([
      { long_window: '1h', short_window: '5m' },
      { long_window: '6h', short_window: '30m' },
      { long_window: '1d', short_window: '2h' },
      { long_window: '3d', short_window: '6h' },
    ]);
    expect(alerts[0].description).toContain('At this rate 2 % of the 30-day error budget is gone every 1h.');
    expect(alerts[1].description).toContain('At this rate 5 % of the 30-day error budget is gone every 6h.');
    expect(alerts[3].description).toContain('its 99.9 % availability objective');
    expect(alerts[0].runbookUrl).toBe('https://runbooks.example.com/error-budget-burn1h');
  });

  it('narrows every rule to one service and uses its objective', () => {
    const group = sloBurnRateRules({ runbookBaseUrl: RUNBOOKS, service: 'novel-engine-backend-service', objective: 0.995 });
    expect(group.name).toBe('slo_burn_rate_novel-engine-backend-service');
    const { records, alerts } = split(group.rules);
    expect(records[0].expr).toBe(
      'sum by (namespace, service) (rate(http_requests_total{status=~"5..", service="novel-engine-backend-service"}[5m])) / ' +
        'sum by (namespace, service) (rate(http_requests_total{service="novel-engine-backend-service"}[5m]))',
    );
    expect(alerts[0].expr).toBe(
      'slo:http_error_ratio:rate1h{service="novel-engine-backend-service"} > (14.4 * (1 - 0.995)) and ' +
        'slo:http_error_ratio:rate5m{service="novel-engine-backend-service"} > (14.4 * (1 - 0.995))',
    );
  });

  it.each([0, 1, 1.5, -0.1, Number.NaN])('rejects objective %p', (objective) => {
    expect(() => sloBurnRateRules({ runbookBaseUrl: RUNBOOKS, objective })).toThrow(
      `sloBurnRateRules: objective: ${objective} is not between 0 and 1 (exclusive). Fix: write the objective as a fraction, such as 0.999 for 99.9 %; 1 would leave no error budget`,
    );
  });

  it('rejects a service that is not a Kubernetes service name', () => {
    expect(() => sloBurnRateRules({ runbookBaseUrl: RUNBOOKS, service: 'api"} or vector(1) #' })).toThrow(/service: 'api"} or vector\(1\) #' is not a Kubernetes service name/);
  });
});
