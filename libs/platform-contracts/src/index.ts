export * from './contract';
export * from './network-paths';
export * from './network-reachability-contract';
export * from './platform-model';
export * from './kubernetes-access-contract';
export * from './stateful-resources-contract';
export * from './platform-contracts';
