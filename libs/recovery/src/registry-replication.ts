import { EcrReplicationConfiguration } from '@cdktf/provider-aws/lib/ecr-replication-configuration';
import { EcrRepositoryCreationTemplate } from '@cdktf/provider-aws/lib/ecr-repository-creation-template';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { serviceKey } from './private/service-key';
import { partitionOf, Requirement, requireAccountAndRegion, requirement } from './private/validation';

export interface RegistryReplicationProps {
  /**
   * Names the key alias (`alias/<name>-ecr-replicas`) and the creation role (`<name>-ecr-replicas`): 1 to 52
   * letters, digits, `_`, `-`, e.g. `platform-production`.
   */
  readonly name: string;
  /** Account of the registry; the replicas land in its own registry of the destination region. */
  readonly accountId: string;
  /** Region of the source registry; the same as `provider`'s. */
  readonly region: string;
  /**
   * Provider of the source region.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /** Region the images are replicated to, e.g. `eu-west-1`. */
  readonly destinationRegion: string;
  /** Provider of the destination region: the key, the role and the creation templates are built with it. */
  readonly destinationProvider: TerraformProvider;
  /**
   * Repository namespaces to replicate, e.g. `['novel-engine', 'kgas']`: every repository under `<prefix>/` is
   * replicated, and created in the destination by the prefix's template.
   */
  readonly repositoryPrefixes: readonly string[];
  /**
   * Lifecycle policy (JSON) of the replicated repositories. Deletions are not replicated, so without one replicas
   * accumulate every image ever pushed.
   * @default - none: replicas keep every image
   */
  readonly lifecyclePolicy?: string;
  /**
   * Refuse `terraform destroy` of the replicas' key (`prevent_destroy`): without it no replicated image can be pulled.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** ECR actions the creation role performs on the replicated repositories (AWS's documented template role policy). */
export const REPOSITORY_CREATION_ACTIONS = ['ecr:CreateRepository', 'ecr:ReplicateImage', 'ecr:TagResource'] as const;
/** KMS actions the creation role performs on the replicas' key, so the new repositories can use it. */
export const REPOSITORY_KEY_ACTIONS = ['kms:CreateGrant', 'kms:RetireGrant', 'kms:DescribeKey'] as const;

/** A repository namespace: lower-case path components, e.g. `novel-engine` or `kgas/internal`. */
const PREFIX = /^(?=.{2,200}$)[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
const NAME = /^[A-Za-z0-9_-]{1,52}$/;
/** ECR takes at most 100 repository filters per rule. */
const MAX_PREFIXES = 100;

/**
 * Replication of the registry's repositories under `repositoryPrefixes` to the same account's registry in
 * `destinationRegion`, and there one repository creation template per prefix for the repositories replication
 * creates: IMMUTABLE tags and KMS encryption with a key of the destination region (yearly rotation; ECR of that
 * region uses it), applied through a role ECR assumes (AWS requires a custom role for templates with a KMS key).
 *
 * A registry has ONE replication configuration: this construct must be the only one for its account and source
 * region, across every stack and environment sharing the account (a second one would overwrite the first at apply).
 * Within one app this is checked; across apps it is not.
 */
export class RegistryReplication extends Construct {
  readonly configuration: EcrReplicationConfiguration;
  readonly key: KmsKey;
  readonly role: IamRole;
  /** Creation templates by prefix. */
  readonly templates: Readonly<Record<string, EcrRepositoryCreationTemplate>>;
  readonly accountId: string;
  readonly region: string;

  constructor(scope: Construct, id: string, props: RegistryReplicationProps) {
    super(scope, id);
    const require = requirement(this);
    validate(require, props);
    this.accountId = props.accountId;
    this.region = props.region;
    const other = this.node.root.node
      .findAll()
      .find((construct) => construct instanceof RegistryReplication && construct !== this && construct.accountId === props.accountId && construct.region === props.region);
    require(
      other === undefined,
      'region',
      `the registry of ${props.accountId} in ${props.region} is already replicated by ${other?.node.path}, and a registry has one replication configuration`,
      'list all repository prefixes of the account in that one construct',
    );

    const prefixes = [...props.repositoryPrefixes].sort();
    const destination = props.destinationProvider;
    this.configuration = new EcrReplicationConfiguration(this, 'Resource', {
      provider: props.provider,
      replicationConfiguration: {
        rule: [
          {
            destination: [{ region: props.destinationRegion, registryId: props.accountId }],
            // The trailing '/' matches the namespace exactly as a creation template's prefix does, so every
            // replicated repository is created by its template ('kgas' would also match 'kgas-tools').
            repositoryFilter: prefixes.map((prefix) => ({ filter: `${prefix}/`, filterType: 'PREFIX_MATCH' })),
          },
        ],
      },
    });

    this.key = serviceKey(this, {
      provider: destination,
      accountId: props.accountId,
      region: props.destinationRegion,
      service: 'ecr',
      description: `Encrypts the images ${props.name} replicates from ${props.region}`,
      alias: `${props.name}-ecr-replicas`,
      grants: true,
      preventDestroy: props.preventDestroy ?? true,
    });
    this.role = new IamRole(this, 'CreationRole', {
      provider: destination,
      name: `${props.name}-ecr-replicas`,
      description: `Assumed by ECR to create the repositories replicated from ${props.region} with their KMS key`,
      // AWS's documented trust policy for template roles; only a principal of this account allowed iam:PassRole can
      // attach the role to a template.
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ecr.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    });
    const policy = new IamRolePolicy(this, 'CreationPolicy', {
      provider: destination,
      name: 'create-replicated-repositories',
      role: this.role.name,
      policy: JSON.stringify(creationPolicy(props, prefixes, this.key.arn)),
    });

    const templates: Record<string, EcrRepositoryCreationTemplate> = {};
    for (const prefix of prefixes) {
      templates[prefix] = new EcrRepositoryCreationTemplate(this, `Template-${prefix.replace(/[^A-Za-z0-9-]/g, '-')}`, {
        provider: destination,
        prefix,
        appliedFor: ['REPLICATION'],
        description: `Repositories replicated from ${props.region} under ${prefix}/`,
        // A tag always names the same image, as in the source repositories.
        imageTagMutability: 'IMMUTABLE',
        encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: this.key.arn }],
        customRoleArn: this.role.arn,
        lifecyclePolicy: props.lifecyclePolicy,
        // The role must be allowed before ECR first creates a repository with it.
        dependsOn: [policy],
      });
    }
    this.templates = templates;
  }
}

function validate(require: Requirement, props: RegistryReplicationProps): void {
  requireAccountAndRegion(require, props);
  requireAccountAndRegion(require, { accountId: props.accountId, region: props.destinationRegion });
  require(props.destinationRegion !== props.region, 'destinationRegion', `is the source region ${props.region}`, 'replicate to the secondary region, e.g. eu-west-1');
  require(NAME.test(props.name), 'name', `'${props.name}' is not 1 to 52 letters, digits, '_' or '-'`, 'use a name such as platform-production');
  const prefixes = props.repositoryPrefixes;
  require(prefixes.length > 0, 'repositoryPrefixes', 'is empty, so nothing is replicated', "list the repository namespaces, e.g. ['novel-engine', 'kgas']");
  require(prefixes.length <= MAX_PREFIXES, 'repositoryPrefixes', `has ${prefixes.length} prefixes, ECR takes ${MAX_PREFIXES} filters per rule`, 'group repositories under fewer namespaces');
  for (const prefix of prefixes) {
    require(PREFIX.test(prefix), 'repositoryPrefixes', `'${prefix}' is not a repository namespace`, "write lower-case path components without a trailing '/', e.g. novel-engine");
  }
  const repeated = prefixes.filter((prefix, index) => prefixes.indexOf(prefix) !== index);
  require(repeated.length === 0, 'repositoryPrefixes', `lists '${repeated[0]}' more than once`, 'list each prefix once');
  // Template ids replace '.', '_' and '/' with '-': two prefixes differing only there would share an id.
  const ids = prefixes.map((prefix) => prefix.replace(/[^A-Za-z0-9-]/g, '-'));
  const clashing = prefixes.filter((_, index) => ids.indexOf(ids[index]) !== index);
  require(clashing.length === 0, 'repositoryPrefixes', `has prefixes that differ only in '.', '_' or '/' ('${clashing[0]}')`, 'rename one of the namespaces');
}

/** The creation role: create, replicate into and tag repositories under the prefixes only, and grant on the replicas' key only. */
function creationPolicy(props: RegistryReplicationProps, prefixes: readonly string[], keyArn: string): object {
  const repository = (prefix: string) => `arn:${partitionOf(props.destinationRegion)}:ecr:${props.destinationRegion}:${props.accountId}:repository/${prefix}/*`;
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'CreateReplicatedRepositories', Effect: 'Allow', Action: [...REPOSITORY_CREATION_ACTIONS], Resource: prefixes.map(repository) },
      { Sid: 'UseTheReplicasKey', Effect: 'Allow', Action: [...REPOSITORY_KEY_ACTIONS], Resource: keyArn },
    ],
  };
}
