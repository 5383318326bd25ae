import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { Fn, Testing, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { tagComponent } from './component-tags';
import { PlatformAwsProvider } from './platform-aws-provider';

const DEFAULT_TAGS = { Environment: 'staging', Project: 'platform', Owner: 'platform-team', CostCenter: 'CC-1', ManagedBy: 'cdktf' };

function stackWithProvider(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'staging-data');
  new PlatformAwsProvider(stack, 'aws', { region: 'eu-central-1', accountId: '123456789012', tags: DEFAULT_TAGS });
  return stack;
}

type Resources = Record<string, Record<string, { description?: string; tags?: Record<string, string>; tag_specifications?: { resource_type: string; tags: Record<string, string> }[] }>>;
const resourcesOf = (stack: TerraformStack): Resources => JSON.parse(Testing.synth(stack)).resource;

describe('tagComponent', () => {
  it('adds Component to every taggable AWS resource of the scope, keeping the tags it sets', () => {
    const stack = stackWithProvider();
    new KmsKey(stack, 'key', { description: 'k', tags: { Name: 'data-key' } });
    new SnsTopic(stack, 'topic', { name: 'events' });
    tagComponent(stack, 'data');
    const resources = resourcesOf(stack);
    expect(resources.aws_kms_key.key.tags).toEqual({ Name: 'data-key', Component: 'data' });
    expect(resources.aws_sns_topic.topic.tags).toEqual({ Component: 'data' });
  });

  it('leaves resource types without tags alone', () => {
    const stack = stackWithProvider();
    new IamRolePolicyAttachment(stack, 'attachment', { role: 'r', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    tagComponent(stack, 'data');
    expect(resourcesOf(stack).aws_iam_role_policy_attachment.attachment).not.toHaveProperty('tags');
  });

  it('never overwrites a Component the resource sets itself', () => {
    const stack = stackWithProvider();
    new KmsKey(stack, 'key', { description: 'k', tags: { Component: 'audit' } });
    tagComponent(stack, 'data');
    expect(resourcesOf(stack).aws_kms_key.key.tags).toEqual({ Component: 'audit' });
  });

  it.each(['subtree first', 'stack first'])('lets the nearest tagged scope decide (%s)', (order) => {
    const stack = stackWithProvider();
    const backups = new Construct(stack, 'backups');
    new KmsKey(backups, 'key', { description: 'velero backups' });
    new KmsKey(stack, 'other', { description: 'cluster secrets' });
    const calls = [() => tagComponent(backups, 'cluster-addons'), () => tagComponent(stack, 'cluster')];
    for (const call of order === 'subtree first' ? calls : calls.reverse()) call();
    const keys = Object.values(resourcesOf(stack).aws_kms_key);
    expect(Object.fromEntries(keys.map(({ description, tags }) => [description, tags]))).toEqual({
      'velero backups': { Component: 'cluster-addons' },
      'cluster secrets': { Component: 'cluster' },
    });
  });

  it('merges into tags only known at apply time instead of replacing them', () => {
    const stack = stackWithProvider();
    new KmsKey(stack, 'key', { description: 'k', tags: Token.asStringMap(Fn.tomap({ Name: 'data-key' })) });
    tagComponent(stack, 'data');
    expect(resourcesOf(stack).aws_kms_key.key.tags).toBe('${merge({"Component" = "data"}, tomap({"Name" = "data-key"}))}');
  });

  it("gives the instances and volumes of launch templates the provider's default tags and the component", () => {
    const stack = stackWithProvider();
    new LaunchTemplate(stack, 'nodes', {
      name: 'nodes',
      tagSpecifications: ['instance', 'volume'].map((resourceType) => ({ resourceType, tags: { Name: 'nodes', Owner: 'ai-team' } })),
    });
    tagComponent(stack, 'cluster');
    const template = resourcesOf(stack).aws_launch_template.nodes;
    expect(template.tags).toEqual({ Component: 'cluster' });
    expect(template.tag_specifications).toEqual(
      ['instance', 'volume'].map((resource_type) => ({ resource_type, tags: { ...DEFAULT_TAGS, Component: 'cluster', Name: 'nodes', Owner: 'ai-team' } })),
    );
  });

  it("uses the default tags of the launch template's own provider", () => {
    const stack = stackWithProvider();
    const usEast1 = new PlatformAwsProvider(stack, 'aws-us-east-1', { region: 'us-east-1', accountId: '123456789012', tags: { ...DEFAULT_TAGS, Environment: 'edge' }, alias: 'us-east-1' });
    new LaunchTemplate(stack, 'nodes', { provider: usEast1, tagSpecifications: [{ resourceType: 'instance' }] });
    tagComponent(stack, 'cluster');
    expect(resourcesOf(stack).aws_launch_template.nodes.tag_specifications).toEqual([
      { resource_type: 'instance', tags: { ...DEFAULT_TAGS, Environment: 'edge', Component: 'cluster' } },
    ]);
  });

  it('rejects a value AWS does not accept as a tag, and a second component for the same scope', () => {
    const stack = stackWithProvider();
    expect(() => tagComponent(stack, '')).toThrow("staging-data: component: '' is not an AWS tag value. Fix: use 1–256 letters");
    expect(() => tagComponent(stack, 'data*')).toThrow(/'data\*' is not an AWS tag value/);
    tagComponent(stack, 'data');
    expect(() => tagComponent(stack, 'data')).not.toThrow();
    expect(() => tagComponent(stack, 'network')).toThrow("staging-data: component: is already 'data', cannot also be 'network'. Fix: tag each scope with one component");
  });
});
