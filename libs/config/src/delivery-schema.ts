import { z } from 'zod';

// GitHub's rules: an owner is 1–39 letters, digits or inner hyphens; a repository name is up to 100 letters,
// digits, '.', '_' or '-' and not '.' or '..'.
const OWNER = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?';
const REPOSITORY = '(?!\\.\\.?(?:@|$))[A-Za-z0-9._-]{1,100}';
/**
 * `owner/name`, or the immutable form `owner@<owner id>/name@<repository id>` that GitHub puts into the OIDC `sub`
 * claim of repositories created on or after 15 July 2026 (and of older ones that opted in).
 */
const GITHUB_REPOSITORY = new RegExp(`^${OWNER}(?:/${REPOSITORY}|@\\d+/${REPOSITORY}@\\d+)$`);
/** A branch name as git allows it, without wildcards (the trust policies compare it literally). */
const BRANCH = /^(?!.*\.\.)(?!.*\.lock(?:\/|$))(?!.*\.(?:\/|$))[A-Za-z0-9_-][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/**
 * How GitHub Actions delivers the environment: which repository's workflows may assume the environment's GitHub
 * plan and apply roles (created by the bootstrap app), and from which branch. Without it the bootstrap creates no
 * GitHub roles for the environment.
 */
export const deliverySchema = z.strictObject({
  /**
   * The repository whose workflows deploy the environment: `owner/name`, or `owner@<id>/name@<id>` if GitHub issues
   * immutable subject claims for it (repositories created on or after 15 July 2026; the prefix is shown in the
   * repository's settings). No default.
   */
  githubRepository: z
    .string()
    .regex(
      GITHUB_REPOSITORY,
      "is not a GitHub repository. Fix: write owner/name such as 'example-org/platform-infrastructure' (or, with immutable subject claims, 'example-org@123/platform-infrastructure@456')",
    ),
  /** The branch deploys and drift checks run from; pull requests are planned against it. */
  mainBranch: z.string().regex(BRANCH, "is not a git branch name. Fix: write one branch without wildcards, such as 'main'").default('main'),
});
