import { type EnvironmentConfig, stackNameOf } from '@platform/config';
import { check, type ContractCheck, type ContractInput, type ContractResult, type PlatformContract } from './contract';
import type { ModelResource, PlatformModel } from './platform-model';
import { block, BUILT_IN_NAMESPACES, helmValues, manifestTitle, metadataField, nameOf, walkObjects } from './private/kubernetes-objects';

/**
 * Which chart installs the CRDs of an API group (the pinned add-on and observability charts install their CRDs with
 * the release). A custom resource of a group not listed here is reported, so that a new CRD source is added knowingly.
 */
export const CRD_SOURCES: Readonly<Record<string, string>> = {
  'cert-manager.io': 'cert-manager',
  'acme.cert-manager.io': 'cert-manager',
  'external-secrets.io': 'external-secrets',
  'generators.external-secrets.io': 'external-secrets',
  'monitoring.coreos.com': 'kube-prometheus-stack',
  'autoscaling.k8s.io': 'vertical-pod-autoscaler',
  'velero.io': 'velero',
  'elbv2.k8s.aws': 'aws-load-balancer-controller',
  'kyverno.io': 'kyverno',
  'argoproj.io': 'argo-rollouts',
};

/**
 * Charts whose CRDs are switched by a value, with the value's path and the pinned version's default: cert-manager
 * 1.15+ installs none unless `crds.enabled`; external-secrets, kube-prometheus-stack, kyverno and argo-rollouts install them by default.
 */
export const CRD_INSTALL_VALUES: Readonly<Record<string, { readonly path: readonly string[]; readonly default: boolean }>> = {
  'cert-manager': { path: ['crds', 'enabled'], default: false },
  'external-secrets': { path: ['installCRDs'], default: true },
  'kube-prometheus-stack': { path: ['crds', 'enabled'], default: true },
  kyverno: { path: ['crds', 'install'], default: true },
  'argo-rollouts': { path: ['installCRDs'], default: true },
};

/** Whether a release's values let its chart install its CRDs. */
function installsCrds(release: ModelResource): boolean {
  const toggle = CRD_INSTALL_VALUES[String(release.values.chart)];
  if (toggle === undefined) return true;
  const value = helmValues(release)
    .map((document) => toggle.path.reduce<unknown>((node, key) => (node as Json | undefined)?.[key], document))
    .filter((found) => found !== undefined)
    .pop();
  return value === undefined ? toggle.default : value === true || value === 'true';
}

/** API groups the API server serves itself (no CRD). */
const BUILT_IN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'node.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'certificates.k8s.io',
  'flowcontrol.apiserver.k8s.io',
]);

/** What the services stack of an ECS environment reads from the stacks before it, by stack kind. */
const ECS_SERVICES_READS: Readonly<Record<string, string>> = {
  network: 'subnets and security groups',
  data: 'the secrets it injects and the data stores its tasks connect to',
  monitoring: 'the alarms a release rolls back on',
};

/**
 * An ECS environment has no Kubernetes objects to order; what must come first is what `<env>-services` reads: its
 * tasks start with the network's groups, the data stack's secrets, and a blue/green release names the monitoring
 * stack's alarms.
 */
function ecsServicesOrder(model: PlatformModel, environment: EnvironmentConfig): ContractCheck {
  const stack = (kind: string) => stackNameOf(environment, kind);
  const services = stack('services');
  const problems =
    model.stacks[services] === undefined
      ? [`no stack ${services} in the environment`]
      : Object.entries(ECS_SERVICES_READS)
          .filter(([kind]) => !model.deployedBefore(stack(kind), services))
          .map(([kind, what]) => `${stack(kind)} is not deployed before ${services}, which reads ${what} from it. Fix: reference its outputs or add the stack dependency`);
  return check(`${services} is deployed after ${Object.keys(ECS_SERVICES_READS).map(stack).join(', ')}`, problems);
}

/** Terraform types of cluster-scoped Kubernetes objects (no namespace). */
const CLUSTER_SCOPED_TYPES = new Set(['kubernetes_namespace_v1', 'kubernetes_namespace', 'kubernetes_storage_class_v1', 'kubernetes_storage_class', 'kubernetes_cluster_role_v1', 'kubernetes_cluster_role_binding_v1', 'kubernetes_priority_class_v1', 'kubernetes_persistent_volume_v1']);

/** Pod-running types and the path of their pod spec. */
const POD_TEMPLATE_TYPES = ['kubernetes_deployment_v1', 'kubernetes_stateful_set_v1', 'kubernetes_daemon_set_v1', 'kubernetes_job_v1', 'kubernetes_cron_job_v1'];

const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';
const CLUSTER_ISSUER_ANNOTATION = 'cert-manager.io/cluster-issuer';

type Json = Record<string, unknown>;

/**
 * One `cdktf deploy '<env>-*'` (or one CI run) converges from an empty account only if every stack finds, when it is
 * planned and applied, what its Kubernetes objects need — and "before" means the deploy order the stacks declare
 * (cdktf's manifest dependencies and the `terraform_remote_state` producers, transitively), nothing else:
 * - a `kubernetes_manifest`'s CRD is installed by a Helm release of an EARLIER stack (the provider reads the CRD's
 *   schema at plan time, so a release in the same stack is not enough; CRD sources are pinned in {@link CRD_SOURCES});
 * - an object's namespace is built in, or created by the same or an earlier stack (a namespace or a Helm release with
 *   `create_namespace`);
 * - a pod's service account, an ExternalSecret's store and its Secrets Manager secrets, the IRSA role a service
 *   account (or a chart's values) is annotated with, the ClusterIssuer an Ingress (or a chart's values) names: created
 *   by the same or an earlier stack.
 * Custom resources inside Helm values (ServiceMonitors, PrometheusRules) are the chart's to order and not checked.
 */
export class DeployOrderContract implements PlatformContract {
  readonly id = 'deploy-order';
  readonly title = 'Deploy order: every Kubernetes object finds its CRD, namespace, service account, secrets, roles and issuers in an earlier stack';

  evaluate({ model, environment }: ContractInput): ContractResult {
    const index = new Providers(model);
    const checks: ContractCheck[] = [];
    for (const resource of kubernetesResources(model)) {
      const problems = [
        ...crdProblems(model, resource),
        ...namespaceProblems(model, index, resource),
        ...serviceAccountProblems(model, index, resource),
        ...externalSecretProblems(model, index, resource),
        ...annotationProblems(model, index, resource, annotationsOf(resource)),
      ];
      checks.push(check(`${objectTitle(model, resource)} (${resource.constructPath}) finds what it needs when ${resource.stack} is deployed`, problems));
    }
    for (const release of model.resources('helm_release')) {
      const problems = [...namespaceProblems(model, index, release), ...helmAnnotationProblems(model, index, release)];
      checks.push(check(`helm_release ${String(release.values.name)} (${release.constructPath}) finds what it needs when ${release.stack} is deployed`, problems));
    }
    // A secondary region standing by has no services stack yet (it appears on failover).
    if (environment.compute === 'ecs' && (environment.site?.runsCompute ?? true)) checks.push(ecsServicesOrder(model, environment));
    const order = Object.keys(model.stacks).filter((stack) => model.stackDependencies(stack).length > 0 || Object.keys(model.declaredDependencies).includes(stack));
    return { id: this.id, title: this.title, checks, notes: order.map((stack) => `${stack} after ${model.stackDependencies(stack).join(', ') || 'nothing'}`) };
  }
}

/** What exists where: names of the objects each stack creates. */
class Providers {
  readonly namespaces: { name: string; stack: string }[] = [];
  readonly serviceAccounts: { name: string; namespace: string; stack: string }[] = [];
  readonly manifests: { kind: string; name: string; stack: string }[] = [];
  readonly secrets: { name: string; stack: string }[] = [];

  constructor(model: PlatformModel) {
    for (const type of ['kubernetes_namespace_v1', 'kubernetes_namespace']) {
      for (const resource of model.resources(type)) this.namespaces.push({ name: metadataField(model, resource, 'name') ?? '', stack: resource.stack });
    }
    for (const release of model.resources('helm_release')) {
      if (release.values.create_namespace === true) this.namespaces.push({ name: nameOf(model, release.stack, release.raw.namespace) ?? '', stack: release.stack });
    }
    for (const type of ['kubernetes_service_account_v1', 'kubernetes_service_account']) {
      for (const resource of model.resources(type)) {
        this.serviceAccounts.push({ name: metadataField(model, resource, 'name') ?? '', namespace: metadataField(model, resource, 'namespace') ?? 'default', stack: resource.stack });
      }
    }
    for (const resource of model.resources('kubernetes_manifest')) {
      this.manifests.push({ kind: String((resource.raw.manifest as Json | undefined)?.kind), name: metadataField(model, resource, 'name') ?? '', stack: resource.stack });
    }
    for (const secret of model.resources('aws_secretsmanager_secret')) this.secrets.push({ name: String(secret.values.name), stack: secret.stack });
  }
}

/** Every Kubernetes object resource of the environment (not the Helm releases). */
function kubernetesResources(model: PlatformModel): ModelResource[] {
  const types = new Set(Object.values(model.stacks).flatMap((json) => Object.keys(((json as Json).resource ?? {}) as Json)));
  return [...types].filter((type) => type.startsWith('kubernetes_')).flatMap((type) => model.resources(type));
}

function objectTitle(model: PlatformModel, resource: ModelResource): string {
  if (resource.type === 'kubernetes_manifest') return manifestTitle(model, resource);
  const namespace = metadataField(model, resource, 'namespace');
  return `${resource.type} ${namespace === undefined ? '' : `${namespace}/`}${metadataField(model, resource, 'name') ?? resource.name}`;
}

/** The stacks that create `what` and are available to `consumer`, and those that are not. */
function placement(model: PlatformModel, stacks: readonly string[], consumer: string): { available: boolean; elsewhere: string[] } {
  const available = stacks.some((stack) => model.availableTo(stack, consumer));
  return { available, elsewhere: [...new Set(stacks.filter((stack) => !model.availableTo(stack, consumer)))] };
}

function missing(model: PlatformModel, consumer: string, what: string, stacks: readonly string[], fix: string): string[] {
  const { available, elsewhere } = placement(model, stacks, consumer);
  if (available) return [];
  if (elsewhere.length === 0) return [`needs ${what}, which no stack of the environment creates. Fix: ${fix}`];
  return [
    `needs ${what}, created in ${elsewhere.join(', ')}, which ${consumer} does not depend on: a deploy from empty can reach ${consumer} first. Fix: make ${consumer} depend on ${elsewhere.join(', ')} (addDependency, or a cross-stack reference)`,
  ];
}

function crdProblems(model: PlatformModel, resource: ModelResource): string[] {
  if (resource.type !== 'kubernetes_manifest') return [];
  const manifest = (resource.raw.manifest ?? {}) as Json;
  const apiVersion = String(manifest.apiVersion ?? '');
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  if (BUILT_IN_GROUPS.has(group)) return [];
  const chart = CRD_SOURCES[group];
  if (chart === undefined) {
    return [`is a ${String(manifest.kind)} of API group ${group}, which no chart of CRD_SOURCES installs. Fix: add the chart that installs ${group}'s CRDs to CRD_SOURCES (platform-contracts), and install it in an earlier stack`];
  }
  const installed = model.resources('helm_release').filter((release) => release.values.chart === chart);
  const releases = installed.filter(installsCrds);
  if (installed.length > 0 && releases.length === 0) {
    const toggle = CRD_INSTALL_VALUES[chart];
    return [
      `is a ${String(manifest.kind)} (${group}), but the ${chart} release installs no CRDs (values ${toggle.path.join('.')} is off; the chart's default is ${String(toggle.default)}). Fix: set ${toggle.path.join('.')}: true in the release's values`,
    ];
  }
  if (releases.length === 0) return [`is a ${String(manifest.kind)} (${group}), whose CRDs the ${chart} chart installs, which no stack of the environment installs. Fix: install ${chart} in an earlier stack, or drop the resource`];
  if (releases.some((release) => model.deployedBefore(release.stack, resource.stack))) return [];
  const same = releases.filter((release) => release.stack === resource.stack);
  if (same.length > 0) {
    return [
      `is a ${String(manifest.kind)} (${group}), whose CRD ${same.map((release) => release.address).join(', ')} installs in the same stack: kubernetes_manifest reads the CRD at plan time, so the first plan of ${resource.stack} fails ("no matches for kind ${String(manifest.kind)}"). Fix: move the resource into a stack that depends on ${resource.stack} (e.g. <env>-cluster-config)`,
    ];
  }
  return [
    `is a ${String(manifest.kind)} (${group}), whose CRD the ${chart} release of ${releases.map((release) => release.stack).join(', ')} installs, which ${resource.stack} does not depend on. Fix: make ${resource.stack} depend on ${releases[0].stack}`,
  ];
}

function namespaceProblems(model: PlatformModel, index: Providers, resource: ModelResource): string[] {
  if (CLUSTER_SCOPED_TYPES.has(resource.type)) return [];
  let namespace: string | undefined;
  if (resource.type === 'helm_release') {
    if (resource.values.create_namespace === true) return [];
    namespace = resource.raw.namespace === undefined ? 'default' : nameOf(model, resource.stack, resource.raw.namespace);
    if (namespace === undefined) return [`its namespace ${String(resource.raw.namespace)} cannot be followed to a namespace of the environment. Fix: take the namespace's name from a kubernetes_namespace_v1 or write it literally`];
  } else {
    namespace = metadataField(model, resource, 'namespace');
    if (namespace === undefined) {
      const raw = block(resource.type === 'kubernetes_manifest' ? (resource.raw.manifest as Json | undefined)?.metadata : resource.raw.metadata)?.namespace;
      // A cluster-scoped custom resource, or a namespaced object in `default`.
      if (raw === undefined) return [];
      return [`its namespace ${String(raw)} cannot be followed to a namespace of the environment. Fix: take the namespace's name from a kubernetes_namespace_v1 or write it literally`];
    }
  }
  if (BUILT_IN_NAMESPACES.includes(namespace)) return [];
  const stacks = index.namespaces.filter((candidate) => candidate.name === namespace).map((candidate) => candidate.stack);
  return missing(model, resource.stack, `namespace ${namespace}`, stacks, `create namespace ${namespace} in ${resource.stack} or a stack it depends on`);
}

function serviceAccountProblems(model: PlatformModel, index: Providers, resource: ModelResource): string[] {
  if (!POD_TEMPLATE_TYPES.includes(resource.type)) return [];
  let spec = block(resource.raw.spec);
  // A cron job's job template holds a job spec, whose template is the pod template (spec.job_template.spec.template.spec).
  if (resource.type === 'kubernetes_cron_job_v1') spec = block(block(spec?.job_template)?.spec);
  const podSpec = block(block(spec?.template)?.spec);
  const name = nameOf(model, resource.stack, podSpec?.service_account_name);
  if (name === undefined || name === 'default') return [];
  const namespace = metadataField(model, resource, 'namespace') ?? 'default';
  const stacks = index.serviceAccounts.filter((candidate) => candidate.name === name && candidate.namespace === namespace).map((candidate) => candidate.stack);
  return missing(model, resource.stack, `service account ${namespace}/${name}`, stacks, `create the ServiceAccount ${namespace}/${name} in ${resource.stack} or a stack it depends on`);
}

function externalSecretProblems(model: PlatformModel, index: Providers, resource: ModelResource): string[] {
  if (resource.type !== 'kubernetes_manifest') return [];
  const manifest = (resource.values.manifest ?? {}) as Json;
  if (manifest.kind !== 'ExternalSecret') return [];
  const spec = (manifest.spec ?? {}) as Json;
  const problems: string[] = [];
  const store = (spec.secretStoreRef ?? {}) as Json;
  const storeKind = String(store.kind ?? 'SecretStore');
  const stores = index.manifests.filter((candidate) => candidate.kind === storeKind && candidate.name === store.name).map((candidate) => candidate.stack);
  problems.push(...missing(model, resource.stack, `${storeKind} ${String(store.name)}`, stores, `create the ${storeKind} ${String(store.name)} in ${resource.stack} or a stack it depends on`));
  const keys = new Set<string>();
  for (const item of ([] as Json[]).concat((spec.data as Json[] | undefined) ?? [])) keys.add(String((item.remoteRef as Json | undefined)?.key));
  for (const item of ([] as Json[]).concat((spec.dataFrom as Json[] | undefined) ?? [])) {
    const key = (item.extract as Json | undefined)?.key;
    if (key !== undefined) keys.add(String(key));
  }
  for (const key of keys) {
    const byArn = key.startsWith('arn:') ? model.resourceWithId(key) : undefined;
    const stacks = byArn !== undefined ? [byArn.stack] : index.secrets.filter((secret) => secret.name === key).map((secret) => secret.stack);
    problems.push(...missing(model, resource.stack, `the Secrets Manager secret ${key}`, stacks, `create the secret in the data stack (data.secrets) and make ${resource.stack} depend on it`));
  }
  return problems;
}

function annotationsOf(resource: ModelResource): Json {
  const metadata = block(resource.type === 'kubernetes_manifest' ? (resource.values.manifest as Json | undefined)?.metadata : resource.values.metadata);
  return (metadata?.annotations ?? {}) as Json;
}

/** IRSA role and ClusterIssuer annotations: their role or issuer must exist when the stack is deployed. */
function annotationProblems(model: PlatformModel, index: Providers, resource: ModelResource, annotations: Json, where = ''): string[] {
  const problems: string[] = [];
  const roleArn = annotations[IRSA_ANNOTATION];
  if (typeof roleArn === 'string') {
    const role = model.resourceWithId(roleArn);
    problems.push(...missing(model, resource.stack, `the IRSA role ${roleArn}${where}`, role === undefined ? [] : [role.stack], `create the role in the cluster stack and make ${resource.stack} depend on it`));
  }
  const issuer = annotations[CLUSTER_ISSUER_ANNOTATION];
  if (typeof issuer === 'string') {
    const stacks = index.manifests.filter((candidate) => candidate.kind === 'ClusterIssuer' && candidate.name === issuer).map((candidate) => candidate.stack);
    problems.push(...missing(model, resource.stack, `the ClusterIssuer ${issuer}${where}`, stacks, `create the ClusterIssuer ${issuer} in a stack ${resource.stack} depends on`));
  }
  return problems;
}

function helmAnnotationProblems(model: PlatformModel, index: Providers, release: ModelResource): string[] {
  const problems: string[] = [];
  for (const values of helmValues(release)) {
    walkObjects(values, (object, path) => {
      const annotations = object.annotations;
      if (typeof annotations === 'object' && annotations !== null && !Array.isArray(annotations)) {
        problems.push(...annotationProblems(model, index, release, annotations as Json, ` (values ${path === '' ? '' : `${path}.`}annotations)`));
      }
    });
  }
  return problems;
}
