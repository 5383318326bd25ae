import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Aspects, Fn, IAspect, TerraformResource, TerraformStack, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { ConstructValidationError } from './errors';

/** Key of the tag naming the part of the platform a resource belongs to (cost allocation next to the default tags). */
export const COMPONENT_TAG_KEY = 'Component';

/** A tag value AWS accepts: letters, digits, spaces and _ . : / = + - @, here at least one and at most 256. */
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;

/**
 * Tags every taggable AWS resource under `scope` with `Component: <component>` at synth time (a cdktf Aspect).
 * Where scopes nest, the nearest tagged scope names the component, so a stack can tag everything with its own
 * component and hand a subtree to another. A `Component` the resource sets itself is kept; its other tags are merged.
 *
 * Launch templates also get the tags of their AWS provider's `default_tags` and the component in every tag
 * specification: `default_tags` only reach a resource's top-level `tags`, not the instances and volumes a template
 * launches (hashicorp/terraform-provider-aws#19387), and those carry the cost.
 */
export function tagComponent(scope: IConstruct, component: string): void {
  ConstructValidationError.require(
    scope,
    TAG_VALUE.test(component),
    'component',
    `'${component}' is not an AWS tag value`,
    'use 1–256 letters, digits, spaces or _ . : / = + - @, e.g. data',
  );
  const existing = ownComponentTag(scope);
  if (existing !== undefined) {
    ConstructValidationError.require(
      scope,
      existing.component === component,
      'component',
      `is already '${existing.component}', cannot also be '${component}'`,
      'tag each scope with one component, and a subtree with another',
    );
    return;
  }
  Aspects.of(scope).add(new ComponentTag(component));
}

class ComponentTag implements IAspect {
  constructor(readonly component: string) {}

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) || node.terraformGeneratorMetadata?.providerName !== 'aws') return;
    // Every tagged scope above the resource visits it; only the nearest one decides.
    if (nearestComponentTag(node) !== this) return;
    const componentTag = { [COMPONENT_TAG_KEY]: this.component };
    if (hasTags(node)) {
      node.tags = mergeTags(componentTag, node.tagsInput);
    }
    if (node instanceof LaunchTemplate && Array.isArray(node.tagSpecificationsInput)) {
      const launchedTags = { ...providerDefaultTags(node), ...componentTag };
      node.putTagSpecifications(node.tagSpecificationsInput.map((specification) => ({ ...specification, tags: mergeTags(launchedTags, specification.tags) })));
    }
  }
}

type TaggableResource = TerraformResource & { tags: Record<string, string>; readonly tagsInput?: Record<string, string> };

/** Generated resource classes have `tagsInput` exactly when the resource type has a `tags` argument. */
function hasTags(resource: TerraformResource): resource is TaggableResource {
  return 'tagsInput' in resource;
}

/** `defaults` overlaid with the tags a resource sets itself, which win. */
function mergeTags(defaults: Record<string, string>, explicit: Record<string, string> | undefined): Record<string, string> {
  if (explicit !== undefined && Token.isUnresolved(explicit)) {
    return Token.asStringMap(Fn.merge([defaults, explicit]));
  }
  return { ...defaults, ...explicit };
}

function ownComponentTag(scope: IConstruct): ComponentTag | undefined {
  return Aspects.of(scope).all.find((aspect): aspect is ComponentTag => aspect instanceof ComponentTag);
}

function nearestComponentTag(node: IConstruct): ComponentTag | undefined {
  return [...node.node.scopes].reverse().map(ownComponentTag).find((tag) => tag !== undefined);
}

/** The `default_tags` of the provider the resource uses: its own, or the stack's provider without an alias. */
function providerDefaultTags(resource: TerraformResource): Record<string, string> {
  const provider =
    resource.provider ??
    TerraformStack.of(resource)
      .node.findAll()
      .find((construct) => construct instanceof AwsProvider && construct.alias === undefined);
  if (!(provider instanceof AwsProvider) || !Array.isArray(provider.defaultTags)) return {};
  return Object.assign({}, ...provider.defaultTags.map(({ tags }) => tags));
}
