import { synthJson } from '@platform/terraform-testing';
import { KGAS_SERVICES, MICROSERVICES_CATALOG, NOVEL_ENGINE_SERVICES, scaledForDevelopment, withDeliveryStrategies } from './catalogs';
import { Json, TEST_ALB, TEST_ENVIRONMENT, TEST_SECRETS } from './private/testing';
import { Construct } from 'constructs';
import { analysisMetric } from './private/analysis-metric';
import { ServiceRollout } from './service-rollout';
import { ServiceSpecError } from './validate-service-specs';
import { deliveryOf, needsServiceAccountRole, releaseSurgePods, ServiceSpec } from './workload-spec';
import { Workloads, WorkloadsProps } from './workloads';
import { workloadsQuota } from './workloads-quota';

const HOSTS = { api: 'api.example.com', web: 'app.example.com', services: 'services.example.com', kgas: 'kgas.example.com' };
const SEED_SERVICES = [...NOVEL_ENGINE_SERVICES, ...MICROSERVICES_CATALOG, ...KGAS_SERVICES];
const ROLE = (name: string) => `arn:aws:iam::123456789012:role/platform-production-${name}`;

function synth(services: readonly ServiceSpec[], props: Partial<WorkloadsProps> = {}) {
  const roles = Object.fromEntries(services.filter(needsServiceAccountRole).map((spec) => [spec.name, ROLE(spec.name)]));
  const json = synthJson((scope) => new Workloads(scope, 'Workloads', { ...TEST_ENVIRONMENT, knownSecrets: TEST_SECRETS, services, hosts: HOSTS, alb: TEST_ALB, serviceAccountRoleArns: roles, ...props }));
  const manifests = (kind: string): Json[] => json.resources('kubernetes_manifest').map((resource: Json) => resource.manifest).filter((manifest: Json) => manifest.kind === kind);
  const rollout = (name: string): Json => manifests('Rollout').find((manifest) => manifest.metadata.name === name)!;
  return { json, manifests, rollout };
}

describe('ServiceRollout', () => {
  describe('every seed service (Novel Engine, seed 002 microservices, KGAS) in production', () => {
    const { json, manifests, rollout } = synth(SEED_SERVICES);

    it.each(SEED_SERVICES.map((spec) => [spec.name, spec] as const))('%s is an Argo Rollout over its Deployment', (name, spec) => {
      const manifest = rollout(name);
      expect(manifest).toMatchObject({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name, namespace: 'apps' } });
      expect(manifest.spec).toMatchObject({
        selector: { matchLabels: { 'app.kubernetes.io/name': name } },
        workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name, scaleDown: 'progressively' },
        progressDeadlineAbort: true,
      });
      // Starts at the Deployment's count (Argo would default a missing one to 1 and serve everything from one pod on
      // the takeover); the autoscaler owns it afterwards: computed for Terraform, taken back without conflict.
      expect(manifest.spec.replicas).toBe(spec.replicas ?? 2);
      const resource = json.resources('kubernetes_manifest').find((candidate: Json) => candidate.manifest.kind === 'Rollout' && candidate.manifest.metadata.name === name);
      expect(resource?.computed_fields).toEqual(['metadata.annotations', 'metadata.labels', 'spec.replicas']);
      expect(resource?.field_manager).toEqual({ force_conflicts: true });
      expect(deliveryOf(spec).strategy).toBe('canary');
    });

    it.each(['novel-engine-backend', 'novel-engine-frontend', 'api-gateway', 'auth-service', 'user-service', 'task-service', 'notification-service'])(
      '%s takes seed 003’s steps: 10 % for 10 minutes, 50 % for 5, then all of it',
      (name) => {
        expect(rollout(name).spec.strategy.canary.steps).toEqual([{ setWeight: 10 }, { pause: { duration: '10m' } }, { setWeight: 50 }, { pause: { duration: '5m' } }]);
      },
    );

    it('KGAS takes seed 004’s stages: 5 %, 25 %, 50 %, then all of it', () => {
      expect(rollout('kgas-api-server').spec.strategy.canary.steps.filter((step: Json) => step.setWeight !== undefined)).toEqual([{ setWeight: 5 }, { setWeight: 25 }, { setWeight: 50 }]);
    });

    it('shifts requests of routed services on their host’s Ingress, through a stable and a canary Service', () => {
      expect(rollout('novel-engine-backend').spec.strategy.canary).toMatchObject({
        stableService: 'novel-engine-backend',
        canaryService: 'novel-engine-backend-canary',
        trafficRouting: { alb: { ingress: 'api', servicePort: 80 } },
        dynamicStableScale: true,
      });
      expect(rollout('auth-service').spec.strategy.canary.trafficRouting).toEqual({ alb: { ingress: 'services', servicePort: 80 } });
    });

    it('weighs internal services by replicas, with their surge', () => {
      const canary = rollout('task-service').spec.strategy.canary;
      expect(canary.trafficRouting).toBeUndefined();
      expect(canary).toMatchObject({ maxSurge: '1', maxUnavailable: '1' });
      expect(json.resources('kubernetes_service_v1').map((service: Json) => service.metadata.name)).not.toContain('task-service-canary');
    });

    it('analyses every service with metrics from the first weight on, and aborts (rolls back) on a failed analysis', () => {
      expect(rollout('novel-engine-backend').spec.strategy.canary.analysis).toEqual({
        templates: [{ templateName: 'novel-engine-backend-release' }],
        args: [
          { name: 'namespace', value: 'apps' },
          { name: 'service', value: 'novel-engine-backend' },
          { name: 'new-hash', valueFrom: { podTemplateHashValue: 'Latest' } },
        ],
        startingStep: 1,
      });
      // nginx exports no request metrics: the frontend pauses but has nothing to measure.
      expect(rollout('novel-engine-frontend').spec.strategy.canary.analysis).toBeUndefined();
      expect(manifests('AnalysisTemplate').map((template) => template.metadata.name)).not.toContain('novel-engine-frontend-release');
    });

    it('measures the new pods’ error ratio and p95 latency on Prometheus against seed 001’s thresholds', () => {
      const template = manifests('AnalysisTemplate').find((manifest) => manifest.metadata.name === 'novel-engine-backend-release')!;
      const [errors, latency] = template.spec.metrics;
      const pods = 'namespace="{{args.namespace}}", service="{{args.service}}", rollouts_pod_template_hash="{{args.new-hash}}"';
      expect(errors).toEqual({
        name: 'error-ratio',
        interval: '1m',
        initialDelay: '3m',
        inconclusiveLimit: 2,
        failureLimit: 1,
        // Nothing measured (no requests: an empty or NaN result) is neither: inconclusive, the release pauses.
        successCondition: 'len(result) > 0 && !isNaN(result[0]) && result[0] <= 0.005',
        failureCondition: 'len(result) > 0 && !isNaN(result[0]) && result[0] > 0.005',
        provider: {
          prometheus: {
            address: TEST_ENVIRONMENT.prometheusUrl,
            // No 5xx at all is a ratio of 0, not an empty result.
            query: `(sum(rate(http_requests_total{${pods}, status=~"5.."}[2m])) or vector(0)) / sum(rate(http_requests_total{${pods}}[2m]))`,
          },
        },
      });
      expect(latency).toMatchObject({ name: 'latency-p95', successCondition: 'len(result) > 0 && !isNaN(result[0]) && result[0] <= 1', failureCondition: 'len(result) > 0 && !isNaN(result[0]) && result[0] > 1' });
      expect(latency.provider.prometheus.query).toBe(`histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{${pods}}[2m])))`);
      const kgas = manifests('AnalysisTemplate').find((manifest) => manifest.metadata.name === 'kgas-api-server-release')!;
      // Seed 004's counter has no status label: KGAS is judged by its latency alone.
      expect(kgas.spec.metrics.map((metric: Json) => metric.name)).toEqual(['latency-p95']);
      expect(kgas.spec.metrics[0].provider.prometheus.query).toMatch(/kgas_request_duration_seconds_bucket/);
    });

    it('sends routed paths to the forward action Argo reweighs, starting all on the stable Service, and Terraform leaves the weights to Argo', () => {
      const ingress: Json = json.resources('kubernetes_ingress_v1').find((candidate: Json) => candidate.metadata.name === 'api');
      const annotation = 'alb.ingress.kubernetes.io/actions.novel-engine-backend';
      expect(ingress.spec.rule[0].http.path[0].backend.service).toEqual({ name: 'novel-engine-backend', port: { name: 'use-annotation' } });
      expect(JSON.parse(ingress.metadata.annotations[annotation])).toEqual({
        type: 'forward',
        forwardConfig: {
          targetGroups: [
            { serviceName: 'novel-engine-backend', servicePort: '80', weight: 100 },
            { serviceName: 'novel-engine-backend-canary', servicePort: '80', weight: 0 },
          ],
        },
      });
      // The weights, and the annotation Argo writes on every weight change (else every plan would remove it).
      expect(ingress.lifecycle).toEqual({ ignore_changes: [`metadata[0].annotations["${annotation}"]`, 'metadata[0].annotations["rollouts.argoproj.io/managed-alb-annotations"]'] });
    });

    it('leaves what Argo changes to Argo: the Deployment’s replicas, the Services’ selectors and ownership annotation, no wait for a release', () => {
      const deployment: Json = json.resources('kubernetes_deployment_v1').find((candidate: Json) => candidate.metadata.name === 'novel-engine-backend');
      expect(deployment.lifecycle).toEqual({ ignore_changes: ['spec[0].replicas'] });
      expect(deployment.wait_for_rollout).toBe(false);
      for (const name of ['novel-engine-backend', 'novel-engine-backend-canary']) {
        const service: Json = json.resources('kubernetes_service_v1').find((candidate: Json) => candidate.metadata.name === name);
        expect(service.lifecycle).toEqual({ ignore_changes: ['spec[0].selector', 'metadata[0].annotations["argo-rollouts.argoproj.io/managed-by-rollouts"]'] });
      }
    });

    it('gives the canary Service the target group health check and the metrics port, through which the new pods are scraped', () => {
      const canary: Json = json.resources('kubernetes_service_v1').find((candidate: Json) => candidate.metadata.name === 'novel-engine-backend-canary');
      expect(canary.metadata.annotations).toEqual({ 'alb.ingress.kubernetes.io/healthcheck-path': '/ready', 'alb.ingress.kubernetes.io/success-codes': '200-399' });
      expect(canary.spec.port).toEqual([
        { name: 'http', port: 80, target_port: '8000', protocol: 'TCP' },
        { name: 'metrics', port: 8000, target_port: '8000', protocol: 'TCP' },
      ]);
    });

    it('scrapes both Services under the stable name, with each version’s pod template hash on the series', () => {
      const monitor = manifests('ServiceMonitor').find((manifest) => manifest.metadata.name === 'novel-engine-backend')!;
      expect(monitor.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'novel-engine-backend' } });
      expect(monitor.spec.podTargetLabels).toEqual(['rollouts-pod-template-hash']);
      expect(monitor.spec.endpoints[0].relabelings).toEqual([
        { action: 'replace', targetLabel: 'service', replacement: 'novel-engine-backend' },
        { action: 'replace', targetLabel: 'job', replacement: 'novel-engine-backend' },
      ]);
    });
  });

  describe('blue/green', () => {
    const services = withDeliveryStrategies(KGAS_SERVICES, { 'kgas-api-server': 'blueGreen' });
    const { json, rollout } = synth(services);

    it('switches the Service at once, analyses after the switch and keeps the old pods for a switch back', () => {
      expect(rollout('kgas-api-server').spec.strategy).toEqual({
        blueGreen: {
          activeService: 'kgas-api-server',
          previewService: 'kgas-api-server-preview',
          autoPromotionEnabled: true,
          scaleDownDelaySeconds: ServiceRollout.BLUE_GREEN_SCALE_DOWN_DELAY_SECONDS,
          postPromotionAnalysis: expect.objectContaining({ templates: [{ templateName: 'kgas-api-server-release' }] }),
        },
      });
      expect(json.resources('kubernetes_service_v1').map((service: Json) => service.metadata.name)).toContain('kgas-api-server-preview');
    });

    it('routes the Ingress straight to the active Service, and the quota holds a second copy of the service', () => {
      const ingress: Json = json.resources('kubernetes_ingress_v1')[0];
      expect(ingress.spec.rule[0].http.path[0].backend.service.port).toEqual({ number: 80 });
      // A second copy of all 20 pods at the HPA maximum during a release; a canary adds one.
      expect(releaseSurgePods(services[0], 20)).toBe(20);
      expect(releaseSurgePods(KGAS_SERVICES[0], 20)).toBe(1);
      expect(workloadsQuota(services).requestsCpu).toBe('10');
    });
  });

  describe('rolling', () => {
    it('development rolls: no Rollout, the autoscalers target the Deployment', () => {
      const { json, manifests } = synth(scaledForDevelopment(NOVEL_ENGINE_SERVICES));
      expect(manifests('Rollout')).toEqual([]);
      expect(json.resources('kubernetes_horizontal_pod_autoscaler_v2').map((hpa: Json) => hpa.spec.scale_target_ref.kind)).toEqual(['Deployment', 'Deployment']);
    });
  });

  describe('validation', () => {
    const [BACKEND] = NOVEL_ENGINE_SERVICES;
    const problemsOf = (delivery: Json, extra: Partial<ServiceSpec> = {}) => {
      try {
        synth([{ ...BACKEND, ...extra, delivery }]);
      } catch (error) {
        if (error instanceof ServiceSpecError) return error.problems.map((problem) => `${problem.field}: ${problem.problem}. Fix: ${problem.fix}`);
        throw error;
      }
      return [];
    };

    it.each<[string, Json, Partial<ServiceSpec>, RegExp]>([
      ['an unknown strategy', { strategy: 'linear' }, {}, /delivery\.strategy: 'linear' is not a strategy\. Fix: use one of rolling, canary, blueGreen/],
      ['weights that do not rise', { strategy: 'canary', steps: [{ weight: 50, pause: '5m' }, { weight: 10, pause: '5m' }] }, {}, /delivery\.steps\[1\]\.weight: 10 is not a whole percentage above 50/],
      ['a weight of 100', { strategy: 'canary', steps: [{ weight: 100, pause: '5m' }] }, {}, /steps\[0\]\.weight: 100 .* Fix: .*100 % is the promotion/],
      ['a pause Argo cannot read', { strategy: 'canary', steps: [{ weight: 10, pause: '1d' }] }, {}, /steps\[0\]\.pause: '1d' is not a duration/],
      ['steps on blue/green', { strategy: 'blueGreen', steps: [{ weight: 10, pause: '5m' }] }, {}, /delivery\.steps: is set, but blueGreen switches all traffic at once/],
      ['steps on a rolling update', { strategy: 'rolling', steps: [{ weight: 10, pause: '5m' }] }, {}, /delivery\.steps: is set, but a rolling update has no steps/],
      ['analysis without metrics', { strategy: 'canary' }, { metrics: undefined }, /delivery\.analysis: needs the request metrics .* Fix: add metrics, or set analysis: false/],
      ['an error ratio above 1', { strategy: 'canary', analysis: { maxErrorRatio: 5 } }, {}, /analysis\.maxErrorRatio: 5 is not a ratio between 0 and 1/],
      ['a metric name with an operator', { strategy: 'canary', analysis: { requestsMetric: 'http_requests_total /' } }, {}, /analysis\.requestsMetric: 'http_requests_total \/' is not a Prometheus metric name/],
      ['routes on two hosts', { strategy: 'canary' }, { routes: [{ host: 'api' }, { host: 'web' }] }, /delivery\.strategy: canary shifts the traffic of one Ingress, and the service is routed on 2 hosts/],
    ])('refuses %s', (_, delivery, extra, message) => {
      expect(problemsOf(delivery, extra)).toContainEqual(expect.stringMatching(message));
    });

    it('refuses an analysis without Prometheus, naming the fix', () => {
      expect(() => synth([BACKEND], { prometheusUrl: undefined })).toThrow(
        /novel-engine-backend\/Rollout: prometheusUrl: is missing, and services\.novel-engine-backend analyses its releases on Prometheus metrics\. Fix: .*analysis: false/,
      );
    });

    it('fails synthesis when an analysis query is not valid PromQL (a dangling operator), naming the query’s field', () => {
      // The check every query of ServiceRollout goes through, with the error ratio's division left without its divisor.
      const broken = 'sum(rate(http_requests_total{status=~"5.."}[2m])) /';
      expect(() => synthJson((scope) => analysisMetric(scope, 'error-ratio', broken, 0.005, {}, TEST_ENVIRONMENT.prometheusUrl!, undefined))).toThrow(
        /^stack: analysisTemplate\.metrics\.error-ratio\.provider\.prometheus\.query: is not valid PromQL \(expected an operand after '\/' at character \d+, but the expression ends\).*\. Fix: correct the expression/,
      );
      expect(analysisMetric(new Construct(undefined as never, 'scope'), 'error-ratio', broken.slice(0, -2), 0.005, {}, 'http://prometheus:9090', undefined)).toMatchObject({ name: 'error-ratio' });
    });
  });
});
