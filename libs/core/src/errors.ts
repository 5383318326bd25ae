import type { IConstruct } from 'constructs';

/** Base class for errors caused by user input; the CLI prints their message without a stack trace. */
export class PlatformError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A construct received props it cannot build. The message names the construct path, the field and the fix,
 * e.g. `production-network/network: natGateways 'perAz' needs public subnets. Fix: ...`.
 */
export class ConstructValidationError extends PlatformError {
  constructor(
    readonly constructPath: string,
    readonly field: string,
    problem: string,
    fix: string,
  ) {
    super(`${constructPath}: ${field}: ${problem}. Fix: ${fix}`);
  }

  /** Throws when `condition` is false; validation reads as a list of requirements. */
  static require(scope: IConstruct, condition: boolean, field: string, problem: string, fix: string): asserts condition {
    if (!condition) {
      throw new ConstructValidationError(scope.node.path, field, problem, fix);
    }
  }
}
