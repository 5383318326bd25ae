/** GuardDuty severities as its console bands them: low 1–3.9, medium 4–6.9, high 7–8.9, critical 9–10. */
export const GUARDDUTY_SEVERITY = { medium: 4, high: 7 } as const;

/**
 * EventBridge pattern of GuardDuty findings with a severity from `minimum` (inclusive) to `below` (exclusive).
 * @param below @default - no upper bound
 */
export function guardDutyFindingPattern(minimum: number, below?: number): object {
  const numeric = below === undefined ? ['>=', minimum] : ['>=', minimum, '<', below];
  return { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], detail: { severity: [{ numeric }] } };
}
