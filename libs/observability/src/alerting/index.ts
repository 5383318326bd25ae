export * from './alert-types';
export * from './alerting-config-error';
export * from './alertmanager-config';
export * from './grafana-dashboards';
export * from './prometheus-rules';
export * from './promql';
export * from './seed-rules';
export * from './slo-burn-rate-rules';
