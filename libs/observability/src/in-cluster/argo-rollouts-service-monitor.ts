import { AdditionalServiceMonitor } from './kube-prometheus-stack';

export interface ArgoRolloutsServiceMonitorOptions {
  /**
   * Namespace of the Argo Rollouts release, where its metrics Service is.
   * @default 'argo-rollouts'
   */
  readonly namespace?: string;
  /**
   * Helm release name of the argo-rollouts chart: the chart's selector labels carry it (`app.kubernetes.io/instance`).
   * @default 'argo-rollouts'
   */
  readonly releaseName?: string;
}

/** The argo-rollouts chart's metrics Service: its labels (by release name), port name and port. */
export const ARGO_ROLLOUTS_METRICS_SERVICE = {
  labels: (releaseName: string): Record<string, string> => ({
    'app.kubernetes.io/component': 'rollouts-controller',
    'app.kubernetes.io/name': 'argo-rollouts',
    'app.kubernetes.io/instance': releaseName,
  }),
  portName: 'metrics',
  port: 8090,
} as const;

/**
 * The ServiceMonitor of the Argo Rollouts controller's metrics Service, which the release alerts (releaseRules) read,
 * for KubePrometheusStack's `additionalServiceMonitors`. The chart's own ServiceMonitor stays off and no
 * `kubernetes_manifest` can hold it: the add-ons stack installing the chart is applied before kube-prometheus-stack
 * brings the CRD, and a manifest in the observability stack would be planned before the CRD exists. Rendered by
 * kube-prometheus-stack's release, it lives in the monitoring namespace and selects the Service across namespaces.
 *
 * Selector labels and port name verified against argoproj/argo-helm charts/argo-rollouts at tag argo-rollouts-2.41.0
 * (templates/controller/metrics-service.yaml and _helpers.tpl: `app.kubernetes.io/component: rollouts-controller`
 * (`controller.component`), `app.kubernetes.io/name: argo-rollouts` (the chart name), `app.kubernetes.io/instance:
 * <release>`; port `metrics` (`controller.metrics.service.portName`) on 8090).
 */
export function argoRolloutsServiceMonitor(options: ArgoRolloutsServiceMonitorOptions = {}): AdditionalServiceMonitor {
  const namespace = options.namespace ?? 'argo-rollouts';
  const releaseName = options.releaseName ?? 'argo-rollouts';
  return {
    name: releaseName,
    selector: { matchLabels: ARGO_ROLLOUTS_METRICS_SERVICE.labels(releaseName) },
    namespaceSelector: { matchNames: [namespace] },
    endpoints: [
      {
        port: ARGO_ROLLOUTS_METRICS_SERVICE.portName,
        scheme: 'http',
        // rollout_info's `namespace` is the Rollout's; without this Prometheus would rename it `exported_namespace` and
        // put the controller's namespace in its place.
        honorLabels: true,
      },
    ],
  };
}
