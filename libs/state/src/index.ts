export * from './terraform-state-store';
