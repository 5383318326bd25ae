import { synthJson } from '@platform/terraform-testing';
import { GrafanaDashboardConfigMaps, GrafanaDashboardConfigMapsProps } from './grafana-dashboard-config-maps';

const NOVEL_ENGINE = { uid: 'novel-engine', title: 'Novel Engine Monitoring', panels: [{ type: 'timeseries', targets: [{ expr: 'rate(http_requests_total[5m])', legendFormat: '{{instance}}' }] }] };
const SERVICES = { uid: 'application_services', title: 'Application Services Overview', templating: { list: [{ name: 'namespace', query: 'label_values(namespace)' }] }, panels: [{ title: '${namespace} requests' }] };
const synth = (props: Partial<GrafanaDashboardConfigMapsProps> = {}) => synthJson((scope) => new GrafanaDashboardConfigMaps(scope, 'dashboards', { dashboards: [NOVEL_ENGINE, SERVICES], ...props }));

describe('GrafanaDashboardConfigMaps', () => {
  const json = synth();
  const configMap = (uid: string) => {
    const [found] = json.resources('kubernetes_config_map_v1').filter((c) => (c.data as Record<string, string>)[`${uid}.json`] !== undefined);
    return found;
  };

  it('creates one ConfigMap per dashboard in monitoring, labelled for Grafana’s sidecar, holding <uid>.json', () => {
    expect(configMap('novel-engine')).toMatchObject({
      metadata: { name: 'grafana-dashboard-novel-engine', namespace: 'monitoring', labels: { grafana_dashboard: '1' } },
      data: { 'novel-engine.json': JSON.stringify(NOVEL_ENGINE) },
    });
    expect(configMap('application_services').metadata).toMatchObject({ name: 'grafana-dashboard-application-services' });
  });

  it('keeps Grafana variables literal instead of letting Terraform interpolate them', () => {
    const text = (configMap('application_services').data as Record<string, string>)['application_services.json'];
    expect(text).toContain('$${namespace} requests');
  });

  it('keys ConfigMaps by uid: adding a dashboard adds one and changes none', () => {
    const fewer = synth({ dashboards: [SERVICES] });
    expect(fewer.resources('kubernetes_config_map_v1').map((c) => c.logicalId)).toEqual([configMap('application_services').logicalId]);
  });

  it('puts the dashboards into a folder when asked', () => {
    const foldered = synth({ folder: 'Platform' }).resource('kubernetes_config_map_v1', 'Dashboard-novel-engine');
    expect(foldered.metadata).toMatchObject({ annotations: { grafana_folder: 'Platform' } });
    expect(configMap('novel-engine').metadata).not.toHaveProperty('annotations');
  });

  it.each<[string, Partial<GrafanaDashboardConfigMapsProps>, RegExp]>([
    ['no dashboards', { dashboards: [] }, /dashboards: dashboards: is empty/],
    ['a uid twice', { dashboards: [NOVEL_ENGINE, NOVEL_ENGINE] }, /dashboards: dashboards: uid 'novel-engine' is given twice/],
    ['uids that name the same ConfigMap', { dashboards: [NOVEL_ENGINE, { ...NOVEL_ENGINE, uid: 'Novel_Engine' }] }, /uids 'novel-engine' and 'Novel_Engine' name the same ConfigMap grafana-dashboard-novel-engine/],
    ['an invalid uid', { dashboards: [{ ...NOVEL_ENGINE, uid: 'novel engine' }] }, /dashboards: dashboards: uid 'novel engine' is not a Grafana dashboard uid/],
    ['a dashboard larger than a ConfigMap', { dashboards: [{ ...NOVEL_ENGINE, description: 'x'.repeat(1024 * 1024) }] }, /dashboards: dashboards.novel-engine: is \d+ bytes, more than a ConfigMap holds/],
    ['a nested folder', { folder: 'Platform/Database' }, /dashboards: folder: 'Platform\/Database' is not a folder name/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
