import { check, type ContractCheck, type ContractInput, type ContractResult, type PlatformContract } from './contract';
import type { ModelResource, PlatformModel } from './platform-model';
import { block, blocks, helmValues, manifestTitle, metadataField, walkObjects } from './private/kubernetes-objects';
import { notApplicableOnEcs } from './private/not-on-ecs';

/** Annotation of the cluster's default StorageClass. */
const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

/** Provisioner → the EKS managed add-on that runs it. */
const CSI_ADDONS: Readonly<Record<string, string>> = { 'ebs.csi.aws.com': 'aws-ebs-csi-driver', 'efs.csi.aws.com': 'aws-efs-csi-driver' };

/**
 * Helm values paths (chart → `persistence` blocks) whose claims a chart creates even when the values leave `enabled`
 * out, as the pinned chart versions' values.yaml set it: Loki 6.x `singleBinary.persistence.enabled: true`.
 */
const PERSISTENCE_ON_BY_DEFAULT: Readonly<Record<string, readonly string[]>> = {
  loki: ['singleBinary.persistence', 'write.persistence', 'backend.persistence'],
};

/** A StorageClass the platform creates. */
interface StorageClass {
  readonly name: string;
  readonly isDefault: boolean;
  readonly resource: ModelResource;
}

/** One volume claim as written: a PVC, a StatefulSet's claim template, a chart's persistence block. */
interface VolumeClaim {
  /** What the claim is, e.g. `helm_release kube-prometheus-stack: prometheus.prometheusSpec.storageSpec.volumeClaimTemplate`. */
  readonly title: string;
  readonly resource: ModelResource;
  /** The field that names the class, as the fix should name it. */
  readonly field: string;
  /** The class named; undefined when none is (the default class). */
  readonly storageClassName: string | undefined;
}

/**
 * Every PersistentVolumeClaim the platform makes gets a volume: it names a StorageClass one of the environment's
 * stacks creates (the same stack or one deployed before it), or names none while the platform sets a default class.
 * Claims are read from `kubernetes_persistent_volume_claim_v1`, StatefulSets' claim templates, `kubernetes_manifest`
 * PVCs/StatefulSets and the Helm values of every release (`volumeClaimTemplate(s)`, enabled `persistence` blocks:
 * kube-prometheus-stack's Prometheus/Alertmanager `storageSpec`/`storage`, Grafana, Loki, Tempo). The classes
 * themselves must provision: their CSI driver is an EKS add-on of the environment, EBS volumes are encrypted and
 * bound when the pod is scheduled (`WaitForFirstConsumer`, or a volume can land in a zone the pod cannot run in),
 * and at most one class is the default.
 */
export class StorageContract implements PlatformContract {
  readonly id = 'storage';
  readonly title = 'Storage: every volume claim names a StorageClass the platform creates, or gets its default class';

  evaluate(input: ContractInput): ContractResult {
    const notApplicable = notApplicableOnEcs(this, input, 'the tasks keep no volumes (PostgreSQL, Redis and S3 hold the data): no StorageClass or volume claim to check');
    if (notApplicable) return notApplicable;
    const { model } = input;
    const classes = storageClasses(model);
    const checks: ContractCheck[] = classes.map((storageClass) => classCheck(model, storageClass));
    const defaults = classes.filter((storageClass) => storageClass.isDefault);
    if (defaults.length > 1) {
      checks.push(
        check('at most one StorageClass is the cluster default', [
          `${defaults.map((storageClass) => `${storageClass.name} (${storageClass.resource.constructPath})`).join(', ')} are all annotated ${DEFAULT_CLASS_ANNOTATION}: "true". Fix: keep the annotation "true" on one class only`,
        ]),
      );
    }
    for (const claim of volumeClaims(model)) checks.push(claimCheck(model, claim, classes));
    const notes = classes.map((storageClass) => `StorageClass ${storageClass.name}${storageClass.isDefault ? ' (default)' : ''} in ${storageClass.resource.stack}`);
    return { id: this.id, title: this.title, checks, notes };
  }
}

function storageClasses(model: PlatformModel): StorageClass[] {
  return ['kubernetes_storage_class_v1', 'kubernetes_storage_class'].flatMap((type) =>
    model.resources(type).map((resource) => ({
      name: metadataField(model, resource, 'name') ?? resource.address,
      isDefault: String((block(resource.values.metadata)?.annotations as Record<string, unknown> | undefined)?.[DEFAULT_CLASS_ANNOTATION]) === 'true',
      resource,
    })),
  );
}

function classCheck(model: PlatformModel, { name, resource }: StorageClass): ContractCheck {
  const problems: string[] = [];
  const provisioner = String(resource.values.storage_provisioner);
  const addon = CSI_ADDONS[provisioner];
  if (addon === undefined) {
    // In-tree provisioners (kubernetes.io/aws-ebs) were removed from Kubernetes (CSI migration): nothing would provision.
    problems.push(`provisioner ${provisioner} is not a CSI driver the platform installs (${Object.keys(CSI_ADDONS).join(', ')}). Fix: use ebs.csi.aws.com`);
  }
  if (addon !== undefined && !model.resources('aws_eks_addon').some((candidate) => candidate.values.addon_name === addon)) {
    problems.push(`provisioner ${provisioner} runs in the EKS add-on ${addon}, which no stack creates. Fix: add the ${addon} managed add-on (with its IRSA role) to the cluster stack`);
  }
  if (provisioner === 'ebs.csi.aws.com') {
    const parameters = (resource.values.parameters ?? {}) as Record<string, unknown>;
    if (parameters.type !== undefined && parameters.type !== 'gp3') {
      problems.push(`parameters.type is ${JSON.stringify(parameters.type)}: the platform's volumes are gp3 (cheaper and faster than gp2 at every size). Fix: set parameters.type "gp3"`);
    }
    if (String(parameters.encrypted) !== 'true') problems.push(`parameters.encrypted is ${JSON.stringify(parameters.encrypted)}: volumes would be unencrypted. Fix: set parameters.encrypted "true"`);
    if (resource.values.volume_binding_mode !== 'WaitForFirstConsumer') {
      problems.push(
        `volume_binding_mode is ${JSON.stringify(resource.values.volume_binding_mode ?? 'Immediate')}: an EBS volume would be created before its pod is scheduled, possibly in a zone the pod cannot run in. Fix: set volume_binding_mode "WaitForFirstConsumer"`,
      );
    }
  }
  return check(`StorageClass ${name} (${resource.constructPath}) provisions volumes`, problems);
}

function claimCheck(model: PlatformModel, claim: VolumeClaim, classes: readonly StorageClass[]): ContractCheck {
  const problems: string[] = [];
  const available = classes.filter((storageClass) => model.availableTo(storageClass.resource.stack, claim.resource.stack));
  const fix = `Fix: create the StorageClass in ${claim.resource.stack} or a stack it depends on (the cluster-addons stack's EbsStorageClass), or name one that exists in ${claim.field}`;
  if (claim.storageClassName === undefined) {
    if (!available.some((storageClass) => storageClass.isDefault)) {
      const elsewhere = classes.filter((storageClass) => storageClass.isDefault).map((storageClass) => ` (the default class ${storageClass.name} is created in ${storageClass.resource.stack}, which ${claim.resource.stack} does not depend on)`);
      problems.push(`names no StorageClass (${claim.field}) and no default class exists when ${claim.resource.stack} is deployed${elsewhere.join('')}: the claim stays Pending. ${fix}`);
    }
  } else if (claim.storageClassName === '' || claim.storageClassName === '-') {
    problems.push(`${claim.field} is ${JSON.stringify(claim.storageClassName)}: the claim binds only volumes created by hand and stays Pending. Fix: name a StorageClass the platform creates, or leave ${claim.field} out for the default class`);
  } else if (!available.some((storageClass) => storageClass.name === claim.storageClassName)) {
    const elsewhere = classes.find((storageClass) => storageClass.name === claim.storageClassName);
    problems.push(
      elsewhere === undefined
        ? `${claim.field} names StorageClass ${claim.storageClassName}, which no stack of the environment creates (${classes.map((storageClass) => storageClass.name).join(', ') || 'none'} exist): the claim stays Pending. ${fix}`
        : `${claim.field} names StorageClass ${claim.storageClassName}, created in ${elsewhere.resource.stack}, which ${claim.resource.stack} does not depend on. Fix: make ${claim.resource.stack} depend on ${elsewhere.resource.stack}`,
    );
  }
  return check(`volume claim ${claim.title} (${claim.resource.constructPath}) gets a volume`, problems);
}

/** Every volume claim the stacks make. */
function volumeClaims(model: PlatformModel): VolumeClaim[] {
  const claims: VolumeClaim[] = [];
  const text = (value: unknown) => (value === undefined || value === null ? undefined : String(value));
  for (const type of ['kubernetes_persistent_volume_claim_v1', 'kubernetes_persistent_volume_claim']) {
    for (const resource of model.resources(type)) {
      claims.push({
        title: `PersistentVolumeClaim ${metadataField(model, resource, 'name') ?? resource.address}`,
        resource,
        field: 'spec.storage_class_name',
        storageClassName: text(block(resource.values.spec)?.storage_class_name),
      });
    }
  }
  for (const type of ['kubernetes_stateful_set_v1', 'kubernetes_stateful_set']) {
    for (const resource of model.resources(type)) {
      blocks(block(resource.values.spec)?.volume_claim_template).forEach((template, index) =>
        claims.push({
          title: `StatefulSet ${metadataField(model, resource, 'name') ?? resource.address} claim template ${String(block(template.metadata)?.name ?? index)}`,
          resource,
          field: `spec.volume_claim_template[${index}].spec.storage_class_name`,
          storageClassName: text(block(template.spec)?.storage_class_name),
        }),
      );
    }
  }
  for (const resource of model.resources('kubernetes_manifest')) {
    const manifest = (resource.values.manifest ?? {}) as Record<string, unknown>;
    const spec = (manifest.spec ?? {}) as Record<string, unknown>;
    if (manifest.kind === 'PersistentVolumeClaim') {
      claims.push({ title: manifestTitle(model, resource), resource, field: 'manifest.spec.storageClassName', storageClassName: text(spec.storageClassName) });
    }
    if (manifest.kind === 'StatefulSet') {
      blocks(spec.volumeClaimTemplates).forEach((template, index) =>
        claims.push({
          title: `${manifestTitle(model, resource)} claim template ${index}`,
          resource,
          field: `manifest.spec.volumeClaimTemplates[${index}].spec.storageClassName`,
          storageClassName: text((template.spec as Record<string, unknown> | undefined)?.storageClassName),
        }),
      );
    }
  }
  for (const release of model.resources('helm_release')) claims.push(...helmClaims(release));
  return claims;
}

/** The claims a release's values ask for: `volumeClaimTemplate(s)` specs and enabled `persistence` blocks. */
function helmClaims(release: ModelResource): VolumeClaim[] {
  const chart = String(release.values.chart);
  const title = (path: string) => `helm_release ${String(release.values.name)} (chart ${chart}): ${path}`;
  const claims: VolumeClaim[] = [];
  for (const values of helmValues(release)) {
    walkObjects(values, (object, path) => {
      const at = (key: string) => (path === '' ? key : `${path}.${key}`);
      const template = object.volumeClaimTemplate as Record<string, unknown> | undefined;
      if (typeof template === 'object' && template !== null) {
        const spec = (template.spec ?? {}) as Record<string, unknown>;
        claims.push({ title: title(at('volumeClaimTemplate')), resource: release, field: `values ${at('volumeClaimTemplate.spec.storageClassName')}`, storageClassName: optional(spec.storageClassName) });
      }
      blocks(object.volumeClaimTemplates).forEach((item, index) => {
        const spec = (item.spec ?? {}) as Record<string, unknown>;
        claims.push({ title: title(at(`volumeClaimTemplates[${index}]`)), resource: release, field: `values ${at(`volumeClaimTemplates[${index}].spec.storageClassName`)}`, storageClassName: optional(spec.storageClassName) });
      });
      const persistence = object.persistence as Record<string, unknown> | undefined;
      if (typeof persistence === 'object' && persistence !== null && !Array.isArray(persistence)) {
        const onByDefault = (PERSISTENCE_ON_BY_DEFAULT[chart] ?? []).includes(at('persistence'));
        const enabled = persistence.enabled === true || persistence.volumeClaimsEnabled === true || (persistence.enabled === undefined && onByDefault);
        if (enabled) {
          const key = 'storageClassName' in persistence || !('storageClass' in persistence) ? 'storageClassName' : 'storageClass';
          claims.push({ title: title(at('persistence')), resource: release, field: `values ${at(`persistence.${key}`)}`, storageClassName: optional(persistence[key]) });
        }
      }
    });
  }
  return claims;
}

function optional(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}
