import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { ConstructValidationError } from '@platform/core';
import { PLATFORM_THRESHOLD_DEFAULTS } from '@platform/observability';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { analysisMetric } from './private/analysis-metric';
import { NAME_LABEL } from './private/names';
import { deliveryOf, DeliveryAnalysis, HTTP_SERVER_METRICS, SEED_003_CANARY_STEPS, SERVICE_DEFAULTS, ServiceSpec } from './workload-spec';


/**
 * What Argo Rollouts changes on a Service it routes (stable, canary, preview) and Terraform must leave alone: the
 * selector (it adds the pod-template hash) and its ownership annotation (without it, Argo adopts the Service anew on
 * every switch and waits for full availability).
 */
export const ARGO_MANAGED_SERVICE_FIELDS = ['spec[0].selector', 'metadata[0].annotations["argo-rollouts.argoproj.io/managed-by-rollouts"]'];
/** The annotation Argo Rollouts writes on an Ingress whose ALB actions it manages (the weights are ignored per action). */
export const ARGO_MANAGED_INGRESS_ANNOTATION = 'rollouts.argoproj.io/managed-alb-annotations';

/** API version of the Argo Rollouts custom resources (the argo-rollouts chart's CRDs). */
export const ARGO_ROLLOUTS_API_VERSION = 'argoproj.io/v1alpha1';
/** The pod label Argo Rollouts puts on each version's pods; the ServiceMonitor copies it onto the series. */
export const POD_TEMPLATE_HASH_LABEL = 'rollouts-pod-template-hash';
/** The same label as Prometheus stores it (dashes become underscores). */
const POD_TEMPLATE_HASH_SERIES_LABEL = 'rollouts_pod_template_hash';
/** Annotation prefix of the AWS Load Balancer Controller's custom actions, which Argo Rollouts writes the weights to. */
export const ALB_ACTIONS_ANNOTATION_PREFIX = 'alb.ingress.kubernetes.io/actions.';
/** Port name an Ingress backend uses to defer to the action annotation of its service name. */
export const ALB_USE_ANNOTATION_PORT = 'use-annotation';

/** The Ingress the canary shifts traffic on: the ALB weights its two target groups. */
export interface RolloutIngress {
  /** Name of the Ingress (ApplicationIngress `name`, the host key). */
  readonly name: string;
}

export interface ServiceRolloutProps {
  /** The service, with `delivery.strategy` `canary` or `blueGreen`. */
  readonly spec: ServiceSpec;
  readonly namespace: string;
  /** Labels of every object. */
  readonly labels: Readonly<Record<string, string>>;
  /** Name of the Deployment whose pod template the Rollout runs (`workloadRef`). */
  readonly deploymentName: string;
  /** The stable Service (the service's own ClusterIP Service). */
  readonly stableServiceName: string;
  /** Port of the stable Service. */
  readonly servicePort: number;
  /**
   * Container port of the metrics, which the second Service exposes as `metrics` too: while a release runs, the new
   * pods are behind it only, and Prometheus scrapes them through it (the ServiceMonitor names both Services' series
   * after the stable one).
   * @default - no metrics port
   */
  readonly metricsPort?: number;
  /** Annotations the new Service gets too (the ALB target group's health check). @default {} */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
  /**
   * The Ingress that routes the service, for a canary: with it the ALB splits requests by weight between a stable and
   * a canary target group; without it the canary is replica-weighted (10 % of the pods).
   * @default - replica-weighted
   */
  readonly ingress?: RolloutIngress;
  /**
   * In-cluster URL of the Prometheus the analysis asks, e.g. `http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090`.
   * @default - none; required unless `delivery.analysis` is false
   */
  readonly prometheusUrl?: string;
  /** Whether an autoscaler owns the replicas: the Rollout then leaves `replicas` to it. */
  readonly autoscaled: boolean;
  /** Resources to create first (the Deployment). */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The Argo Rollout of one service, over its Deployment (`workloadRef`): the Deployment stays the one place the pod
 * template lives (guardrails, Kyverno, contracts and quota read it), Argo scales it to zero once the Rollout's pods
 * are available and creates each version's ReplicaSet from its template. A new template (image tag, config checksum)
 * starts a release:
 * - canary: seed 003's steps (10 % for 10 min, 50 % for 5 min, then 100 %), on the ALB's weighted target groups
 *   when routed (a `<name>-canary` Service; the Ingress defers to the action annotation Argo writes), else by replicas;
 * - blueGreen: the new version starts behind `<name>-preview`, the Service switches at once, and the old pods stay
 *   10 minutes so a rollback is a switch back;
 * - analysis (AnalysisTemplate `<name>-release`): error ratio and p95 latency of the new pods only (their pod
 *   template hash), from Prometheus every minute against seed 001's thresholds; a failed analysis aborts the release
 *   and sends all traffic back to the stable version.
 */
export class ServiceRollout extends Construct {
  /** How long the previous version stays up after a blue/green switch (seed 004's instant rollback). */
  static readonly BLUE_GREEN_SCALE_DOWN_DELAY_SECONDS = 600;
  /** Analysis after a blue/green switch: measurements, one a minute. */
  static readonly POST_PROMOTION_MEASUREMENTS = 5;
  /** Rate window of the analysis queries: short, since the new pods are minutes old. */
  static readonly RATE_WINDOW = '2m';
  /** Seconds a release may make no progress before it is aborted (new pods not ready). */
  static readonly PROGRESS_DEADLINE_SECONDS = 600;

  readonly rollout: Manifest;
  readonly analysisTemplate?: Manifest;
  /** `<name>-canary` (routed canary) or `<name>-preview` (blue/green). */
  readonly secondService?: ServiceV1;
  /** The Ingress annotation Argo owns (routed canary), which Terraform sets once and then ignores. */
  readonly ingressAction?: { readonly annotation: string; readonly initialValue: string };

  constructor(scope: Construct, id: string, props: ServiceRolloutProps) {
    super(scope, id);
    const { spec, namespace, labels } = props;
    const delivery = deliveryOf(spec);
    const require = (condition: boolean, field: string, problem: string, fix: string) => ConstructValidationError.require(this, condition, field, problem, fix);
    require(delivery.strategy !== 'rolling', 'spec.delivery.strategy', "is 'rolling', which needs no Rollout", "use 'canary' or 'blueGreen'");
    const analysis = delivery.analysis === false ? undefined : { ...delivery.analysis };
    require(
      analysis === undefined || props.prometheusUrl !== undefined,
      'prometheusUrl',
      `is missing, and services.${spec.name} analyses its releases on Prometheus metrics`,
      "pass the in-cluster Prometheus URL (the observability stack's), or set delivery.analysis: false",
    );

    const selector = { [NAME_LABEL]: spec.name };
    const secondName = `${spec.name}-${delivery.strategy === 'canary' ? 'canary' : 'preview'}`;
    const routed = delivery.strategy === 'canary' && props.ingress !== undefined;
    if (routed || delivery.strategy === 'blueGreen') {
      this.secondService = new ServiceV1(this, delivery.strategy === 'canary' ? 'CanaryService' : 'PreviewService', {
        metadata: { name: secondName, namespace, labels: { ...labels }, annotations: { ...props.serviceAnnotations } },
        spec: {
          type: 'ClusterIP',
          selector,
          port: [
            { name: 'http', port: props.servicePort, targetPort: String(spec.containerPort), protocol: 'TCP' },
            ...(props.metricsPort === undefined ? [] : [{ name: 'metrics', port: props.metricsPort, targetPort: String(props.metricsPort), protocol: 'TCP' }]),
          ],
        },
        // Argo adds the version's pod template hash to the selector.
        lifecycle: { ignoreChanges: ARGO_MANAGED_SERVICE_FIELDS },
        dependsOn: props.dependsOn,
      });
    }
    if (routed) {
      const port = String(props.servicePort);
      this.ingressAction = {
        annotation: `${ALB_ACTIONS_ANNOTATION_PREFIX}${props.stableServiceName}`,
        // What Argo writes at rest: everything to the stable Service. The Ingress is valid from its first apply on.
        initialValue: JSON.stringify({
          type: 'forward',
          forwardConfig: {
            targetGroups: [
              { serviceName: props.stableServiceName, servicePort: port, weight: 100 },
              { serviceName: secondName, servicePort: port, weight: 0 },
            ],
          },
        }),
      };
    }

    const templateName = `${spec.name}-release`;
    if (analysis !== undefined) {
      this.analysisTemplate = new Manifest(this, 'AnalysisTemplate', {
        manifest: {
          apiVersion: ARGO_ROLLOUTS_API_VERSION,
          kind: 'AnalysisTemplate',
          metadata: { name: templateName, namespace, labels: { ...labels } },
          spec: analysisTemplateSpec(this, analysis, props.prometheusUrl!, delivery.strategy === 'blueGreen' ? ServiceRollout.POST_PROMOTION_MEASUREMENTS : undefined),
        },
        dependsOn: props.dependsOn,
      });
    }
    const analysisRef = {
      templates: [{ templateName }],
      args: [
        { name: 'namespace', value: namespace },
        { name: 'service', value: props.stableServiceName },
        { name: 'new-hash', valueFrom: { podTemplateHashValue: 'Latest' } },
      ],
    };

    const steps = (delivery.steps ?? SEED_003_CANARY_STEPS).flatMap((step) => [{ setWeight: step.weight }, { pause: { duration: step.pause } }]);
    const strategy =
      delivery.strategy === 'canary'
        ? {
            canary: {
              ...(routed
                ? {
                    stableService: props.stableServiceName,
                    canaryService: secondName,
                    trafficRouting: { alb: { ingress: props.ingress!.name, servicePort: props.servicePort } },
                    // The stable version shrinks as the canary grows, so a release needs about one extra pod, not a
                    // second copy of the service (the capacity contract and the quota count it so). An abort scales the
                    // stable version back up before the ALB sends its traffic back.
                    dynamicStableScale: true,
                  }
                : { maxSurge: String(spec.maxSurge ?? 1), maxUnavailable: String(spec.maxUnavailable ?? 0) }),
              steps,
              // From the first weight on, every minute until the promotion: a failure at any pause aborts.
              ...(analysis === undefined ? {} : { analysis: { ...analysisRef, startingStep: 1 } }),
            },
          }
        : {
            blueGreen: {
              activeService: props.stableServiceName,
              previewService: secondName,
              autoPromotionEnabled: true,
              scaleDownDelaySeconds: ServiceRollout.BLUE_GREEN_SCALE_DOWN_DELAY_SECONDS,
              // The preview gets no user traffic to measure; the switched version does, while the old pods still run.
              ...(analysis === undefined ? {} : { postPromotionAnalysis: analysisRef }),
            },
          };

    this.rollout = new Manifest(this, 'Resource', {
      manifest: {
        apiVersion: ARGO_ROLLOUTS_API_VERSION,
        kind: 'Rollout',
        metadata: { name: spec.name, namespace, labels: { ...labels } },
        spec: {
          // Always set: Argo defaults a missing count to 1, and when it takes over from the Deployment (workloadRef) it
          // would serve all traffic from one pod until the autoscaler grows it. With an autoscaler the HPA owns the
          // count afterwards: the field is computed (no plan diff when the HPA changed it) and a later apply of this
          // object takes it back without a conflict; the HPA corrects it within its sync period (15 s).
          replicas: spec.replicas ?? SERVICE_DEFAULTS.replicas,
          selector: { matchLabels: selector },
          workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.deploymentName, scaleDown: 'progressively' },
          progressDeadlineSeconds: ServiceRollout.PROGRESS_DEADLINE_SECONDS,
          progressDeadlineAbort: true,
          strategy,
        },
      },
      ...(props.autoscaled ? { computedFields: ['metadata.annotations', 'metadata.labels', 'spec.replicas'], fieldManager: { forceConflicts: true } } : {}),
      // Terraform does not wait for a release: a canary takes its pauses (15 minutes) and Argo rolls back on its own.
      dependsOn: [...(props.dependsOn ?? []), ...(this.analysisTemplate === undefined ? [] : [this.analysisTemplate]), ...(this.secondService === undefined ? [] : [this.secondService])],
    });
  }
}

/**
 * Error ratio and p95 latency of the new version's pods (`new-hash`), each checked with the platform's PromQL check.
 * No 5xx is an error ratio of 0 (`or vector(0)`); no requests at all is no measurement: the metric is inconclusive
 * (see analysisMetric), which pauses the release for a person rather than promoting what nobody measured.
 */
function analysisTemplateSpec(scope: Construct, analysis: DeliveryAnalysis, prometheusUrl: string, count: number | undefined): Record<string, unknown> {
  const requests = analysis.requestsMetric ?? HTTP_SERVER_METRICS[0];
  const latency = analysis.latencyMetric ?? HTTP_SERVER_METRICS[1];
  const statusLabel = analysis.statusLabel ?? 'status';
  const maxErrorRatio = analysis.maxErrorRatio ?? PLATFORM_THRESHOLD_DEFAULTS.errorRatio;
  const maxLatency = analysis.maxLatencyP95Seconds ?? PLATFORM_THRESHOLD_DEFAULTS.latencyP95Seconds;
  const window = ServiceRollout.RATE_WINDOW;
  const pods = `namespace="{{args.namespace}}", service="{{args.service}}", ${POD_TEMPLATE_HASH_SERIES_LABEL}="{{args.new-hash}}"`;
  const errorRatio =
    statusLabel === false
      ? []
      : [
          analysisMetric(
            scope,
            'error-ratio',
            `(sum(rate(${requests}{${pods}, ${statusLabel}=~"5.."}[${window}])) or vector(0)) / sum(rate(${requests}{${pods}}[${window}]))`,
            maxErrorRatio,
            analysis,
            prometheusUrl,
            count,
          ),
        ];
  return {
    args: [{ name: 'namespace' }, { name: 'service' }, { name: 'new-hash' }],
    metrics: [
      ...errorRatio,
      analysisMetric(scope, 'latency-p95', `histogram_quantile(0.95, sum by (le) (rate(${latency}_bucket{${pods}}[${window}])))`, maxLatency, analysis, prometheusUrl, count),
    ],
  };
}
