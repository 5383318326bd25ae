import { synthJson } from '@platform/terraform-testing';
import { TerraformVariable } from 'cdktf';
import { ALERTMANAGER_RECEIVER_SECRET } from '../alerting/alert-types';
import { argoRolloutsServiceMonitor } from './argo-rollouts-service-monitor';
import { KubePrometheusStack, KubePrometheusStackProps } from './kube-prometheus-stack';
import { manifestOf, releaseSettings, valuesOf } from './private/testing';

const ALERTMANAGER_CONFIG = {
  route: { receiver: 'email', group_by: ['alertname'], routes: [{ receiver: 'pagerduty', matchers: ['severity="critical"'] }] },
  receivers: [{ name: 'email' }, { name: 'pagerduty' }],
};
const SLO_GROUPS = [{ name: 'slo', rules: [{ record: 'slo:http_error_ratio:rate5m', expr: 'sum(rate(http_requests_total[5m]))' }] }];
const RULE_GROUPS = {
  'novel-engine': [{ name: 'novel_engine_alerts', rules: [{ alert: 'HighErrorRate', expr: 'rate(http_requests_total{status=~"5.."}[5m]) > 0.1', for: '2m', labels: { severity: 'critical' } }] }],
  slo: SLO_GROUPS,
};
const LOKI = { name: 'Loki', type: 'loki', uid: 'loki', url: 'http://loki.monitoring.svc.cluster.local:3100', access: 'proxy', editable: false } as const;
const PROPS: KubePrometheusStackProps = {
  alertmanagerConfig: ALERTMANAGER_CONFIG,
  receiverSecrets: { 'pagerduty-routing-key': 'platform/production/observability/pagerduty', 'slack-webhook-url': 'platform/production/observability/slack' },
  ruleGroups: RULE_GROUPS,
  grafana: { hostname: 'grafana.example.com', adminSecretName: 'platform/production/observability/grafana-admin' },
  additionalDatasources: [LOKI],
};
const synth = (props: Partial<KubePrometheusStackProps> = {}) => synthJson((scope) => new KubePrometheusStack(scope, 'stack', { ...PROPS, ...props }));

describe('KubePrometheusStack', () => {
  const json = synth();
  const release = json.resource('helm_release', 'stack');
  const values = valuesOf(release);
  const prometheus = values.prometheus.prometheusSpec;
  const grafana = values.grafana;

  it('installs the pinned chart into monitoring, atomically, waiting for both synced Secrets', () => {
    expect(release).toMatchObject({ ...releaseSettings('kubePrometheusStack'), chart: 'kube-prometheus-stack', version: '88.5.3', timeout: 900 });
    expect(release.depends_on).toEqual([
      `kubernetes_manifest.${json.resource('kubernetes_manifest', 'GrafanaAdminSecret').logicalId}`,
      `kubernetes_manifest.${json.resource('kubernetes_manifest', 'ReceiverSecret').logicalId}`,
    ]);
  });

  it('scrapes and evaluates every 15 s and keeps 15 days on a 50 GiB gp3 volume, trimming at 90 % of it', () => {
    expect(prometheus).toMatchObject({ scrapeInterval: '15s', evaluationInterval: '15s', retention: '15d', retentionSize: '45GiB', remoteWrite: [] });
    expect(prometheus.storageSpec).toEqual({
      volumeClaimTemplate: { spec: { storageClassName: 'gp3', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } } } },
    });
  });

  it('selects rules, ServiceMonitors, PodMonitors, Probes and ScrapeConfigs of every release', () => {
    for (const kind of ['rule', 'serviceMonitor', 'podMonitor', 'probe', 'scrapeConfig']) expect(prometheus[`${kind}SelectorNilUsesHelmValues`]).toBe(false);
  });

  it('renders each rule file as its own PrometheusRule', () => {
    expect(values.additionalPrometheusRulesMap).toEqual({ 'novel-engine': { groups: RULE_GROUPS['novel-engine'] }, slo: { groups: RULE_GROUPS.slo } });
  });

  it('runs exactly the given Alertmanager configuration: keys of the chart’s example it lacks are removed', () => {
    expect(values.alertmanager.config).toEqual({
      global: null,
      inhibit_rules: null,
      templates: null,
      receivers: ALERTMANAGER_CONFIG.receivers,
      route: { ...ALERTMANAGER_CONFIG.route, group_wait: null, group_interval: null, repeat_interval: null },
    });
  });

  it('syncs the receiver credentials into the Secret Alertmanager mounts', () => {
    expect(values.alertmanager.alertmanagerSpec.secrets).toEqual([ALERTMANAGER_RECEIVER_SECRET.name]);
    expect(manifestOf(json, 'ReceiverSecret')).toMatchObject({
      metadata: { name: 'alertmanager-receivers', namespace: 'monitoring' },
      spec: {
        data: [
          { secretKey: 'pagerduty-routing-key', remoteRef: { key: 'platform/production/observability/pagerduty' } },
          { secretKey: 'slack-webhook-url', remoteRef: { key: 'platform/production/observability/slack' } },
        ],
      },
    });
    const without = synth({ receiverSecrets: undefined });
    expect(valuesOf(without.resource('helm_release', 'stack')).alertmanager.alertmanagerSpec.secrets).toEqual([]);
    expect(without.resources('kubernetes_manifest')).toHaveLength(1);
  });

  it('runs two Alertmanagers on volumes behind a disruption budget, one when asked', () => {
    expect(values.alertmanager.alertmanagerSpec).toMatchObject({ replicas: 2, storage: { volumeClaimTemplate: { spec: { storageClassName: 'gp3' } } } });
    expect(values.alertmanager.podDisruptionBudget).toEqual({ enabled: true, minAvailable: 1 });
    const single = valuesOf(synth({ alertmanagerReplicas: 1 }).resource('helm_release', 'stack')).alertmanager;
    expect([single.alertmanagerSpec.replicas, single.podDisruptionBudget.enabled]).toEqual([1, false]);
  });

  it('gives Grafana its admin from the synced Secret grafana-admin', () => {
    expect(grafana.admin).toEqual({ existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' });
    expect(manifestOf(json, 'GrafanaAdminSecret').spec.data).toEqual([
      { secretKey: 'admin-user', remoteRef: { key: 'platform/production/observability/grafana-admin', property: 'admin-user' } },
      { secretKey: 'admin-password', remoteRef: { key: 'platform/production/observability/grafana-admin', property: 'admin-password' } },
    ]);
  });

  it('serves Grafana through the shared ALB (the alb IngressClass), health-checked on /api/health', () => {
    expect(grafana.ingress).toEqual({
      enabled: true,
      ingressClassName: 'alb',
      annotations: { 'alb.ingress.kubernetes.io/healthcheck-path': '/api/health' },
      hosts: ['grafana.example.com'],
      path: '/',
    });
    expect(grafana['grafana.ini'].server.root_url).toBe('https://grafana.example.com');
  });

  it('joins the shared ALB with the annotations it is given, keeping its own health check path', () => {
    const shared = { 'alb.ingress.kubernetes.io/wafv2-acl-arn': 'arn:aws:wafv2:eu-central-1:123456789012:regional/webacl/platform-ingress/1', 'alb.ingress.kubernetes.io/healthcheck-path': '/' };
    const joined = valuesOf(synth({ grafana: { ...PROPS.grafana, ingressAnnotations: shared } }).resource('helm_release', 'stack')).grafana.ingress.annotations;
    expect(joined).toEqual({ 'alb.ingress.kubernetes.io/wafv2-acl-arn': shared['alb.ingress.kubernetes.io/wafv2-acl-arn'], 'alb.ingress.kubernetes.io/healthcheck-path': '/api/health' });
  });

  it('keeps Grafana’s database on a volume', () => {
    expect(grafana.persistence).toEqual({ enabled: true, type: 'sts', storageClassName: 'gp3', accessModes: ['ReadWriteOnce'], size: '10Gi' });
  });

  it('loads the default dashboards and labelled dashboard ConfigMaps of its namespace only, with namespaced RBAC', () => {
    expect(grafana.defaultDashboardsEnabled).toBe(true);
    expect(grafana.sidecar.dashboards).toMatchObject({ enabled: true, label: 'grafana_dashboard', labelValue: '1', searchNamespace: ['monitoring'], resource: 'configmap' });
    expect(grafana.rbac).toEqual({ namespaced: true });
  });

  it('provisions the additional data sources', () => {
    expect(grafana.additionalDataSources).toEqual([LOKI]);
  });

  it('requests resources for every component and limits their memory', () => {
    for (const resources of [prometheus.resources, values.alertmanager.alertmanagerSpec.resources, grafana.resources, grafana.sidecar.resources, values.prometheusOperator.resources, values['kube-state-metrics'].resources, values['prometheus-node-exporter'].resources]) {
      expect(resources).toEqual({ requests: { cpu: expect.any(String), memory: expect.any(String) }, limits: { memory: expect.any(String) } });
    }
  });

  it('turns off the control plane jobs EKS does not expose', () => {
    for (const component of ['kubeControllerManager', 'kubeScheduler', 'kubeEtcd']) expect(values[component]).toEqual({ enabled: false });
  });

  it('writes to remote endpoints and sizes Prometheus as asked', () => {
    const tuned = valuesOf(synth({ retentionDays: 30, storageGiB: 200, storageClassName: 'gp3-encrypted', remoteWriteUrls: ['https://metrics.example.com/api/v1/write'] }).resource('helm_release', 'stack'));
    expect(tuned.prometheus.prometheusSpec).toMatchObject({ retention: '30d', retentionSize: '180GiB', remoteWrite: [{ url: 'https://metrics.example.com/api/v1/write' }] });
    expect(tuned.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec).toMatchObject({ storageClassName: 'gp3-encrypted', resources: { requests: { storage: '200Gi' } } });
  });

  it('passes a Grafana host known only at apply time through as a reference', () => {
    const late = synthJson((scope) => {
      const host = new TerraformVariable(scope, 'host', {});
      new KubePrometheusStack(scope, 'stack', { ...PROPS, grafana: { ...PROPS.grafana, hostname: host.stringValue } });
    });
    expect(valuesOf(late.resource('helm_release', 'stack')).grafana.ingress.hosts).toEqual(['${var.host}']);
  });

  it('renders the given ServiceMonitors beside Prometheus, none by default', () => {
    expect(values.prometheus.additionalServiceMonitors).toEqual([]);
    const monitor = argoRolloutsServiceMonitor();
    expect(valuesOf(synth({ additionalServiceMonitors: [monitor] }).resource('helm_release', 'stack')).prometheus.additionalServiceMonitors).toEqual([monitor]);
  });

  it.each<[string, Partial<KubePrometheusStackProps>, RegExp]>([
    ['a retention under one day', { retentionDays: 0 }, /stack: retentionDays: 0 is not a whole number of at least 1 day\(s\)/],
    ['a volume under 10 GiB', { storageGiB: 5 }, /stack: storageGiB: 5 is not a whole number of at least 10 GiB/],
    ['a plain-HTTP remote write endpoint', { remoteWriteUrls: ['http://metrics.example.com'] }, /stack: remoteWriteUrls: 'http:\/\/metrics.example.com' is not an https:\/\/ URL/],
    ['a remote write endpoint twice', { remoteWriteUrls: ['https://a.example.com', 'https://a.example.com'] }, /stack: remoteWriteUrls: lists an endpoint twice/],
    ['a Grafana host that is no DNS name', { grafana: { ...PROPS.grafana, hostname: 'https://grafana' } }, /stack: grafana.hostname: 'https:\/\/grafana' is not a DNS name/],
    ['a malformed admin secret', { grafana: { ...PROPS.grafana, adminSecretName: 'grafana admin' } }, /stack: grafana.adminSecretName: 'grafana admin' is not a Secrets Manager secret name or ARN/],
    ['an Alertmanager configuration without receivers', { alertmanagerConfig: { route: {} } }, /stack: alertmanagerConfig: has no receivers/],
    ['a receiver secret the configuration does not read', { receiverSecrets: { 'opsgenie-key': 'a/b' } }, /stack: receiverSecrets.opsgenie-key: 'opsgenie-key' is not a key the Alertmanager configuration reads\. Fix: use one of pagerduty-routing-key, slack-webhook-url, smtp-password/],
    ['no receiver secret', { receiverSecrets: {} }, /stack: receiverSecrets: is empty/],
    ['a rule name the chart would cut', { ruleGroups: { ['a'.repeat(42)]: SLO_GROUPS } }, /stack: ruleGroups.a+: 'a+' is not a valid rule name\. Fix: use lower-case letters, digits and hyphens, at most 41 characters/],
    ['a rule file without groups', { ruleGroups: { slo: [] } }, /stack: ruleGroups.slo: has no rule group/],
    ['two groups of one name', { ruleGroups: { slo: [...SLO_GROUPS, ...SLO_GROUPS] } }, /stack: ruleGroups.slo: has two groups of the same name/],
    ['zero Alertmanagers', { alertmanagerReplicas: 0 }, /stack: alertmanagerReplicas: 0 is not a whole number of at least 1 replica/],
    ['a data source with the chart’s Prometheus uid', { additionalDatasources: [{ ...LOKI, uid: 'prometheus' }] }, /stack: additionalDatasources: two data sources share a uid/],
    ['a malformed Prometheus memory', { prometheusResources: { requests: { cpu: '1', memory: '2 GB' }, limits: { memory: '4Gi' } } }, /stack: prometheusResources.requests.memory: '2 GB' is not a Kubernetes quantity/],
    ['a ServiceMonitor selecting every Service', { additionalServiceMonitors: [{ ...argoRolloutsServiceMonitor(), selector: { matchLabels: {} } }] }, /stack: additionalServiceMonitors.argo-rollouts.selector: selects every Service/],
    ['a ServiceMonitor without namespaces', { additionalServiceMonitors: [{ ...argoRolloutsServiceMonitor(), namespaceSelector: { matchNames: [] } }] }, /stack: additionalServiceMonitors.argo-rollouts.namespaceSelector: names no namespace/],
    ['a ServiceMonitor without endpoints', { additionalServiceMonitors: [{ ...argoRolloutsServiceMonitor(), endpoints: [] }] }, /stack: additionalServiceMonitors.argo-rollouts.endpoints: is empty/],
    ['two ServiceMonitors of one name', { additionalServiceMonitors: [argoRolloutsServiceMonitor(), argoRolloutsServiceMonitor()] }, /stack: additionalServiceMonitors: has two ServiceMonitors of the same name/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
