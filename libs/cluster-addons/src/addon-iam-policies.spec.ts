import { IRSA_ADDON_NAMES } from './addon-catalog';
import { addonIamPolicy, AddonPolicyScope } from './addon-iam-policies';

const SCOPE: AddonPolicyScope = {
  partition: 'aws',
  accountId: '123456789012',
  region: 'eu-central-1',
  clusterName: 'platform-staging',
  secretsPrefix: 'platform/staging/',
  backupBucketName: 'platform-staging-backups',
  backupKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/backup',
};

describe('addonIamPolicy', () => {
  it.each(IRSA_ADDON_NAMES)('%s: every statement that changes something is scoped by ARN or tag condition', (addon) => {
    for (const statement of addonIamPolicy(addon, SCOPE).Statement) {
      const writes = statement.Action.filter((action) => !/^[\w-]+:(Describe|List|Get)/.test(action));
      if (writes.length > 0 && statement.Resource === '*' && statement.Condition === undefined) {
        // Only actions AWS cannot scope by resource may stay unconditioned.
        expect({ addon, sid: statement.Sid, writes }).toEqual({ addon, sid: expect.stringMatching(/^(AttachWafAndShield|ListenersAndRules|VolumeSnapshots)$/), writes });
      }
    }
  });

  it('lets cluster-autoscaler scale only this cluster’s node groups', () => {
    const scale = addonIamPolicy('clusterAutoscaler', SCOPE).Statement.find((s) => s.Action.includes('autoscaling:SetDesiredCapacity'));
    expect(scale?.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/platform-staging': 'owned' } });
  });

  it('lets external-secrets read and decrypt only the environment’s secrets', () => {
    const secrets = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:platform/staging/*';
    expect(addonIamPolicy('externalSecrets', SCOPE).Statement).toEqual([
      expect.objectContaining({ Resource: secrets }),
      {
        Sid: 'DecryptPlatformSecrets',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: 'arn:aws:kms:eu-central-1:123456789012:key/*',
        Condition: {
          StringEquals: { 'kms:ViaService': 'secretsmanager.eu-central-1.amazonaws.com' },
          StringLike: { 'kms:EncryptionContext:SecretARN': secrets },
        },
      },
    ]);
  });

  it('lets velero write only to its bucket with its key', () => {
    const resources = addonIamPolicy('velero', SCOPE).Statement.flatMap((s) => s.Resource);
    expect(resources).toEqual(['*', 'arn:aws:s3:::platform-staging-backups/*', 'arn:aws:s3:::platform-staging-backups', 'arn:aws:kms:eu-central-1:123456789012:key/backup']);
  });
});
