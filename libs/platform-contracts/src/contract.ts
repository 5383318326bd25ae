import type { EnvironmentConfig } from '@platform/config';
import type { PlatformModel } from './platform-model';

/** One thing a contract checked: a flow, a request, a resource. */
export interface ContractCheck {
  /** What must hold, e.g. `workload pods → PostgreSQL TCP 5432`. */
  readonly subject: string;
  readonly passed: boolean;
  /** Why it failed: the missing rule, the denying statement, the unprotected resource. Empty when it passed. */
  readonly problems: readonly string[];
}

/** What a contract found in one environment. */
export interface ContractResult {
  readonly id: string;
  readonly title: string;
  readonly checks: readonly ContractCheck[];
  /** Figures worth showing even when everything passes, e.g. headroom. */
  readonly notes?: readonly string[];
}

/**
 * Everything a contract may read: the environment's stacks as one model, the config that produced them and, for the
 * contracts about delivery, the CI workflows that plan and apply them.
 */
export interface ContractInput {
  readonly model: PlatformModel;
  readonly environment: EnvironmentConfig;
  /**
   * The GitHub Actions workflows as parsed from YAML, by path (`.github/workflows/deploy.yml`); the caller reads them.
   * @default - none: contracts about the workflows report that they could not check them
   */
  readonly workflows?: Readonly<Record<string, unknown>>;
}

/**
 * A property of the whole platform that no single stack's test can see: it holds only when the stacks fit together.
 * A contract is pure: it reads the model and reports (the IAM simulator is asynchronous, hence the promise), so it runs
 * on every `npm test` in well under a second.
 */
export interface PlatformContract {
  /** Short stable id, e.g. `network-reachability`. */
  readonly id: string;
  readonly title: string;
  evaluate(input: ContractInput): ContractResult | Promise<ContractResult>;
}

/** A check from a list of problems: passed when there are none. */
export function check(subject: string, problems: readonly string[]): ContractCheck {
  return { subject, passed: problems.length === 0, problems };
}

/** Whether every check of a result passed. */
export function contractPassed(result: ContractResult): boolean {
  return result.checks.every((item) => item.passed);
}
