export * from './cross-stack-plan';
export * from './jest';
export * from './offline-stack';
export * from './state-backend-emulator';
export * from './synth-json';
export * from './terraform-runner';
export * from './toolchain';
