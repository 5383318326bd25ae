import { synthJson } from '@platform/terraform-testing';
import { ADDON_CHARTS } from './addon-catalog';
import { releaseOf, releaseSettings, valuesOf } from './private/testing';
import { SEED_002_BACKUP_SCHEDULE, Velero, VeleroProps } from './velero';

const PROPS: VeleroProps = {
  bucket: 'platform-production-velero',
  region: 'eu-central-1',
  clusterName: 'platform-production',
  roleArn: 'arn:aws:iam::123456789012:role/platform-production-velero',
};

describe('Velero', () => {
  const synth = (props: Partial<VeleroProps> = {}) => synthJson((scope) => new Velero(scope, 'velero', { ...PROPS, ...props }));
  const release = releaseOf(synth(), 'velero');
  const values = valuesOf(release);

  it('installs the pinned vmware-tanzu chart into its own namespace, atomically', () => {
    expect(release).toMatchObject({
      ...releaseSettings(ADDON_CHARTS.velero, 'velero', true),
      name: 'velero',
      repository: 'https://vmware-tanzu.github.io/helm-charts',
      chart: 'velero',
      version: '12.1.0',
    });
  });

  it('loads the pinned AWS plugin as an init container', () => {
    expect(values.initContainers).toEqual([
      { name: 'velero-plugin-for-aws', image: 'velero/velero-plugin-for-aws:v1.14.2', imagePullPolicy: 'IfNotPresent', volumeMounts: [{ mountPath: '/target', name: 'plugins' }] },
    ]);
  });

  it('stores backups in the bucket under the cluster’s prefix and snapshots volumes in the same region', () => {
    expect(values.configuration).toEqual({
      backupStorageLocation: [
        { name: 'default', provider: 'aws', bucket: 'platform-production-velero', prefix: 'platform-production', default: true, config: { region: 'eu-central-1' } },
      ],
      volumeSnapshotLocation: [{ name: 'default', provider: 'aws', config: { region: 'eu-central-1' } }],
    });
    expect(values.snapshotsEnabled).toBe(true);
  });

  it('authenticates with the IRSA role of its service account, never a credentials secret', () => {
    expect(values.credentials).toEqual({ useSecret: false });
    expect(values.serviceAccount.server).toEqual({ create: true, name: 'velero', annotations: { 'eks.amazonaws.com/role-arn': PROPS.roleArn } });
  });

  it('backs up every namespace daily at 02:00 and keeps each backup 72 hours (seed 002)', () => {
    expect(values.schedules).toEqual({
      daily: {
        disabled: false,
        schedule: '0 2 * * *',
        useOwnerReferencesInBackup: false,
        template: { ttl: '72h0m0s', storageLocation: 'default', includedNamespaces: ['*'] },
      },
    });
  });

  it('takes other schedules, a prefix and a plugin image', () => {
    const custom = valuesOf(
      releaseOf(
        synth({
          prefix: 'shared/prod',
          awsPluginImage: 'registry.example.com:5000/velero-plugin-for-aws:v1.14.2',
          schedules: { hourly: { schedule: '0 * * * *', ttl: '24h0m0s', includedNamespaces: ['production'], excludedNamespaces: ['kube-system'] } },
        }),
        'velero',
      ),
    );
    expect(custom.configuration.backupStorageLocation[0].prefix).toBe('shared/prod');
    expect(custom.initContainers[0].image).toBe('registry.example.com:5000/velero-plugin-for-aws:v1.14.2');
    expect(Object.keys(custom.schedules)).toEqual(['hourly']);
    expect(custom.schedules.hourly.template).toEqual({ ttl: '24h0m0s', storageLocation: 'default', includedNamespaces: ['production'], excludedNamespaces: ['kube-system'] });
  });

  it.each<[string, Partial<VeleroProps>, RegExp]>([
    ['a missing bucket', { bucket: '' }, /velero: bucket: is missing\. Fix: pass the name of the backup bucket/],
    ['a malformed bucket', { bucket: 'Backups_2024' }, /velero: bucket: 'Backups_2024' is not an S3 bucket name/],
    ['an unpinned plugin image', { awsPluginImage: 'velero/velero-plugin-for-aws' }, /velero: awsPluginImage: .* is not pinned to a version tag or digest/],
    ['a six-field cron', { schedules: { daily: { schedule: '0 0 2 * * *', ttl: '72h' } } }, /velero: schedules\.daily\.schedule: '0 0 2 \* \* \*' has 6 fields; Velero's cron needs 5/],
    [
      'a minute out of range',
      { schedules: { daily: { schedule: '99 2 * * *', ttl: '72h' } } },
      /velero: schedules\.daily\.schedule: '99 2 \* \* \*' is not valid cron: Constraint error, got value 99 expected range 0-59\. Fix: write five cron fields such as '0 2 \* \* \*'/,
    ],
    ['a TTL in days', { schedules: { daily: { schedule: '0 2 * * *', ttl: '3d' } } }, /velero: schedules\.daily\.ttl: '3d' is not a Go duration/],
    ['an image on latest', { awsPluginImage: 'registry.example.com:5000/velero-plugin-for-aws:latest' }, /velero: awsPluginImage: .* is not pinned/],
    ['a schedule name with capitals', { schedules: { Daily: SEED_002_BACKUP_SCHEDULE } }, /velero: schedules\.Daily: 'Daily' is not a DNS label/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
