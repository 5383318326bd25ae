export * from './aws-arn';
export * from './cidr';
export * from './component-tags';
export * from './errors';
export * from './kubernetes-quantity';
export * from './log-retention';
export * from './platform-aws-provider';
export * from './private-bucket';
