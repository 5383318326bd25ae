import { AlertingProblems } from './alerting-config-error';
import { AlertRule, AlertRuleGroup } from './alert-types';
import { isPrometheusDuration } from './promql';
import { runbookUrl } from './runbook-url';

export interface ReleaseRuleOptions {
  /** Base URL of the runbooks; each alert links `<runbookBaseUrl>/<alert-name-in-kebab-case>`. */
  readonly runbookBaseUrl: string;
  /**
   * How long a Rollout must stay aborted or stuck before it pages: long enough to ride out a reconcile that clears
   * a transient error, short enough that the person who released hears of the rollback at once.
   * @default '1m'
   */
  readonly abortedFor?: string;
  /**
   * How long a Rollout may stay paused before it warns: longer than all timed pauses of a canary together (seed 003:
   * 10 and 5 minutes; consecutive pauses can look like one between two scrapes), so a longer pause is one Argo
   * Rollouts cannot end itself: an inconclusive analysis (no requests measured) waiting for a person.
   * @default '30m'
   */
  readonly pausedFor?: string;
  /**
   * How long the controller's own metrics may be missing before the guard warns (the alerts above are blind then).
   * @default '15m'
   */
  readonly metricsAbsentFor?: string;
}

/**
 * The phases of `rollout_info` (Argo Rollouts v1.9 controller/metrics/rollouts.go `calculatePhase`) in which a release
 * has stopped without finishing: `Abort` (a failed analysis or a person aborted: traffic is back on the stable
 * version), `Timeout` (progressDeadlineSeconds passed: the new pods never became ready), `Error` (the controller could
 * not create the new ReplicaSet, e.g. quota) and `InvalidSpec`. The Rollout's own status shows each as `Degraded`.
 * The others are `Progressing`, `Paused` and `Completed`.
 */
export const ROLLOUT_STOPPED_PHASES: readonly string[] = ['Abort', 'Error', 'Timeout', 'InvalidSpec'];

/**
 * Metric the Argo Rollouts controller exports on every scrape whatever Rollouts exist (`argo_rollouts_controller_info`,
 * value 1 with its version): `rollout_info` has no series while no Rollout exists, so it cannot be guarded itself.
 */
export const ARGO_ROLLOUTS_CONTROLLER_METRIC = 'argo_rollouts_controller_info';

/**
 * Alerts on the releases Argo Rollouts runs, group `release_alerts`: Terraform does not wait for a canary or a
 * blue/green release, so these are what tells anyone that one was rolled back or waits for a person.
 *
 * - `RolloutAborted` (`critical`): a Rollout in a stopped phase (ROLLOUT_STOPPED_PHASES). The stable version serves
 *   users, but the release did not happen and stays so until someone acts.
 * - `RolloutPausedTooLong` (`warning`): a Rollout paused longer than any timed pause of the platform, i.e. an
 *   inconclusive analysis waiting for `kubectl argo rollouts promote|abort`.
 * - `ArgoRolloutsMetricsAbsent` (`warning`): the controller's metrics are not scraped, so the two alerts above cannot
 *   fire. Keep this group out of metricPresenceRules: it would guard `rollout_info`, which is absent whenever no
 *   Rollout exists (every service rolling), and fire for nothing.
 *
 * Metric and label names verified against argoproj/argo-rollouts controller/metrics/prommetrics.go at tag v1.9.0
 * (`rollout_info{namespace, name, strategy, traffic_router, phase}` = 1). The series are aggregated by Rollout, since
 * with two controller replicas each may export it; the ServiceMonitor keeps the Rollout's `namespace` (honorLabels).
 */
export function releaseRules(options: ReleaseRuleOptions): AlertRuleGroup {
  const abortedFor = options.abortedFor ?? '1m';
  const pausedFor = options.pausedFor ?? '30m';
  const metricsAbsentFor = options.metricsAbsentFor ?? '15m';
  validateReleaseRuleOptions(options.runbookBaseUrl, { abortedFor, pausedFor, metricsAbsentFor });
  const rule = (alert: Omit<AlertRule, 'runbookUrl'>): AlertRule => ({ ...alert, runbookUrl: runbookUrl(options.runbookBaseUrl, alert.alert) });
  const byRollout = (phase: string) => `max by (namespace, name, strategy, phase) (rollout_info{phase${phase}}) == 1`;
  return {
    name: 'release_alerts',
    rules: [
      rule({
        alert: 'RolloutAborted',
        expr: byRollout(`=~"${ROLLOUT_STOPPED_PHASES.join('|')}"`),
        for: abortedFor,
        severity: 'critical',
        summary: 'Release of {{ $labels.namespace }}/{{ $labels.name }} stopped ({{ $labels.phase }})',
        description:
          'The {{ $labels.strategy }} release of Rollout {{ $labels.namespace }}/{{ $labels.name }} is in phase {{ $labels.phase }}: Abort means its analysis failed (or someone aborted) and traffic is back on the stable version; ' +
          'Timeout means the new pods never became ready; Error or InvalidSpec means the controller cannot run it. ' +
          'See why with `kubectl argo rollouts get rollout {{ $labels.name }} -n {{ $labels.namespace }}` and the AnalysisRun it names; release a fixed image, or `kubectl argo rollouts retry rollout {{ $labels.name }} -n {{ $labels.namespace }}` once the cause is gone.',
      }),
      rule({
        alert: 'RolloutPausedTooLong',
        expr: byRollout(`="Paused"`),
        for: pausedFor,
        severity: 'warning',
        summary: 'Release of {{ $labels.namespace }}/{{ $labels.name }} has waited paused for over ' + pausedFor,
        description:
          `Rollout {{ $labels.namespace }}/{{ $labels.name }} has been paused for more than ${pausedFor}, longer than any timed pause of the platform's canaries: its analysis was most likely inconclusive (no requests measured) and the release waits for a person. ` +
          'Check the new version (`kubectl argo rollouts get rollout {{ $labels.name }} -n {{ $labels.namespace }}`), then `kubectl argo rollouts promote {{ $labels.name }} -n {{ $labels.namespace }}` or `kubectl argo rollouts abort {{ $labels.name }} -n {{ $labels.namespace }}`.',
      }),
      rule({
        alert: 'ArgoRolloutsMetricsAbsent',
        expr: `absent(${ARGO_ROLLOUTS_CONTROLLER_METRIC})`,
        for: metricsAbsentFor,
        severity: 'warning',
        summary: 'No Argo Rollouts controller metrics: failed or waiting releases cannot alert',
        description:
          `Prometheus has no series of ${ARGO_ROLLOUTS_CONTROLLER_METRIC}, so RolloutAborted and RolloutPausedTooLong cannot fire. ` +
          'Check that the controller runs in argo-rollouts, that its ServiceMonitor selects the argo-rollouts-metrics Service (Status → Targets) and that nothing blocks port 8090.',
      }),
    ],
  };
}

function validateReleaseRuleOptions(runbookBaseUrl: string, durations: Record<'abortedFor' | 'pausedFor' | 'metricsAbsentFor', string>): void {
  const problems = new AlertingProblems();
  const where = 'releaseRules';
  problems.require(runbookBaseUrl !== '', where, 'runbookBaseUrl', 'is empty', 'pass the https:// base URL of the runbooks');
  for (const [field, value] of Object.entries(durations)) {
    problems.require(isPrometheusDuration(value) && value !== '0', where, field, `'${value}' is not a positive Prometheus duration`, "write a number and unit such as '30m'");
  }
  problems.throwIfAny('Release rules');
}
