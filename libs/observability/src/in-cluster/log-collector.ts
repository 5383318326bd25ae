import { Release } from '@cdktf/provider-helm/lib/release';
import { ConstructValidationError } from '@platform/core';
import { Construct } from 'constructs';
import { ScrapeTargetProps } from './observability-charts';
import { namespaceOf, observabilityRelease } from './private/observability-release';
import { containerResources } from './private/resources';
import { isLateBound } from './private/validation';

export interface LogCollectorProps extends ScrapeTargetProps {
  /** Loki's push endpoint, Loki.pushUrl. */
  readonly lokiPushUrl: string;
  /** Value of the `cluster` label on every log stream, e.g. the EKS cluster's name. */
  readonly clusterName: string;
}

/**
 * Grafana Alloy on every node, shipping the logs of the node's containers to Loki. Promtail, the former collector,
 * is end-of-life; Alloy is its successor.
 *
 * Each Alloy discovers the pods of its own node (a field selector on `spec.nodeName`, so the API server is not asked
 * for every pod of the cluster) and tails their log files under the node's `/var/log/pods` (no log traffic through the
 * API server), parses the CRI format and labels each stream with `namespace`, `pod`, `container`, `app`, `job`
 * (`<namespace>/<container>`), `node` and `cluster`. It tolerates every NoSchedule taint, so dedicated nodes are covered
 * too. Needs a namespace whose Pod Security admits host paths (MonitoringNamespace).
 *
 * Values keys verified against grafana/alloy operations/helm/charts/alloy/values.yaml at tag helm-chart/1.11.1 (the
 * chart sets `HOSTNAME` to the node's name); the configuration against the Alloy v1.18.1 component reference
 * (discovery.kubernetes, discovery.relabel, local.file_match, loki.source.file, loki.process stage.cri, loki.write).
 */
export class LogCollector extends Construct {
  readonly release: Release;
  /** The Alloy configuration the collector runs. */
  readonly config: string;

  constructor(scope: Construct, id: string, props: LogCollectorProps) {
    super(scope, id);
    const namespace = namespaceOf(this, props);
    const require = (condition: boolean, field: string, problem: string, fix: string) => ConstructValidationError.require(this, condition, field, problem, fix);
    require(isLateBound(props.lokiPushUrl) || /^https?:\/\/[^\s"]+\/loki\/api\/v1\/push$/.test(props.lokiPushUrl), 'lokiPushUrl', `'${props.lokiPushUrl}' is not a Loki push URL`, 'pass Loki.pushUrl');
    require(isLateBound(props.clusterName) || /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(props.clusterName), 'clusterName', `'${props.clusterName}' is not a cluster name`, 'use the EKS cluster name, e.g. platform-production');

    this.config = alloyConfig(props.lokiPushUrl, props.clusterName);
    this.release = observabilityRelease(this, {
      component: 'logCollector',
      namespace,
      dependsOn: props.dependsOn,
      values: {
        // The PodLogs CRD is for Alloy's loki.source.podlogs, which this configuration does not use.
        crds: { create: false },
        alloy: {
          configMap: { create: true, content: this.config },
          mounts: { varlog: true },
          enableReporting: false,
          resources: containerResources('100m', '128Mi', '512Mi'),
        },
        controller: { type: 'daemonset', tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }] },
        serviceMonitor: { enabled: props.serviceMonitor ?? true },
      },
    });
  }
}

/** A `discovery.relabel` rule: the values of `sources` joined by `separator`, into `target`. */
interface RelabelRule {
  readonly sources: readonly string[];
  readonly target: string;
  readonly separator?: string;
  readonly replacement?: string;
}

const POD_LOG_LABELS: readonly RelabelRule[] = [
  { sources: ['__meta_kubernetes_namespace'], target: 'namespace' },
  { sources: ['__meta_kubernetes_pod_name'], target: 'pod' },
  { sources: ['__meta_kubernetes_pod_container_name'], target: 'container' },
  { sources: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'], target: 'app' },
  { sources: ['__meta_kubernetes_pod_node_name'], target: 'node' },
  { sources: ['__meta_kubernetes_namespace', '__meta_kubernetes_pod_container_name'], target: 'job', separator: '/' },
  // The kubelet writes a container's logs to /var/log/pods/<namespace>_<pod>_<uid>/<container>/<restart>.log.
  { sources: ['__meta_kubernetes_pod_uid', '__meta_kubernetes_pod_container_name'], target: '__path__', separator: '/', replacement: '/var/log/pods/*$1/*.log' },
];

function relabelRule(rule: RelabelRule): string {
  return [
    '  rule {',
    `    source_labels = [${rule.sources.map((source) => `"${source}"`).join(', ')}]`,
    ...(rule.separator === undefined ? [] : [`    separator     = "${rule.separator}"`]),
    ...(rule.replacement === undefined ? [] : [`    replacement   = "${rule.replacement}"`]),
    `    target_label  = "${rule.target}"`,
    '  }',
  ].join('\n');
}

/** The Alloy pipeline: this node's pods → their log files → CRI parsing → Loki. */
function alloyConfig(lokiPushUrl: string, clusterName: string): string {
  return [
    'discovery.kubernetes "pods" {',
    '  role = "pod"',
    '  selectors {',
    '    role  = "pod"',
    '    field = "spec.nodeName=" + coalesce(sys.env("HOSTNAME"), constants.hostname)',
    '  }',
    '}',
    '',
    'discovery.relabel "pod_logs" {',
    '  targets = discovery.kubernetes.pods.targets',
    ...POD_LOG_LABELS.map(relabelRule),
    '}',
    '',
    'local.file_match "pod_logs" {',
    '  path_targets = discovery.relabel.pod_logs.output',
    '}',
    '',
    'loki.source.file "pod_logs" {',
    '  targets    = local.file_match.pod_logs.targets',
    '  forward_to = [loki.process.pod_logs.receiver]',
    '}',
    '',
    'loki.process "pod_logs" {',
    '  stage.cri {}',
    '  forward_to = [loki.write.loki.receiver]',
    '}',
    '',
    'loki.write "loki" {',
    '  endpoint {',
    `    url = "${lokiPushUrl}"`,
    '  }',
    `  external_labels = { cluster = "${clusterName}" }`,
    '}',
    '',
  ].join('\n');
}
