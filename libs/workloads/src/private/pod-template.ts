import { DeploymentV1SpecTemplateSpec, DeploymentV1SpecTemplateSpecContainerLivenessProbe } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { HttpProbe, SERVICE_DEFAULTS, ServiceSpec } from '../workload-spec';
import { NAME_LABEL } from './names';

/** Names of the objects the pod refers to. */
export interface PodReferences {
  readonly image: string;
  readonly serviceAccountName: string;
  readonly configMapName?: string;
  readonly secretName?: string;
  readonly volumeClaimName?: string;
  /** Variables the platform sets besides the spec's env (data tier connection); never secrets. @default {} */
  readonly platformEnv?: Readonly<Record<string, string>>;
}

const ZONE = 'topology.kubernetes.io/zone';
const HOSTNAME = 'kubernetes.io/hostname';
const CONFIG_VOLUME = 'config';
const DATA_VOLUME = 'data';

/** Volume name of a writable path, from the path itself so adding a path never renames another: `/var/cache/nginx` → `writable-var-cache-nginx`. */
export function writableVolumeName(mountPath: string): string {
  const slug = mountPath.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
  return `writable-${slug === '' ? 'root' : slug}`.slice(0, 63).replace(/-$/, '');
}

function probe(spec: ServiceSpec, source: HttpProbe | undefined): DeploymentV1SpecTemplateSpecContainerLivenessProbe | undefined {
  if (source === undefined) return undefined;
  return {
    httpGet: { path: source.path, port: String(source.port ?? spec.containerPort) },
    initialDelaySeconds: source.initialDelaySeconds ?? 0,
    periodSeconds: source.periodSeconds ?? 10,
    timeoutSeconds: source.timeoutSeconds ?? 1,
    failureThreshold: source.failureThreshold ?? 3,
  };
}

/**
 * The pod of a service: one container hardened to the `restricted` Pod Security Standard (non-root, no privilege
 * escalation, every capability dropped, RuntimeDefault seccomp, read-only root filesystem with emptyDirs for the
 * paths it writes), no Kubernetes API token, and spread over zones and nodes. A container listening below 1024 (the
 * nginx frontend on 80) gets the pod sysctl `net.ipv4.ip_unprivileged_port_start` = its lowest port, which
 * `restricted` admits.
 *
 * Both spread constraints are `ScheduleAnyway`: the node groups span the zones and the cluster autoscaler cannot
 * add a node in a chosen zone, so `DoNotSchedule` would leave pods Pending during a zone's capacity shortage or a
 * drain; running unevenly is better than not running, and the disruption budget keeps enough pods up.
 * `matchLabelKeys: pod-template-hash` spreads each rollout's pods on their own; `nodeTaintsPolicy: Honor` leaves
 * out nodes whose taints the pods do not tolerate (the spot group), which would otherwise count as empty domains.
 */
export function podTemplateSpec(spec: ServiceSpec, refs: PodReferences): DeploymentV1SpecTemplateSpec {
  const security = spec.security ?? {};
  const runAsGroup = security.runAsGroup ?? security.runAsUser;
  const fsGroup = security.fsGroup ?? runAsGroup;
  const selector = { matchLabels: { [NAME_LABEL]: spec.name } };
  const spread = (topologyKey: string) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    nodeTaintsPolicy: 'Honor',
    matchLabelKeys: ['pod-template-hash'],
    labelSelector: [selector],
  });

  const writable = spec.writablePaths ?? [];
  const volumes = [
    ...writable.map((path) => ({ name: writableVolumeName(path.mountPath), emptyDir: { sizeLimit: path.sizeLimit ?? SERVICE_DEFAULTS.writablePathSizeLimit } })),
    ...(refs.configMapName !== undefined && spec.config?.mountPath !== undefined ? [{ name: CONFIG_VOLUME, configMap: { name: refs.configMapName } }] : []),
    ...(refs.volumeClaimName !== undefined ? [{ name: DATA_VOLUME, persistentVolumeClaim: { claimName: refs.volumeClaimName } }] : []),
  ];
  const volumeMounts = [
    ...writable.map((path) => ({ name: writableVolumeName(path.mountPath), mountPath: path.mountPath })),
    ...(refs.configMapName !== undefined && spec.config?.mountPath !== undefined ? [{ name: CONFIG_VOLUME, mountPath: spec.config.mountPath, readOnly: true }] : []),
    ...(refs.volumeClaimName !== undefined && spec.persistentVolume !== undefined ? [{ name: DATA_VOLUME, mountPath: spec.persistentVolume.mountPath }] : []),
  ];

  const plainEnv = Object.entries({ ...spec.env, ...refs.platformEnv })
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value }));
  // The synced Secret's keys are the variable names (see ApplicationService), so no secret value passes through Terraform.
  const secretEnv = Object.keys(spec.secrets ?? {})
    .sort()
    .map((name) => ({ name, valueFrom: { secretKeyRef: { name: refs.secretName, key: name } } }));
  const envFromConfig = refs.configMapName !== undefined && spec.config?.mountPath === undefined ? [{ configMapRef: { name: refs.configMapName } }] : [];

  const lowestPort = Math.min(spec.containerPort, spec.metrics?.port ?? spec.containerPort);
  const resources = spec.resources;
  const placement = spec.placement ?? {};
  return {
    serviceAccountName: refs.serviceAccountName,
    // IRSA credentials come from the projected token the EKS pod identity webhook mounts, not from this token.
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: {
      runAsNonRoot: true,
      ...(security.runAsUser === undefined ? {} : { runAsUser: String(security.runAsUser) }),
      ...(runAsGroup === undefined ? {} : { runAsGroup: String(runAsGroup) }),
      ...(fsGroup === undefined ? {} : { fsGroup: String(fsGroup), fsGroupChangePolicy: 'OnRootMismatch' }),
      seccompProfile: { type: 'RuntimeDefault' },
      // A non-root process cannot bind below 1024, and an added NET_BIND_SERVICE capability does not reach it (no
      // ambient capabilities in Kubernetes): the pod's own network namespace lets its lowest port be bound instead.
      ...(lowestPort < 1024 ? { sysctl: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: String(lowestPort) }] } : {}),
    },
    container: [
      {
        name: spec.name,
        image: refs.image,
        imagePullPolicy: 'IfNotPresent',
        ...(spec.command === undefined ? {} : { command: [...spec.command] }),
        ...(spec.args === undefined ? {} : { args: [...spec.args] }),
        port: [
          { name: 'http', containerPort: spec.containerPort, protocol: 'TCP' },
          ...(spec.metrics?.port === undefined || spec.metrics.port === spec.containerPort ? [] : [{ name: 'metrics', containerPort: spec.metrics.port, protocol: 'TCP' }]),
        ],
        env: [...plainEnv, ...secretEnv],
        ...(envFromConfig.length === 0 ? {} : { envFrom: envFromConfig }),
        ...(resources === undefined
          ? {}
          : {
              resources: {
                ...(resources.requests === undefined ? {} : { requests: { ...resources.requests } }),
                ...(resources.limits === undefined ? {} : { limits: { ...resources.limits } }),
              },
            }),
        livenessProbe: probe(spec, spec.probes?.liveness),
        readinessProbe: probe(spec, spec.probes?.readiness),
        startupProbe: probe(spec, spec.probes?.startup),
        securityContext: {
          allowPrivilegeEscalation: false,
          privileged: false,
          readOnlyRootFilesystem: security.readOnlyRootFilesystem ?? true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        },
        volumeMount: volumeMounts,
      },
    ],
    volume: volumes,
    ...(placement.nodeSelector === undefined ? {} : { nodeSelector: { ...placement.nodeSelector } }),
    toleration: (placement.tolerations ?? []).map((toleration) => ({
      key: toleration.key,
      operator: toleration.operator ?? 'Equal',
      ...(toleration.value === undefined ? {} : { value: toleration.value }),
      effect: toleration.effect,
    })),
    topologySpreadConstraint: [spread(ZONE), spread(HOSTNAME)],
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: HOSTNAME, labelSelector: [selector] } }],
      },
    },
  };
}
