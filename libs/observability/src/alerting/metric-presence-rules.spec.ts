import { metricPresenceRules } from './metric-presence-rules';
import { renderRuleGroups } from './prometheus-rules';
import { platformThresholdRules, seedNovelEngineRules } from './seed-rules';
import { sloBurnRateRules } from './slo-burn-rate-rules';

const runbookBaseUrl = 'https://runbooks.example.com';

describe('metricPresenceRules', () => {
  const seedGroups = [seedNovelEngineRules(runbookBaseUrl), platformThresholdRules({ runbookBaseUrl }), sloBurnRateRules({ runbookBaseUrl })];
  const group = metricPresenceRules({ runbookBaseUrl, groups: seedGroups });

  it('guards every metric of the seed rules that no always-running exporter produces with an absent() alert', () => {
    expect(group.rules.map((rule) => rule.expr)).toEqual([
      'absent(http_requests_total)',
      'absent(http_request_duration_seconds_bucket)',
      'absent(pg_stat_activity_count)',
      'absent(narrative_queue_depth)',
    ]);
  });

  it('leaves out kube-state-metrics, node-exporter, kubelet and cAdvisor series and the recorded SLO ratios', () => {
    const guarded = group.rules.map((rule) => rule.expr).join(' ');
    for (const metric of ['kube_pod_container_resource_limits', 'node_filesystem_avail_bytes', 'kubelet_volume_stats_used_bytes', 'container_memory_working_set_bytes', 'slo:http_error_ratio:rate1h']) {
      expect(guarded).not.toContain(metric);
    }
  });

  it('names each alert after its metric, warns after 15 minutes and renders as valid rules', () => {
    expect(group.rules[0]).toMatchObject({ alert: 'HttpRequestsTotalAbsent', for: '15m', severity: 'warning', labels: { metric: 'http_requests_total' }, runbookUrl: 'https://runbooks.example.com/metric-absent' });
    expect(() => renderRuleGroups([...seedGroups, group])).not.toThrow();
  });

  it('refuses an empty runbook base URL', () => {
    expect(() => metricPresenceRules({ runbookBaseUrl: '', groups: seedGroups })).toThrow(/runbookBaseUrl: is empty/);
  });
});
