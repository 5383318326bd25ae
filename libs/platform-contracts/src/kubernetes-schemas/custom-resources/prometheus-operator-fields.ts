import { list, map, obj, oneOf } from '../../kubernetes-schema';

/**
 * Field schemas the ServiceMonitor and PodMonitor CRDs (monitoring.coreos.com/v1, kube-prometheus-stack 88.5.3) share
 * word for word: secret references, relabelling, scrape authentication, TLS versions, label selectors.
 */

/** `SecretKeySelector`. */
export const SECRET_KEY_SELECTOR = obj({ key: 'string', name: 'string', optional: 'boolean' }, { required: ['key'] });

/** Prometheus' `<relabel_config>`, as `relabelings` and `metricRelabelings`. */
export const RELABEL_CONFIGS = list(
  obj({
    action: oneOf('replace', 'Replace', 'keep', 'Keep', 'drop', 'Drop', 'hashmod', 'HashMod', 'labelmap', 'LabelMap', 'labeldrop', 'LabelDrop', 'labelkeep', 'LabelKeep', 'lowercase', 'Lowercase', 'uppercase', 'Uppercase', 'keepequal', 'KeepEqual', 'dropequal', 'DropEqual'),
    modulus: 'integer', regex: 'string', replacement: 'string', separator: 'string', sourceLabels: 'list', targetLabel: 'string',
  }),
);

export const TLS_VERSION = oneOf('TLS10', 'TLS11', 'TLS12', 'TLS13');

/** A ConfigMap or Secret key (`ca`, `cert`, `clientId`). */
export const CONFIG_MAP_OR_SECRET = obj({ configMap: 'object', secret: 'object' });

/** The scrape endpoint's authentication fields: `authorization`, `basicAuth`, `bearerTokenSecret`, `oauth2`. */
export const ENDPOINT_AUTHENTICATION = {
  authorization: obj({ credentials: SECRET_KEY_SELECTOR, type: 'string' }),
  basicAuth: obj({ password: SECRET_KEY_SELECTOR, username: SECRET_KEY_SELECTOR }),
  bearerTokenSecret: SECRET_KEY_SELECTOR,
  oauth2: obj(
    {
      clientId: CONFIG_MAP_OR_SECRET,
      clientSecret: SECRET_KEY_SELECTOR,
      endpointParams: map('string'), noProxy: 'string', proxyConnectHeader: map('list'), proxyFromEnvironment: 'boolean', proxyUrl: 'string',
      scopes: list('string'),
      tlsConfig: obj({ ca: 'object', cert: 'object', insecureSkipVerify: 'boolean', keySecret: 'object', maxVersion: TLS_VERSION, minVersion: TLS_VERSION, serverName: 'string' }),
      tokenUrl: 'string',
    },
    { required: ['clientId', 'clientSecret', 'tokenUrl'] },
  ),
} as const;

/** A Kubernetes `LabelSelector`. */
export const LABEL_SELECTOR = obj({ matchExpressions: list(obj({ key: 'string', operator: 'string', values: 'list' }, { required: ['key', 'operator'] })), matchLabels: map('string') });

/** The `fallbackScrapeProtocol` enum. */
export const SCRAPE_PROTOCOL = oneOf('PrometheusProto', 'OpenMetricsText0.0.1', 'OpenMetricsText1.0.0', 'PrometheusText0.0.4', 'PrometheusText1.0.0');
