/**
 * What the GitHub Actions workflows need to know about an environment, computed from its validated config so that
 * the workflows, the bootstrap roles and the stacks share one source of truth.
 */
import { EnvironmentConfig } from '@platform/config';
import { PlatformError } from '@platform/core';
import { BootstrapStack } from '@platform/stacks';
import { releaseImageTag, ReleaseManifest } from './release-manifest';

/** The order changes are promoted in; deploy.yml has one plan and one deploy job per entry, in this order. */
export const PROMOTION_ORDER = ['development', 'testing', 'staging', 'production'] as const;

/** Where and as whom a workflow plans and applies one environment. */
export interface DeliveryTarget {
  readonly accountId: string;
  readonly region: string;
  readonly planRoleArn: string;
  readonly applyRoleArn: string;
  /**
   * The tag of the application images, which every job that plans or applies the environment passes to Terraform as
   * `TF_VAR_image_tag` (see tools/release-manifest.ts); absent when the workloads stack has no `image_tag` variable.
   */
  readonly imageTag?: string;
}

/** Sorts environment names into promotion order; throws for one the workflows do not know. */
export function inPromotionOrder(environments: readonly string[]): string[] {
  const unknown = environments.filter((name) => !(PROMOTION_ORDER as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new PlatformError(
      `Environment ${unknown.map((name) => `'${name}'`).join(', ')} has no place in the promotion order ${PROMOTION_ORDER.join(' → ')}. ` +
        'Fix: add it to PROMOTION_ORDER in tools/delivery-targets.ts and give it plan and deploy jobs in .github/workflows/deploy.yml.',
    );
  }
  return PROMOTION_ORDER.filter((name) => environments.includes(name));
}

/** The environments among the projects Nx reports as affected, in promotion order. */
export function affectedEnvironments(affectedProjects: readonly string[], environments: readonly string[]): string[] {
  return inPromotionOrder(environments.filter((name) => affectedProjects.includes(name)));
}

/** The target of an environment; `release` is its release manifest (`readReleaseManifest`), if it has one. */
export function deliveryTarget(environment: EnvironmentConfig, release?: ReleaseManifest): DeliveryTarget {
  const roles = BootstrapStack.githubRoleArns(environment);
  if (roles === undefined) {
    throw new PlatformError(
      `Environment '${environment.name}' has no delivery settings, so the bootstrap created no GitHub roles for it. ` +
        "Fix: set delivery: { githubRepository: 'owner/name' } in its config (environments/common sets it for all) and apply the bootstrap stack.",
    );
  }
  const imageTag = releaseImageTag(environment, release);
  return { accountId: environment.accountId, region: environment.region, planRoleArn: roles.plan, applyRoleArn: roles.apply, ...(imageTag === undefined ? {} : { imageTag }) };
}
