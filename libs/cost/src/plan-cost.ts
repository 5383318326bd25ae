import { budgetOfResources } from './environment-cost';
import { estimateMonthlyCost, type CostEstimate } from './estimate-monthly-cost';
import { resourcesFromPlanJson, type PlanValuesJson } from './plan-resources';

/** A stack's monthly estimate before and after a plan. */
export interface PlanCostChange {
  /** From `prior_state` (zero for a stack not yet created). */
  readonly before: CostEstimate;
  /** From `planned_values`. */
  readonly after: CostEstimate;
  /** The monthly cost budget (`aws_budgets_budget`) the stack has after the plan, if any. */
  readonly budgetUsdAfter?: number;
}

/** Estimates a plan's stack before and after (see resourcesFromPlanJson). */
export function estimatePlanCost(plan: PlanValuesJson, source = 'plan'): PlanCostChange {
  const { before, after } = resourcesFromPlanJson(plan, source);
  return { before: estimateMonthlyCost(before), after: estimateMonthlyCost(after), budgetUsdAfter: budgetOfResources(after) };
}
