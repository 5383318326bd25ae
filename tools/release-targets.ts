/**
 * What the image workflows build, promote and release, from the same config the stacks and the bootstrap read. Prints
 * GitHub step outputs (append to $GITHUB_OUTPUT):
 *
 *   tsx tools/release-targets.ts build [--chain <name> ...]
 *     images=[{"environment":"development","repository":"novel-engine/backend","service":"novel-engine-backend",
 *              "context":"services/novel-engine/backend","dockerfile":"services/novel-engine/backend/Dockerfile"},…]
 *     environments=["development","storymagic-development"]      the first environment of each chain built
 *     targets={"development":{…delivery target…},…}
 *   tsx tools/release-targets.ts promote <environment> [--tag <tag>]
 *     source=staging  environment=production  tag=<the source's release manifest tag, or --tag>
 *     repositories=["novel-engine/backend",…]                     the environment's, all also the source's
 *     targets={"staging":{…},"production":{…}}
 *   tsx tools/release-targets.ts write-manifest <environment> <tag>
 *     writes environments/<environment>/release.json (nothing printed)
 *
 * Sources: each image is built from `services/<repository>/` of this repository (its Dockerfile at the root of that
 * folder), so the commit a release is tagged with (`github.sha`) names the source of every image; a service whose
 * code lives elsewhere is a git submodule there, pinned by the same commit. Every image of a chain is built on every
 * release: the release manifest holds one tag for all of them.
 */
import { EnvironmentConfig, IMAGE_TAG_PATTERN, loadEnvironment } from '@platform/config';
import { PlatformError } from '@platform/core';
import { imageRepositoryNames } from '@platform/stacks';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deliveryTarget, DeliveryTarget, predecessorOf, PROMOTION_CHAINS, PromotionChain, promotionChainOf } from './delivery-targets';
import { environmentFile, importEnvironment } from './environments';
import { readReleaseManifest, ReleaseManifest, writeReleaseManifest } from './release-manifest';
import { CommandLineError, CommandSpec, ProgramSpec, parseSubcommand } from './cli-arguments';
import { runTool } from './run-tool';
import { WORKSPACE } from './synthesized-app';

export const RELEASE_TARGETS_PROGRAM = {
  command: 'npx tsx tools/release-targets.ts',
  description: 'What the image workflows build, promote and release, as GitHub step outputs (append to $GITHUB_OUTPUT).',
  commands: {
    build: {
      command: 'npx tsx tools/release-targets.ts build',
      description: 'The images to build and the first environment of each promotion chain.',
      options: { chain: { type: 'string', value: 'name', multiple: true, description: `a promotion chain to build (repeatable; default: every one: ${Object.keys(PROMOTION_CHAINS).join(', ')})` } },
    },
    promote: {
      command: 'npx tsx tools/release-targets.ts promote',
      description: 'The promotion into an environment from the one before it in its chain.',
      positionals: [{ name: 'environment', description: 'the environment to promote to' }],
      options: { tag: { type: 'string', value: 'tag', description: "the release tag to promote (default, or empty: the source's release manifest tag)" } },
    },
    'write-manifest': {
      command: 'npx tsx tools/release-targets.ts write-manifest',
      description: 'Writes environments/<environment>/release.json (prints nothing).',
      positionals: [
        { name: 'environment', description: 'the environment released' },
        { name: 'tag', description: 'the release tag (the commit SHA the images are tagged with)' },
      ],
    },
  },
} as const satisfies ProgramSpec<Record<string, CommandSpec>>;

/** Where the source of an image lives: `services/<repository>`, with its Dockerfile. */
export const SERVICES_DIR = 'services';

/** One image the release workflow builds: a leg of its matrix, calling build-image.yml. */
export interface ImageBuild {
  /** The environment it is pushed to: the first of its promotion chain. */
  readonly environment: string;
  /** ECR repository, e.g. `novel-engine/backend`. */
  readonly repository: string;
  /** A name for job titles and cache scopes: the repository with `/` as `-`. */
  readonly service: string;
  /** Build context, relative to the workspace. */
  readonly context: string;
  readonly dockerfile: string;
}

/** One promotion: the same digests, from the environment before it in its chain to this one. */
export interface Promotion {
  readonly source: string;
  readonly environment: string;
  readonly tag: string;
  readonly repositories: readonly string[];
}

export type Command =
  | { readonly command: 'build'; readonly chains: readonly PromotionChain[] }
  | { readonly command: 'promote'; readonly environment: string; readonly tag?: string }
  | { readonly command: 'write-manifest'; readonly environment: string; readonly tag: string };

export function parseArguments(args: readonly string[]): Command {
  const parsed = parseSubcommand(RELEASE_TARGETS_PROGRAM, args);
  switch (parsed.command) {
    case 'build': {
      const unknown = parsed.values.chain.filter((chain) => !(chain in PROMOTION_CHAINS));
      if (unknown.length > 0) throw new CommandLineError(`--chain ${unknown[0]}: unknown chain. Fix: use one of ${Object.keys(PROMOTION_CHAINS).join(', ')}`);
      return { command: 'build', chains: (parsed.values.chain.length > 0 ? parsed.values.chain : Object.keys(PROMOTION_CHAINS)) as PromotionChain[] };
    }
    case 'promote': {
      const { tag } = parsed.values;
      return { command: 'promote', environment: parsed.positionals[0], ...(tag === undefined || tag === '' ? {} : { tag }) };
    }
    case 'write-manifest':
      return { command: 'write-manifest', environment: parsed.positionals[0], tag: parsed.positionals[1] };
  }
}

/**
 * Every repository an environment of a chain runs must exist in each environment before it: promotion copies images
 * one step at a time, so an image only a later environment runs could never reach it. Throws naming the first gap.
 */
export function checkChainRepositories(chain: readonly EnvironmentConfig[], repositoriesOf: (environment: EnvironmentConfig) => readonly string[]): void {
  for (const [index, environment] of chain.entries()) {
    for (const earlier of chain.slice(0, index)) {
      const missing = repositoriesOf(environment).filter((repository) => !repositoriesOf(earlier).includes(repository));
      if (missing.length > 0) {
        throw new PlatformError(
          `${environment.name} runs images of ${missing.join(', ')}, but ${earlier.name}, before it in its promotion chain, has no repository for them, so no release can be promoted there. ` +
            `Fix: add ${missing.join(', ')} to ${earlier.name}'s cluster.ecrRepositories (environments/common applicationImages for every EKS environment), or its ecs.services`,
        );
      }
    }
  }
}

/** The images to build for the chains: every repository of each chain's first environment, from `services/<repository>`. */
export function imageBuilds(firstEnvironments: readonly EnvironmentConfig[], repositoriesOf: (environment: EnvironmentConfig) => readonly string[], hasSource: (dockerfile: string) => boolean): ImageBuild[] {
  const builds = firstEnvironments.flatMap((environment) =>
    repositoriesOf(environment).map((repository) => {
      const context = `${SERVICES_DIR}/${repository}`;
      return { environment: environment.name, repository, service: repository.replace(/\//g, '-'), context, dockerfile: `${context}/Dockerfile` };
    }),
  );
  const missing = builds.filter(({ dockerfile }) => !hasSource(dockerfile));
  if (missing.length > 0) {
    throw new PlatformError(
      `No source for ${missing.map(({ repository }) => repository).join(', ')}: ${missing.map(({ dockerfile }) => dockerfile).join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist, and a release builds every image its environments run (one tag for all). ` +
        `Fix: add each service's source under ${SERVICES_DIR}/<repository>/ with a Dockerfile (a git submodule for code kept elsewhere)`,
    );
  }
  return builds;
}

/** The promotion into `environment` from the one before it in its chain, of `tag` or the source's released tag. */
export function promotion(environment: EnvironmentConfig, source: EnvironmentConfig | undefined, sourceRelease: ReleaseManifest | undefined, repositoriesOf: (environment: EnvironmentConfig) => readonly string[], tag?: string): Promotion {
  if (source === undefined) {
    throw new PlatformError(
      `${environment.name} is the first environment of its promotion chain: its images are built (release.yml), not promoted. Fix: promote to a later environment of ${promotionChainOf(environment.name)}: ${PROMOTION_CHAINS[promotionChainOf(environment.name)].join(' → ')}`,
    );
  }
  checkChainRepositories([source, environment], repositoriesOf);
  const chosen = tag ?? sourceRelease?.imageTag;
  if (chosen === undefined) {
    throw new PlatformError(`environments/${source.name}/release.json: is missing, so there is no release of ${source.name} to promote. Fix: release to ${source.name} first, or give --tag`);
  }
  if (!IMAGE_TAG_PATTERN.test(chosen) || chosen === 'latest') {
    throw new PlatformError(`'${chosen}' is not a release tag to promote: tags name one immutable build. Fix: give the commit SHA release.yml tagged the images with`);
  }
  return { source: source.name, environment: environment.name, tag: chosen, repositories: repositoriesOf(environment) };
}

/** `key=value` step output lines, values as one-line JSON where they are not plain strings. */
export function stepOutputs(outputs: Readonly<Record<string, unknown>>): string {
  return Object.entries(outputs)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}\n`)
    .join('');
}

function load(name: string): EnvironmentConfig {
  return loadEnvironment(importEnvironment(name), { expectedName: name, source: environmentFile(name) });
}

function targetsOf(environments: readonly EnvironmentConfig[]): Record<string, DeliveryTarget> {
  return Object.fromEntries(
    environments.map((environment) => {
      const target = deliveryTarget(environment, readReleaseManifest(environment.name));
      if (target.imagesRoleArn === undefined) throw new PlatformError(`${environment.name} has no image repositories, so the bootstrap made no image push role for it. Fix: give it repositories, or leave it out of the release`);
      return [environment.name, target];
    }),
  );
}

function main(): number {
  const command = parseArguments(process.argv.slice(2));
  if (command.command === 'build') {
    const chains = command.chains.map((chain) => PROMOTION_CHAINS[chain].map(load));
    for (const chain of chains) checkChainRepositories(chain, imageRepositoryNames);
    const first = chains.map((chain) => chain[0]);
    const images = imageBuilds(first, imageRepositoryNames, (dockerfile) => fs.existsSync(path.join(WORKSPACE, dockerfile)));
    process.stdout.write(stepOutputs({ images, environments: first.map(({ name }) => name), targets: targetsOf(first) }));
  } else if (command.command === 'promote') {
    const environment = load(command.environment);
    const sourceName = predecessorOf(environment.name);
    const source = sourceName === undefined ? undefined : load(sourceName);
    const result = promotion(environment, source, sourceName === undefined ? undefined : readReleaseManifest(sourceName), imageRepositoryNames, command.tag);
    process.stdout.write(stepOutputs({ ...result, targets: targetsOf([source as EnvironmentConfig, environment]) }));
  } else {
    load(command.environment);
    writeReleaseManifest(command.environment, command.tag);
  }
  return 0;
}

if (require.main === module) runTool(main);
