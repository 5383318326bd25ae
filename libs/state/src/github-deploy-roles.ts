import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { ConstructValidationError, partitionOf } from '@platform/core';
import { Construct } from 'constructs';
import { GithubImagePushRole } from './github-image-push-role';
import { GithubOidcProvider } from './github-oidc-provider';
import { GITHUB_REPOSITORY, githubTrustPolicy, policyDocument, PolicyStatement } from './private/github-trust';
import { StateStoreReference, TerraformStateStore } from './terraform-state-store';

export interface GithubDeployRolesProps {
  /** The environment, e.g. `production`: apply jobs must run in the GitHub environment of this name. */
  readonly environment: string;
  /**
   * Prefix of the environment's resource names, `<project>-<environment>`. The roles are `<namePrefix>-github-plan`,
   * `<namePrefix>-github-review` and `<namePrefix>-github-apply`, and the apply role may manage exactly the IAM roles and policies named
   * `<namePrefix>-*`.
   */
  readonly namePrefix: string;
  /** `owner/name` (or `owner@<id>/name@<id>` with immutable subject claims) of the repository whose workflows deploy. */
  readonly githubRepository: string;
  /**
   * Branch whose workflows that run outside a GitHub environment (push, schedule, workflow_dispatch) may plan.
   * @default 'main'
   */
  readonly mainBranch?: string;
  /** ARN of the account's GitHub OIDC provider ({@link GithubOidcProvider}). */
  readonly oidcProviderArn: string;
  /** The environment's account, which also holds its state store. */
  readonly accountId: string;
  /** The environment's region: the apply role works there, in the state store's region and in the global services' region. */
  readonly region: string;
  /** The state store of the environment's account and region. */
  readonly stateStore: TerraformStateStore;
  /** Region of the state store. */
  readonly stateRegion: string;
  /** First part of the environment's state object keys, `<stateKeyPrefix>/<stack>.tfstate`. */
  readonly stateKeyPrefix: string;
  /**
   * Further regions the environment deploys to, e.g. its disaster-recovery secondary region: the apply role may
   * work there too, including on that region's EKS OIDC providers.
   * @default - none: the environment's region only
   */
  readonly additionalRegions?: readonly string[];
  /**
   * State stores of other regions the environment also keeps state in, by name, e.g. the one of its secondary
   * region, which that region's bootstrap stack creates (a failover plans and applies while the primary region and
   * its store are down). All three roles get the same access to each as to `stateStore`: the objects and locks under
   * `stateKeyPrefix` and the store's key, found by its alias (`kms:ResourceAliases`); the apply role may work in
   * each store's region and may not destroy it.
   * @default - none
   */
  readonly additionalStateStores?: readonly StateStoreReference[];
}

/** Names of an environment's GitHub roles. */
export interface GithubDeployRoleNames {
  /** Plans of the main branch's workflows. */
  readonly plan: string;
  /** Plans of pull requests. */
  readonly review: string;
  readonly apply: string;
  /** The image push role ({@link GithubImagePushRole}), which the apply role may not change either. */
  readonly images: string;
}

/** Where the roles reach one state store's objects and locks. */
interface StoreTarget {
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly lockTableArn: string;
}

/** What the S3 backend does with the state key: decrypt state and locks, encrypt new versions. */
const STATE_KEY_USE = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'];

/** Where global services (IAM, CloudFront, Route 53, Budgets) are called, per partition. */
const GLOBAL_SERVICES_REGION: Readonly<Record<string, string>> = { aws: 'us-east-1', 'aws-us-gov': 'us-gov-west-1', 'aws-cn': 'cn-north-1' };

/** Reads of data, not of configuration: Terraform never needs them to plan, a pull request's code must not make them. */
const DATA_READS = [
  's3:GetObject',
  's3:GetObjectVersion',
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'secretsmanager:GetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'logs:GetLogEvents',
  'logs:FilterLogEvents',
  'logs:StartQuery',
  'logs:StartLiveTail',
  'logs:GetLogRecord',
  'sqs:ReceiveMessage',
  // What else ReadOnlyAccess's Get* / BatchGet* grant that reads data, not configuration: image layers, parameter
  // history, table and stream records, database log files, instance consoles. A plan needs none of them.
  'ssm:GetParameterHistory',
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'dynamodb:PartiQLSelect',
  'dynamodb:GetRecords',
  'kinesis:GetRecords',
  'rds:DownloadDBLogFilePortion',
  'rds:DownloadCompleteDBLogFile',
  'ec2:GetConsoleOutput',
  'ec2:GetConsoleScreenshot',
  'lambda:GetFunction',
];

const ROLE_WRITES = [
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
  'iam:UpdateAssumeRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PassRole',
];
const POLICY_WRITES = [
  'iam:CreatePolicy',
  'iam:DeletePolicy',
  'iam:CreatePolicyVersion',
  'iam:DeletePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:TagPolicy',
  'iam:UntagPolicy',
];
const OIDC_PROVIDER_WRITES = [
  'iam:CreateOpenIDConnectProvider',
  'iam:DeleteOpenIDConnectProvider',
  'iam:TagOpenIDConnectProvider',
  'iam:UntagOpenIDConnectProvider',
  'iam:UpdateOpenIDConnectProviderThumbprint',
  'iam:AddClientIDToOpenIDConnectProvider',
  'iam:RemoveClientIDFromOpenIDConnectProvider',
];
/** What would lose state or its history: the bootstrap app alone manages the store. */
const STATE_STORE_DESTRUCTION = [
  's3:DeleteBucket',
  's3:DeleteBucketPolicy',
  's3:PutBucketPolicy',
  's3:PutBucketAcl',
  's3:PutBucketVersioning',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketOwnershipControls',
  's3:PutLifecycleConfiguration',
  's3:PutEncryptionConfiguration',
  's3:DeleteObjectVersion',
  'dynamodb:DeleteTable',
  'dynamodb:UpdateTable',
  // Point-in-time recovery of the lock table.
  'dynamodb:UpdateContinuousBackups',
  'kms:ScheduleKeyDeletion',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:PutKeyPolicy',
  // The alias every backend names: repointing or deleting it breaks (or redirects) every state read and write.
  'kms:UpdateAlias',
  'kms:DeleteAlias',
];

/**
 * The three IAM roles GitHub Actions deploys one environment with, each assumable only through the account's GitHub
 * OIDC provider, with audience `sts.amazonaws.com` and an exact subject:
 *
 * - `<namePrefix>-github-review`, for `terraform plan` of pull requests (`repo:<repository>:pull_request`), and
 * - `<namePrefix>-github-plan`, for `terraform plan` of workflows on the main branch
 *   (`repo:<repository>:ref:refs/heads/<mainBranch>`: deploy plans, drift checks). Both have the same AWS
 *   permissions: `ReadOnlyAccess`, minus reads of data (objects, items, secrets, parameters, log events, messages)
 *   outside the environment's state; plus what the S3 backend needs: the environment's state objects, their locks
 *   (lock table items and `.tflock` objects under its key prefix only) and the state key. They are two roles because
 *   the cluster stack gives the plan role read access to the Kubernetes API, Secrets included (Helm keeps its
 *   releases there), and IAM cannot tell a pull request's edited workflow from main's: a role a pull request can
 *   assume must never have Kubernetes access, so pull requests plan only the AWS-only stacks.
 * - `<namePrefix>-github-apply`, only for jobs in the GitHub environment named after the environment
 *   (`repo:<repository>:environment:<environment>`), whose protection rules (required reviewers, deployment
 *   branches) decide who deploys. `PowerUserAccess` and `IAMReadOnlyAccess`, IAM writes only on the roles and
 *   policies named `<namePrefix>-*` and on the region's EKS OIDC providers; denied: any change to its own, the
 *   plan, review and image push roles ({@link GithubImagePushRole}), the GitHub OIDC provider and the state store,
 *   and any call outside the environment's region, the state region and the global services' region. Sessions last
 *   up to {@link GithubDeployRoles.APPLY_SESSION_SECONDS}.
 *
 * With `additionalStateStores` (another region's store, e.g. of the disaster-recovery secondary region), all three
 * roles reach the environment's state there the same way; that store's key, created by another stack, is named by its
 * alias (`kms:ResourceAliases`), so nothing refers across stacks and the stores can be bootstrapped in any order.
 *
 * The apply role is powerful within its account: it can create a `<namePrefix>-*` role with any policy and trust,
 * and so any permission. One account per environment bounds what a deploy can reach.
 */
export class GithubDeployRoles extends Construct {
  /** Longest apply session: a first deploy of a full environment (EKS, Multi-AZ RDS, OpenSearch) runs over an hour. */
  static readonly APPLY_SESSION_SECONDS = 4 * 3600;

  static roleNames(namePrefix: string): GithubDeployRoleNames {
    return {
      plan: `${namePrefix}-github-plan`,
      review: `${namePrefix}-github-review`,
      apply: `${namePrefix}-github-apply`,
      images: GithubImagePushRole.roleName(namePrefix),
    };
  }

  /** The role main's workflows plan with (deploy plans, drift checks); the cluster stack gives it read access to Kubernetes. */
  readonly planRole: IamRole;
  /** The role pull requests plan with: the plan role's AWS permissions, and never any Kubernetes access. */
  readonly reviewRole: IamRole;
  readonly applyRole: IamRole;

  constructor(scope: Construct, id: string, props: GithubDeployRolesProps) {
    super(scope, id);
    const mainBranch = props.mainBranch ?? 'main';
    const names = GithubDeployRoles.roleNames(props.namePrefix);
    this.validate(props, mainBranch, names);

    const partition = partitionOf(props.region);
    const iam = (resource: string) => `arn:${partition}:iam::${props.accountId}:${resource}`;
    const { bucket, lockTable, key } = props.stateStore;
    const additionalStores = (props.additionalStateStores ?? []).map((reference) => ({ reference, arns: TerraformStateStore.arnsOf(reference, props.accountId) }));
    const stores: readonly StoreTarget[] = [
      { bucketName: bucket.bucket, bucketArn: bucket.arn, lockTableArn: lockTable.arn },
      ...additionalStores.map(({ reference, arns }) => ({ bucketName: reference.bucketName, bucketArn: arns.bucket, lockTableArn: arns.lockTable })),
    ];
    const stateObjects = stores.map(({ bucketArn }) => `${bucketArn}/${props.stateKeyPrefix}/*`);
    const lockTables = stores.map(({ lockTableArn }) => lockTableArn);
    // The keys of other regions' stores are created by other stacks: found by their aliases, not by ARN.
    const additionalStateKeys = (statement: PolicyStatement): PolicyStatement[] =>
      additionalStores.length === 0
        ? []
        : [
            {
              ...statement,
              Resource: oneOrMany(additionalStores.map(({ arns }) => arns.keysInRegion)),
              Condition: TerraformStateStore.keyAliasCondition(additionalStores.map(({ reference }) => reference.kmsKeyAlias)),
            },
          ];
    const subject = (context: string) => `repo:${props.githubRepository}:${context}`;
    const managedPolicy = (name: string) => `arn:${partition}:iam::aws:policy/${name}`;

    // Two roles with the same AWS permissions, one per trust: IAM cannot tell a pull request's workflow from another,
    // so only the role main's workflows assume may be given Kubernetes access (the cluster stack's access entries).
    const stateAccess: PolicyStatement[] = [
      { Sid: 'ListStateBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: oneOrMany(stores.map(({ bucketArn }) => bucketArn)) },
      { Sid: 'ReadState', Effect: 'Allow', Action: 's3:GetObject', Resource: oneOrMany(stateObjects) },
      { Sid: 'LockStateInBucket', Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: oneOrMany(stateObjects.map((objects) => `${objects}.tflock`)) },
      {
        Sid: 'LockStateInTable',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
        Resource: oneOrMany(lockTables),
        // Lock IDs are `<bucket>/<key>` and `<bucket>/<key>-md5`: only the environment's own.
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': stores.map(({ bucketName }) => `${bucketName}/${props.stateKeyPrefix}/*`) } },
      },
      { Sid: 'UseStateKey', Effect: 'Allow', Action: STATE_KEY_USE, Resource: key.arn },
      ...additionalStateKeys({ Sid: 'UseAdditionalStateKeys', Effect: 'Allow', Action: STATE_KEY_USE }),
      { Sid: 'DenyDataReads', Effect: 'Deny', Action: DATA_READS, NotResource: [...stateObjects, ...lockTables] },
    ];
    const planningRole = (id: string, name: string, who: string, subjects: readonly string[]): IamRole => {
      const role = new IamRole(this, `${id}Role`, {
        name,
        description: `terraform plan of ${props.environment} from GitHub Actions of ${props.githubRepository} (${who})`,
        assumeRolePolicy: githubTrustPolicy(props.oidcProviderArn, subjects),
      });
      new IamRolePolicyAttachment(this, `${id}ReadOnlyAccess`, { role: role.name, policyArn: managedPolicy('ReadOnlyAccess') });
      new IamRolePolicy(this, `${id}StateAccess`, { name: 'terraform-state', role: role.id, policy: policyDocument(stateAccess) });
      return role;
    };
    this.planRole = planningRole('Plan', names.plan, `the ${mainBranch} branch`, [subject(`ref:refs/heads/${mainBranch}`)]);
    this.reviewRole = planningRole('Review', names.review, 'pull requests', [subject('pull_request')]);

    this.applyRole = new IamRole(this, 'ApplyRole', {
      name: names.apply,
      description: `terraform apply of ${props.environment} from the GitHub environment ${props.environment} of ${props.githubRepository}`,
      assumeRolePolicy: githubTrustPolicy(props.oidcProviderArn, [subject(`environment:${props.environment}`)]),
      maxSessionDuration: GithubDeployRoles.APPLY_SESSION_SECONDS,
    });
    for (const policy of ['PowerUserAccess', 'IAMReadOnlyAccess']) {
      new IamRolePolicyAttachment(this, `Apply${policy}`, { role: this.applyRole.name, policyArn: managedPolicy(policy) });
    }
    const deployRegions = [props.region, ...(props.additionalRegions ?? [])];
    const regions = [...new Set([...deployRegions, props.stateRegion, ...additionalStores.map(({ reference }) => reference.region), GLOBAL_SERVICES_REGION[partition]])];
    new IamRolePolicy(this, 'ApplyScope', {
      name: 'environment-scope',
      role: this.applyRole.id,
      policy: policyDocument([
        { Sid: 'ManageEnvironmentRoles', Effect: 'Allow', Action: ROLE_WRITES, Resource: iam(`role/${props.namePrefix}-*`) },
        { Sid: 'ManageEnvironmentPolicies', Effect: 'Allow', Action: POLICY_WRITES, Resource: iam(`policy/${props.namePrefix}-*`) },
        {
          Sid: 'ManageEksOidcProviders',
          Effect: 'Allow',
          Action: OIDC_PROVIDER_WRITES,
          Resource: oneOrMany(deployRegions.map((region) => iam(`oidc-provider/oidc.eks.${region}.amazonaws.com/id/*`))),
        },
        {
          Sid: 'ProtectDeliveryAccess',
          Effect: 'Deny',
          Action: 'iam:*',
          Resource: [
            ...[names.plan, names.review, names.apply, names.images].map((name) => iam(`role/${name}`)),
            GithubOidcProvider.arnIn(partition, props.accountId),
          ],
        },
        {
          Sid: 'ProtectStateStore',
          Effect: 'Deny',
          Action: STATE_STORE_DESTRUCTION,
          Resource: [
            bucket.arn,
            `${bucket.arn}/*`,
            lockTable.arn,
            key.arn,
            props.stateStore.keyAliasArn,
            ...additionalStores.flatMap(({ arns }) => [arns.bucket, arns.objects, arns.lockTable, arns.keyAlias]),
          ],
        },
        ...additionalStateKeys({ Sid: 'ProtectAdditionalStateKeys', Effect: 'Deny', Action: STATE_STORE_DESTRUCTION.filter((action) => action.startsWith('kms:')) }),
        { Sid: 'StayInTheEnvironmentsRegions', Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': regions } } },
      ]),
    });
  }

  private validate(props: GithubDeployRolesProps, mainBranch: string, names: GithubDeployRoleNames): void {
    const require = (condition: boolean, field: string, problem: string, fix: string) => ConstructValidationError.require(this, condition, field, problem, fix);
    require(
      GITHUB_REPOSITORY.test(props.githubRepository),
      'githubRepository',
      `'${props.githubRepository}' is not a GitHub repository`,
      "give 'owner/name' (or 'owner@<id>/name@<id>'), without wildcards",
    );
    require(/^[\w./-]+$/.test(mainBranch), 'mainBranch', `'${mainBranch}' is not a branch name`, "give a branch such as 'main', without wildcards");
    require(/^[\w.-]+$/.test(props.environment), 'environment', `'${props.environment}' cannot be matched in a subject claim`, 'use letters, digits, ., _ and -');
    const invalidName = Object.values(names).find((name) => !/^[\w+=,.@-]{1,64}$/.test(name));
    require(invalidName === undefined, 'namePrefix', `'${invalidName}' is not an IAM role name (at most 64 letters, digits and +=,.@_-)`, 'shorten the project or environment name');
    require(
      /^[a-z0-9][a-z0-9/_-]*[a-z0-9]$/.test(props.stateKeyPrefix),
      'stateKeyPrefix',
      `'${props.stateKeyPrefix}' is not a state key prefix`,
      'give the environment’s state.keyPrefix, without leading or trailing /',
    );
    const partition = partitionOf(props.region);
    const inPartition = (region: string) => /^[a-z]{2}(?:-[a-z]+)+-\d+$/.test(region) && partitionOf(region) === partition;
    for (const region of props.additionalRegions ?? []) {
      require(
        inPartition(region),
        'additionalRegions',
        `'${region}' is not a region of the partition of ${props.region}`,
        `give region names such as 'eu-west-1', in partition ${partition}`,
      );
    }
    const storeRegions = [props.stateRegion];
    for (const store of props.additionalStateStores ?? []) {
      require(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(store.bucketName) && /^[\w.-]{3,255}$/.test(store.lockTableName) && /^alias\/(?!aws\/)[\w/-]+$/.test(store.kmsKeyAlias),
        'additionalStateStores',
        `bucket '${store.bucketName}', lock table '${store.lockTableName}' or key alias '${store.kmsKeyAlias}' is not a name (policies would grant more than the store)`,
        "give the store’s exact names, without wildcards, and a customer alias 'alias/<name>'",
      );
      require(
        inPartition(store.region) && !storeRegions.includes(store.region),
        'additionalStateStores',
        `the store '${store.bucketName}' in '${store.region}' is not the only store of its region in partition ${partition}`,
        'give one store per region of the partition, other than stateRegion: the bootstrap makes one store per account and region',
      );
      storeRegions.push(store.region);
    }
  }
}

/** A policy element of one value stays a string, so environments without further stores keep their policies as they were. */
function oneOrMany(values: readonly string[]): string | readonly string[] {
  return values.length === 1 ? values[0] : values;
}
