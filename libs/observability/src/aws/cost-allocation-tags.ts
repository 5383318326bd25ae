import { CeCostAllocationTag } from '@cdktf/provider-aws/lib/ce-cost-allocation-tag';
import { Construct } from 'constructs';
import { duplicates, idFor, quoted, requirement, TAG_KEY } from './private/validation';

export interface CostAllocationTagsProps {
  /**
   * User-defined tag keys to activate for cost allocation, each keying its resource.
   * @default CostAllocationTags.DEFAULT_TAG_KEYS
   */
  readonly tagKeys?: readonly string[];
}

/**
 * Activates user-defined tags as cost allocation tags (`aws_ce_cost_allocation_tag`, status `ACTIVE`), so Cost
 * Explorer, the cost and usage report and tag-filtered budgets ({@link MonthlyBudget}) can break costs down by them.
 *
 * Create it only where it can work, which is why it is a separate, opt-in construct:
 * - only the management (payer) account of an AWS Organization, or a standalone account, can activate cost allocation
 *   tags; in a member account the API refuses;
 * - the settings are account-wide: manage them from one environment's stack only, or two states fight over them;
 * - a key can be activated only after it has appeared on a billed resource, which takes up to 24 hours after the
 *   first tagged resource exists.
 */
export class CostAllocationTags extends Construct {
  /** The platform's tags (`default_tags` of every stack) plus `Component` (seed 003: api/database/cache). */
  static readonly DEFAULT_TAG_KEYS: readonly string[] = ['Environment', 'Project', 'Owner', 'CostCenter', 'Component'];

  /** Activations by tag key. */
  readonly tags: Readonly<Record<string, CeCostAllocationTag>>;

  constructor(scope: Construct, id: string, props: CostAllocationTagsProps = {}) {
    super(scope, id);
    const tagKeys = props.tagKeys ?? CostAllocationTags.DEFAULT_TAG_KEYS;
    const require = requirement(this);
    require(tagKeys.length > 0, 'tagKeys', 'the list is empty', 'name at least one tag key, or leave the construct out');
    for (const key of tagKeys) {
      require(TAG_KEY.test(key), 'tagKeys', `'${key}' is not a user-defined tag key`, 'use up to 128 letters, digits, spaces and _.:/=+-@, not starting with aws:');
    }
    const repeated = duplicates(tagKeys);
    require(repeated.length === 0, 'tagKeys', `lists ${quoted(repeated)} more than once`, 'list each key once');

    this.tags = Object.fromEntries(tagKeys.map((tagKey) => [tagKey, new CeCostAllocationTag(this, idFor('Tag', tagKey), { tagKey, status: 'Active' })]));
  }
}
