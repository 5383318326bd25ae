import { synthJson } from '@platform/terraform-testing';
import { CostAllocationTags, CostAllocationTagsProps } from './cost-allocation-tags';

const synth = (props?: CostAllocationTagsProps) => synthJson((scope) => new CostAllocationTags(scope, 'cost-allocation-tags', props));

describe('CostAllocationTags', () => {
  it("activates the platform's tags and Component", () => {
    expect(synth().resources('aws_ce_cost_allocation_tag').map((tag) => [tag.tag_key, tag.status]).sort()).toEqual([
      ['Component', 'Active'],
      ['CostCenter', 'Active'],
      ['Environment', 'Active'],
      ['Owner', 'Active'],
      ['Project', 'Active'],
    ]);
  });

  it('keys each activation by its tag key: adding a key only adds it', () => {
    const before = synth().resources('aws_ce_cost_allocation_tag').map((tag) => tag.logicalId);
    const after = synth({ tagKeys: [...CostAllocationTags.DEFAULT_TAG_KEYS, 'Team'] })
      .resources('aws_ce_cost_allocation_tag')
      .map((tag) => tag.logicalId);
    expect(after).toEqual(expect.arrayContaining([...before, expect.stringContaining('Tag-Team')]));
    expect(after).toHaveLength(before.length + 1);
  });

  it.each<[string, CostAllocationTagsProps, RegExp]>([
    ['an AWS-generated key', { tagKeys: ['aws:createdBy'] }, /cost-allocation-tags: tagKeys: 'aws:createdBy' is not a user-defined tag key/],
    ['a key twice', { tagKeys: ['Project', 'Project'] }, /tagKeys: lists 'Project' more than once/],
    ['no key', { tagKeys: [] }, /tagKeys: the list is empty/],
  ])('rejects %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
