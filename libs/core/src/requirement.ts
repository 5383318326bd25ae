import { IConstruct } from 'constructs';
import { ConstructValidationError } from './errors';

/** `ConstructValidationError.require` bound to one construct, so validation reads as a list of requirements. */
export type Requirement = (condition: boolean, field: string, problem: string, fix: string) => void;

/** The {@link Requirement} of `scope`: each failed condition throws naming the construct path, the field and the fix. */
export function requirement(scope: IConstruct): Requirement {
  return (condition, field, problem, fix) => ConstructValidationError.require(scope, condition, field, problem, fix);
}

/** A 12-digit AWS account id. */
export const ACCOUNT_ID = /^\d{12}$/;
/** An AWS region name, e.g. `eu-central-1`. */
export const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
