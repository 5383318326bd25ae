import { architectureGraph, isSvgOf, toDot } from '@platform/diagrams';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EnvironmentSource, SynthesizedStack, synthesizeEnvironments } from './synthesize-environments';

/**
 * Cost allocation and ownership (seeds 001, 004) rely on every AWS resource of every environment carrying the
 * mandatory tags. Checked on the synthesized JSON of the real environments, with what the AWS provider applies:
 * its `default_tags` merged with the resource's own `tags`.
 */
const MANDATORY_TAGS = ['Environment', 'Project', 'Owner', 'CostCenter', 'ManagedBy', 'Component'] as const;
const WORKSPACE = path.resolve(__dirname, '..', '..', '..');
const PROVIDER_BINDINGS = path.join(path.dirname(require.resolve('@cdktf/provider-aws/package.json')), 'lib');

type Tags = Record<string, string>;
interface ProviderBlock {
  readonly alias?: string;
  readonly default_tags?: { tags?: Tags }[];
}
interface ResourceBlock {
  readonly provider?: string;
  readonly tags?: Tags;
  readonly tag_specifications?: { resource_type: string; tags?: Tags }[];
}
interface StackJson {
  readonly provider?: { aws?: ProviderBlock[] };
  readonly resource?: Record<string, Record<string, ResourceBlock>>;
}
interface AwsResource {
  /** `<stack>/<type>.<name>`, for failure messages. */
  readonly address: string;
  readonly environment: string;
  readonly kind: string;
  readonly type: string;
  readonly block: ResourceBlock;
  /** What AWS receives: the provider's default tags overlaid with the resource's own. */
  readonly effectiveTags: Tags;
}

/**
 * Every environment under environments/, found at run time like the synth CLI finds them, so one added later is
 * checked too (a static import of each would also cross the library/environment boundary).
 */
function environmentSources(): EnvironmentSource[] {
  const root = path.join(WORKSPACE, 'environments');
  return fs
    .readdirSync(root)
    .filter((name) => fs.existsSync(path.join(root, name, 'environment.ts')) && name !== 'common')
    .map((name) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- environments are discovered at run time
      const { environment } = require(path.join(root, name, 'environment.ts'));
      return { input: environment, expectedName: name };
    });
}

/** The component a resource type of a stack kind must carry, where the stack holds more than one; undefined elsewhere. */
function componentOfType(kind: string, type: string): string | undefined {
  // The GitHub Actions runner in the VPC serves delivery, not the cluster.
  if (type === 'aws_codebuild_project') return 'delivery';
  if (kind !== 'cluster') return undefined;
  if (['aws_eks_cluster', 'aws_eks_node_group', 'aws_ecr_repository'].includes(type)) return 'cluster';
  return type === 'aws_s3_bucket' ? 'cluster-addons' : undefined;
}

const taggableTypes = new Map<string, boolean>();
/** Whether the resource type has a `tags` argument: read from its generated config interface in the provider bindings. */
function isTaggable(type: string): boolean {
  const known = taggableTypes.get(type);
  if (known !== undefined) return known;
  const bindings = path.join(PROVIDER_BINDINGS, type.replace(/^aws_/, '').replace(/_/g, '-'), 'index.d.ts');
  // Some types' interface carries a suffix where the provider generates two of that name (Wafv2WebAclAssociationConfigA).
  const config = /^export interface \w+Config[A-Z]? extends cdktf\.TerraformMetaArguments \{\n([\s\S]*?)\n\}/m.exec(fs.readFileSync(bindings, 'utf8'));
  if (config === null) throw new Error(`${bindings} has no resource config interface`);
  const taggable = /^ {4}readonly tags\?: \{$/m.test(config[1]);
  taggableTypes.set(type, taggable);
  return taggable;
}

function defaultTagsOf(provider: ProviderBlock | undefined): Tags {
  return Object.assign({}, ...(provider?.default_tags ?? []).map(({ tags }) => tags));
}

function awsResources(stacks: readonly SynthesizedStack[]): AwsResource[] {
  return stacks.flatMap(({ environment, stack, file }) => {
    const json: StackJson = JSON.parse(fs.readFileSync(file, 'utf8'));
    const providers = json.provider?.aws ?? [];
    const kind = stack.slice(environment.length + 1);
    return Object.entries(json.resource ?? {})
      .filter(([type]) => type.startsWith('aws_'))
      .flatMap(([type, blocks]) =>
        Object.entries(blocks).map(([name, block]) => {
          const alias = block.provider?.replace(/^aws\./, '');
          const provider = providers.find((candidate) => candidate.alias === alias);
          return { address: `${stack}/${type}.${name}`, environment, kind, type, block, effectiveTags: { ...defaultTagsOf(provider), ...block.tags } };
        }),
      );
  });
}

function missingTags(tags: Tags): string[] {
  return MANDATORY_TAGS.filter((key) => typeof tags[key] !== 'string' || tags[key].trim() === '');
}

// Every real environment synthesized once, for the tags and the committed diagrams below.
let outdir: string;
let stacks: SynthesizedStack[];
beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'tagging-'));
  stacks = synthesizeEnvironments(environmentSources(), outdir);
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

describe('mandatory tags on every AWS resource of every environment', () => {
  let resources: AwsResource[];
  beforeAll(() => {
    resources = awsResources(stacks);
  });

  it('covers every environment and the AWS resources of each kind of stack', () => {
    expect(new Set(stacks.map(({ environment }) => environment))).toEqual(new Set(['development', 'production', 'staging', 'storymagic-development', 'storymagic-production', 'testing']));
    expect(new Set(resources.filter(({ type }) => isTaggable(type)).map(({ kind }) => kind))).toEqual(
      new Set(['network', 'cluster', 'data', 'monitoring', 'services', 'recovery', 'recovery-eu-west-1', 'network-eu-west-1', 'data-eu-west-1', 'cluster-eu-west-1']),
    );
  });

  it('gives each taggable resource Environment, Project, Owner, CostCenter, ManagedBy and Component, with its environment', () => {
    const taggable = resources.filter(({ type }) => isTaggable(type));
    const failures = taggable.flatMap(({ address, environment, effectiveTags }) => [
      ...missingTags(effectiveTags).map((key) => `${address}: no ${key}`),
      ...(effectiveTags.Environment === environment ? [] : [`${address}: Environment '${effectiveTags.Environment}'`]),
      ...(effectiveTags.ManagedBy === 'cdktf' ? [] : [`${address}: ManagedBy '${effectiveTags.ManagedBy}'`]),
    ]);
    expect(failures).toEqual([]);
    // The check read the bindings: resource types without `tags` (routes, policy attachments, …) are not asked for them.
    expect([...new Set(taggable.map(({ type }) => type))]).toEqual(expect.arrayContaining(['aws_vpc', 'aws_eks_cluster', 'aws_db_instance', 'aws_cloudfront_distribution', 'aws_wafv2_web_acl', 'aws_budgets_budget', 'aws_ecs_service', 'aws_lb']));
    expect(resources.some(({ type }) => type === 'aws_route') && !isTaggable('aws_route')).toBe(true);
  });

  it('names the component after the stack, and the AWS side of the cluster add-ons after them', () => {
    const taggable = resources.filter(({ type }) => isTaggable(type));
    const components: Record<string, Set<string>> = {};
    for (const { kind, effectiveTags } of taggable) (components[kind] ??= new Set()).add(effectiveTags.Component);
    const pinned = taggable.flatMap(({ address, kind, type, effectiveTags }) => {
      const expected = componentOfType(kind, type);
      return expected === undefined ? [] : [{ address, component: effectiveTags.Component, expected }];
    });
    expect(pinned.map(({ address, component }) => ({ address, component }))).toEqual(pinned.map(({ address, expected }) => ({ address, component: expected })));
    expect(components).toEqual({
      network: new Set(['network']),
      cluster: new Set(['cluster', 'cluster-addons', 'delivery']),
      data: new Set(['data']),
      monitoring: new Set(['monitoring']),
      services: new Set(['services']),
      recovery: new Set(['recovery']),
      // The secondary region's stacks carry their kind's component, whatever the region.
      'recovery-eu-west-1': new Set(['recovery']),
      'network-eu-west-1': new Set(['network']),
      'data-eu-west-1': new Set(['data']),
      'cluster-eu-west-1': new Set(['cluster', 'cluster-addons', 'delivery']),
    });
  });

  it('tags the instances, volumes and network interfaces node groups launch like the launch template itself', () => {
    const templates = resources.filter(({ type }) => type === 'aws_launch_template');
    expect(templates.length).toBeGreaterThan(0);
    const failures = templates.flatMap(({ address, block, effectiveTags }) =>
      (block.tag_specifications ?? []).flatMap(({ resource_type, tags = {} }) => [
        ...missingTags(tags).map((key) => `${address} ${resource_type}: no ${key}`),
        ...MANDATORY_TAGS.filter((key) => tags[key] !== effectiveTags[key]).map((key) => `${address} ${resource_type}: ${key} '${tags[key]}' differs from the template's`),
      ]),
    );
    expect(failures).toEqual([]);
    expect(templates.map(({ block }) => (block.tag_specifications ?? []).map(({ resource_type }) => resource_type).sort())).toEqual(
      templates.map(() => ['instance', 'network-interface', 'volume']),
    );
  });

  it('gives the us-east-1 provider of the CDN the same default tags as the stack’s own provider', () => {
    const dataStacks = stacks.filter(({ stack, environment }) => stack === `${environment}-data`);
    const aliased = dataStacks.flatMap(({ file }) => {
      const providers: ProviderBlock[] = (JSON.parse(fs.readFileSync(file, 'utf8')) as StackJson).provider?.aws ?? [];
      const own = providers.find(({ alias }) => alias === undefined);
      return providers.filter(({ alias }) => alias !== undefined).map((provider) => ({ alias: provider.alias, tags: defaultTagsOf(provider), expected: defaultTagsOf(own) }));
    });
    expect(aliased.length).toBeGreaterThan(0);
    for (const { tags, expected } of aliased) expect(tags).toEqual(expected);
  });
});

describe('the architecture diagrams committed in docs/diagrams (linked from the README)', () => {
  it('were drawn from the stacks of every environment as they are synthesized today', () => {
    const environments = [...new Set(stacks.map(({ environment }) => environment))];
    const stale = environments.filter((environment) => {
      const own = stacks.filter((stack) => stack.environment === environment);
      const dot = toDot(architectureGraph(environment, Object.fromEntries(own.map((stack) => [stack.stack, stack.json]))));
      const committed = path.join(WORKSPACE, 'docs', 'diagrams', `${environment}.svg`);
      return !isSvgOf(fs.existsSync(committed) ? fs.readFileSync(committed, 'utf8') : undefined, dot);
    });
    // Fix: npm run synth, then copy each cdktf.out/<environment>/diagram.svg named here to docs/diagrams/<environment>.svg.
    expect(stale).toEqual([]);
    expect(environments.length).toBeGreaterThan(0);
  });
});
