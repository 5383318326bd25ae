export * from './github-deploy-roles';
export * from './github-image-push-role';
export * from './github-oidc-provider';
export * from './terraform-state-store';
