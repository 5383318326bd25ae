import { EcrRegistryScanningConfiguration } from '@cdktf/provider-aws/lib/ecr-registry-scanning-configuration';
import { EcrRepository, EcrRepositoryConfig } from '@cdktf/provider-aws/lib/ecr-repository';
import { Construct } from 'constructs';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { ECR_RULES } from './ecr-rules';

/** A repository like EcrRepositories': scan on push, immutable tags, KMS. */
function repository(scope: Construct, overrides: Partial<EcrRepositoryConfig> = {}): EcrRepository {
  return new EcrRepository(scope, 'Api', {
    name: 'storymagic/api',
    imageScanningConfiguration: { scanOnPush: true },
    imageTagMutability: 'IMMUTABLE',
    encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: 'arn:aws:kms:eu-central-1:1:key/k' }],
    ...overrides,
  });
}

describe('ECR rules', () => {
  testRulePack(ECR_RULES, (stack) => repository(stack), {
    'PLAT-ECR-001': [{ name: 'no scan on push', build: (stack) => repository(stack, { imageScanningConfiguration: undefined }), path: 'Api', problem: 'images are not scanned on push' }],
    'PLAT-ECR-002': [{ name: 'mutable tags', build: (stack) => repository(stack, { imageTagMutability: undefined }), path: 'Api', problem: 'image_tag_mutability is "MUTABLE"' }],
    'PLAT-ECR-003': [{ name: 'AES256 encryption', build: (stack) => repository(stack, { encryptionConfiguration: undefined }), path: 'Api', problem: 'encryption_type is "AES256"' }],
  });

  it('accepts registry-wide enhanced scanning instead of scan on push', () => {
    const registryScanning = (stack: Construct) => {
      repository(stack, { imageScanningConfiguration: undefined });
      new EcrRegistryScanningConfiguration(stack, 'Scanning', { scanType: 'ENHANCED' });
    };
    expect(findingsOf('PLAT-ECR-001', registryScanning)).toEqual([]);
  });
});

describe('ECR rules at the edge of their conditions', () => {
  it.each([
    ['on push', 'SCAN_ON_PUSH', 0],
    ['continuously', 'CONTINUOUS_SCAN', 0],
    ['only when asked', 'MANUAL', 1],
  ])('PLAT-ECR-001 with basic registry scanning %s', (_, scanFrequency, findings) => {
    const build = (stack: Construct) => {
      repository(stack, { imageScanningConfiguration: undefined });
      new EcrRegistryScanningConfiguration(stack, 'Scanning', { scanType: 'BASIC', rule: [{ scanFrequency, repositoryFilter: [{ filter: '*', filterType: 'WILDCARD' }] }] });
    };
    expect(findingsOf('PLAT-ECR-001', build)).toHaveLength(findings);
  });

  it('PLAT-ECR-001 with a manual basic scanning rule beside one scanning on push', () => {
    const build = (stack: Construct) => {
      repository(stack, { imageScanningConfiguration: undefined });
      new EcrRegistryScanningConfiguration(stack, 'Scanning', {
        scanType: 'BASIC',
        rule: [
          { scanFrequency: 'MANUAL', repositoryFilter: [{ filter: 'sandbox/*', filterType: 'WILDCARD' }] },
          { scanFrequency: 'SCAN_ON_PUSH', repositoryFilter: [{ filter: '*', filterType: 'WILDCARD' }] },
        ],
      });
    };
    expect(findingsOf('PLAT-ECR-001', build)).toEqual([]);
  });
});
