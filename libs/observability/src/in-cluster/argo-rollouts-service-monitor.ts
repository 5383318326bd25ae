import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { DNS_LABEL, DNS_SUBDOMAIN, requireFormat } from './private/validation';

export interface ArgoRolloutsServiceMonitorProps {
  /**
   * Namespace of the Argo Rollouts release; the ServiceMonitor goes beside its metrics Service (Prometheus selects
   * ServiceMonitors in every namespace, see KubePrometheusStack).
   * @default 'argo-rollouts'
   */
  readonly namespace?: string;
  /**
   * Helm release name of the argo-rollouts chart: the chart's selector labels carry it (`app.kubernetes.io/instance`).
   * @default 'argo-rollouts'
   */
  readonly releaseName?: string;
  /**
   * Resources to create first: the kube-prometheus-stack release, whose CRDs define ServiceMonitor.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The ServiceMonitor of the Argo Rollouts controller's metrics Service, which the release-alert rules (releaseRules)
 * read. The chart's own ServiceMonitor stays off because the add-ons stack, which installs the chart, is applied before
 * kube-prometheus-stack brings the CRD; this one is what the chart would render, plus `honorLabels`.
 *
 * Selector labels and port name verified against argoproj/argo-helm charts/argo-rollouts at tag argo-rollouts-2.41.0
 * (templates/controller/metrics-service.yaml and _helpers.tpl: `app.kubernetes.io/component: rollouts-controller`
 * (`controller.component`), `app.kubernetes.io/name: argo-rollouts` (the chart name), `app.kubernetes.io/instance:
 * <release>`; port `metrics` (`controller.metrics.service.portName`) on 8090).
 */
export class ArgoRolloutsServiceMonitor extends Construct {
  static readonly DEFAULT_NAMESPACE = 'argo-rollouts';
  static readonly DEFAULT_RELEASE_NAME = 'argo-rollouts';
  /** Name of the chart's metrics Service port. */
  static readonly PORT_NAME = 'metrics';
  /** Port of the chart's metrics Service and container (`controller.containerPorts.metrics`). */
  static readonly PORT = 8090;

  /** The labels the chart puts on its metrics Service (and selects the controller pods with, besides `component`). */
  static selectorLabels(releaseName: string = ArgoRolloutsServiceMonitor.DEFAULT_RELEASE_NAME): Record<string, string> {
    return { 'app.kubernetes.io/component': 'rollouts-controller', 'app.kubernetes.io/name': 'argo-rollouts', 'app.kubernetes.io/instance': releaseName };
  }

  readonly manifest: Manifest;

  constructor(scope: Construct, id: string, props: ArgoRolloutsServiceMonitorProps = {}) {
    super(scope, id);
    const namespace = props.namespace ?? ArgoRolloutsServiceMonitor.DEFAULT_NAMESPACE;
    const releaseName = props.releaseName ?? ArgoRolloutsServiceMonitor.DEFAULT_RELEASE_NAME;
    requireFormat(this, namespace, 'namespace', DNS_LABEL, 'a namespace name', "pass the Argo Rollouts release's namespace, e.g. argo-rollouts");
    requireFormat(this, releaseName, 'releaseName', DNS_SUBDOMAIN, 'a Helm release name', "pass the Argo Rollouts release's name, e.g. argo-rollouts");

    const selector = ArgoRolloutsServiceMonitor.selectorLabels(releaseName);
    this.manifest = new Manifest(this, 'Resource', {
      manifest: {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: releaseName, namespace, labels: selector },
        spec: {
          selector: { matchLabels: selector },
          namespaceSelector: { matchNames: [namespace] },
          endpoints: [
            {
              port: ArgoRolloutsServiceMonitor.PORT_NAME,
              scheme: 'http',
              // rollout_info's `namespace` is the Rollout's; without this Prometheus would rename it `exported_namespace`
              // and put the controller's namespace in its place.
              honorLabels: true,
            },
          ],
        },
      },
      dependsOn: props.dependsOn,
    });
  }
}
