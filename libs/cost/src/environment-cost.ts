import { resourcesFromCdktfJson, type CdktfStackJson } from './cdktf-resources';
import { estimateMonthlyCost, type CostEstimate, type CostLineItem, type NotPricedType, type TerraformResource } from './estimate-monthly-cost';
import { PRICES_AS_OF } from './price-table';
import { block, numberOf, stringOf, type Values } from './private/values';

/** A line item of an environment: which stack it is in. */
export interface StackCostLineItem extends CostLineItem {
  readonly stack: string;
}

/** The monthly estimate of an environment's synthesized stacks, against its budget. */
export interface EnvironmentCostEstimate {
  readonly environment: string;
  /** Each stack's estimate, by stack name (stacks without AWS resources included, at zero). */
  readonly stacks: Readonly<Record<string, CostEstimate>>;
  /** Every stack's line items, biggest first. */
  readonly lineItems: readonly StackCostLineItem[];
  readonly totalMonthlyUsd: number;
  /** Not-priced types summed over the stacks. */
  readonly notPriced: readonly NotPricedType[];
  /**
   * The monthly USD limit of the environment's `aws_budgets_budget` (its monitoring stack), summed when there are
   * several; undefined when it has none.
   */
  readonly budgetUsd?: number;
  readonly pricesAsOf: string;
}

/**
 * Estimates an environment from its synthesized stacks (stack name → `cdk.tf.json`), each stack on its own (its
 * references resolve within it), and reads its budget from the synthesized `aws_budgets_budget`.
 */
export function estimateSynthesizedEnvironment(environment: string, stacks: Readonly<Record<string, CdktfStackJson>>): EnvironmentCostEstimate {
  const resources = Object.fromEntries(Object.entries(stacks).map(([stack, json]) => [stack, resourcesFromCdktfJson(json, stack)]));
  const withSources = withReplicaSources(Object.values(resources).flat());
  const estimates: Record<string, CostEstimate> = {};
  for (const [stack, stackResources] of Object.entries(resources).sort(([a], [b]) => a.localeCompare(b))) {
    estimates[stack] = estimateMonthlyCost(stackResources.map((resource) => withSources.get(resource) ?? resource));
  }
  return combineStackEstimates(environment, estimates, budgetOf(Object.values(stacks)));
}

/** One environment's estimate from per-stack estimates (e.g. of plans), with an optional budget. */
export function combineStackEstimates(environment: string, stacks: Readonly<Record<string, CostEstimate>>, budgetUsd?: number): EnvironmentCostEstimate {
  const lineItems = Object.entries(stacks)
    .flatMap(([stack, estimate]) => estimate.lineItems.map((item) => ({ ...item, stack })))
    .sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.stack.localeCompare(b.stack) || a.address.localeCompare(b.address));
  const notPriced = new Map<string, { type: string; count: number; reason: string }>();
  for (const entry of Object.values(stacks).flatMap((estimate) => estimate.notPriced)) {
    const key = `${entry.type}\n${entry.reason}`;
    const sum = notPriced.get(key) ?? { type: entry.type, count: 0, reason: entry.reason };
    sum.count += entry.count;
    notPriced.set(key, sum);
  }
  return {
    environment,
    stacks,
    lineItems,
    totalMonthlyUsd: lineItems.reduce((sum, item) => sum + item.monthlyUsd, 0),
    notPriced: [...notPriced.values()].sort((a, b) => a.type.localeCompare(b.type) || a.reason.localeCompare(b.reason)),
    budgetUsd,
    pricesAsOf: PRICES_AS_OF,
  };
}

/** The summed monthly USD limits of the stacks' cost budgets; undefined when there is none. */
export function budgetOf(stacks: readonly CdktfStackJson[]): number | undefined {
  return budgetOfResources(stacks.flatMap((stack) => resourcesFromCdktfJson(stack)));
}

/** The summed monthly USD limits of the monthly cost budgets (`aws_budgets_budget`) among `resources`; undefined when there is none. */
export function budgetOfResources(resources: readonly TerraformResource[]): number | undefined {
  const limits = resources
    .filter(({ type }) => type === 'aws_budgets_budget')
    .map(({ values }) => values as Values)
    .filter((budget) => (stringOf(budget, 'budget_type') ?? 'COST') === 'COST' && (stringOf(budget, 'time_unit') ?? 'MONTHLY') === 'MONTHLY')
    .map((budget) => numberOf(budget, 'limit_amount') ?? numberOf(block(budget, 'planned_limit'), 'amount'))
    .filter((limit): limit is number => limit !== undefined);
  return limits.length === 0 ? undefined : limits.reduce((sum, limit) => sum + limit, 0);
}

/** The `count` biggest line items. */
export function biggestItems(estimate: EnvironmentCostEstimate, count = 3): readonly StackCostLineItem[] {
  return estimate.lineItems.slice(0, count);
}

/**
 * The synth-time warning when an environment's estimate exceeds its budget, naming the estimate, the budget and the
 * three biggest items; undefined when within budget or without one.
 */
export function budgetWarning(estimate: EnvironmentCostEstimate): string | undefined {
  const { budgetUsd, totalMonthlyUsd, environment } = estimate;
  if (budgetUsd === undefined || totalMonthlyUsd <= budgetUsd) return undefined;
  const items = biggestItems(estimate).map((item) => `${item.address} (${item.stack}) ${usd(item.monthlyUsd)}: ${item.description}`);
  return [
    `warning: ${environment}: estimated monthly cost ${usd(totalMonthlyUsd)} exceeds its budget ${usd(budgetUsd)} by ${usd(totalMonthlyUsd - budgetUsd)} ` +
      `(on-demand list prices of ${estimate.pricesAsOf}; usage not priced). Fix: shrink the biggest items or raise the budget; details: npm run cost -- ${environment}`,
    ...items.map((item) => `  ${item}`),
  ].join('\n');
}

/** `$1,234.50`. */
export function usd(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  return `${sign}$${Math.abs(amount).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/**
 * A read replica names no engine or storage (RDS takes them from its source, and the provider refuses them next to
 * `replicate_source_db`): each replica whose source, named by identifier or ARN, is an instance of the environment
 * gets the source's `engine` and `allocated_storage`, so it is priced like it rather than left out.
 */
function withReplicaSources(resources: readonly TerraformResource[]): Map<TerraformResource, TerraformResource> {
  const instances = resources.filter((resource) => resource.type === 'aws_db_instance');
  const byIdentifier = new Map(instances.flatMap((instance) => (typeof instance.values.identifier === 'string' ? [[instance.values.identifier, instance] as const] : [])));
  const completed = new Map<TerraformResource, TerraformResource>();
  for (const replica of instances) {
    const source = replica.values.replicate_source_db;
    if (typeof source !== 'string' || replica.values.engine !== undefined) continue;
    const found = byIdentifier.get(source.slice(source.lastIndexOf(':') + 1));
    if (found === undefined) continue;
    completed.set(replica, { ...replica, values: { engine: found.values.engine, allocated_storage: found.values.allocated_storage, ...replica.values } });
  }
  return completed;
}
