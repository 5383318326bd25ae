/**
 * The release manifest of an environment, `environments/<env>/release.json`: which build of the application images
 * it runs, committed and promoted like any other change: release.yml writes the first environment's of each promotion
 * chain after building, promote.yml the next one's after copying the images (both as a pull request).
 *
 *   { "imageTag": "1.4.2" }
 *
 * The workflows pass its tag to Terraform as `TF_VAR_image_tag` (through the delivery targets), the variable the
 * workloads stack (EKS) reads when the config pins no `workloads.imageTag`, and the services stack (ECS) when some
 * service pins no `imageTag`.
 */
import { EnvironmentConfig, IMAGE_TAG_PATTERN } from '@platform/config';
import { PlatformError } from '@platform/core';
import * as fs from 'node:fs';
import { environmentFile, environmentPath } from './environments';

export const RELEASE_MANIFEST = 'release.json';

/** What `release.json` holds. */
export interface ReleaseManifest {
  /** Tag of every application image (`<registry>/<repository>:<imageTag>`): a version or commit id CI built. */
  readonly imageTag: string;
}

/** The environment's release manifest, checked; undefined when it has none. */
export function readReleaseManifest(name: string): ReleaseManifest | undefined {
  const file = environmentPath(name, RELEASE_MANIFEST);
  if (!fs.existsSync(file)) return undefined;
  return parseReleaseManifest(fs.readFileSync(file, 'utf8'), environmentFile(name, RELEASE_MANIFEST));
}

/** The text of a release manifest for `imageTag`, checked like a manifest read from disk. */
export function formatReleaseManifest(imageTag: string, file = RELEASE_MANIFEST): string {
  const text = `${JSON.stringify({ imageTag }, null, 2)}\n`;
  parseReleaseManifest(text, file);
  return text;
}

/** Writes the environment's release manifest (the release and promote workflows do, then open a pull request). */
export function writeReleaseManifest(name: string, imageTag: string): void {
  fs.writeFileSync(environmentPath(name, RELEASE_MANIFEST), formatReleaseManifest(imageTag, environmentFile(name, RELEASE_MANIFEST)));
}

/** Parses and checks a release manifest's text; `file` names it in errors. */
export function parseReleaseManifest(text: string, file: string): ReleaseManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new PlatformError(`${file}: is not JSON (${(error as Error).message}). Fix: write { "imageTag": "<the tag CI built>" }`);
  }
  const { imageTag, ...rest } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (typeof imageTag !== 'string' || !IMAGE_TAG_PATTERN.test(imageTag)) {
    throw new PlatformError(`${file}: imageTag: ${JSON.stringify(imageTag)} is not a Docker image tag. Fix: write the tag CI built, e.g. { "imageTag": "1.4.2" }`);
  }
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new PlatformError(`${file}: ${unknown.join(', ')}: unknown field(s). Fix: keep only imageTag`);
  return { imageTag };
}

/**
 * The image tag the workflows give the environment's Terraform (`TF_VAR_image_tag`), or undefined when no stack has
 * the `image_tag` variable:
 * - EKS: the release manifest's tag, or `latest` for an environment that allows it and has no manifest; undefined
 *   without workloads, or when the config pins `workloads.imageTag` (the workloads stack then has no variable);
 * - ECS: the release manifest's tag, needed exactly when some service of `ecs.services` pins no `imageTag` (the
 *   services stack then has the variable); `latest` is never allowed there.
 */
export function releaseImageTag(environment: EnvironmentConfig, release: ReleaseManifest | undefined): string | undefined {
  const file = `environments/${environment.name}/${RELEASE_MANIFEST}`;
  return environment.compute === 'ecs' ? servicesImageTag(environment, release, file) : workloadsImageTag(environment, release, file);
}

function workloadsImageTag(environment: EnvironmentConfig, release: ReleaseManifest | undefined, file: string): string | undefined {
  const { workloads } = environment;
  if (!workloads.enabled) return undefined;
  if (workloads.imageTag !== undefined) {
    if (release !== undefined) {
      throw new PlatformError(`${file}: imageTag: the config pins workloads.imageTag '${workloads.imageTag}' too. Fix: keep one of them, the release manifest for tags CI builds`);
    }
    return undefined;
  }
  if (release === undefined) {
    if (workloads.allowLatestTag) return 'latest';
    throw new PlatformError(
      `${file}: is missing, and ${environment.name} may not deploy latest, so its workloads stack cannot be planned. Fix: write { "imageTag": "<the tag CI built>" } there`,
    );
  }
  if (release.imageTag === 'latest' && !workloads.allowLatestTag) {
    throw new PlatformError(`${file}: imageTag: 'latest' is not reproducible, and ${environment.name} does not allow it. Fix: write the tag CI built (a version or commit id)`);
  }
  return release.imageTag;
}

function servicesImageTag(environment: EnvironmentConfig, release: ReleaseManifest | undefined, file: string): string | undefined {
  const services = Object.entries(environment.ecs?.services ?? {});
  const unpinned = services.filter(([, service]) => service.imageTag === undefined).map(([name]) => name);
  if (unpinned.length === 0) {
    if (release !== undefined && services.length > 0) {
      const pins = services.map(([name, service]) => `ecs.services.${name}.imageTag '${service.imageTag}'`).join(', ');
      throw new PlatformError(`${file}: imageTag: the config pins ${pins}, so the manifest's tag would deploy nothing. Fix: keep one of them, the release manifest for tags CI builds`);
    }
    return undefined;
  }
  const which = `service${unpinned.length === 1 ? '' : 's'} ${unpinned.join(', ')}`;
  if (release === undefined) {
    throw new PlatformError(
      `${file}: is missing, and ${which} of ${environment.name} pin${unpinned.length === 1 ? 's' : ''} no imageTag, so its services stack cannot be planned (ECS environments never deploy latest). ` +
        'Fix: write { "imageTag": "<the tag CI built>" } there',
    );
  }
  if (release.imageTag === 'latest') {
    throw new PlatformError(`${file}: imageTag: 'latest' is not reproducible, and ECS environments never allow it: a new task could run another build. Fix: write the tag CI built (a version or commit id)`);
  }
  return release.imageTag;
}
