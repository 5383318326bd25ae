import { biggestItems, usd, type EnvironmentCostEstimate } from './environment-cost';
import { PRICE_SOURCE } from './price-table';

/**
 * The estimate as text for a terminal: per stack its line items (monthly USD, two decimals) and subtotal, then the
 * total, the budget and the difference, the biggest items, and what is not priced.
 */
export function formatCostReport(estimate: EnvironmentCostEstimate, options: { readonly biggest?: number } = {}): string {
  const lines: string[] = [`${estimate.environment}: estimated monthly cost (${PRICE_SOURCE}, as of ${estimate.pricesAsOf}; 730 h a month)`, ''];
  for (const [stack, stackEstimate] of Object.entries(estimate.stacks)) {
    if (stackEstimate.lineItems.length === 0) continue;
    lines.push(stack);
    for (const item of stackEstimate.lineItems) {
      lines.push(`  ${amount(item.monthlyUsd)}  ${item.address}`);
      lines.push(`  ${' '.repeat(12)}  ${item.description} [${round(item.quantity)} ${item.unit} × $${item.unitPriceUsd}]`);
    }
    lines.push(`  ${amount(stackEstimate.totalMonthlyUsd)}  subtotal ${stack}`, '');
  }
  lines.push(`${amount(estimate.totalMonthlyUsd)}  total`);
  if (estimate.budgetUsd === undefined) {
    lines.push(`${' '.repeat(12)}  no budget: the environment has no aws_budgets_budget`);
  } else {
    const difference = estimate.budgetUsd - estimate.totalMonthlyUsd;
    lines.push(`${amount(estimate.budgetUsd)}  budget`);
    lines.push(`${amount(difference)}  ${difference >= 0 ? 'under budget' : 'OVER BUDGET (warning only)'}`);
  }
  lines.push('', `Biggest items:`);
  for (const item of biggestItems(estimate, options.biggest ?? 5)) {
    lines.push(`  ${amount(item.monthlyUsd)}  ${item.stack}  ${item.address}: ${item.description}`);
  }
  lines.push('', 'Not priced (usage, traffic, or no price rule):');
  for (const entry of estimate.notPriced) {
    lines.push(`  ${entry.type} (${entry.count}): ${entry.reason}`);
  }
  return lines.join('\n');
}

function amount(value: number): string {
  return usd(value).padStart(12);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
