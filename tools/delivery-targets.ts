/**
 * What the GitHub Actions workflows need to know about an environment, computed from its validated config so that
 * the workflows, the bootstrap roles and the stacks share one source of truth.
 */
import { EnvironmentConfig, githubRunnerName } from '@platform/config';
import { PlatformError } from '@platform/core';
import { BootstrapStack, imageRegistryHost, imageRepositoryNames } from '@platform/stacks';
import { releaseImageTag, ReleaseManifest } from './release-manifest';

/**
 * The orders changes are promoted in, one chain per system: a change reaches an environment only after it deployed
 * to the one before it in the same chain. Chains are independent of each other: StoryMagic's environments neither
 * wait for the platform's nor are stopped by a failure there. deploy.yml calls the deploy-environment workflow once
 * per entry, chained in this order.
 */
export const PROMOTION_CHAINS = {
  platform: ['development', 'testing', 'staging', 'production'],
  storymagic: ['storymagic-development', 'storymagic-production'],
} as const satisfies Readonly<Record<string, readonly string[]>>;

export type PromotionChain = keyof typeof PROMOTION_CHAINS;

/** Every environment the workflows deploy: chain after chain, each in promotion order (the order of deploy.yml's jobs). */
export const PROMOTION_ORDER: readonly string[] = Object.values(PROMOTION_CHAINS).flat();

/** Where and as whom a workflow plans and applies one environment. */
export interface DeliveryTarget {
  readonly accountId: string;
  readonly region: string;
  /** The plan role (bootstrap, `<project>-<env>-github-plan`): plans of main's workflows, on the runner, with Kubernetes read access. */
  readonly planRoleArn: string;
  /**
   * The review role (bootstrap, `<project>-<env>-github-review`): plans of pull requests, on GitHub-hosted runners and
   * of the AWS-only stacks; it has no Kubernetes access, since a pull request can edit the workflow that assumes it.
   */
  readonly reviewRoleArn: string;
  readonly applyRoleArn: string;
  /**
   * The image push role (bootstrap, `<project>-<env>-github-images`), which jobs of the GitHub environment
   * `<env>-images` push and promote the environment's images with; absent without image repositories.
   */
  readonly imagesRoleArn?: string;
  /** The environment's private registry, `<account>.dkr.ecr.<region>.amazonaws.com`. */
  readonly registry: string;
  /** The image repositories the environment's stacks create (`imageRepositoryNames`), e.g. `novel-engine/backend`. */
  readonly repositories: readonly string[];
  /**
   * The tag of the application images, which every job that plans or applies the environment passes to Terraform as
   * `TF_VAR_image_tag` (see tools/release-manifest.ts); absent when no stack has an `image_tag` variable.
   */
  readonly imageTag?: string;
  /**
   * The `runs-on` label prefix of the environment's GitHub Actions runner in its VPC (`codebuild-<project>`, see
   * githubRunnerName), which every job that plans or applies it runs on — its Kubernetes and Helm stacks need the
   * cluster's private API endpoint; the workflows add `-<run id>-<attempt>`. Absent: GitHub-hosted runners (ECS
   * environments, whose stacks are AWS-only).
   */
  readonly runner?: string;
}

const describeChains = () =>
  Object.entries(PROMOTION_CHAINS)
    .map(([chain, environments]) => `${chain}: ${environments.join(' → ')}`)
    .join('; ');

function unknownEnvironments(names: readonly string[]): PlatformError {
  return new PlatformError(
    `Environment ${names.map((name) => `'${name}'`).join(', ')} has no place in a promotion chain (${describeChains()}). ` +
      'Fix: add it to its chain in PROMOTION_CHAINS in tools/delivery-targets.ts (or start a chain of its own there) and give it a job calling ' +
      '.github/workflows/deploy-environment.yml in .github/workflows/deploy.yml.',
  );
}

/** The chain an environment is promoted in; throws for one the workflows do not know. */
export function promotionChainOf(environment: string): PromotionChain {
  const chain = (Object.keys(PROMOTION_CHAINS) as PromotionChain[]).find((name) => (PROMOTION_CHAINS[name] as readonly string[]).includes(environment));
  if (chain === undefined) throw unknownEnvironments([environment]);
  return chain;
}

/** The environment a change must have deployed to before this one: the previous in its chain; undefined for the first. */
export function predecessorOf(environment: string): string | undefined {
  const chain: readonly string[] = PROMOTION_CHAINS[promotionChainOf(environment)];
  return chain[chain.indexOf(environment) - 1];
}

/**
 * Sorts environment names into promotion order: chain after chain in PROMOTION_CHAINS' order, each chain in its own
 * order, so the result does not depend on the order given. Throws for one the workflows do not know.
 */
export function inPromotionOrder(environments: readonly string[]): string[] {
  const unknown = environments.filter((name) => !PROMOTION_ORDER.includes(name));
  if (unknown.length > 0) throw unknownEnvironments(unknown);
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
  const runner = githubRunnerName(environment);
  return {
    accountId: environment.accountId,
    region: environment.region,
    planRoleArn: roles.plan,
    reviewRoleArn: roles.review,
    applyRoleArn: roles.apply,
    ...(roles.images === undefined ? {} : { imagesRoleArn: roles.images }),
    registry: imageRegistryHost(environment),
    repositories: imageRepositoryNames(environment),
    ...(imageTag === undefined ? {} : { imageTag }),
    ...(runner === undefined ? {} : { runner: `codebuild-${runner}` }),
  };
}
