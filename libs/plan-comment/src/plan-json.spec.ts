import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlanJson } from './plan-json';

describe('parsePlanJson', () => {
  it('reads terraform show -json output, keeping every field', () => {
    const plan = parsePlanJson(readFileSync(join(__dirname, 'fixtures', 'create.json'), 'utf8'), 'create.json');
    expect(plan.resource_changes).toHaveLength(10);
    expect(plan.resource_changes?.[0].change.after).toMatchObject({ name: 'platform-terraform-locks' });
  });

  it.each([
    ['{"format_version": "1.2", ', /plans\/dev\/net\.json is not JSON/],
    ['{"format_version": "1.0", "values": {"root_module": {}}}', /is the JSON of a state, not of a plan: run `terraform show -json` on the plan file/],
    ['{"format_version": "2.0"}', /format_version is not 1.x/],
    ['{"format_version": "1.2", "resource_changes": [{"address": "aws_vpc.main", "change": {}}]}', /resource_changes\.0\.change\.actions/],
    ['[]', /is not the JSON of a terraform plan: \(top level\) /],
    ['5', /is not the JSON of a terraform plan: \(top level\) /],
    ['null', /is not the JSON of a terraform plan: \(top level\) /],
    ['{"format_version": "2.0", "resource_changes": {}}', /format_version is not 1\.x.*; resource_changes /],
  ])('names the file and the problem: %s', (text, message) => {
    expect(() => parsePlanJson(text, 'plans/dev/net.json')).toThrow(message);
  });

  it('reads a plan that also has top-level values, as long as it has planned_values', () => {
    expect(parsePlanJson('{"format_version": "1.2", "values": {}, "planned_values": {}}', 'plan.json')).toMatchObject({ planned_values: {} });
  });
});
