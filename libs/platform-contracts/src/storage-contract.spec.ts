import type { ContractInput, ContractResult } from './contract';
import { PlatformModel } from './platform-model';
import { failuresPiped as failures } from './private/spec-support';
import { StorageContract } from './storage-contract';

type Json = Record<string, unknown>;

const contract = new StorageContract();
const EKS = { name: 'production', compute: 'eks' } as unknown as ContractInput['environment'];
const GP3 = { type: 'gp3', encrypted: 'true' };

/** A StorageClass named `name` (EBS CSI, gp3, encrypted, bound at scheduling unless changed), default when `isDefault`. */
const storageClass = (name: string, isDefault: boolean | string = false, change: Json = {}) => ({
  metadata: [{ name, ...(isDefault === false ? {} : { annotations: { 'storageclass.kubernetes.io/is-default-class': String(isDefault) } }) }],
  storage_provisioner: 'ebs.csi.aws.com',
  parameters: GP3,
  volume_binding_mode: 'WaitForFirstConsumer',
  ...change,
});
const EBS_ADDON = { aws_eks_addon: { ebs: { addon_name: 'aws-ebs-csi-driver' } } };

/** `addons` creates the classes (and the EBS add-on); `apps` depends on it unless told. */
function evaluate(addons: Json, apps: Json = {}, dependsOnAddons = true): ContractResult {
  const stacks = { addons: { resource: { ...EBS_ADDON, ...addons } }, apps: { resource: apps } } as ConstructorParameters<typeof PlatformModel>[0];
  const model = new PlatformModel(stacks, { dependencies: { addons: [], apps: dependsOnAddons ? ['addons'] : [] } });
  return contract.evaluate({ model, environment: EKS }) as ContractResult;
}

describe('storage contract', () => {
  it('is titled for the report; a gp3, encrypted class bound at scheduling provisions; the notes name the classes', () => {
    const result = evaluate({ kubernetes_storage_class_v1: { gp3: storageClass('gp3', true) }, kubernetes_storage_class: { slow: storageClass('slow', 'false') } });
    expect(result.title).toBe('Storage: every volume claim names a StorageClass the platform creates, or gets its default class');
    expect(result.checks.map((item) => `${item.subject}: ${item.passed}`)).toEqual([
      'StorageClass gp3 (addons/kubernetes_storage_class_v1.gp3) provisions volumes: true',
      'StorageClass slow (addons/kubernetes_storage_class.slow) provisions volumes: true',
    ]);
    expect(result.notes).toEqual(['StorageClass gp3 (default) in addons', 'StorageClass slow in addons']);
  });

  it('a class left without a type (the driver’s gp3) passes', () => {
    expect(failures(evaluate({ kubernetes_storage_class_v1: { gp3: storageClass('gp3', true, { parameters: { encrypted: 'true' } }) } }))).toEqual([]);
  });

  it('gp2, an unencrypted volume and immediate binding are each named', () => {
    const subject = 'StorageClass old (addons/kubernetes_storage_class_v1.old) provisions volumes';
    expect(failures(evaluate({ kubernetes_storage_class_v1: { old: storageClass('old', false, { parameters: { type: 'gp2', encrypted: true }, volume_binding_mode: undefined }) } }))).toEqual([
      `${subject}: parameters.type is "gp2": the platform's volumes are gp3 (cheaper and faster than gp2 at every size). Fix: set parameters.type "gp3" | ` +
        'volume_binding_mode is "Immediate": an EBS volume would be created before its pod is scheduled, possibly in a zone the pod cannot run in. Fix: set volume_binding_mode "WaitForFirstConsumer"',
    ]);
    expect(failures(evaluate({ kubernetes_storage_class_v1: { plain: storageClass('plain', false, { parameters: { type: 'gp3', encrypted: 'false' }, volume_binding_mode: 'Immediate' }) } }))).toEqual([
      'StorageClass plain (addons/kubernetes_storage_class_v1.plain) provisions volumes: parameters.encrypted is "false": volumes would be unencrypted. Fix: set parameters.encrypted "true" | ' +
        'volume_binding_mode is "Immediate": an EBS volume would be created before its pod is scheduled, possibly in a zone the pod cannot run in. Fix: set volume_binding_mode "WaitForFirstConsumer"',
    ]);
  });

  it('an in-tree provisioner, or a CSI driver whose add-on no stack creates, is named', () => {
    const stacks = { kubernetes_storage_class_v1: { intree: storageClass('intree', false, { storage_provisioner: 'kubernetes.io/aws-ebs' }), efs: storageClass('efs', false, { storage_provisioner: 'efs.csi.aws.com' }) } };
    expect(failures(evaluate(stacks))).toEqual([
      'StorageClass intree (addons/kubernetes_storage_class_v1.intree) provisions volumes: provisioner kubernetes.io/aws-ebs is not a CSI driver the platform installs (ebs.csi.aws.com, efs.csi.aws.com). Fix: use ebs.csi.aws.com',
      'StorageClass efs (addons/kubernetes_storage_class_v1.efs) provisions volumes: provisioner efs.csi.aws.com runs in the EKS add-on aws-efs-csi-driver, which no stack creates. Fix: add the aws-efs-csi-driver managed add-on (with its IRSA role) to the cluster stack',
    ]);
  });

  it('two default classes are named; one default is fine', () => {
    expect(failures(evaluate({ kubernetes_storage_class_v1: { a: storageClass('a', true), b: storageClass('b', 'true'), c: storageClass('c', 'false') } }))).toEqual([
      'at most one StorageClass is the cluster default: a (addons/kubernetes_storage_class_v1.a), b (addons/kubernetes_storage_class_v1.b) are all annotated storageclass.kubernetes.io/is-default-class: "true". Fix: keep the annotation "true" on one class only',
    ]);
  });

  describe('volume claims', () => {
    const claim = (storageClassName?: string | null) => ({ kubernetes_persistent_volume_claim_v1: { data: { metadata: [{ name: 'data' }], spec: [storageClassName === undefined ? {} : { storage_class_name: storageClassName }] } } });
    const subject = 'volume claim PersistentVolumeClaim data (apps/kubernetes_persistent_volume_claim_v1.data) gets a volume';
    const fix = 'Fix: create the StorageClass in apps or a stack it depends on (the cluster-addons stack\'s EbsStorageClass), or name one that exists in spec.storage_class_name';

    it('a claim naming a class of a stack it depends on, or naming none while a default exists, gets a volume', () => {
      expect(failures(evaluate({ kubernetes_storage_class_v1: { gp3: storageClass('gp3', true) } }, claim('gp3')))).toEqual([]);
      expect(failures(evaluate({ kubernetes_storage_class_v1: { gp3: storageClass('gp3', true) } }, claim()))).toEqual([]);
      expect(failures(evaluate({ kubernetes_storage_class_v1: { gp3: storageClass('gp3', true) } }, claim(null)))).toEqual([]);
    });

    it.each([[''], ['-']])('a claim naming %j binds only hand-made volumes', (name) => {
      expect(failures(evaluate({ kubernetes_storage_class_v1: { gp3: storageClass('gp3', true) } }, claim(name)))).toEqual([
        `${subject}: spec.storage_class_name is ${JSON.stringify(name)}: the claim binds only volumes created by hand and stays Pending. Fix: name a StorageClass the platform creates, or leave spec.storage_class_name out for the default class`,
      ]);
    });

    it('a claim naming a class no stack creates, or one of a stack it does not depend on, is named', () => {
      expect(failures(evaluate({ kubernetes_storage_class_v1: { gp3: storageClass('gp3', true) } }, claim('io2')))).toEqual([
        `${subject}: spec.storage_class_name names StorageClass io2, which no stack of the environment creates (gp3 exist): the claim stays Pending. ${fix}`,
      ]);
      expect(failures(evaluate({}, claim('io2')))).toEqual([`${subject}: spec.storage_class_name names StorageClass io2, which no stack of the environment creates (none exist): the claim stays Pending. ${fix}`]);
      expect(failures(evaluate({ kubernetes_storage_class_v1: { gp3: storageClass('gp3', true) } }, claim('gp3'), false))).toEqual([
        `${subject}: spec.storage_class_name names StorageClass gp3, created in addons, which apps does not depend on. Fix: make apps depend on addons`,
      ]);
    });

    it('a claim naming no class needs a default class deployed before it', () => {
      expect(failures(evaluate({ kubernetes_storage_class_v1: { gp3: storageClass('gp3') } }, claim()))).toEqual([
        `${subject}: names no StorageClass (spec.storage_class_name) and no default class exists when apps is deployed: the claim stays Pending. ${fix}`,
      ]);
      expect(failures(evaluate({ kubernetes_storage_class_v1: { gp3: storageClass('gp3', true) } }, claim(), false))).toEqual([
        `${subject}: names no StorageClass (spec.storage_class_name) and no default class exists when apps is deployed (the default class gp3 is created in addons, which apps does not depend on): the claim stays Pending. ${fix}`,
      ]);
    });

    it('reads StatefulSets’ claim templates and manifests', () => {
      const apps = {
        kubernetes_stateful_set_v1: { db: { metadata: [{ name: 'db' }], spec: [{ volume_claim_template: [{ metadata: [{ name: 'data' }], spec: [{ storage_class_name: 'io2' }] }, { spec: [{}] }] }] } },
        kubernetes_manifest: {
          pvc: { manifest: { kind: 'PersistentVolumeClaim', metadata: { name: 'cache', namespace: 'apps' }, spec: { storageClassName: 'io2' } } },
          sts: { manifest: { kind: 'StatefulSet', metadata: { name: 'queue' }, spec: { volumeClaimTemplates: [{ spec: { storageClassName: 'io2' } }] } } },
        },
      };
      expect(failures(evaluate({ kubernetes_storage_class_v1: { gp3: storageClass('gp3') } }, apps)).map((failure) => failure.split(':')[0])).toEqual([
        'volume claim StatefulSet db claim template data (apps/kubernetes_stateful_set_v1.db) gets a volume',
        'volume claim StatefulSet db claim template 1 (apps/kubernetes_stateful_set_v1.db) gets a volume',
        'volume claim PersistentVolumeClaim apps/cache (apps/kubernetes_manifest.pvc) gets a volume',
        'volume claim StatefulSet queue claim template 0 (apps/kubernetes_manifest.sts) gets a volume',
      ]);
    });

    describe('in Helm values', () => {
      const release = (chart: string, values: Json) => ({ helm_release: { [chart]: { chart, name: chart, values: [JSON.stringify(values)] } } });
      const claimed = (chart: string, values: Json) => failures(evaluate({ kubernetes_storage_class_v1: { gp3: storageClass('gp3') } }, release(chart, values)));

      it.each<[string, Json, string, string]>([
        ['an enabled persistence block', { persistence: { enabled: true, storageClassName: 'io2' } }, 'persistence', 'persistence.storageClassName'],
        ['volumeClaimsEnabled', { server: { persistence: { volumeClaimsEnabled: true, storageClass: 'io2' } } }, 'server.persistence', 'server.persistence.storageClass'],
        ['a volumeClaimTemplate', { prometheus: { storageSpec: { volumeClaimTemplate: { spec: { storageClassName: 'io2' } } } } }, 'prometheus.storageSpec.volumeClaimTemplate', 'prometheus.storageSpec.volumeClaimTemplate.spec.storageClassName'],
        ['volumeClaimTemplates', { volumeClaimTemplates: [{ spec: { storageClassName: 'io2' } }] }, 'volumeClaimTemplates[0]', 'volumeClaimTemplates[0].spec.storageClassName'],
      ])('%s is a claim', (_case, values, path, field) => {
        expect(claimed('app', values)).toEqual([expect.stringContaining(`volume claim helm_release app (chart app): ${path} (apps/helm_release.app) gets a volume: values ${field} names StorageClass io2,`)]);
      });

      it('a disabled or unset persistence block is none, except where the chart turns it on by default (Loki’s singleBinary)', () => {
        expect(claimed('app', { persistence: { enabled: false, storageClassName: 'io2' }, other: { persistence: { storageClassName: 'io2' } }, list: { persistence: [] } })).toEqual([]);
        expect(claimed('loki', { singleBinary: { persistence: { storageClass: 'io2' } }, read: { persistence: { storageClass: 'io2' } } })).toEqual([
          expect.stringContaining('volume claim helm_release loki (chart loki): singleBinary.persistence (apps/helm_release.loki) gets a volume: values singleBinary.persistence.storageClass names StorageClass io2'),
        ]);
        expect(claimed('loki', { singleBinary: { persistence: { enabled: false } } })).toEqual([]);
      });

      it('a block naming no class is read as storageClassName', () => {
        expect(claimed('app', { persistence: { enabled: true } })).toEqual([expect.stringContaining('names no StorageClass (values persistence.storageClassName)')]);
      });
    });
  });

  it('does not apply on ECS', () => {
    const model = new PlatformModel({});
    expect(contract.evaluate({ model, environment: { ...EKS, compute: 'ecs' } as ContractInput['environment'] })).toMatchObject({ notes: [expect.stringMatching(/^not applicable: production runs on ECS Fargate/)] });
  });
});
