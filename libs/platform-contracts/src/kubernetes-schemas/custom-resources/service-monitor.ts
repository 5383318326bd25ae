import type { CustomResourceSchema } from '../schema-catalog';
import { list, map, obj, oneOf } from '../../kubernetes-schema';

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
        authorization: obj({ credentials: obj({ key: 'string', name: 'string', optional: 'boolean' }, { required: ['key'] }), type: 'string' }),
        basicAuth: obj({
          password: obj({ key: 'string', name: 'string', optional: 'boolean' }, { required: ['key'] }),
          username: obj({ key: 'string', name: 'string', optional: 'boolean' }, { required: ['key'] }),
        }),
        bearerTokenFile: 'string',
        bearerTokenSecret: obj({ key: 'string', name: 'string', optional: 'boolean' }, { required: ['key'] }),
        enableHttp2: 'boolean', filterRunning: 'boolean', followRedirects: 'boolean', honorLabels: 'boolean', honorTimestamps: 'boolean', interval: 'string',
        metricRelabelings: list(obj({
          action: oneOf('replace', 'Replace', 'keep', 'Keep', 'drop', 'Drop', 'hashmod', 'HashMod', 'labelmap', 'LabelMap', 'labeldrop', 'LabelDrop', 'labelkeep', 'LabelKeep', 'lowercase', 'Lowercase', 'uppercase', 'Uppercase', 'keepequal', 'KeepEqual', 'dropequal', 'DropEqual'),
          modulus: 'integer', regex: 'string', replacement: 'string', separator: 'string', sourceLabels: 'list', targetLabel: 'string',
        })),
        noProxy: 'string',
        oauth2: obj({
          clientId: obj({ configMap: 'object', secret: 'object' }),
          clientSecret: obj({ key: 'string', name: 'string', optional: 'boolean' }, { required: ['key'] }),
          endpointParams: map('string'), noProxy: 'string', proxyConnectHeader: map('list'), proxyFromEnvironment: 'boolean', proxyUrl: 'string',
          scopes: list('string'),
          tlsConfig: obj({
            ca: 'object', cert: 'object', insecureSkipVerify: 'boolean', keySecret: 'object', maxVersion: oneOf('TLS10', 'TLS11', 'TLS12', 'TLS13'),
            minVersion: oneOf('TLS10', 'TLS11', 'TLS12', 'TLS13'), serverName: 'string',
          }),
          tokenUrl: 'string',
        }, { required: ['clientId','clientSecret','tokenUrl'] }),
        params: map(list('string')), path: 'string', port: 'string', proxyConnectHeader: map(list('object')), proxyFromEnvironment: 'boolean',
        proxyUrl: 'string',
        relabelings: list(obj({
          action: oneOf('replace', 'Replace', 'keep', 'Keep', 'drop', 'Drop', 'hashmod', 'HashMod', 'labelmap', 'LabelMap', 'labeldrop', 'LabelDrop', 'labelkeep', 'LabelKeep', 'lowercase', 'Lowercase', 'uppercase', 'Uppercase', 'keepequal', 'KeepEqual', 'dropequal', 'DropEqual'),
          modulus: 'integer', regex: 'string', replacement: 'string', separator: 'string', sourceLabels: 'list', targetLabel: 'string',
        })),
        scheme: oneOf('http', 'https', 'HTTP', 'HTTPS'), scrapeTimeout: 'string', targetPort: 'int-or-string',
        tlsConfig: obj({
          ca: obj({ configMap: 'object', secret: 'object' }),
          caFile: 'string',
          cert: obj({ configMap: 'object', secret: 'object' }),
          certFile: 'string', insecureSkipVerify: 'boolean', keyFile: 'string',
          keySecret: obj({ key: 'string', name: 'string', optional: 'boolean' }, { required: ['key'] }),
          maxVersion: oneOf('TLS10', 'TLS11', 'TLS12', 'TLS13'), minVersion: oneOf('TLS10', 'TLS11', 'TLS12', 'TLS13'), serverName: 'string',
        }),
        trackTimestampsStaleness: 'boolean',
      })),
      fallbackScrapeProtocol: oneOf('PrometheusProto', 'OpenMetricsText0.0.1', 'OpenMetricsText1.0.0', 'PrometheusText0.0.4', 'PrometheusText1.0.0'),
      jobLabel: 'string', keepDroppedTargets: 'integer', labelLimit: 'integer', labelNameLengthLimit: 'integer', labelValueLengthLimit: 'integer',
      namespaceSelector: obj({ any: 'boolean', matchNames: list('string') }),
      nativeHistogramBucketLimit: 'integer', nativeHistogramMinBucketFactor: 'int-or-string', podTargetLabels: 'list', sampleLimit: 'integer',
      scrapeClass: 'string', scrapeClassicHistograms: 'boolean', scrapeNativeHistograms: 'boolean', scrapeProtocols: 'list',
      selector: obj({ matchExpressions: list(obj({ key: 'string', operator: 'string', values: 'list' }, { required: ['key','operator'] })), matchLabels: map('string') }),
      selectorMechanism: oneOf('RelabelConfig', 'RoleSelector'), serviceDiscoveryRole: oneOf('Endpoints', 'EndpointSlice'), targetLabels: 'list',
      targetLimit: 'integer',
    }, { required: ['endpoints','selector'] }),
    status: 'object',
  }, { required: ['spec'] }),
};
