export * from './contract';
export * from './network-paths';
export * from './network-reachability-contract';
export * from './platform-model';
