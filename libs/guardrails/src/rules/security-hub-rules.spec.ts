import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import { SecurityhubStandardsSubscription } from '@cdktf/provider-aws/lib/securityhub-standards-subscription';
import { TerraformStack } from 'cdktf';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { SECURITY_HUB_RULES } from './security-hub-rules';

const FSBP = 'arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0';
const CIS = (version: string) => `arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/${version}`;

function hub(stack: TerraformStack, standards: readonly string[] = [FSBP, CIS('3.0.0')], enableDefaultStandards = false): void {
  new SecurityhubAccount(stack, 'Hub', { enableDefaultStandards });
  standards.forEach((standardsArn, index) => new SecurityhubStandardsSubscription(stack, `Standard${index}`, { standardsArn }));
}

describe('Security Hub rules', () => {
  testRulePack(SECURITY_HUB_RULES, (stack) => hub(stack), {
    'PLAT-SH-001': [{ name: 'a hub without FSBP', build: (stack) => hub(stack, [CIS('3.0.0')]), path: 'Hub', problem: 'no FSBP subscription exists' }],
    'PLAT-SH-002': [
      { name: 'a hub on the default standards only', build: (stack) => hub(stack, [], true), path: 'Hub', problem: 'no CIS AWS Foundations Benchmark subscription exists' },
      { name: 'a hub on CIS v1.4.0', build: (stack) => hub(stack, [FSBP, CIS('1.4.0')]), path: 'Hub', problem: 'versions before 3.0.0' },
    ],
  });

  it('lets a development account keep a hub without standards (they are billed per check)', () => {
    for (const id of ['PLAT-SH-001', 'PLAT-SH-002']) {
      expect(findingsOf(id, (stack) => hub(stack, []), false)).toEqual([]);
      expect(findingsOf(id, (stack) => hub(stack, []), true)).toHaveLength(1);
    }
  });

  it('PLAT-SH-002 says no CIS subscription exists when only other standards are subscribed', () => {
    expect(findingsOf('PLAT-SH-002', (stack) => hub(stack, [FSBP])).map(({ problem }) => problem)).toEqual(['no CIS AWS Foundations Benchmark subscription exists']);
  });

  it.each([
    ['3.0.0', 0],
    ['4.0.0', 0],
    ['10.0.0', 0],
    ['2.0.0', 1],
  ])('PLAT-SH-002 at its boundary: CIS v%s gives %i finding', (version, findings) => {
    expect(findingsOf('PLAT-SH-002', (stack) => hub(stack, [FSBP, CIS(version)]))).toHaveLength(findings);
  });
});
