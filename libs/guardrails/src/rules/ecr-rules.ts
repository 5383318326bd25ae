import { Rule } from '../rule';
import { StackIndex } from '../stack-index';
import { blockOf, blocksOf, isTrue } from '../terraform-values';
import { describeValue } from './rule-helpers';

const REPOSITORY = ['aws_ecr_repository'];
const IMMUTABLE = 'IMMUTABLE';
const KMS_ENCRYPTION = 'KMS';

/** Whether the stack turns on registry-wide scanning (enhanced, or basic on push / continuous). */
function registryScansImages(stack: StackIndex): boolean {
  return stack.ofType('aws_ecr_registry_scanning_configuration').some(
    ({ config }) => config.scan_type === 'ENHANCED' || blocksOf(config.rule).some(({ scan_frequency }) => scan_frequency === 'SCAN_ON_PUSH' || scan_frequency === 'CONTINUOUS_SCAN'),
  );
}

export const ECR_RULES: readonly Rule[] = [
  {
    id: 'PLAT-ECR-001',
    checkovIds: ['CKV_AWS_163'],
    complianceIds: ['FSBP-ECR.1'],
    severity: 'error',
    resourceTypes: REPOSITORY,
    description: 'Images are scanned for vulnerabilities when pushed (repository setting or registry scanning configuration).',
    fix: 'set image_scanning_configuration { scan_on_push = true } (EcrRepositories from @platform/cluster does), or add an aws_ecr_registry_scanning_configuration',
    check(repository, stack) {
      const onPush = isTrue(blockOf(repository.config.image_scanning_configuration)?.scan_on_push);
      return onPush || registryScansImages(stack) ? undefined : 'images are not scanned on push';
    },
  },
  {
    id: 'PLAT-ECR-002',
    checkovIds: ['CKV_AWS_51'],
    complianceIds: ['FSBP-ECR.2'],
    severity: 'error',
    resourceTypes: REPOSITORY,
    description: 'Image tags are immutable, so a deployed tag always means the same image.',
    fix: 'set image_tag_mutability = "IMMUTABLE"',
    check: ({ config }) => (config.image_tag_mutability === IMMUTABLE ? undefined : `image_tag_mutability is ${describeValue(config.image_tag_mutability ?? 'MUTABLE')}`),
  },
  {
    id: 'PLAT-ECR-003',
    checkovIds: ['CKV_AWS_136'],
    complianceIds: [],
    severity: 'warning',
    resourceTypes: REPOSITORY,
    description: 'Images are encrypted with a KMS key.',
    fix: 'set encryption_configuration { encryption_type = "KMS", kms_key = <customer managed key> }',
    check({ config }) {
      const type = blockOf(config.encryption_configuration)?.encryption_type;
      return type === KMS_ENCRYPTION ? undefined : `encryption_configuration.encryption_type is ${describeValue(type ?? 'AES256')}`;
    },
  },
];
