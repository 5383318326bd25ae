import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { estimatePlanCost } from './plan-cost';
import { resourcesFromPlanJson, type PlanValuesJson } from './plan-resources';

/** `terraform show -json` of a plan that resizes a database and adds a Fargate service (see fixtures/plan.json). */
const PLAN = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'plan.json'), 'utf8')) as PlanValuesJson;

describe('resourcesFromPlanJson', () => {
  const { before, after } = resourcesFromPlanJson(PLAN, 'plan.json');

  it('reads prior_state as before and planned_values as after, child modules included, data sources left out', () => {
    expect(before.map(({ address }) => address)).toEqual(['aws_nat_gateway.nat', 'aws_db_instance.db', 'module.edge.aws_kms_key.this']);
    expect(after.map(({ address }) => address)).toEqual(['aws_nat_gateway.nat', 'aws_db_instance.db', 'aws_ecs_task_definition.api', 'aws_ecs_service.api', 'module.edge.aws_kms_key.this']);
  });

  it("gives each resource its provider configuration's region", () => {
    expect(after.map(({ region }) => region)).toEqual(['eu-central-1', 'eu-central-1', 'eu-central-1', 'eu-central-1', 'us-east-1']);
  });

  it('fills an attribute known only after apply with the reference of its expression', () => {
    expect(after.find(({ type }) => type === 'aws_ecs_service')?.values.task_definition).toBe('${aws_ecs_task_definition.api.arn}');
  });

  it('rejects JSON without planned_values, naming the source and the fix', () => {
    expect(() => resourcesFromPlanJson({ values: {} } as PlanValuesJson, 'state.json')).toThrow(/state\.json has no planned_values\. Fix: pass the output of `terraform show -json <planfile>`/);
  });
});

describe('estimatePlanCost', () => {
  const { before, after } = estimatePlanCost(PLAN);

  it('prices the stack before the plan', () => {
    // NAT 0.052 × 730 = 37.96; db.t3.micro 0.021 × 730 = 15.33; 20 GB gp2 × 0.133 = 2.66; key 1.00 → 56.95
    expect(before.totalMonthlyUsd).toBeCloseTo(56.95, 6);
  });

  it('prices the stack after the plan, the new service through its task definition', () => {
    // NAT 37.96; db.t3.medium Multi-AZ 0.082 × 730 × 2 = 119.72; 20 GB × 2 × 0.133 = 5.32;
    // Fargate 1 × 1 vCPU × 730 × 0.04656 = 33.9888 and 1 × 2 GB × 730 × 0.00511 = 7.4606; key 1.00 → 205.4494
    expect(after.totalMonthlyUsd).toBeCloseTo(205.4494, 6);
    expect(after.notPriced).toEqual([]);
  });
});
