import { ACCOUNT_RULES } from './account-rules';
import { DATA_RULES } from './data-rules';
import { NETWORK_COMPUTE_RULES } from './network-compute-rules';
import type { PriceRule } from './rule-helpers';

export { MissingPriceError, type RuleContext } from './rule-helpers';

/** The price rule of each priced resource type. */
export const PRICE_RULES: Readonly<Record<string, PriceRule>> = { ...NETWORK_COMPUTE_RULES, ...DATA_RULES, ...ACCOUNT_RULES };
