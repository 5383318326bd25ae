import { Testing } from 'cdktf';
import { Construct } from 'constructs';

/** A resource block of synthesized Terraform JSON, with its logical id. */
export type SynthesizedResource = Record<string, unknown> & { readonly logicalId: string };

/** Synthesized Terraform JSON of a scope, with lookups by resource type and construct id. */
export class SynthesizedJson {
  constructor(readonly json: { resource?: Record<string, Record<string, Record<string, unknown>>>; output?: Record<string, unknown> }) {}

  /** Every resource of a Terraform type, e.g. `aws_subnet`. */
  resources(type: string): SynthesizedResource[] {
    return Object.entries(this.json.resource?.[type] ?? {}).map(([logicalId, body]) => ({ ...body, logicalId }));
  }

  /**
   * The one resource of `type` whose construct id is `id` (logical ids join the construct path with `_`), e.g.
   * `resource('aws_subnet', 'PublicSubnet-eu-central-1a')`. Throws when there is none or more than one.
   */
  resource(type: string, id: string): SynthesizedResource {
    const matches = this.resources(type).filter(({ logicalId }) => logicalId.split('_').includes(id));
    if (matches.length !== 1) {
      throw new Error(`expected one ${type} with construct id '${id}', found ${matches.length}: ${this.resources(type).map((r) => r.logicalId).join(', ')}`);
    }
    return matches[0];
  }

  /** Terraform reference to an attribute of a resource, as it appears in other resources' arguments. */
  ref(resource: SynthesizedResource, attribute: string, type?: string): string {
    const resourceType = type ?? Object.entries(this.json.resource ?? {}).find(([, blocks]) => resource.logicalId in blocks)?.[0];
    return `\${${resourceType}.${resource.logicalId}.${attribute}}`;
  }
}

/** Synthesizes whatever `build` adds to a fresh test stack. */
export function synthJson(build: (scope: Construct) => void): SynthesizedJson {
  return new SynthesizedJson(JSON.parse(Testing.synthScope(build)));
}
