import { PRICES_AS_OF, REGION_PRICES, type RegionPrices } from './price-table';
import { notPricedReason } from './private/resource-classes';
import { MissingPriceError, PRICE_RULES, type RuleContext } from './private/price-rules';

/** One Terraform resource instance as the estimator reads it. */
export interface TerraformResource {
  /** e.g. `aws_nat_gateway.network_Nat_Gateway-eu-central-1a_00557FAF` or `module.vpc.aws_nat_gateway.this[0]`. */
  readonly address: string;
  /** e.g. `aws_nat_gateway`. */
  readonly type: string;
  /** The resource's attributes: literal values are priced, references (`${...}`) resolved where a rule needs them. */
  readonly values: Readonly<Record<string, unknown>>;
  /**
   * AWS region of the resource's provider.
   * @default - unknown: resources priced by region land in the not-priced list
   */
  readonly region?: string;
}

/** One priced part of a resource; `monthlyUsd = quantity × unitPriceUsd`. */
export interface CostLineItem {
  readonly address: string;
  readonly type: string;
  /** What is priced and what is left out, e.g. `db.t3.medium Multi-AZ PostgreSQL, 730 h`. */
  readonly description: string;
  readonly monthlyUsd: number;
  readonly quantity: number;
  /** e.g. `hours`, `GB-months`, `key-months`. */
  readonly unit: string;
  readonly unitPriceUsd: number;
}

/** Resources of one type (or one group of types) that the estimate leaves out, and why. */
export interface NotPricedType {
  /** A resource type, or a group such as `kubernetes_*`. */
  readonly type: string;
  readonly count: number;
  /** e.g. `traffic-priced: data transfer out, HTTP(S) requests`. */
  readonly reason: string;
}

export interface CostEstimate {
  /** Biggest first. */
  readonly lineItems: readonly CostLineItem[];
  readonly totalMonthlyUsd: number;
  /** Sorted by type. */
  readonly notPriced: readonly NotPricedType[];
  /** Date of the price table (PRICES_AS_OF). */
  readonly pricesAsOf: string;
}

/**
 * Monthly on-demand cost of Terraform resources from the pinned price table (730 h a month). Pure: reads only the
 * resources given. Resources that cost nothing of their own (IAM, subnets, policies, ...) are left out silently;
 * usage- or traffic-priced resources, resource types without a price rule, and prices missing from the table land
 * in `notPriced` with the reason. References between resources (an ECS service's task definition, a node group's
 * launch template) are resolved among the resources given, so pass one stack or module tree at a time.
 */
export function estimateMonthlyCost(resources: readonly TerraformResource[]): CostEstimate {
  const byAddress = new Map(resources.map((resource) => [resource.address, resource]));
  const lineItems: CostLineItem[] = [];
  const notPriced = new Map<string, { type: string; count: number; reason: string }>();
  const skip = (type: string, reason: string) => {
    const key = `${type}\n${reason}`;
    const entry = notPriced.get(key) ?? { type, count: 0, reason };
    entry.count += 1;
    notPriced.set(key, entry);
  };

  for (const resource of resources) {
    const rule = PRICE_RULES[resource.type];
    if (!rule) {
      const reason = notPricedReason(resource.type);
      if (reason) skip(reason.group, reason.reason);
      continue;
    }
    try {
      const result = rule(resource, ruleContext(resource, resources, byAddress));
      for (const item of result.items) {
        lineItems.push({ address: resource.address, type: resource.type, ...item, monthlyUsd: item.quantity * item.unitPriceUsd });
      }
      for (const reason of result.notPriced ?? []) skip(resource.type, reason);
    } catch (error) {
      if (!(error instanceof MissingPriceError)) throw error;
      skip(resource.type, error.message);
    }
  }

  lineItems.sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.address.localeCompare(b.address));
  return {
    lineItems,
    totalMonthlyUsd: lineItems.reduce((sum, item) => sum + item.monthlyUsd, 0),
    notPriced: [...notPriced.values()].sort((a, b) => a.type.localeCompare(b.type) || a.reason.localeCompare(b.reason)),
    pricesAsOf: PRICES_AS_OF,
  };
}

function ruleContext(resource: TerraformResource, all: readonly TerraformResource[], byAddress: ReadonlyMap<string, TerraformResource>): RuleContext {
  return {
    all,
    find: (address) => byAddress.get(address),
    get prices(): RegionPrices {
      const prices = resource.region === undefined ? undefined : REGION_PRICES[resource.region];
      if (!prices) {
        throw new MissingPriceError(`region '${resource.region ?? 'unknown'}' is not in the price table (${Object.keys(REGION_PRICES).join(', ')})`);
      }
      return prices;
    },
  };
}
