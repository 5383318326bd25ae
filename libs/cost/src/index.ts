export * from './cdktf-resources';
export * from './environment-cost';
export * from './estimate-monthly-cost';
export * from './format-cost-report';
export * from './plan-cost';
export * from './plan-resources';
export * from './price-table';
