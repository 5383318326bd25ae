import { AlertingProblems } from './alerting-config-error';
import { AlertRule, AlertRuleGroup, RecordingRule, Severity } from './alert-types';
import { percent } from './private/percent';
import { runbookUrl } from './runbook-url';
import { durationSeconds } from './promql';

export interface SloBurnRateOptions {
  /** Base URL of the runbooks; each alert links `<runbookBaseUrl>/<alert-name-in-kebab-case>`. */
  readonly runbookBaseUrl: string;
  /**
   * Availability objective over 30 days: the share of requests that must not fail with a 5xx.
   * @default 0.999 - seeds 000 and 001: 99.9 % availability
   */
  readonly objective?: number;
  /**
   * Kubernetes service (the `service` label prometheus-operator sets on scraped targets) the objective is for.
   * Each service keeps its own error budget either way; set this to give one service its own objective, and then
   * leave it out of the platform-wide call so the recorded series are not written twice.
   * @default - every service
   */
  readonly service?: string;
}

/** Error-ratio windows the alerts read, recorded once so every evaluation reuses them. */
export const SLO_ERROR_RATIO_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type SloWindow = (typeof SLO_ERROR_RATIO_WINDOWS)[number];

/** Length of the SLO period the error budget is counted over (SRE Workbook ch. 5). */
const SLO_PERIOD_SECONDS = 30 * 86_400;

export interface BurnRateAlert {
  readonly alert: string;
  /** How many times faster than sustainable the budget is spent. */
  readonly burnRate: number;
  readonly longWindow: SloWindow;
  /** Confirms the burn is still happening, so the alert resets soon after the problem stops. */
  readonly shortWindow: SloWindow;
  readonly for: string;
  readonly severity: Severity;
}

/**
 * The multiwindow, multi-burn-rate alerts recommended by the Google SRE Workbook, ch. 5 "Alerting on SLOs" (table 5-8);
 * `for` and severities as in the kubernetes-mixin's KubeAPIErrorBudgetBurn alerts.
 */
export const SLO_BURN_RATE_ALERTS: readonly BurnRateAlert[] = [
  { alert: 'ErrorBudgetBurn1h', burnRate: 14.4, longWindow: '1h', shortWindow: '5m', for: '2m', severity: 'critical' },
  { alert: 'ErrorBudgetBurn6h', burnRate: 6, longWindow: '6h', shortWindow: '30m', for: '15m', severity: 'critical' },
  { alert: 'ErrorBudgetBurn1d', burnRate: 3, longWindow: '1d', shortWindow: '2h', for: '1h', severity: 'warning' },
  { alert: 'ErrorBudgetBurn3d', burnRate: 1, longWindow: '3d', shortWindow: '6h', for: '3h', severity: 'warning' },
];

const SERVICE_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Name of the recorded error ratio over `window`, e.g. `slo:http_error_ratio:rate1h`. */
export function sloErrorRatioRecord(window: SloWindow): string {
  return `slo:http_error_ratio:rate${window}`;
}

/**
 * Error-budget burn-rate alerts on the share of requests answered with a 5xx (`http_requests_total{status=~"5.."}`,
 * the applications' metric in seed 000), per namespace and service: recording rules for the error ratio over each
 * window, then four alerts that each fire only while both a long and a short window burn the budget too fast. The
 * two fast burns page (`critical`): at 14.4× a 1-hour burn spends 2 % of the 30-day budget, at 6× six hours spend
 * 5 %. The slow burns (3× over a day, 1× over three days: 10 % each) are `warning`s for working hours.
 */
export function sloBurnRateRules(options: SloBurnRateOptions): AlertRuleGroup {
  const objective = options.objective ?? 0.999;
  validate(options, objective);
  const selector = options.service === undefined ? '' : `service="${options.service}"`;
  const seriesSelector = selector === '' ? '' : `{${selector}}`;
  const errors = `{${['status=~"5.."', ...(selector === '' ? [] : [selector])].join(', ')}}`;
  const recordingRules: RecordingRule[] = SLO_ERROR_RATIO_WINDOWS.map((window) => ({
    record: sloErrorRatioRecord(window),
    expr: `sum by (namespace, service) (rate(http_requests_total${errors}[${window}])) / sum by (namespace, service) (rate(http_requests_total${seriesSelector}[${window}]))`,
  }));
  const alerts = SLO_BURN_RATE_ALERTS.map((burn): AlertRule => {
    const threshold = `(${burn.burnRate} * (1 - ${objective}))`;
    const budgetSpent = (burn.burnRate * durationSeconds(burn.longWindow)) / SLO_PERIOD_SECONDS;
    return {
      alert: burn.alert,
      expr: `${sloErrorRatioRecord(burn.longWindow)}${seriesSelector} > ${threshold} and ${sloErrorRatioRecord(burn.shortWindow)}${seriesSelector} > ${threshold}`,
      for: burn.for,
      severity: burn.severity,
      summary: `{{ $labels.service }} is spending its error budget ${burn.burnRate}x too fast`,
      description:
        `{{ $labels.service }} in {{ $labels.namespace }} fails more than ${burn.burnRate} times the ${percent(1 - objective)} of requests its ` +
        `${percent(objective)} availability objective allows, over the last ${burn.longWindow} and still over the last ${burn.shortWindow}. ` +
        `At this rate ${percent(budgetSpent)} of the 30-day error budget is gone every ${burn.longWindow}.`,
      runbookUrl: runbookUrl(options.runbookBaseUrl, burn.alert),
      labels: { long_window: burn.longWindow, short_window: burn.shortWindow },
    };
  });
  return { name: options.service === undefined ? 'slo_burn_rate' : `slo_burn_rate_${options.service}`, rules: [...recordingRules, ...alerts] };
}

function validate(options: SloBurnRateOptions, objective: number): void {
  const problems = new AlertingProblems();
  const where = 'sloBurnRateRules';
  problems.require(
    Number.isFinite(objective) && objective > 0 && objective < 1,
    where,
    'objective',
    `${objective} is not between 0 and 1 (exclusive)`,
    'write the objective as a fraction, such as 0.999 for 99.9 %; 1 would leave no error budget',
  );
  if (options.service !== undefined) {
    problems.require(SERVICE_NAME.test(options.service), where, 'service', `'${options.service}' is not a Kubernetes service name`, 'use the Service name, such as novel-engine-backend-service');
  }
  problems.require(options.runbookBaseUrl !== '', where, 'runbookBaseUrl', 'is empty', 'pass the https:// base URL of the runbooks');
  problems.throwIfAny('SLO burn-rate rules');
}
