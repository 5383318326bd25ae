import { PlatformAwsProvider } from '@platform/core';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { DataResource, Fn, TerraformOutput } from 'cdktf';
import { formatPendingChanges, pendingChanges, resolveBareReferences, settleState, stateFromPlan, type ResourceSchemas, type TerraformState } from './crafted-state';
import { describeWithTerraform, TERRAFORM_TEST_TIMEOUT_MS } from './jest';
import type { TerraformPlanJson } from './plan-json';
import { offlineChangePlanOf, offlinePlanOf } from './terraform-runner';

const LOCATION = { accountId: '123456789012', region: 'eu-central-1', lineageSeed: 'network' };

/** The parts of hashicorp/aws's aws_eks_cluster and aws_db_instance schemas the tests need. */
const SCHEMAS: ResourceSchemas = {
  aws_eks_cluster: {
    version: 0,
    block: {
      attributes: {
        id: { type: 'string', optional: true, computed: true },
        arn: { type: 'string', computed: true },
        name: { type: 'string', optional: true },
        fqdn: { type: 'string', computed: true },
        status: { type: 'string', computed: true },
        version: { type: 'string', optional: true, computed: true },
        identity: { type: ['list', ['object', { oidc: ['list', ['object', { issuer: 'string' }]] }]], computed: true },
        tags: { type: ['map', 'string'], optional: true },
      },
      block_types: { access_config: { nesting_mode: 'list', block: { attributes: { authentication_mode: { type: 'string', optional: true } } } } },
    },
  },
  aws_acm_certificate: {
    version: 0,
    block: {
      attributes: {
        domain_validation_options: {
          type: ['set', ['object', { domain_name: 'string', resource_record_name: 'string', resource_record_type: 'string', resource_record_value: 'string' }]],
          computed: true,
        },
      },
    },
  },
  aws_db_instance: {
    version: 2,
    block: { attributes: { id: { type: 'string', computed: true }, password: { type: 'string', optional: true, sensitive: true }, tags: { type: ['map', 'string'], optional: true } } },
  },
};

function createPlan(): TerraformPlanJson {
  return {
    terraform_version: '1.11.4',
    resource_changes: [
      {
        address: 'aws_eks_cluster.eks',
        mode: 'managed',
        type: 'aws_eks_cluster',
        name: 'eks',
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: {
          actions: ['create'],
          after: { name: 'platform', tags: { Name: 'platform' } },
          after_unknown: { id: true, arn: true, fqdn: true, status: true, version: true, identity: true, access_config: true },
        },
      },
      {
        address: 'aws_db_instance.postgres',
        mode: 'managed',
        type: 'aws_db_instance',
        name: 'postgres',
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: { actions: ['create'], after: { password: null, tags: { secret: 'x' } }, after_unknown: { id: true }, after_sensitive: { password: true, tags: { secret: true } } },
      },
      {
        address: 'aws_acm_certificate.api',
        mode: 'managed',
        type: 'aws_acm_certificate',
        name: 'api',
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: { actions: ['create'], after: { domain_name: 'api.example.com', subject_alternative_names: ['www.example.com'] }, after_unknown: { domain_validation_options: true } },
      },
      {
        address: 'aws_acm_certificate.partly_known',
        mode: 'managed',
        type: 'aws_acm_certificate',
        name: 'partly_known',
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: {
          actions: ['create'],
          after: { domain_name: 'app.example.com', domain_validation_options: [{ domain_name: 'app.example.com' }] },
          after_unknown: { domain_validation_options: [{ resource_record_name: true, resource_record_type: true, resource_record_value: true }] },
        },
      },
      { address: 'data.aws_region.current', mode: 'data', type: 'aws_region', name: 'current', change: { actions: ['read'] } },
    ],
  };
}

describe('stateFromPlan', () => {
  const state = stateFromPlan(createPlan(), SCHEMAS, LOCATION);
  const [cluster, database] = state.resources.map((resource) => resource.instances[0]);

  it('holds every managed resource the plan creates, with the provider and schema version', () => {
    expect(state.resources.map(({ type, name, provider }) => `${provider} ${type}.${name}`)).toEqual([
      'provider["registry.terraform.io/hashicorp/aws"] aws_eks_cluster.eks',
      'provider["registry.terraform.io/hashicorp/aws"] aws_db_instance.postgres',
      'provider["registry.terraform.io/hashicorp/aws"] aws_acm_certificate.api',
      'provider["registry.terraform.io/hashicorp/aws"] aws_acm_certificate.partly_known',
    ]);
    expect(database.schema_version).toBe(2);
  });

  it('keeps the planned values and fills the unknown ones as AWS would report them', () => {
    expect(cluster.attributes).toEqual({
      name: 'platform',
      tags: { Name: 'platform' },
      id: expect.stringMatching(/^placeholder-[0-9a-f]{12}$/),
      arn: expect.stringMatching(/^arn:aws:eks:eu-central-1:123456789012:aws_eks_cluster\/[0-9a-f]{16}$/),
      // A DNS name others list (ACM validation takes the records' fqdn): a null would be refused in their lists.
      fqdn: expect.stringMatching(/^placeholder-[0-9a-f]{12}$/),
      // Unknown strings no other resource references are left unset rather than given a value no enum accepts.
      status: null,
      version: null,
      // References index computed lists of objects (identity[0].oidc[0].issuer): one element, the issuer a URL.
      identity: [{ oidc: [{ issuer: expect.stringMatching(/^https:\/\/placeholder-[0-9a-f]{12}\.example\.com$/) }] }],
      access_config: [],
    });
  });

  it("reports ACM's DNS validation records for each name of the certificate, as the records' for_each keys them", () => {
    const certificate = state.resources[2].instances[0];
    expect(certificate.attributes.domain_validation_options).toEqual(
      ['api.example.com', 'www.example.com'].map((domainName) => ({
        domain_name: domainName,
        resource_record_name: expect.stringMatching(new RegExp(`^_[0-9a-f]{32}\\.${domainName.replace(/\./g, '\\.')}\\.$`)),
        resource_record_type: 'CNAME',
        resource_record_value: expect.stringMatching(/^_[0-9a-f]{32}\.acm-validations\.aws\.$/),
      })),
    );
    // Names known at plan, records not: the record type still is one Route 53 accepts.
    expect(state.resources[3].instances[0].attributes.domain_validation_options).toEqual([expect.objectContaining({ domain_name: 'app.example.com', resource_record_type: 'CNAME' })]);
  });

  it('records the sensitive values, attributes and map keys, so the state plans no sensitivity change', () => {
    expect(database.sensitive_attributes).toEqual([
      [{ type: 'get_attr', value: 'password' }],
      [
        { type: 'get_attr', value: 'tags' },
        { type: 'index', value: { value: 'secret', type: 'string' } },
      ],
    ]);
  });

  it('fails for a resource type the provider schemas lack', () => {
    expect(() => stateFromPlan(createPlan(), { aws_db_instance: SCHEMAS.aws_db_instance }, LOCATION)).toThrow('The provider schema has no resource type aws_eks_cluster');
  });
});

describe('resolveBareReferences', () => {
  /** A crafted state of one instance per resource (`instances` overrides for several). */
  function craftedState(resources: Record<string, Record<string, unknown>>, instances: Record<string, number> = {}): TerraformState {
    return {
      version: 4,
      terraform_version: '1.11.4',
      serial: 1,
      lineage: 'l',
      outputs: {},
      resources: Object.entries(resources).map(([address, attributes]) => {
        const [type, name] = address.split('.');
        const count = instances[address];
        return {
          mode: 'managed' as const,
          type,
          name,
          provider: 'provider["registry.terraform.io/hashicorp/aws"]',
          instances: count === undefined ? [{ schema_version: 0, attributes, sensitive_attributes: [] }] : Array.from({ length: count }, (_, index) => ({ index_key: index, schema_version: 0, attributes, sensitive_attributes: [] })),
        };
      }),
    };
  }
  const attributesOf = (state: TerraformState, address: string) => state.resources.find(({ type, name }) => `${type}.${name}` === address)?.instances[0].attributes;

  it('sets a value configured as a bare reference to the referenced attribute, in nested blocks written as objects too, along chains', () => {
    const state = craftedState({
      // Listed before what it references: a chain settles in any order.
      'aws_iam_role.irsa': { assume_role_url: 'placeholder-role' },
      'aws_iam_openid_connect_provider.oidc': { url: 'https://placeholder-oidc.example.com' },
      'aws_eks_cluster.eks': { encryption_config: [{ provider: [{ key_arn: 'arn:placeholder-cluster-key' }] }], identity: [{ oidc: [{ issuer: 'https://issuer.example.com' }] }] },
      'aws_kms_key.secrets': { arn: 'arn:aws:kms:eu-central-1:123456789012:key/1' },
    });
    const resolved = resolveBareReferences(
      state,
      {
        aws_iam_role: { irsa: { assume_role_url: '${aws_iam_openid_connect_provider.oidc.url}' } },
        aws_iam_openid_connect_provider: { oidc: { url: '${aws_eks_cluster.eks.identity[0].oidc[0].issuer}' } },
        aws_eks_cluster: { eks: { provider: 'aws.secondary', encryption_config: { provider: { key_arn: '${aws_kms_key.secrets.arn}' } } } },
      },
      {},
      // What the create plan knew only after apply: a whole block, or single attributes.
      new Map<string, unknown>([
        ['aws_iam_role.irsa', { assume_role_url: true }],
        ['aws_iam_openid_connect_provider.oidc', { url: true }],
        ['aws_eks_cluster.eks', { encryption_config: true, identity: true }],
      ]),
    );
    expect(attributesOf(resolved, 'aws_eks_cluster.eks')?.encryption_config).toEqual([{ provider: [{ key_arn: 'arn:aws:kms:eu-central-1:123456789012:key/1' }] }]);
    expect(attributesOf(resolved, 'aws_iam_openid_connect_provider.oidc')?.url).toBe('https://issuer.example.com');
    expect(attributesOf(resolved, 'aws_iam_role.irsa')?.assume_role_url).toBe('https://issuer.example.com');
    // The input is not changed.
    expect(attributesOf(state, 'aws_iam_role.irsa')?.assume_role_url).toBe('placeholder-role');
  });

  it('leaves templates, data sources, several instances, other JSON types and meta-arguments to the plans', () => {
    const state = craftedState(
      {
        'aws_kms_key.k': { arn: 'arn:key', key_usage_count: 3 },
        'aws_sqs_queue.many': { arn: 'arn:queue' },
        'aws_s3_bucket.b': { policy_arn: 'placeholder-template', data_json: 'placeholder-data', queue_arn: 'placeholder-queue', size: 0, unset: null, count: 1 },
      },
      { 'aws_sqs_queue.many': 2 },
    );
    const resolved = resolveBareReferences(
      state,
      {
        aws_s3_bucket: {
          b: {
            policy_arn: 'arn:${aws_kms_key.k.arn}/*',
            data_json: '${data.aws_iam_policy_document.p.json}',
            queue_arn: '${aws_sqs_queue.many.arn}',
            size: '${aws_kms_key.k.arn}',
            unset: '${aws_kms_key.k.key_usage_count}',
            count: '${aws_kms_key.k.key_usage_count}',
          },
        },
      },
      {},
      new Map([['aws_s3_bucket.b', true]]),
    );
    expect(attributesOf(resolved, 'aws_s3_bucket.b')).toEqual({ policy_arn: 'placeholder-template', data_json: 'placeholder-data', queue_arn: 'placeholder-queue', size: 0, unset: 3, count: 1 });
  });

  it("keeps a dynamic attribute's value encoded as the state stores it", () => {
    const schemas: ResourceSchemas = { terraform_data: { version: 0, block: { attributes: { input: { type: 'dynamic' } } } } };
    const state = craftedState({ 'aws_kms_key.k': { arn: 'arn:key' }, 'terraform_data.d': { input: { value: 'placeholder', type: 'string' } } });
    const resolved = resolveBareReferences(state, { terraform_data: { d: { input: '${aws_kms_key.k.arn}' } } }, schemas, new Map([['terraform_data.d', { input: true }]]));
    expect(attributesOf(resolved, 'terraform_data.d')?.input).toEqual({ value: 'arn:key', type: 'string' });
  });

  it('keeps every value the create plan knew, reference or not (a set element in another order, a value planned already)', () => {
    const state = craftedState({ 'aws_kms_key.k': { arn: 'arn:key' }, 'aws_s3_bucket.b': { known_arn: 'planned', ids: ['sg-literal', 'placeholder-1'], unlisted_arn: 'placeholder-2' } });
    const configured = { aws_s3_bucket: { b: { known_arn: '${aws_kms_key.k.arn}', ids: ['${aws_kms_key.k.arn}', 'sg-literal'], unlisted_arn: '${aws_kms_key.k.arn}' } } };
    // The set's plan order differs from the configuration's: only the element the plan did not know may change.
    const resolved = resolveBareReferences(state, configured, {}, new Map([['aws_s3_bucket.b', { known_arn: false, ids: [false, true] }]]));
    expect(attributesOf(resolved, 'aws_s3_bucket.b')).toEqual({ known_arn: 'planned', ids: ['sg-literal', 'placeholder-1'], unlisted_arn: 'placeholder-2' });
  });

  it('fills a set unknown as a whole from its literals and bare references, and leaves one holding anything else', () => {
    const state = craftedState({
      'aws_subnet.a': { id: 'subnet-0a' },
      'aws_subnet.b': { id: 'subnet-0b' },
      'aws_vpc_endpoint.e': { subnet_ids: [], security_group_ids: [], route_table_ids: null, empty: [], planned: [] },
    });
    const configured = {
      aws_vpc_endpoint: {
        e: {
          subnet_ids: ['${aws_subnet.a.id}', '${aws_subnet.b.id}'],
          security_group_ids: ['sg-literal', '${aws_subnet.a.id}'],
          route_table_ids: ['${aws_subnet.a.id}', 'rt-${aws_subnet.b.id}'],
          empty: [],
          planned: ['${aws_subnet.a.id}'],
        },
      },
    };
    const unknown = { subnet_ids: true, security_group_ids: true, route_table_ids: true, empty: true, planned: false };
    const resolved = resolveBareReferences(state, configured, {}, new Map([['aws_vpc_endpoint.e', unknown]]));
    expect(attributesOf(resolved, 'aws_vpc_endpoint.e')).toEqual({
      subnet_ids: ['subnet-0a', 'subnet-0b'],
      security_group_ids: ['sg-literal', 'subnet-0a'],
      route_table_ids: null,
      empty: [],
      planned: [],
    });
  });

  it('stores the root outputs made of literals and bare references, in lists and maps, with their sensitivity', () => {
    const state = craftedState({ 'aws_vpc.v': { id: 'vpc-01', cidr_block: '10.0.0.0/16', enable_dns_support: true, ipv6_netmask_length: 0 }, 'aws_subnet.many': { id: 'subnet-0' } }, { 'aws_subnet.many': 2 });
    const resolved = resolveBareReferences(state, {}, {}, new Map(), {
      vpc_id: { value: '${aws_vpc.v.id}' },
      cross_stack: { value: '${aws_vpc.v.id}', sensitive: true },
      cidrs: { value: ['${aws_vpc.v.cidr_block}', '192.168.0.0/16'] },
      by_zone: { value: { a: '${aws_vpc.v.id}', b: { dns: '${aws_vpc.v.enable_dns_support}', netmask: '${aws_vpc.v.ipv6_netmask_length}' } } },
      template: { value: 'vpc/${aws_vpc.v.id}' },
      several: { value: '${aws_subnet.many.id}' },
      mixed: { value: ['${aws_vpc.v.id}', '${join(",", aws_subnet.many[*].id)}'] },
      function: { value: '${jsonencode(aws_vpc.v)}' },
    });
    expect(resolved.outputs).toEqual({
      vpc_id: { value: 'vpc-01', type: 'string' },
      cross_stack: { value: 'vpc-01', type: 'string', sensitive: true },
      cidrs: { value: ['10.0.0.0/16', '192.168.0.0/16'], type: ['tuple', ['string', 'string']] },
      by_zone: { value: { a: 'vpc-01', b: { dns: true, netmask: 0 } }, type: ['object', { a: 'string', b: ['object', { dns: 'bool', netmask: 'number' }] }] },
    });
  });
});

describe('settleState', () => {
  it('takes the planned values of the resources the plan changes, keeping placeholders where the plan knows nothing', () => {
    const state = stateFromPlan(createPlan(), SCHEMAS, LOCATION);
    const cluster = state.resources[0].instances[0].attributes;
    const replan: TerraformPlanJson = {
      resource_changes: [
        {
          address: 'aws_eks_cluster.eks',
          mode: 'managed',
          type: 'aws_eks_cluster',
          change: { actions: ['update'], after: { ...cluster, tags: { Name: 'renamed' }, id: null }, after_unknown: { id: true } },
        },
        { address: 'aws_db_instance.postgres', mode: 'managed', type: 'aws_db_instance', change: { actions: ['no-op'], after: { password: 'ignored' } } },
      ],
      output_changes: { cluster_name: { actions: ['create'], after: 'platform' }, endpoint: { actions: ['create'], after_unknown: true } },
    };

    const settled = settleState(state, replan, SCHEMAS);

    expect(settled.resources[0].instances[0].attributes).toEqual({ ...cluster, tags: { Name: 'renamed' } });
    expect(settled.resources[1]).toEqual(state.resources[1]);
    expect(settled.outputs).toEqual({ cluster_name: { value: 'platform', type: 'string' } });
    expect(settled.serial).toBe(state.serial + 1);
  });
});

describe('pendingChanges', () => {
  it('names each changing resource and output with the attribute paths that change or stay unknown', () => {
    const plan: TerraformPlanJson = {
      resource_changes: [
        {
          address: 'aws_security_group.web',
          mode: 'managed',
          type: 'aws_security_group',
          change: {
            actions: ['update'],
            before: { name: 'web', ingress: [{ from_port: 443, cidr_blocks: ['10.0.0.0/8'] }], tags: { a: '1' } },
            after: { name: 'web', ingress: [{ from_port: 443, cidr_blocks: ['10.0.0.0/16'] }], tags: { a: '1', b: '2' } },
          },
        },
        { address: 'terraform_data.stamp', mode: 'managed', type: 'terraform_data', change: { actions: ['delete', 'create'], before: { input: 'x' }, after: {}, after_unknown: { input: true } } },
        { address: 'aws_vpc.main', mode: 'managed', type: 'aws_vpc', change: { actions: ['no-op'], before: {}, after: {} } },
      ],
      output_changes: { vpc_id: { actions: ['update'] }, name: { actions: ['no-op'] } },
    };

    const pending = pendingChanges(plan);

    expect(pending).toEqual([
      { address: 'aws_security_group.web', actions: ['update'], attributes: ['ingress[0].cidr_blocks[0]', 'tags.b'] },
      { address: 'terraform_data.stamp', actions: ['delete', 'create'], attributes: ['input'] },
      { address: 'output.vpc_id', actions: ['update'], attributes: [] },
    ]);
    expect(formatPendingChanges(pending)).toBe(
      ['aws_security_group.web update (ingress[0].cidr_blocks[0], tags.b)', 'terraform_data.stamp delete+create (input)', 'output.vpc_id update'].join('\n'),
    );
  });
});

describeWithTerraform('offlinePlan with convergence', () => {
  // Both run terraform (schema, then two or three plans each); concurrently they fit the suite's time budget.
  it.concurrent(
    'settles placeholders referenced across resources: a bucket and its versioning converge',
    async () => {
      const result = await offlinePlanOf(
        'converging',
        (stack) => {
          new PlatformAwsProvider(stack, 'aws', { region: 'eu-central-1', accountId: '123456789012', tags: {} });
          const bucket = new S3Bucket(stack, 'bucket', { bucket: 'platform-converging' });
          new S3BucketVersioningA(stack, 'versioning', { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
          new TerraformOutput(stack, 'bucket_arn', { value: bucket.arn });
          // A template the crafting leaves to the plans: the first plan settles it, the second has no changes.
          new TerraformOutput(stack, 'bucket_label', { value: `bucket ${bucket.arn}` });
        },
        { convergence: {} },
      );

      expect(result.convergence).toEqual({ converged: true, rounds: 2, pending: [] });
    },
    TERRAFORM_TEST_TIMEOUT_MS * 2,
  );

  it.concurrent(
    'names a resource whose configuration differs from its state at every plan (input = timestamp())',
    async () => {
      const result = await offlinePlanOf(
        'not-converging',
        (stack) => {
          new DataResource(stack, 'stamp', { input: { at: Fn.timestamp() } });
        },
        { convergence: { maxRounds: 2 } },
      );

      expect(result.convergence?.converged).toBe(false);
      expect(result.convergence?.rounds).toBe(2);
      expect(result.convergence?.pending).toEqual([{ address: 'terraform_data.stamp', actions: ['update'], attributes: ['input.at', 'output'] }]);
    },
    TERRAFORM_TEST_TIMEOUT_MS * 2,
  );

  it.concurrent(
    'plans a next version against the settled state: an input change updates in place, a trigger change replaces',
    async () => {
      const result = await offlineChangePlanOf('changing', (stack, version) => {
        new DataResource(stack, 'settings', { input: { size: version === 'current' ? 1 : 2 } });
        new DataResource(stack, 'pinned', { input: { value: 'same' }, triggersReplace: [version === 'current' ? 'v1' : 'v2'] });
        new DataResource(stack, 'untouched', { input: { value: 'same' } });
      });

      expect(result.nextVersion.changes).toEqual([
        { address: 'terraform_data.pinned', actions: ['delete', 'create'] },
        { address: 'terraform_data.settings', actions: ['update'] },
      ]);
      expect(result.nextVersion.plan).toMatchObject({ add: 1, change: 1, destroy: 1, replace: 1 });
    },
    TERRAFORM_TEST_TIMEOUT_MS * 2,
  );
});
