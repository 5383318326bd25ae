import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { serviceKey } from './private/service-key';
import { requireAccountAndRegion, requirement } from './private/validation';

export interface ReplicaKeyProps {
  readonly accountId: string;
  /** Region of the key: where the copies it encrypts live (e.g. the secondary region). */
  readonly region: string;
  /** Service endpoint prefix of the only service that may use the key, e.g. `secretsmanager`. */
  readonly service: string;
  /** What the key encrypts, for the key's description. */
  readonly description: string;
  /** Alias name without `alias/`, e.g. `platform-production-euw1-secrets`. */
  readonly alias: string;
  /**
   * Provider of the key's region.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Keep the key when a plan would destroy it: without it the copies are unreadable.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * A customer managed key of one region that one AWS service of that region uses on behalf of the account's
 * principals (`kms:ViaService`): the key copies in another region are encrypted with, e.g. the replicas of the
 * application secrets. Yearly rotation, 30-day deletion window.
 */
export class ReplicaKey extends Construct {
  readonly key: KmsKey;
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: ReplicaKeyProps) {
    super(scope, id);
    const require = requirement(this);
    requireAccountAndRegion(require, props);
    require(/^[a-z0-9-]+$/.test(props.service), 'service', `'${props.service}' is not a service endpoint prefix`, 'write e.g. secretsmanager');
    require(/^[a-zA-Z0-9/_-]{1,250}$/.test(props.alias) && !/^(alias|aws)\//.test(props.alias), 'alias', `'${props.alias}' is not a KMS alias name`, 'write letters, digits, / _ - without alias/ (and not aws/...)');
    this.key = serviceKey(this, { ...props, grants: false, preventDestroy: props.preventDestroy ?? true });
    this.keyArn = this.key.arn;
  }
}
