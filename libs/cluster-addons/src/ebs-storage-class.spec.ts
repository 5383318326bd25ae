import { synthJson } from '@platform/terraform-testing';
import { EbsStorageClass, EbsStorageClassProps } from './ebs-storage-class';

describe('EbsStorageClass', () => {
  const synth = (props: EbsStorageClassProps = {}) => synthJson((scope) => new EbsStorageClass(scope, 'storageClass', props));

  describe('by default', () => {
    const [storageClass] = synth().resources('kubernetes_storage_class_v1');

    it('is the default class gp3 of the EBS CSI driver', () => {
      expect(storageClass.metadata).toEqual({ name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } });
      expect(storageClass.storage_provisioner).toBe('ebs.csi.aws.com');
    });

    it('provisions encrypted gp3 volumes with the account key', () => {
      expect(storageClass.parameters).toEqual({ type: 'gp3', encrypted: 'true' });
    });

    it('creates a volume only once its pod is scheduled (in that pod’s zone), lets claims grow and deletes volumes with their claims', () => {
      expect(storageClass).toMatchObject({ volume_binding_mode: 'WaitForFirstConsumer', allow_volume_expansion: true, reclaim_policy: 'Delete' });
    });
  });

  it('takes a name, a volume type, a KMS key, a reclaim policy and can be a non-default class', () => {
    const [storageClass] = synth({
      name: 'io2-retained',
      volumeType: 'io2',
      default: false,
      kmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      reclaimPolicy: 'Retain',
    }).resources('kubernetes_storage_class_v1');
    expect(storageClass).toMatchObject({
      metadata: { name: 'io2-retained', annotations: { 'storageclass.kubernetes.io/is-default-class': 'false' } },
      parameters: { type: 'io2', encrypted: 'true', kmsKeyId: 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
      reclaim_policy: 'Retain',
    });
  });

  it('tags every volume for the backup plan that selects by tag (tagSpecification_<n>, sorted by key)', () => {
    const [storageClass] = synth({ volumeTags: { Team: 'platform', Backup: 'platform-production' } }).resources('kubernetes_storage_class_v1');
    expect(storageClass.parameters).toEqual({ type: 'gp3', encrypted: 'true', tagSpecification_1: 'Backup=platform-production', tagSpecification_2: 'Team=platform' });
  });

  it.each<[string, EbsStorageClassProps, RegExp]>([
    ['a tag key the driver would split', { volumeTags: { 'a=b': 'c' } }, /storageClass: volumeTags: 'a=b' is not an EBS tag key/],
    ['an invalid name', { name: 'GP3' }, /storageClass: name: 'GP3' is not a StorageClass name\. Fix: use lower-case letters/],
    ['an unknown volume type', { volumeType: 'gp4' as never }, /storageClass: volumeType: 'gp4' is not an EBS volume type\. Fix: use one of gp3, gp2/],
    ['a key that is not a KMS key ARN', { kmsKeyArn: 'alias/aws/ebs' }, /storageClass: kmsKeyArn: 'alias\/aws\/ebs' is not a KMS key ARN/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
