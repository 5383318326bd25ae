import { Token } from 'cdktf';

/** A DNS-1035 label: what Kubernetes accepts as a Service name (starts with a letter, at most 63 characters). */
export const DNS_1035_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A DNS-1123 label: a namespace name. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A fully qualified DNS name without the trailing dot, e.g. `api.example.com`. */
export const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** An ECR repository name, e.g. `novel-engine/backend`. */
export const ECR_REPOSITORY = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
/** An ECR registry host, e.g. `123456789012.dkr.ecr.eu-central-1.amazonaws.com`. */
export const ECR_REGISTRY = /^\d{12}\.dkr\.ecr\.[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d\.amazonaws\.com(\.cn)?$/;
/** An image tag: letters, digits, `_ . -`, at most 128 characters, not starting with `.` or `-`. */
export const IMAGE_TAG = /^[\w][\w.-]{0,127}$/;
/** An environment variable name. */
export const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A ConfigMap or Secret key. */
export const DATA_KEY = /^[-._a-zA-Z0-9]+$/;
/** An application secret name under `<project>/<environment>/` (libs/data ApplicationSecrets.SECRET_NAME). */
export const SECRET_NAME = /^[a-z0-9][a-z0-9/_+=.@-]*[a-z0-9_+=.@-]$/;
/** An IAM role ARN in any partition. */
export const IAM_ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** True for values known only at apply time: cdktf tokens and raw Terraform expressions (`${...}`). */
export function isLateBound(value: string): boolean {
  return Token.isUnresolved(value) || value.includes('${');
}

/** Label that selects a service's pods; stable for the life of the Deployment (selectors are immutable). */
export const NAME_LABEL = 'app.kubernetes.io/name';

/** Labels of every object of a service. */
export function serviceLabels(name: string, partOf: string | undefined): Record<string, string> {
  return { [NAME_LABEL]: name, 'app.kubernetes.io/managed-by': 'terraform', ...(partOf === undefined ? {} : { 'app.kubernetes.io/part-of': partOf }) };
}

/** The values that occur more than once, each once. */
export function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) (seen.has(value) ? repeated : seen).add(value);
  return [...repeated];
}
