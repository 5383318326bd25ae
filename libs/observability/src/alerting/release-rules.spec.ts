import { AlertRule } from './alert-types';
import { metricPresenceRules } from './metric-presence-rules';
import { renderRuleGroups } from './prometheus-rules';
import { releaseRules } from './release-rules';

const RUNBOOKS = 'https://runbooks.example.com';

describe('releaseRules', () => {
  const group = releaseRules({ runbookBaseUrl: RUNBOOKS });
  const [rendered] = renderRuleGroups([group]);
  const rule = (alert: string) => rendered.rules.find((candidate) => candidate.alert === alert);

  it('pages after a minute when a Rollout is aborted, timed out or cannot run, per Rollout whatever controller replica exports it', () => {
    expect(rendered.name).toBe('release_alerts');
    expect(rule('RolloutAborted')).toMatchObject({
      expr: 'max by (namespace, name, strategy, phase) (rollout_info{phase=~"Abort|Error|Timeout|InvalidSpec"}) == 1',
      for: '1m',
      labels: { severity: 'critical' },
      annotations: { runbook_url: 'https://runbooks.example.com/rollout-aborted' },
    });
  });

  it('warns when a Rollout has been paused for 30 minutes and says how to promote or abort it', () => {
    const paused = rule('RolloutPausedTooLong');
    expect(paused).toMatchObject({ expr: 'max by (namespace, name, strategy, phase) (rollout_info{phase="Paused"}) == 1', for: '30m', labels: { severity: 'warning' } });
    expect(paused?.annotations?.description).toContain('kubectl argo rollouts promote {{ $labels.name }} -n {{ $labels.namespace }}');
    expect(paused?.annotations?.description).toContain('kubectl argo rollouts abort {{ $labels.name }} -n {{ $labels.namespace }}');
  });

  it('guards the controller’s own metric, which exists whether or not any Rollout does', () => {
    expect(rule('ArgoRolloutsMetricsAbsent')).toMatchObject({ expr: 'absent(argo_rollouts_controller_info)', for: '15m', labels: { severity: 'warning' } });
    // metricPresenceRules would guard rollout_info, absent while no Rollout exists: the group stays out of it.
    expect(metricPresenceRules({ runbookBaseUrl: RUNBOOKS, groups: [group] }).rules.map((guard) => (guard as AlertRule).alert)).toContain('RolloutInfoAbsent');
  });

  it('takes other durations', () => {
    const custom = releaseRules({ runbookBaseUrl: RUNBOOKS, abortedFor: '5m', pausedFor: '1h', metricsAbsentFor: '30m' });
    expect(custom.rules.map((candidate) => [(candidate as AlertRule).alert, (candidate as AlertRule).for])).toEqual([
      ['RolloutAborted', '5m'],
      ['RolloutPausedTooLong', '1h'],
      ['ArgoRolloutsMetricsAbsent', '30m'],
    ]);
    expect((custom.rules[1] as AlertRule).description).toContain('paused for more than 1h');
  });

  it('rejects durations that are not positive Prometheus durations and an empty runbook base', () => {
    expect(() => releaseRules({ runbookBaseUrl: '', abortedFor: '0', pausedFor: '30 minutes' })).toThrow(
      [
        'Release rules: 3 problems to fix:',
        '  - releaseRules: runbookBaseUrl: is empty. Fix: pass the https:// base URL of the runbooks',
        "  - releaseRules: abortedFor: '0' is not a positive Prometheus duration. Fix: write a number and unit such as '30m'",
        "  - releaseRules: pausedFor: '30 minutes' is not a positive Prometheus duration. Fix: write a number and unit such as '30m'",
      ].join('\n'),
    );
  });
});
