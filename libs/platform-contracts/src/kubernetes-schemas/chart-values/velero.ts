import type { ChartValuesSchema } from '../schema-catalog';
import { list, map, obj } from '../../kubernetes-schema';

/**
 * Keys and types of the velero chart's values, 12.1.0, derived (tools/derive-kubernetes-schema.ts) from the
 * chart's published values for the keys the repo sets and their siblings; unset subtrees are unchecked objects.
 * schedules.<name> keys from templates/schedule.yaml (the chart documents them in a comment); template is a Velero BackupSpec.
 */
export const VELERO_VALUES: ChartValuesSchema = {
  chart: 'velero',
  version: '12.1.0',
  source: { repository: 'https://github.com/vmware-tanzu/helm-charts', ref: 'velero-12.1.0', path: 'charts/velero/values.yaml, values.schema.json' },
  values: obj({
    namespace: 'object', image: 'object', nameOverride: 'string', fullnameOverride: 'string', annotations: 'object', secretAnnotations: 'object',
    labels: 'object', podAnnotations: 'object', podLabels: 'object', resources: 'object', resizePolicy: 'list', hostAliases: 'list',
    upgradeJobResources: 'object', upgradeCRDsJob: 'object', dnsPolicy: 'string', initContainers: list(), podSecurityContext: 'object',
    containerSecurityContext: 'object', lifecycle: 'object', priorityClassName: 'string', runtimeClassName: 'string', terminationGracePeriodSeconds: 'number',
    livenessProbe: 'object', readinessProbe: 'object', tolerations: 'list', affinity: 'object', nodeSelector: 'object', dnsConfig: 'object',
    podDisruptionBudget: 'object', extraVolumes: 'list', extraVolumeMounts: 'list', extraObjects: 'list',
    metrics: obj({
      enabled: 'boolean', scrapeInterval: 'string', scrapeTimeout: 'string', service: 'object', podAnnotations: 'object', serviceMonitor: 'object',
      nodeAgentPodMonitor: 'object', prometheusRule: 'object',
    }),
    kubectl: 'object', upgradeCRDs: 'boolean', cleanUpCRDs: 'boolean',
    configuration: obj({
      backupStorageLocation: list(obj({ name: 'any', provider: 'string', bucket: 'string', caCert: 'any', prefix: 'any', default: 'boolean', validationFrequency: 'any', backupSyncPeriod: 'any', accessMode: 'string', credential: 'object', config: 'object', annotations: 'object' })),
      volumeSnapshotLocation: list(obj({ name: 'any', provider: 'string', credential: 'object', config: 'object', annotations: 'object' })),
      uploaderType: 'any', backupSyncPeriod: 'any', fsBackupTimeout: 'any', clientBurst: 'any', clientPageSize: 'any', clientQPS: 'any',
      defaultBackupStorageLocation: 'any', defaultItemOperationTimeout: 'any', defaultBackupTTL: 'any', defaultVolumeSnapshotLocations: 'any',
      disableControllers: 'any', disableInformerCache: 'boolean', garbageCollectionFrequency: 'any', itemBlockWorkerCount: 'any', logFormat: 'any',
      logLevel: 'any', metricsAddress: 'any', pluginDir: 'any', profilerAddress: 'any', restoreOnlyMode: 'any', restoreResourcePriorities: 'any',
      storeValidationFrequency: 'any', terminatingResourceTimeout: 'any', defaultSnapshotMoveData: 'any', features: 'any', dataMoverPrepareTimeout: 'any',
      repositoryMaintenanceJob: 'object', namespace: 'any', extraArgs: 'list', extraEnvVars: 'list', defaultVolumesToFsBackup: 'any',
      defaultRepoMaintainFrequency: 'any',
    }),
    rbac: 'object',
    serviceAccount: obj({ server: obj({ create: 'boolean', name: 'any', annotations: map('string'), labels: map('string'), imagePullSecrets: 'list', automountServiceAccountToken: 'boolean' }) }),
    credentials: obj({ useSecret: 'boolean', name: 'any', existingSecret: 'any', secretContents: 'object', extraEnvVars: 'object', extraSecretRef: 'string' }),
    backupsEnabled: 'boolean', snapshotsEnabled: 'boolean', deployNodeAgent: 'boolean', nodeAgent: 'object', schedules: map(obj({ disabled: 'boolean', labels: map('string'), annotations: map('string'), schedule: 'string', useOwnerReferencesInBackup: 'boolean', paused: 'boolean', skipImmediately: 'boolean', template: 'object' })), configMaps: 'object',
  }),
};
