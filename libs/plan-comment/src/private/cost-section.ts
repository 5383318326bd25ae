import { estimatePlanCost, PRICE_SOURCE, PRICES_AS_OF, usd, type PlanValuesJson } from '@platform/cost';
import type { TaggedPlan } from '../plan-changes';
import { escapeHtml, inlineCode } from './markdown';

interface EnvironmentCost {
  before: number;
  after: number;
  budget?: number;
  estimated: number;
  unestimated: number;
  notPriced: Set<string>;
}

/**
 * The comment's monthly cost section, as infracost shows it: per environment the estimate of its planned stacks
 * before (prior state) and after (planned values) and the change, against the budget its stacks define. Only totals
 * and resource types are written, never attribute values. Undefined when no plan carries values (e.g. a plan JSON
 * trimmed to its resource changes).
 */
export function costSection(plans: readonly TaggedPlan[]): string | undefined {
  const environments = new Map<string, EnvironmentCost>();
  for (const { environment, plan } of plans) {
    const cost = environments.get(environment) ?? { before: 0, after: 0, estimated: 0, unestimated: 0, notPriced: new Set<string>() };
    environments.set(environment, cost);
    const values = plan as PlanValuesJson;
    if (!values.planned_values) {
      cost.unestimated += 1;
      continue;
    }
    const { before, after, budgetUsdAfter } = estimatePlanCost(values);
    cost.before += before.totalMonthlyUsd;
    cost.after += after.totalMonthlyUsd;
    cost.estimated += 1;
    if (budgetUsdAfter !== undefined) cost.budget = (cost.budget ?? 0) + budgetUsdAfter;
    after.notPriced.forEach(({ type }) => cost.notPriced.add(type));
  }
  if ([...environments.values()].every(({ estimated }) => estimated === 0)) return undefined;

  const withBudget = [...environments.values()].some(({ budget }) => budget !== undefined);
  const rows = [...environments].map(([environment, cost]) => {
    const over = cost.budget !== undefined && cost.after > cost.budget ? ' ⚠️ over budget' : '';
    const partial = cost.unestimated > 0 ? ` (${cost.estimated} of ${cost.estimated + cost.unestimated} stacks)` : '';
    const cells = [`${escapeHtml(environment)}${partial}`, usd(cost.before), `${usd(cost.after)}${over}`, signed(cost.after - cost.before)];
    if (withBudget) cells.push(cost.budget === undefined ? '–' : usd(cost.budget));
    return `| ${cells.join(' | ')} |`;
  });
  const notPriced = [...new Set([...environments.values()].flatMap(({ notPriced: types }) => [...types]))].sort();
  return [
    '### Monthly cost estimate',
    [`| Environment | Before | After | Change |${withBudget ? ' Budget |' : ''}`, `| :-- | --: | --: | --: |${withBudget ? ' --: |' : ''}`, ...rows].join('\n'),
    `Of the planned stacks only: ${PRICE_SOURCE} as of ${PRICES_AS_OF}, 730 h a month; line items: \`npm run cost -- <environment>\`.` +
      (notPriced.length > 0 ? ` Not priced (usage, traffic, or no price rule): ${notPriced.map(inlineCode).join(', ')}.` : ''),
  ].join('\n\n');
}

/** `+$1.00`, `-$1.00`, `$0.00`. */
function signed(amount: number): string {
  const cents = Math.round(amount * 100);
  return cents === 0 ? usd(0) : `${cents > 0 ? '+' : ''}${usd(cents / 100)}`;
}
