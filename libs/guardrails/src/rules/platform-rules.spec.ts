import { PLATFORM_RULES } from './platform-rules';

describe('PLATFORM_RULES', () => {
  it('holds at least 70 rules with unique PLAT ids', () => {
    const ids = PLATFORM_RULES.map(({ id }) => id);
    expect(ids.length).toBeGreaterThanOrEqual(70);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^PLAT-[A-Z0-9]+-\d{3}$/.test(id))).toEqual([]);
  });

  it('gives every rule a description, a fix, resource types and well-formed checkov ids', () => {
    for (const rule of PLATFORM_RULES) {
      expect({ id: rule.id, description: rule.description.length > 10, fix: rule.fix.length > 10, types: rule.resourceTypes.length > 0 }).toEqual({
        id: rule.id,
        description: true,
        fix: true,
        types: true,
      });
      expect(rule.checkovIds.filter((id) => !/^CKV2?_(AWS|K8S)_\d+$/.test(id))).toEqual([]);
    }
  });
});
