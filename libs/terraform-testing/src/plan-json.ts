/**
 * The parts of `terraform show -json <planfile>` (format 1.x, https://developer.hashicorp.com/terraform/internals/json-format)
 * this library reads.
 */
export interface TerraformPlanJson {
  terraform_version?: string;
  resource_changes?: readonly TerraformResourceChange[];
  /** Root outputs by name. */
  output_changes?: Readonly<Record<string, TerraformOutputChange>>;
}

/** One resource instance of a plan, e.g. `module.vpc.aws_subnet.private["eu-central-1a"]`. */
export interface TerraformResourceChange {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  /** The block's name: `private` in the address above. */
  name?: string;
  /** The instance key of a `count` (number) or `for_each` (string) block. */
  index?: string | number;
  /** `module.vpc` in the address above; absent in the root module. */
  module_address?: string;
  /** e.g. `registry.terraform.io/hashicorp/aws`. */
  provider_name?: string;
  change: {
    /** `["no-op"]`, `["create"]`, `["update"]`, `["delete","create"]`, ... */
    actions: readonly string[];
    /** The instance's values in the prior state; null for a create. */
    before?: Readonly<Record<string, unknown>> | null;
    /** `after`: the instance's attribute values once applied, as far as known at plan time; null for a delete. */
    after?: Readonly<Record<string, unknown>> | null;
    /** The shape of `after` with `true` wherever the value is known only after apply. */
    after_unknown?: unknown;
    /** The shape of `after` with `true` wherever the value is sensitive. */
    after_sensitive?: unknown;
  };
}

/** The planned change of one root output. */
export interface TerraformOutputChange {
  actions: readonly string[];
  before?: unknown;
  after?: unknown;
  after_unknown?: unknown;
  after_sensitive?: unknown;
}
