import { PLATFORM_RULES } from './platform-rules';

describe('PLATFORM_RULES', () => {
  it('holds at least 100 rules with unique PLAT ids', () => {
    const ids = PLATFORM_RULES.map(({ id }) => id);
    expect(ids.length).toBeGreaterThanOrEqual(100);
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

  it('names compliance controls as CIS-3.0-<section> or FSBP-<Service>.<n>, each once per rule', () => {
    for (const { id, complianceIds } of PLATFORM_RULES) {
      expect({ id, malformed: complianceIds.filter((control) => !/^(CIS-3\.0-\d+(\.\d+){1,2}|FSBP-[A-Za-z0-9]+\.\d+)$/.test(control)) }).toEqual({ id, malformed: [] });
      expect({ id, unique: new Set(complianceIds).size }).toEqual({ id, unique: complianceIds.length });
    }
  });

  it('maps most rules to a CIS or FSBP control', () => {
    const mapped = PLATFORM_RULES.filter(({ complianceIds }) => complianceIds.length > 0).length;
    expect(mapped / PLATFORM_RULES.length).toBeGreaterThan(0.5);
  });
});
