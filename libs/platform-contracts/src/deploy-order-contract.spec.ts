import type { ContractInput, ContractResult } from './contract';
import { DeployOrderContract } from './deploy-order-contract';
import { PlatformModel } from './platform-model';
import { failures, merge } from './private/spec-support';

type Json = Record<string, unknown>;

const contract = new DeployOrderContract();
const EKS = { name: 'e', compute: 'eks' } as unknown as ContractInput['environment'];
const ROLE = 'arn:aws:iam::123456789012:role/irsa';

/** Stacks by name (their `resource` blocks); unless told, `config` depends on `cluster`, `cluster` on `charts`, `other` on nothing. */
function evaluate(stacks: Record<string, Json>, dependencies: Record<string, string[]> = { charts: [], cluster: ['charts'], config: ['cluster'] }, environment = EKS): ContractResult {
  const json = Object.fromEntries(Object.entries(stacks).map(([name, resource]) => [name, { resource }]));
  return contract.evaluate({ model: new PlatformModel(json as ConstructorParameters<typeof PlatformModel>[0], { dependencies }), environment }) as ContractResult;
}
const problemsOf = (stacks: Record<string, Json>, dependencies?: Record<string, string[]>) => failures(evaluate(stacks, dependencies));

const release = (name: string, chart = name, change: Json = {}) => ({ helm_release: { [name]: { name, chart, ...change } } });
const manifest = (name: string, body: Json) => ({ kubernetes_manifest: { [name]: { manifest: body } } });
const namespace = (name: string, type = 'kubernetes_namespace_v1') => ({ [type]: { [name]: { metadata: [{ name }] } } });
const schedule = manifest('backup', { apiVersion: 'velero.io/v1', kind: 'Schedule', metadata: { name: 'daily', namespace: 'velero' } });
const VELERO_NAMESPACE = namespace('velero');
const notDependingOn = (consumer: string, what: string, producers: string, fix = '') =>
  `needs ${what}, created in ${producers}, which ${consumer} does not depend on: a deploy from empty can reach ${consumer} first. Fix: make ${consumer} depend on ${producers} (addDependency, or a cross-stack reference)${fix}`;

describe('deploy order contract', () => {
  it('is titled for the report; checks every Kubernetes object and Helm release; notes each ordered stack', () => {
    const result = evaluate({
      charts: {},
      cluster: merge(release('velero'), VELERO_NAMESPACE, { aws_iam_role: { irsa: { name: 'irsa' } } }),
      config: merge(schedule, { kubernetes_config_map_v1: { settings: { metadata: [{ namespace: 'kube-system' }] } } }),
      other: {},
    });
    expect(result.title).toBe('Deploy order: every Kubernetes object finds its CRD, namespace, service account, secrets, roles and issuers in an earlier stack');
    expect(result.checks.map((item) => `${item.subject}: ${item.passed}`)).toEqual([
      'kubernetes_namespace_v1 velero (cluster/kubernetes_namespace_v1.velero) finds what it needs when cluster is deployed: true',
      'Schedule velero/daily (config/kubernetes_manifest.backup) finds what it needs when config is deployed: true',
      'kubernetes_config_map_v1 kube-system/settings (config/kubernetes_config_map_v1.settings) finds what it needs when config is deployed: true',
      'helm_release velero (cluster/helm_release.velero) finds what it needs when cluster is deployed: true',
    ]);
    expect(result.notes).toEqual(['charts after nothing', 'cluster after charts', 'config after cluster']);
  });

  describe('CRDs', () => {
    it('a custom resource whose chart a stack it depends on installs passes, also through another stack', () => {
      expect(problemsOf({ cluster: merge(release('velero'), VELERO_NAMESPACE), config: schedule })).toEqual([]);
      expect(problemsOf({ cluster: merge(release('velero'), VELERO_NAMESPACE), addons: {}, config: schedule }, { addons: ['cluster'], config: ['addons'] })).toEqual([]);
    });

    it('the chart installed in the same stack, in a stack it does not depend on, or nowhere is named', () => {
      const subject = 'Schedule velero/daily (config/kubernetes_manifest.backup) finds what it needs when config is deployed';
      expect(problemsOf({ cluster: VELERO_NAMESPACE, config: merge(schedule, release('velero')), other: release('velero') })).toEqual([
        `${subject}: is a Schedule (velero.io), whose CRD helm_release.velero installs in the same stack: kubernetes_manifest reads the CRD at plan time, so the first plan of config fails ("no matches for kind Schedule"). Fix: move the resource into a stack that depends on config (e.g. <env>-cluster-config)`,
      ]);
      expect(problemsOf({ cluster: VELERO_NAMESPACE, other: release('velero'), config: schedule })).toEqual([
        `${subject}: is a Schedule (velero.io), whose CRD the velero release of other installs, which config does not depend on. Fix: make config depend on other`,
      ]);
      expect(problemsOf({ cluster: VELERO_NAMESPACE, config: schedule })).toEqual([
        `${subject}: is a Schedule (velero.io), whose CRDs the velero chart installs, which no stack of the environment installs. Fix: install velero in an earlier stack, or drop the resource`,
      ]);
    });

    it('one release in an earlier stack is enough, whatever other stacks install it', () => {
      expect(problemsOf({ cluster: merge(release('velero'), VELERO_NAMESPACE), config: merge(schedule, release('velero-again', 'velero')), other: release('velero-too', 'velero') })).toEqual([]);
    });

    it('a group no chart of CRD_SOURCES installs is named; built-in groups and the core group need no chart', () => {
      expect(problemsOf({ config: manifest('widget', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }) }, {})).toEqual([
        "Widget w (config/kubernetes_manifest.widget) finds what it needs when config is deployed: is a Widget of API group example.com, which no chart of CRD_SOURCES installs. Fix: add the chart that installs example.com's CRDs to CRD_SOURCES (platform-contracts), and install it in an earlier stack",
      ]);
      const builtIn = merge(
        manifest('map', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'm' } }),
        manifest('app', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } }),
        manifest('bare', { kind: 'Secret', metadata: { name: 's' } }),
      );
      expect(problemsOf({ config: builtIn }, {})).toEqual([]);
    });

    describe('charts whose CRDs a value switches', () => {
      const certificate = manifest('certificate', { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'tls' } });
      const certManager = (...values: Json[]) => release('cert-manager', 'cert-manager', { values: values.map((document) => JSON.stringify(document)) });
      const problems = (...values: Json[]) => problemsOf({ cluster: certManager(...values), config: certificate });
      const off = (chartDefault: string, path = 'crds.enabled', chart = 'cert-manager', kind = 'Certificate (cert-manager.io)', subject = 'Certificate tls (config/kubernetes_manifest.certificate)') =>
        `${subject} finds what it needs when config is deployed: is a ${kind}, but the ${chart} release installs no CRDs (values ${path} is off; the chart's default is ${chartDefault}). Fix: set ${path}: true in the release's values`;

      it('cert-manager installs them only when crds.enabled is true or "true"; the last document that sets it wins', () => {
        expect(problems()).toEqual([off('false')]);
        expect(problems({ crds: {} })).toEqual([off('false')]);
        expect(problems({ crds: { enabled: true } })).toEqual([]);
        expect(problems({ crds: { enabled: 'true' } })).toEqual([]);
        expect(problems({ crds: { enabled: 'yes' } })).toEqual([off('false')]);
        expect(problems({ crds: { enabled: true } }, { crds: { enabled: false } })).toEqual([off('false')]);
        expect(problems({ crds: { enabled: false } }, { crds: { enabled: true } })).toEqual([]);
        expect(problems({ crds: { enabled: true } }, { replicaCount: 2 })).toEqual([]);
      });

      it('external-secrets installs them unless installCRDs is false', () => {
        const store = manifest('store', { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: 'aws' } });
        const externalSecrets = (values: Json) => release('external-secrets', 'external-secrets', { values: [JSON.stringify(values)] });
        expect(problemsOf({ cluster: externalSecrets({}), config: store })).toEqual([]);
        expect(problemsOf({ cluster: externalSecrets({ installCRDs: false }), config: store })).toEqual([
          off('true', 'installCRDs', 'external-secrets', 'ClusterSecretStore (external-secrets.io)', 'ClusterSecretStore aws (config/kubernetes_manifest.store)'),
        ]);
      });

      it('a second release of the chart that installs them is enough', () => {
        expect(problemsOf({ cluster: merge(certManager(), release('cert-manager-crds', 'cert-manager', { values: [JSON.stringify({ crds: { enabled: true } })] })), config: certificate })).toEqual([]);
      });
    });
  });

  describe('namespaces', () => {
    const deployment = (metadata: Json, podSpec: Json = {}, type = 'kubernetes_deployment_v1') => ({ [type]: { web: { metadata: [{ name: 'web', ...metadata }], spec: [{ template: [{ spec: [podSpec] }] }] } } });
    const subject = 'kubernetes_deployment_v1 apps/web (config/kubernetes_deployment_v1.web) finds what it needs when config is deployed';
    const fix = '. Fix: create namespace apps in config or a stack it depends on';

    it('a namespace of the same stack, of a stack it depends on, built in, or none passes', () => {
      expect(problemsOf({ config: merge(namespace('apps'), deployment({ namespace: 'apps' })) }, {})).toEqual([]);
      expect(problemsOf({ cluster: namespace('apps'), config: deployment({ namespace: 'apps' }) })).toEqual([]);
      expect(problemsOf({ cluster: namespace('apps', 'kubernetes_namespace'), config: deployment({ namespace: 'apps' }) })).toEqual([]);
      expect(problemsOf({ config: deployment({ namespace: 'kube-system' }) }, {})).toEqual([]);
      expect(problemsOf({ config: deployment({}) }, {})).toEqual([]);
    });

    it('a namespace of a stack it does not depend on, or of none, is named', () => {
      expect(problemsOf({ other: namespace('apps'), config: deployment({ namespace: 'apps' }) }, {})).toEqual([`${subject}: ${notDependingOn('config', 'namespace apps', 'other')}`]);
      expect(problemsOf({ other: namespace('apps'), config: merge(namespace('apps-two'), deployment({ namespace: 'apps' })) }, {})).toEqual([`${subject}: ${notDependingOn('config', 'namespace apps', 'other')}`]);
      expect(problemsOf({ config: deployment({ namespace: 'apps' }) }, {})).toEqual([`${subject}: needs namespace apps, which no stack of the environment creates${fix}`]);
    });

    it('a reference is followed to the namespace’s name; one that cannot be is named', () => {
      expect(problemsOf({ config: merge(namespace('apps'), deployment({ namespace: '${kubernetes_namespace_v1.apps.metadata[0].name}' })) }, {})).toEqual([]);
      expect(problemsOf({ config: deployment({ namespace: '${kubernetes_namespace_v1.gone.metadata[0].name}' }) }, {})).toEqual([
        'kubernetes_deployment_v1 web (config/kubernetes_deployment_v1.web) finds what it needs when config is deployed: its namespace ${kubernetes_namespace_v1.gone.metadata[0].name} cannot be followed to a namespace of the environment. Fix: take the namespace\'s name from a kubernetes_namespace_v1 or write it literally',
      ]);
      expect(problemsOf({ config: manifest('map', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'm', namespace: '${kubernetes_namespace_v1.gone.metadata[0].name}' } }) }, {})).toEqual([
        expect.stringContaining('ConfigMap m (config/kubernetes_manifest.map) finds what it needs when config is deployed: its namespace ${kubernetes_namespace_v1.gone.metadata[0].name} cannot be followed'),
      ]);
    });

    it('a manifest’s namespace is read from manifest.metadata', () => {
      expect(problemsOf({ config: manifest('map', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'm', namespace: 'apps' } }) }, {})).toEqual([
        `ConfigMap apps/m (config/kubernetes_manifest.map) finds what it needs when config is deployed: needs namespace apps, which no stack of the environment creates${fix}`,
      ]);
    });

    it('cluster-scoped objects have no namespace to find', () => {
      expect(problemsOf({ config: { kubernetes_cluster_role_v1: { reader: { metadata: [{ name: 'reader', namespace: 'apps' }] } } } }, {})).toEqual([]);
    });

    describe('of Helm releases', () => {
      const helmSubject = 'helm_release app (config/helm_release.app) finds what it needs when config is deployed';

      it('a release that creates its namespace provides it to the stacks that depend on it', () => {
        expect(problemsOf({ cluster: release('monitoring', 'loki', { namespace: 'monitoring', create_namespace: true }), config: deployment({ namespace: 'monitoring' }) })).toEqual([]);
        expect(problemsOf({ cluster: release('monitoring', 'loki', { namespace: 'monitoring', create_namespace: 'true' }), config: deployment({ namespace: 'monitoring' }) })).toEqual([
          'kubernetes_deployment_v1 monitoring/web (config/kubernetes_deployment_v1.web) finds what it needs when config is deployed: needs namespace monitoring, which no stack of the environment creates. Fix: create namespace monitoring in config or a stack it depends on',
          'helm_release monitoring (cluster/helm_release.monitoring) finds what it needs when cluster is deployed: needs namespace monitoring, which no stack of the environment creates. Fix: create namespace monitoring in cluster or a stack it depends on',
        ]);
      });

      it('a release in default, or in a namespace it creates, passes; in a namespace no stack creates, or that cannot be followed, is named', () => {
        expect(problemsOf({ config: release('app') }, {})).toEqual([]);
        expect(problemsOf({ config: release('app', 'app', { namespace: 'apps', create_namespace: true }) }, {})).toEqual([]);
        expect(problemsOf({ config: release('app', 'app', { namespace: 'apps', create_namespace: false }) }, {})).toEqual([`${helmSubject}: needs namespace apps, which no stack of the environment creates${fix}`]);
        expect(problemsOf({ config: release('app', 'app', { namespace: '${kubernetes_namespace_v1.gone.metadata[0].name}' }) }, {})).toEqual([
          `${helmSubject}: its namespace \${kubernetes_namespace_v1.gone.metadata[0].name} cannot be followed to a namespace of the environment. Fix: take the namespace's name from a kubernetes_namespace_v1 or write it literally`,
        ]);
      });
    });

    describe('service accounts', () => {
      const serviceAccount = (name: string, namespaceName?: string, type = 'kubernetes_service_account_v1') => ({ [type]: { [name]: { metadata: [{ name, ...(namespaceName === undefined ? {} : { namespace: namespaceName }) }] } } });
      const cluster = merge(namespace('apps'), serviceAccount('web', 'apps'));

      it('a pod’s service account of its namespace in the same or an earlier stack passes; default or none needs nothing', () => {
        expect(problemsOf({ cluster, config: deployment({ namespace: 'apps' }, { service_account_name: 'web' }) })).toEqual([]);
        expect(problemsOf({ cluster: serviceAccount('web', undefined, 'kubernetes_service_account'), config: deployment({}, { service_account_name: 'web' }) })).toEqual([]);
        expect(problemsOf({ config: deployment({}, { service_account_name: 'default' }) }, {})).toEqual([]);
        expect(problemsOf({ config: deployment({}, {}) }, {})).toEqual([]);
      });

      it('a service account of another namespace, of a stack it does not depend on, or of none is named', () => {
        const fixAccount = '. Fix: create the ServiceAccount apps/web in config or a stack it depends on';
        expect(problemsOf({ cluster: merge(namespace('apps'), serviceAccount('web', 'kube-system')), config: deployment({ namespace: 'apps' }, { service_account_name: 'web' }) })).toEqual([
          `${subject}: needs service account apps/web, which no stack of the environment creates${fixAccount}`,
        ]);
        expect(problemsOf({ cluster: namespace('apps'), other: merge(namespace('apps'), serviceAccount('web', 'apps')), config: deployment({ namespace: 'apps' }, { service_account_name: 'web' }) })).toEqual([
          `${subject}: ${notDependingOn('config', 'service account apps/web', 'other')}`,
        ]);
        expect(problemsOf({ cluster: merge(namespace('apps'), serviceAccount('worker', 'apps')), config: deployment({ namespace: 'apps' }, { service_account_name: 'web' }) })).toEqual([
          `${subject}: needs service account apps/web, which no stack of the environment creates${fixAccount}`,
        ]);
      });

      it('reads a cron job’s pod spec under its job template; types that run no pods are not read', () => {
        const cronJob = { kubernetes_cron_job_v1: { nightly: { metadata: [{ name: 'nightly' }], spec: [{ job_template: [{ spec: [{ template: [{ spec: [{ service_account_name: 'batch' }] }] }] }] }] } } };
        expect(problemsOf({ config: cronJob }, {})).toEqual([
          'kubernetes_cron_job_v1 nightly (config/kubernetes_cron_job_v1.nightly) finds what it needs when config is deployed: needs service account default/batch, which no stack of the environment creates. Fix: create the ServiceAccount default/batch in config or a stack it depends on',
        ]);
        expect(problemsOf({ config: deployment({}, { service_account_name: 'batch' }, 'kubernetes_replication_controller_v1') }, {})).toEqual([]);
      });
    });
  });

  describe('ExternalSecrets', () => {
    const externalSecret = (spec: Json, kind = 'ExternalSecret') => manifest('secret', { apiVersion: 'external-secrets.io/v1', kind, metadata: { name: 'db' }, spec });
    const charts = release('external-secrets');
    const cluster = merge(manifest('store', { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: 'aws' } }));
    const data = { aws_secretsmanager_secret: { db: { name: 'db' }, api: { name: 'api' } } };
    const dataModel = new PlatformModel({ data: { resource: data } } as ConstructorParameters<typeof PlatformModel>[0]);
    const SECRET_ARN = String(dataModel.attribute(dataModel.resources('aws_secretsmanager_secret')[0], 'arn'));
    const dependencies = { charts: [], cluster: ['charts'], data: [], config: ['cluster', 'data'] };
    const subject = 'ExternalSecret db (config/kubernetes_manifest.secret) finds what it needs when config is deployed';
    const spec = { secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws' }, data: [{ remoteRef: { key: 'db' } }], dataFrom: [{ extract: { key: 'api' } }, { find: { name: { regexp: '.*' } } }] };

    it('its store and its secrets (by name or ARN, in data and dataFrom) in stacks it depends on pass', () => {
      expect(problemsOf({ charts, cluster, data, config: externalSecret(spec) }, dependencies)).toEqual([]);
      expect(problemsOf({ charts, cluster, data, config: externalSecret({ ...spec, data: [{ remoteRef: { key: SECRET_ARN } }] }) }, dependencies)).toEqual([]);
    });

    it('a store of another kind or name, and secrets of a stack it does not depend on or of none, are named', () => {
      expect(problemsOf({ charts, cluster, data, config: externalSecret({ ...spec, secretStoreRef: { name: 'aws' } }) }, dependencies)).toEqual([
        `${subject}: needs SecretStore aws, which no stack of the environment creates. Fix: create the SecretStore aws in config or a stack it depends on`,
      ]);
      expect(problemsOf({ charts, cluster, data, config: externalSecret({ ...spec, secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' } }) }, dependencies)).toEqual([
        `${subject}: needs ClusterSecretStore vault, which no stack of the environment creates. Fix: create the ClusterSecretStore vault in config or a stack it depends on`,
      ]);
      const secretFix = '. Fix: create the secret in the data stack (data.secrets) and make config depend on it';
      expect(problemsOf({ charts, cluster, data, config: externalSecret(spec) }, { charts: [], cluster: ['charts'], config: ['cluster'] })).toEqual([
        `${subject}: ${[notDependingOn('config', 'the Secrets Manager secret db', 'data'), notDependingOn('config', 'the Secrets Manager secret api', 'data')].join('; ')}`,
      ]);
      expect(problemsOf({ charts, cluster, data, config: externalSecret({ ...spec, data: [{ remoteRef: { key: SECRET_ARN } }] }) }, { charts: [], cluster: ['charts'], config: ['cluster'] })).toEqual([
        `${subject}: ${[notDependingOn('config', `the Secrets Manager secret ${SECRET_ARN}`, 'data'), notDependingOn('config', 'the Secrets Manager secret api', 'data')].join('; ')}`,
      ]);
      expect(problemsOf({ charts, cluster, config: externalSecret({ ...spec, data: [{ remoteRef: { key: 'arn:aws:secretsmanager:us-east-1:123456789012:secret/db' } }], dataFrom: [] }) }, dependencies)).toEqual([
        `${subject}: needs the Secrets Manager secret arn:aws:secretsmanager:us-east-1:123456789012:secret/db, which no stack of the environment creates${secretFix}`,
      ]);
    });

    it('other manifests naming a store are not read', () => {
      expect(problemsOf({ charts, cluster, config: externalSecret({ ...spec, secretStoreRef: { name: 'vault' } }, 'PushSecret') })).toEqual([]);
    });
  });

  describe('annotations', () => {
    const role = { aws_iam_role: { irsa: { name: 'irsa' } } };
    const account = (annotations: unknown) => ({ kubernetes_service_account_v1: { web: { metadata: [{ name: 'web', annotations }] } } });
    const subject = 'kubernetes_service_account_v1 web (config/kubernetes_service_account_v1.web) finds what it needs when config is deployed';
    const issuer = manifest('issuer', { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'letsencrypt' } });
    const certManager = release('cert-manager', 'cert-manager', { values: [JSON.stringify({ crds: { enabled: true } })] });

    it('an IRSA role and a ClusterIssuer of a stack it depends on pass', () => {
      expect(problemsOf({ charts: certManager, cluster: merge(role, issuer), config: account({ 'eks.amazonaws.com/role-arn': ROLE, 'cert-manager.io/cluster-issuer': 'letsencrypt' }) })).toEqual([]);
      expect(problemsOf({ charts: certManager, cluster: merge(role, issuer), config: manifest('ingress', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } } }) })).toEqual([]);
    });

    it('a role or issuer of a stack it does not depend on, or of none, is named', () => {
      expect(problemsOf({ charts: certManager, other: merge(role, issuer), config: account({ 'eks.amazonaws.com/role-arn': ROLE, 'cert-manager.io/cluster-issuer': 'letsencrypt' }) }, { other: ['charts'] })).toEqual([
        `${subject}: ${notDependingOn('config', `the IRSA role ${ROLE}`, 'other')}; ${notDependingOn('config', 'the ClusterIssuer letsencrypt', 'other')}`,
      ]);
      expect(problemsOf({ config: account({ 'eks.amazonaws.com/role-arn': ROLE, 'cert-manager.io/cluster-issuer': 'letsencrypt' }) }, {})).toEqual([
        `${subject}: needs the IRSA role ${ROLE}, which no stack of the environment creates. Fix: create the role in the cluster stack and make config depend on it; ` +
          'needs the ClusterIssuer letsencrypt, which no stack of the environment creates. Fix: create the ClusterIssuer letsencrypt in a stack config depends on',
      ]);
      expect(problemsOf({ charts: certManager, cluster: merge(manifest('issuer', { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: 'letsencrypt' } })), config: account({ 'cert-manager.io/cluster-issuer': 'letsencrypt' }) })).toEqual([
        `${subject}: needs the ClusterIssuer letsencrypt, which no stack of the environment creates. Fix: create the ClusterIssuer letsencrypt in a stack config depends on`,
      ]);
    });

    it('a manifest’s annotations are read from manifest.metadata', () => {
      expect(problemsOf({ config: manifest('ingress', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', annotations: { 'eks.amazonaws.com/role-arn': ROLE } } }) }, {})).toEqual([
        `Ingress web (config/kubernetes_manifest.ingress) finds what it needs when config is deployed: needs the IRSA role ${ROLE}, which no stack of the environment creates. Fix: create the role in the cluster stack and make config depend on it`,
      ]);
    });

    it('in Helm values, every annotations map is read, with its path', () => {
      const values = { annotations: { 'eks.amazonaws.com/role-arn': ROLE }, serviceAccount: { annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } }, list: { annotations: [ROLE] }, none: { annotations: null } };
      expect(problemsOf({ config: release('app', 'app', { values: [JSON.stringify(values)] }) }, {})).toEqual([
        `helm_release app (config/helm_release.app) finds what it needs when config is deployed: needs the IRSA role ${ROLE} (values annotations), which no stack of the environment creates. Fix: create the role in the cluster stack and make config depend on it; ` +
          'needs the ClusterIssuer letsencrypt (values serviceAccount.annotations), which no stack of the environment creates. Fix: create the ClusterIssuer letsencrypt in a stack config depends on',
      ]);
      expect(problemsOf({ charts: certManager, cluster: merge(role, issuer), config: release('app', 'app', { values: [JSON.stringify(values)] }) })).toEqual([]);
    });
  });

  it('an object without a name is titled by its block name', () => {
    expect(evaluate({ config: { kubernetes_config_map_v1: { settings: { metadata: [{}] } } } }, {}).checks.map((item) => item.subject)).toEqual([
      'kubernetes_config_map_v1 settings (config/kubernetes_config_map_v1.settings) finds what it needs when config is deployed',
    ]);
  });

  describe('on ECS', () => {
    const ECS = { name: 'e', region: 'eu-west-1', compute: 'ecs' } as unknown as ContractInput['environment'];
    const stacks = { 'e-network': {}, 'e-data': {}, 'e-monitoring': {}, 'e-services': {} };
    const ordered = { 'e-services': ['e-network', 'e-data', 'e-monitoring'] };
    const ecs = (dependencies: Record<string, string[]>, environment = ECS, present: Record<string, Json> = stacks) =>
      evaluate(present, dependencies, environment).checks.map((item) => `${item.subject}: ${item.problems.join('; ') || 'passed'}`);

    it('the services stack is deployed after the network, data and monitoring stacks it reads', () => {
      expect(ecs(ordered)).toEqual(['e-services is deployed after e-network, e-data, e-monitoring: passed']);
      expect(ecs({ 'e-services': ['e-network', 'e-data'] })).toEqual([
        'e-services is deployed after e-network, e-data, e-monitoring: e-monitoring is not deployed before e-services, which reads the alarms a release rolls back on from it. Fix: reference its outputs or add the stack dependency',
      ]);
      expect(ecs({ 'e-services': ['e-monitoring'] })).toEqual([
        'e-services is deployed after e-network, e-data, e-monitoring: e-network is not deployed before e-services, which reads subnets and security groups from it. Fix: reference its outputs or add the stack dependency; ' +
          'e-data is not deployed before e-services, which reads the secrets it injects and the data stores its tasks connect to from it. Fix: reference its outputs or add the stack dependency',
      ]);
      expect(ecs(ordered, ECS, { 'e-network': {} })).toEqual(['e-services is deployed after e-network, e-data, e-monitoring: no stack e-services in the environment']);
    });

    it('a site names its stacks by region; one standing by (no compute) has no services stack to check', () => {
      const site = (runsCompute?: boolean) => ({ ...ECS, site: { primaryRegion: 'eu-central-1', ...(runsCompute === undefined ? {} : { runsCompute }) } }) as unknown as ContractInput['environment'];
      const regional = { 'e-network-eu-west-1': {}, 'e-data-eu-west-1': {}, 'e-monitoring-eu-west-1': {}, 'e-services-eu-west-1': {} };
      const dependencies = { 'e-services-eu-west-1': ['e-network-eu-west-1', 'e-data-eu-west-1', 'e-monitoring-eu-west-1'] };
      expect(ecs(dependencies, site(), regional)).toEqual(['e-services-eu-west-1 is deployed after e-network-eu-west-1, e-data-eu-west-1, e-monitoring-eu-west-1: passed']);
      expect(ecs(dependencies, site(true), regional)).toHaveLength(1);
      expect(ecs(dependencies, site(false), regional)).toEqual([]);
      expect(ecs(ordered, EKS)).toEqual([]);
    });
  });

  describe('what it knows', () => {
    it.each([
      ['cert-manager.io/v1', 'cert-manager'],
      ['acme.cert-manager.io/v1', 'cert-manager'],
      ['external-secrets.io/v1', 'external-secrets'],
      ['generators.external-secrets.io/v1alpha1', 'external-secrets'],
      ['monitoring.coreos.com/v1', 'kube-prometheus-stack'],
      ['autoscaling.k8s.io/v1', 'vertical-pod-autoscaler'],
      ['velero.io/v1', 'velero'],
      ['elbv2.k8s.aws/v1beta1', 'aws-load-balancer-controller'],
      ['kyverno.io/v1', 'kyverno'],
      ['argoproj.io/v1alpha1', 'argo-rollouts'],
    ])('a custom resource of %s needs the %s chart', (apiVersion, chart) => {
      const custom = manifest('custom', { apiVersion, kind: 'Custom', metadata: { name: 'c' } });
      expect(problemsOf({ config: custom }, {})).toEqual([expect.stringContaining(`whose CRDs the ${chart} chart installs, which no stack of the environment installs`)]);
    });

    it.each([
      ['cert-manager', { crds: { enabled: false } }, 'crds.enabled', 'false'],
      ['external-secrets', { installCRDs: false }, 'installCRDs', 'true'],
      ['kube-prometheus-stack', { crds: { enabled: false } }, 'crds.enabled', 'true'],
      ['kyverno', { crds: { install: false } }, 'crds.install', 'true'],
      ['argo-rollouts', { installCRDs: false }, 'installCRDs', 'true'],
    ])('the %s release with %j installs no CRDs; without values it installs them when the chart does by default', (chart, values, path, chartDefault) => {
      const group = { 'cert-manager': 'cert-manager.io', 'external-secrets': 'external-secrets.io', 'kube-prometheus-stack': 'monitoring.coreos.com', kyverno: 'kyverno.io', 'argo-rollouts': 'argoproj.io' }[chart];
      const custom = manifest('custom', { apiVersion: `${group}/v1`, kind: 'Custom', metadata: { name: 'c' } });
      const off = `Custom c (config/kubernetes_manifest.custom) finds what it needs when config is deployed: is a Custom (${group}), but the ${chart} release installs no CRDs (values ${path} is off; the chart's default is ${chartDefault}). Fix: set ${path}: true in the release's values`;
      expect(problemsOf({ cluster: release(chart, chart, { values: [JSON.stringify(values)] }), config: custom })).toEqual([off]);
      expect(problemsOf({ cluster: release(chart), config: custom })).toEqual(chartDefault === 'true' ? [] : [off]);
    });

    it.each([
      ['v1'],
      ['apps/v1'],
      ['batch/v1'],
      ['autoscaling/v2'],
      ['policy/v1'],
      ['networking.k8s.io/v1'],
      ['rbac.authorization.k8s.io/v1'],
      ['storage.k8s.io/v1'],
      ['scheduling.k8s.io/v1'],
      ['coordination.k8s.io/v1'],
      ['discovery.k8s.io/v1'],
      ['node.k8s.io/v1'],
      ['admissionregistration.k8s.io/v1'],
      ['apiextensions.k8s.io/v1'],
      ['certificates.k8s.io/v1'],
      ['flowcontrol.apiserver.k8s.io/v1'],
    ])('%s is served by the API server itself', (apiVersion) => {
      expect(problemsOf({ config: manifest('builtin', { apiVersion, kind: 'Thing', metadata: { name: 't' } }) }, {})).toEqual([]);
    });

    it.each([
      ['kubernetes_namespace_v1'],
      ['kubernetes_namespace'],
      ['kubernetes_storage_class_v1'],
      ['kubernetes_storage_class'],
      ['kubernetes_cluster_role_v1'],
      ['kubernetes_cluster_role_binding_v1'],
      ['kubernetes_priority_class_v1'],
      ['kubernetes_persistent_volume_v1'],
    ])('%s is cluster-scoped: a namespace in its metadata is not looked for', (type) => {
      expect(problemsOf({ config: { [type]: { object: { metadata: [{ name: 'object', namespace: 'nowhere' }] } } } }, {})).toEqual([]);
    });

    it.each([['kubernetes_deployment_v1'], ['kubernetes_stateful_set_v1'], ['kubernetes_daemon_set_v1'], ['kubernetes_job_v1']])('%s runs pods under spec.template.spec', (type) => {
      const pods = { [type]: { pods: { metadata: [{ name: 'pods' }], spec: [{ template: [{ spec: [{ service_account_name: 'runner' }] }] }] } } };
      expect(problemsOf({ config: pods }, {})).toEqual([expect.stringContaining(`${type} pods (config/${type}.pods) finds what it needs when config is deployed: needs service account default/runner`)]);
    });
  });

  describe('incomplete objects', () => {
    it('a stack without resources, or a kubernetes_manifest without a manifest, is read without failing', () => {
      const model = new PlatformModel({ empty: {}, config: { resource: { kubernetes_manifest: { bare: {} } } } } as ConstructorParameters<typeof PlatformModel>[0]);
      expect(failures(contract.evaluate({ model, environment: EKS }) as ContractResult)).toEqual([]);
    });

    it('an ExternalSecret with only data, only dataFrom, or no spec reads what it has', () => {
      const store = manifest('store', { apiVersion: 'external-secrets.io/v1', kind: 'SecretStore', metadata: { name: 'aws' } });
      const secret = (spec?: Json) => manifest('secret', { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'db' }, ...(spec === undefined ? {} : { spec }) });
      const stacks = (spec?: Json) => ({ charts: release('external-secrets'), cluster: merge(store, { aws_secretsmanager_secret: { db: { name: 'db' } } }), config: secret(spec) });
      expect(problemsOf(stacks({ secretStoreRef: { name: 'aws' }, data: [{ remoteRef: { key: 'db' } }] }))).toEqual([]);
      expect(problemsOf(stacks({ secretStoreRef: { name: 'aws' }, dataFrom: [{ extract: { key: 'db' } }] }))).toEqual([]);
      expect(problemsOf(stacks())).toEqual([
        'ExternalSecret db (config/kubernetes_manifest.secret) finds what it needs when config is deployed: needs SecretStore undefined, which no stack of the environment creates. Fix: create the SecretStore undefined in config or a stack it depends on',
      ]);
    });
  });

  describe('near misses of the survivors', () => {
    it('a secret of the same name counts only by its name; a chart, an issuer only by theirs', () => {
      const store = manifest('store', { apiVersion: 'external-secrets.io/v1', kind: 'SecretStore', metadata: { name: 'aws' } });
      const secret = manifest('secret', { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'db' }, spec: { secretStoreRef: { name: 'aws' }, data: [{ remoteRef: { key: 'db' } }] } });
      const stacks = { charts: release('external-secrets'), cluster: merge(store, { aws_secretsmanager_secret: { api: { name: 'api' } } }), other: { aws_secretsmanager_secret: { db: { name: 'db' } } }, config: secret };
      expect(problemsOf(stacks)).toEqual([`ExternalSecret db (config/kubernetes_manifest.secret) finds what it needs when config is deployed: ${notDependingOn('config', 'the Secrets Manager secret db', 'other')}`]);
      const certificate = manifest('certificate', { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'tls' } });
      expect(problemsOf({ cluster: release('velero'), config: certificate })).toEqual([expect.stringContaining('whose CRDs the cert-manager chart installs, which no stack of the environment installs')]);
      const issuer = manifest('issuer', { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'staging' } });
      const account = { kubernetes_service_account_v1: { web: { metadata: [{ name: 'web', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } }] } } };
      expect(problemsOf({ charts: release('cert-manager', 'cert-manager', { values: [JSON.stringify({ crds: { enabled: true } })] }), cluster: issuer, config: account })).toEqual([
        expect.stringContaining('needs the ClusterIssuer letsencrypt, which no stack of the environment creates'),
      ]);
    });

    it('a release that creates its namespace needs no namespace, even one that cannot be followed', () => {
      expect(problemsOf({ config: release('app', 'app', { namespace: '${kubernetes_namespace_v1.gone.metadata[0].name}', create_namespace: true }) }, {})).toEqual([]);
    });

    it('a stack ordered only by the state it reads is noted', () => {
      const model = new PlatformModel({
        producer: { terraform: { backend: { s3: { bucket: 'state', key: 'producer' } } } },
        consumer: { data: { terraform_remote_state: { producer: { config: { bucket: 'state', key: 'producer' } } } } },
      } as ConstructorParameters<typeof PlatformModel>[0]);
      expect(contract.evaluate({ model, environment: EKS }).notes).toEqual(['consumer after producer']);
    });
  });
});
