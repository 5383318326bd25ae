import type { CustomResourceSchema } from '../schema-catalog';
import { list, map, obj, oneOf } from '../../kubernetes-schema';
import { CONFIG_MAP_OR_SECRET, ENDPOINT_AUTHENTICATION, LABEL_SELECTOR, RELABEL_CONFIGS, SCRAPE_PROTOCOL, SECRET_KEY_SELECTOR, TLS_VERSION } from './prometheus-operator-fields';

/**
 * The ServiceMonitor CRD's OpenAPI schema (monitoring.coreos.com/v1) as installed by the kube-prometheus-stack chart 88.5.3, derived
 * (tools/derive-kubernetes-schema.ts) for the fields the repo sets and their siblings, with `required` and `enum`;
 * unset subtrees are unchecked. `metadata` is checked as ObjectMeta by the contract.
 */
export const SERVICE_MONITOR_SCHEMA: CustomResourceSchema = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'ServiceMonitor',
  installedBy: { chart: 'kube-prometheus-stack', version: '88.5.3' },
  source: { repository: 'https://github.com/prometheus-community/helm-charts', ref: 'kube-prometheus-stack-88.5.3', path: 'charts/kube-prometheus-stack/charts/crds/crds/crd-servicemonitors.yaml' },
  schema: obj({
    apiVersion: 'string', kind: 'string', metadata: 'object',
    spec: obj({
      attachMetadata: 'object', bodySizeLimit: 'string', convertClassicHistogramsToNHCB: 'boolean',
      endpoints: list(obj({
        ...ENDPOINT_AUTHENTICATION,
        bearerTokenFile: 'string',
        enableHttp2: 'boolean', filterRunning: 'boolean', followRedirects: 'boolean', honorLabels: 'boolean', honorTimestamps: 'boolean', interval: 'string',
        metricRelabelings: RELABEL_CONFIGS,
        noProxy: 'string',
        params: map(list('string')), path: 'string', port: 'string', proxyConnectHeader: map(list('object')), proxyFromEnvironment: 'boolean',
        proxyUrl: 'string',
        relabelings: RELABEL_CONFIGS,
        scheme: oneOf('http', 'https', 'HTTP', 'HTTPS'), scrapeTimeout: 'string', targetPort: 'int-or-string',
        tlsConfig: obj({
          ca: CONFIG_MAP_OR_SECRET,
          caFile: 'string',
          cert: CONFIG_MAP_OR_SECRET,
          certFile: 'string', insecureSkipVerify: 'boolean', keyFile: 'string',
          keySecret: SECRET_KEY_SELECTOR,
          maxVersion: TLS_VERSION, minVersion: TLS_VERSION, serverName: 'string',
        }),
        trackTimestampsStaleness: 'boolean',
      })),
      fallbackScrapeProtocol: SCRAPE_PROTOCOL,
      jobLabel: 'string', keepDroppedTargets: 'integer', labelLimit: 'integer', labelNameLengthLimit: 'integer', labelValueLengthLimit: 'integer',
      namespaceSelector: obj({ any: 'boolean', matchNames: list('string') }),
      nativeHistogramBucketLimit: 'integer', nativeHistogramMinBucketFactor: 'int-or-string', podTargetLabels: 'list', sampleLimit: 'integer',
      scrapeClass: 'string', scrapeClassicHistograms: 'boolean', scrapeNativeHistograms: 'boolean', scrapeProtocols: 'list',
      selector: LABEL_SELECTOR,
      selectorMechanism: oneOf('RelabelConfig', 'RoleSelector'), serviceDiscoveryRole: oneOf('Endpoints', 'EndpointSlice'), targetLabels: 'list',
      targetLimit: 'integer',
    }, { required: ['endpoints','selector'] }),
    status: 'object',
  }, { required: ['spec'] }),
};
