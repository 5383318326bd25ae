import type { ServiceSpecProblem } from './validate-service-specs';
import { deliveryOf, ServiceSpec } from './workload-spec';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** A pause as Argo Rollouts reads it: a whole number of seconds, minutes or hours. */
const PAUSE = /^[1-9]\d*[smh]$/;

/** Problems of a spec's `delivery`, with fields under `services.<name>.delivery`. */
export function deliveryProblems(spec: ServiceSpec): ServiceSpecProblem[] {
  const problems: ServiceSpecProblem[] = [];
  const at = `services.${spec.name}.delivery`;
  const check = (condition: boolean, field: string, problem: string, fix: string) => {
    if (!condition) problems.push({ field: `${at}${field}`, problem, fix });
  };
  const delivery = deliveryOf(spec);
  const strategies = ['rolling', 'canary', 'blueGreen'];
  check(strategies.includes(delivery.strategy), '.strategy', `'${delivery.strategy}' is not a strategy`, `use one of ${strategies.join(', ')}`);
  if (delivery.strategy === 'rolling') {
    check(delivery.steps === undefined, '.steps', 'is set, but a rolling update has no steps', "remove steps, or use strategy: 'canary'");
    return problems;
  }
  if (delivery.steps !== undefined) {
    check(delivery.strategy === 'canary', '.steps', `is set, but ${delivery.strategy} switches all traffic at once`, "remove steps, or use strategy: 'canary'");
    check(delivery.steps.length > 0, '.steps', 'is empty', 'list at least one step, e.g. { weight: 10, pause: "10m" }');
    let previous = 0;
    delivery.steps.forEach((step, index) => {
      check(Number.isInteger(step.weight) && step.weight > previous && step.weight < 100, `.steps[${index}].weight`, `${step.weight} is not a whole percentage above ${previous} and below 100`, 'raise the weight step by step; 100 % is the promotion after the last step');
      check(PAUSE.test(step.pause), `.steps[${index}].pause`, `'${step.pause}' is not a duration`, 'write a whole number of s, m or h, e.g. 10m');
      previous = step.weight;
    });
  }
  const routes = spec.routes ?? [];
  check(
    new Set(routes.map((route) => route.host)).size <= 1,
    '.strategy',
    `${delivery.strategy} shifts the traffic of one Ingress, and the service is routed on ${routes.length} hosts`,
    "route the service on one host, or use strategy: 'rolling'",
  );
  check(
    spec.persistentVolume === undefined || spec.persistentVolume.accessMode === 'ReadWriteMany',
    '.strategy',
    `${delivery.strategy} runs the new pods beside the old ones, and a ReadWriteOnce volume attaches to one node`,
    "use a ReadWriteMany volume, or strategy: 'rolling'",
  );
  const analysis = delivery.analysis ?? {};
  if (analysis === false) return problems;
  check(spec.metrics !== undefined, '.analysis', 'needs the request metrics of the new pods, and the service has no metrics', 'add metrics, or set analysis: false (the release then only pauses)');
  const ratio = analysis.maxErrorRatio;
  check(ratio === undefined || (ratio > 0 && ratio < 1), '.analysis.maxErrorRatio', `${ratio} is not a ratio between 0 and 1`, 'write e.g. 0.005 for 0.5 %');
  const latency = analysis.maxLatencyP95Seconds;
  check(latency === undefined || latency > 0, '.analysis.maxLatencyP95Seconds', `${latency} is not a positive number of seconds`, 'write e.g. 1');
  const limit = analysis.failureLimit;
  check(limit === undefined || (Number.isInteger(limit) && limit >= 0 && limit <= 5), '.analysis.failureLimit', `${limit} is not a small count`, 'tolerate 0 to 5 failed measurements');
  for (const field of ['requestsMetric', 'latencyMetric'] as const) {
    const name = analysis[field];
    check(name === undefined || METRIC_NAME.test(name), `.analysis.${field}`, `'${name}' is not a Prometheus metric name`, 'write e.g. http_requests_total');
  }
  return problems;
}
