import { BudgetsBudget } from '@cdktf/provider-aws/lib/budgets-budget';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { resourcesFromCdktfJson, type CdktfStackJson } from './cdktf-resources';
import { budgetOf, estimateSynthesizedEnvironment } from './environment-cost';

/** A tiny stack: a NAT gateway, a Fargate service and its task definition, two keys by `count`, a key in us-east-1, a budget. */
function tinyStack(): CdktfStackJson {
  const app = Testing.app();
  const stack = new TerraformStack(app as App, 'tiny');
  new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
  const virginia = new AwsProvider(stack, 'virginia', { region: 'us-east-1', alias: 'us-east-1' });
  new NatGateway(stack, 'nat', { subnetId: 'subnet-1', allocationId: 'eipalloc-1' });
  const task = new EcsTaskDefinition(stack, 'task', { family: 'api', cpu: '512', memory: '1024', containerDefinitions: '[]', requiresCompatibilities: ['FARGATE'] });
  new EcsService(stack, 'service', { name: 'api', launchType: 'FARGATE', desiredCount: 1, taskDefinition: task.arn });
  new KmsKey(stack, 'keys', { count: 2 });
  new KmsKey(stack, 'edge-key', { provider: virginia });
  new BudgetsBudget(stack, 'budget', { budgetType: 'COST', timeUnit: 'MONTHLY', limitAmount: '100', limitUnit: 'USD' });
  return JSON.parse(Testing.synth(stack)) as CdktfStackJson;
}

describe('resourcesFromCdktfJson', () => {
  const json = tinyStack();
  const resources = resourcesFromCdktfJson(json, 'tiny');
  const find = (type: string) => resources.filter((resource) => resource.type === type);

  it('gives each resource the region of its provider, the alias included', () => {
    expect(find('aws_nat_gateway').map(({ region }) => region)).toEqual(['eu-central-1']);
    expect(find('aws_kms_key').map(({ address, region }) => [address.replace(/_[0-9A-F]{8}/, ''), region])).toEqual([
      ['aws_kms_key.edge-key', 'us-east-1'],
      ['aws_kms_key.keys[0]', 'eu-central-1'],
      ['aws_kms_key.keys[1]', 'eu-central-1'],
    ]);
  });

  it('expands a literal count and keeps references as strings', () => {
    expect(find('aws_kms_key').filter(({ values }) => !('count' in values))).toHaveLength(3);
    expect(find('aws_ecs_service')[0].values.task_definition).toMatch(/^\$\{aws_ecs_task_definition\.task.*\.arn\}$/);
  });

  it('keeps an instance of a count not known before apply, marked [?]', () => {
    const unknown = resourcesFromCdktfJson({ resource: { aws_kms_key: { k: { count: '${var.n}' } } } });
    expect(unknown.map(({ address }) => address)).toEqual(['aws_kms_key.k[?]']);
  });

  it('expands a literal for_each map by key', () => {
    const keyed = resourcesFromCdktfJson({ resource: { aws_kms_key: { k: { for_each: { a: 1, b: 2 } } } } });
    expect(keyed.map(({ address }) => address)).toEqual(['aws_kms_key.k["a"]', 'aws_kms_key.k["b"]']);
  });

  it('rejects two AWS providers with the same alias', () => {
    expect(() => resourcesFromCdktfJson({ provider: { aws: [{ region: 'eu-central-1' }, { region: 'us-east-1' }] } }, 'dup')).toThrow(
      /dup: two AWS providers are configured as 'aws'\. Fix: give every additional provider a distinct alias/,
    );
  });

  it('prices the stack: the service through its referenced task definition, the budget read from its limit', () => {
    const estimate = estimateSynthesizedEnvironment('tiny', { tiny: json });
    // NAT 0.052 × 730 = 37.96; Fargate 0.5 vCPU × 730 × 0.04656 = 16.9944 and 1 GB × 730 × 0.00511 = 3.7303; keys 3 × 1.00
    expect(estimate.totalMonthlyUsd).toBeCloseTo(37.96 + 16.9944 + 3.7303 + 3, 6);
    expect(estimate.budgetUsd).toBe(100);
    expect(budgetOf([{}])).toBeUndefined();
  });
});
