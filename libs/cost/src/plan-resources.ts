import { PlatformError } from '@platform/core';
import type { TerraformResource } from './estimate-monthly-cost';
import type { Values } from './private/values';

/** A module of `terraform show -json` values: its resources and child modules. */
export interface PlanModuleJson {
  readonly address?: string;
  readonly resources?: ReadonlyArray<{ readonly address: string; readonly mode?: string; readonly type: string; readonly values?: Values | null }>;
  readonly child_modules?: readonly PlanModuleJson[];
}

interface ConfigModuleJson {
  readonly resources?: ReadonlyArray<{ readonly address: string; readonly mode?: string; readonly provider_config_key?: string; readonly expressions?: Values }>;
  readonly module_calls?: Readonly<Record<string, { readonly module?: ConfigModuleJson }>>;
}

/** The parts of `terraform show -json <planfile>` (format 1.x) the adapter reads. */
export interface PlanValuesJson {
  readonly format_version?: string;
  readonly planned_values?: { readonly root_module?: PlanModuleJson };
  readonly prior_state?: { readonly values?: { readonly root_module?: PlanModuleJson } };
  readonly configuration?: {
    readonly provider_config?: Readonly<Record<string, { readonly expressions?: { readonly region?: { readonly constant_value?: unknown } } }>>;
    readonly root_module?: ConfigModuleJson;
  };
}

/**
 * The managed resources of a plan before (`prior_state`) and after (`planned_values`), child modules included, each
 * with its provider's region (from the configuration's `provider_config`). Attributes known only after apply are
 * replaced by the references of their configuration expression (`${aws_x.y}`), so a rule can still find, say, an
 * ECS service's task definition.
 * @param source names the plan in errors, e.g. its file.
 */
export function resourcesFromPlanJson(plan: PlanValuesJson, source = 'plan'): { before: TerraformResource[]; after: TerraformResource[] } {
  if (typeof plan !== 'object' || plan === null || !plan.planned_values) {
    throw new PlatformError(`${source} has no planned_values. Fix: pass the output of \`terraform show -json <planfile>\``);
  }
  const configuration = configurationIndex(plan);
  const read = (module: PlanModuleJson | undefined) => moduleResources(module, configuration);
  return { before: read(plan.prior_state?.values?.root_module), after: read(plan.planned_values.root_module) };
}

interface ConfigurationIndex {
  readonly resources: ReadonlyMap<string, { providerKey?: string; expressions?: Values }>;
  readonly regions: ReadonlyMap<string, string>;
}

function configurationIndex(plan: PlanValuesJson): ConfigurationIndex {
  const regions = new Map<string, string>();
  for (const [key, provider] of Object.entries(plan.configuration?.provider_config ?? {})) {
    const region = provider.expressions?.region?.constant_value;
    if (typeof region === 'string') regions.set(key, region);
  }
  const resources = new Map<string, { providerKey?: string; expressions?: Values }>();
  const visit = (module: ConfigModuleJson | undefined, prefix: string) => {
    for (const resource of module?.resources ?? []) {
      if (resource.mode !== 'data') resources.set(`${prefix}${resource.address}`, { providerKey: resource.provider_config_key, expressions: resource.expressions });
    }
    for (const [name, call] of Object.entries(module?.module_calls ?? {})) visit(call.module, `${prefix}module.${name}.`);
  };
  visit(plan.configuration?.root_module, '');
  return { resources, regions };
}

function moduleResources(module: PlanModuleJson | undefined, configuration: ConfigurationIndex): TerraformResource[] {
  if (!module) return [];
  const prefix = module.address ? `${module.address}.` : '';
  const own = (module.resources ?? [])
    .filter((resource) => resource.mode !== 'data')
    .map((resource) => {
      // The configuration knows a resource by its address without instance keys.
      const config = configuration.resources.get(resource.address.replace(/\[[^\]]*\]/g, ''));
      const providerKey = config?.providerKey ?? 'aws';
      const region = configuration.regions.get(providerKey) ?? configuration.regions.get(providerKey.slice(providerKey.lastIndexOf(':') + 1)) ?? configuration.regions.get('aws');
      return { address: resource.address, type: resource.type, values: withReferences(resource.values ?? {}, config?.expressions, prefix), region };
    });
  return [...own, ...(module.child_modules ?? []).flatMap((child) => moduleResources(child, configuration))];
}

/** `values` with each unknown (absent or null) attribute replaced by its expression's first reference, nested blocks included. */
function withReferences(values: Values, expressions: Values | undefined, prefix: string): Values {
  if (!expressions) return values;
  const filled: Record<string, unknown> = { ...values };
  for (const [key, expression] of Object.entries(expressions)) {
    const current = filled[key];
    if (Array.isArray(expression)) {
      const instances = Array.isArray(current) ? current : [];
      const length = Math.max(instances.length, expression.length);
      filled[key] = Array.from({ length }, (_, index) =>
        index < expression.length ? withReferences((instances[index] as Values | undefined) ?? {}, expression[index] as Values, prefix) : instances[index],
      );
    } else if ((current === undefined || current === null) && typeof expression === 'object' && expression !== null) {
      const references = (expression as { references?: unknown }).references;
      if (Array.isArray(references) && typeof references[0] === 'string') filled[key] = `\${${prefix}${references[0]}}`;
    }
  }
  return filled;
}
