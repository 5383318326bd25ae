import { KGAS_SERVICES, MICROSERVICES_CATALOG, NOVEL_ENGINE_SERVICES, scaledForDevelopment, ServiceSpec, withAutoscalingRange, withDeliveryStrategies } from '@platform/workloads';
import { z } from 'zod';
import { listedOnce } from './schema-fields';

/** The service sets an environment can run, by name. */
export const WORKLOAD_CATALOGS: { readonly [name: string]: readonly ServiceSpec[] } = {
  'novel-engine': NOVEL_ENGINE_SERVICES,
  microservices: MICROSERVICES_CATALOG,
  kgas: KGAS_SERVICES,
};

/**
 * Host names by route key where `workloads.hosts` is not set: `api` and `web` (Novel Engine; `web` is `app.`),
 * `services` (microservices), `kgas` (KGAS API). Only the keys a route uses get an Ingress.
 */
export function defaultWorkloadHosts(dnsZoneName: string | undefined): Record<string, string> {
  return { api: `api.${dnsZoneName}`, web: `app.${dnsZoneName}`, services: `services.${dnsZoneName}`, kgas: `kgas.${dnsZoneName}` };
}
const CATALOG_NAMES = Object.keys(WORKLOAD_CATALOGS) as [string, ...string[]];
const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A Docker image tag: what `workloads.imageTag` and a release manifest's `imageTag` accept. */
export const IMAGE_TAG_PATTERN = /^[\w][\w.-]{0,127}$/;
const HOST = /^([a-z0-9-]+\.)+[a-z]{2,}$/;

/** The applications of an environment (`<env>-workloads`), from the seed catalogs. */
export const workloadsSchema = z.strictObject({
  /** Whether the environment runs the catalogs' services (`<env>-workloads`). */
  enabled: z.boolean().default(true),
  /** Service sets to run: `novel-engine` (seed 000), `microservices` (seed 002), `kgas` (seed 004's API). */
  catalogs: z
    .array(z.enum(CATALOG_NAMES, { error: `is not a catalog. Fix: write one of ${CATALOG_NAMES.join(', ')}` }))
    .min(1, 'needs at least one catalog. Fix: list one, or set enabled: false')
    .superRefine(listedOnce('catalog'))
    .default(['novel-engine']),
  /**
   * Namespace of the services, created like cluster.namespaces (restricted, default-deny, quota).
   * @default - the environment name
   */
  namespace: z.string().regex(K8S_NAME, 'is not a Kubernetes namespace name. Fix: use lower-case letters, digits and hyphens, such as novel-engine').optional(),
  /**
   * Image tag of every service. @default - the Terraform variable `image_tag` (CI sets `TF_VAR_image_tag` to the
   * commit it built), checked at plan time like this field is at synth time
   */
  imageTag: z.string().regex(IMAGE_TAG_PATTERN, 'is not a Docker image tag. Fix: write a version such as 1.4.2 or a commit id, or remove it to take TF_VAR_image_tag').optional(),
  /** Whether `latest` (or an empty tag) may be deployed; never where releases must be reproducible. */
  allowLatestTag: z.boolean().default(false),
  /**
   * Host names by route key: `api`, `web` (Novel Engine), `services` (microservices), `kgas` (KGAS).
   * @default `api.<dnsZoneName>`, `app.<dnsZoneName>`, `services.<dnsZoneName>`, `kgas.<dnsZoneName>` (defaultWorkloadHosts)
   */
  hosts: z.record(z.string(), z.string().regex(HOST, 'is not a DNS name. Fix: write the full host name such as api.example.com')).optional(),
  /** One replica and an HPA of 1–2 per service (development). */
  scaledDown: z.boolean().default(false),
  /**
   * Replica range of every autoscaled service (seed 001: 2–10 in staging); starting replicas move into it.
   * @default - each catalog's own (Novel Engine: 3–20, seed 001's production figures)
   */
  autoscaling: z
    .strictObject({
      /** Fewest replicas of every autoscaled service. */
      minReplicas: z.number().int().min(1, 'is below 1. Fix: write 1 or more'),
      /** Most replicas of every autoscaled service; at least minReplicas. */
      maxReplicas: z.number().int().min(1, 'is below 1. Fix: write 1 or more'),
    })
    .refine((range) => range.maxReplicas >= range.minReplicas, { message: 'maxReplicas is below minReplicas. Fix: raise maxReplicas to at least minReplicas', path: ['maxReplicas'] })
    .optional(),
  /**
   * Release strategy by service name, over the catalog's (`rolling`, `canary` or `blueGreen`; canary and blue/green
   * need Argo Rollouts and, with analysis, the environment's Prometheus).
   * @default - the catalog's: seed 003's canary for the seed services, rolling with `scaledDown`
   */
  delivery: z.record(z.string(), z.enum(['rolling', 'canary', 'blueGreen'], { error: 'is not a release strategy. Fix: write rolling, canary or blueGreen' })).optional(),
});

export type WorkloadsConfig = z.output<typeof workloadsSchema>;

type AddIssue = (path: (string | number)[], message: string) => void;

/** Cross-field rules: tags are reproducible, hosts have a zone, routes have a load balancer. */
export function checkWorkloads(env: { dnsZoneName?: string; compute?: 'eks' | 'ecs'; cluster?: { addons: { awsLoadBalancerController: boolean } }; workloads: WorkloadsConfig }, addIssue: AddIssue): void {
  const { workloads } = env;
  if (!workloads.enabled) return;
  const routed = workloadServices(workloads).some((service) => (service.routes ?? []).length > 0);
  if (env.compute !== 'ecs' && routed && env.cluster?.addons.awsLoadBalancerController === false) {
    addIssue(['cluster', 'addons', 'awsLoadBalancerController'], 'is off, but the workloads have routes: their Ingresses need the controller to get the shared ALB. Fix: enable it, or set workloads.enabled: false');
  }
  if (workloads.imageTag === 'latest' && !workloads.allowLatestTag) {
    addIssue(['workloads', 'imageTag'], "'latest' is not reproducible: a redeploy could run another build. Fix: use the tag CI built (a version or commit id), or set allowLatestTag: true outside staging and production");
  }
  const names = new Set(workloadServices(workloads).map((service) => service.name));
  for (const service of Object.keys(workloads.delivery ?? {}).filter((name) => !names.has(name))) {
    addIssue(['workloads', 'delivery', service], `names no service of the catalogs ${workloads.catalogs.join(', ')}. Fix: use one of ${[...names].join(', ')}`);
  }
  if (workloads.hosts === undefined && env.dnsZoneName === undefined) {
    addIssue(['workloads', 'hosts'], 'has no default without dnsZoneName. Fix: set dnsZoneName, or workloads.hosts');
  }
}

/** The namespace of an environment's services, when it runs any. */
export function workloadsNamespace(env: { name: string; workloads: WorkloadsConfig }): string | undefined {
  return env.workloads.enabled ? (env.workloads.namespace ?? env.name) : undefined;
}

/** The services an environment runs. */
export function workloadServices(workloads: WorkloadsConfig): readonly ServiceSpec[] {
  return workloads.catalogs.flatMap((catalog) => WORKLOAD_CATALOGS[catalog]);
}

/** The services as an environment deploys them: in its `autoscaling` range, scaled down where it says so, with its `delivery` strategies. */
export function deployedWorkloadServices(workloads: WorkloadsConfig): readonly ServiceSpec[] {
  const catalogs = workloadServices(workloads);
  const ranged = workloads.autoscaling === undefined ? catalogs : withAutoscalingRange(catalogs, workloads.autoscaling);
  const scaled = workloads.scaledDown ? scaledForDevelopment(ranged) : ranged;
  return workloads.delivery === undefined ? scaled : withDeliveryStrategies(scaled, workloads.delivery);
}
