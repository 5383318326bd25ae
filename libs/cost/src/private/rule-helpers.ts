import { HOURS_PER_MONTH, type RegionPrices } from '../price-table';
import type { TerraformResource } from '../estimate-monthly-cost';

/** What a price rule may read besides its resource. */
export interface RuleContext {
  /** The resource's region's prices; throws MissingPriceError for a region not in the table. */
  readonly prices: RegionPrices;
  /** A resource of the same stack by address (for references). */
  readonly find: (address: string) => TerraformResource | undefined;
  readonly all: readonly TerraformResource[];
}

/** A line item before the estimator adds the address, type and monthly amount. */
export interface LineItemDraft {
  readonly description: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPriceUsd: number;
}

export interface RuleResult {
  readonly items: readonly LineItemDraft[];
  /** Parts of the resource left out, each with its reason. */
  readonly notPriced?: readonly string[];
}

export type PriceRule = (resource: TerraformResource, context: RuleContext) => RuleResult;

/** A price the table lacks: the estimator lists the resource as not priced with this message. */
export class MissingPriceError extends Error {}

/** `table[key]`, or MissingPriceError naming what is missing. */
export function priceOf(table: Readonly<Record<string, number>> | undefined, key: string | undefined, what: string): number {
  const price = key === undefined ? undefined : table?.[key];
  if (price === undefined) {
    throw new MissingPriceError(key === undefined ? `${what} is not a literal value` : `${what} '${key}' is not in the price table`);
  }
  return price;
}

/** `count` units running the whole month at `hourlyPrice`: quantity in hours. */
export function hourly(description: string, count: number, hourlyPrice: number, unit = 'hours'): LineItemDraft {
  return { description, quantity: count * HOURS_PER_MONTH, unit, unitPriceUsd: hourlyPrice };
}

/** `quantity` of a monthly unit (GB-months, key-months, ...). */
export function monthly(description: string, quantity: number, unit: string, price: number): LineItemDraft {
  return { description, quantity, unit, unitPriceUsd: price };
}

/** `1 × x` reads as `x`; `3 × x` as `3 × x`. */
export function times(count: number, what: string): string {
  return count === 1 ? what : `${count} × ${what}`;
}

export const MONTH_HOURS = `${HOURS_PER_MONTH} h`;
