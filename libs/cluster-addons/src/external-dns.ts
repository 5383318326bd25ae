import { Release } from '@cdktf/provider-helm/lib/release';
import { ConstructValidationError } from '@platform/core';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ADDON_SERVICE_ACCOUNTS } from './addon-catalog';
import { addonRelease, irsaServiceAccount } from './private/addon-release';
import { AWS_REGION, DNS_NAME, HOSTED_ZONE_ID, IAM_ROLE_ARN, requireFormat } from './private/validation';

/**
 * How ExternalDNS reconciles Route 53 with the cluster:
 * - `upsert-only`: creates and updates records, never deletes any; a removed Ingress leaves its record behind
 *   until someone deletes it, but no bug or misconfiguration can wipe a zone (the default);
 * - `sync`: also deletes records it owns (TXT ownership records carry `txtOwnerId`) when their source goes away;
 * - `create-only`: only creates records that do not exist yet.
 */
export const EXTERNAL_DNS_POLICIES = ['upsert-only', 'sync', 'create-only'] as const;
export type ExternalDnsPolicy = (typeof EXTERNAL_DNS_POLICIES)[number];

/** What to tune on ExternalDNS; the composite passes these through. */
export interface ExternalDnsOptions {
  /**
   * How records are reconciled; see EXTERNAL_DNS_POLICIES.
   * @default 'upsert-only'
   */
  readonly policy?: ExternalDnsPolicy;
  /**
   * Which Route 53 zones named `hostedZoneName` to manage, when a public and a private zone share the name.
   * @default 'public'
   */
  readonly zoneType?: 'public' | 'private';
}

export interface ExternalDnsProps extends ExternalDnsOptions {
  /** Route 53 hosted zone to manage, e.g. `example.com`; records outside it are never touched (`domainFilters`). */
  readonly hostedZoneName: string;
  /**
   * Id of the zone `hostedZoneName`, e.g. `Z0123456789ABCDEFGHIJ` (`--zone-id-filter`): ExternalDNS ignores every
   * other zone, including another zone of the same name, and its IAM role may change records in this zone only.
   */
  readonly hostedZoneId: string;
  /** Owner id written into the TXT ownership records, so two clusters never fight over a record. */
  readonly clusterName: string;
  readonly region: string;
  /** IAM role of the `external-dns/external-dns` service account (IRSA), allowed to change the hosted zone. */
  readonly roleArn: string;
  /** Resources the release waits for (the AWS Load Balancer Controller, whose webhook admits Services). */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * ExternalDNS publishing the hostnames of Ingresses and Services into one Route 53 hosted zone, owning its records
 * through TXT records tagged with the cluster name.
 *
 * Values keys verified against kubernetes-sigs/external-dns charts/external-dns/values.yaml of chart 1.21.1:
 * `provider.name`, `domainFilters`, `txtOwnerId`, `policy`, `registry`, `sources`, `env`, `extraArgs` (map form),
 * `serviceAccount.{create,name,annotations}`. That chart has no values key for the zone id filter, so
 * `--zone-id-filter` goes through `extraArgs` (flag of external-dns v0.21.0, matched as a suffix of the zone's Id).
 */
/**
 * Annotations of an Ingress whose hosts external-dns must leave alone (their records belong to someone else, e.g.
 * Terraform's Route 53 failover records): it then publishes only names given by annotation, and this gives none.
 */
export const EXTERNAL_DNS_IGNORES_HOSTS: Readonly<Record<string, string>> = { 'external-dns.alpha.kubernetes.io/ingress-hostname-source': 'annotation-only' };

export class ExternalDns extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: ExternalDnsProps) {
    super(scope, id);
    const policy = props.policy ?? 'upsert-only';
    const zoneType = props.zoneType ?? 'public';
    requireFormat(this, props.hostedZoneName, 'hostedZoneName', DNS_NAME, 'a DNS zone name', 'pass the Route 53 zone name without the trailing dot, e.g. example.com');
    requireFormat(this, props.hostedZoneId, 'hostedZoneId', HOSTED_ZONE_ID, 'a Route 53 hosted zone id', 'pass the id of the Route 53 zone hostedZoneName without /hostedzone/, e.g. Z0123456789ABCDEFGHIJ');
    ConstructValidationError.require(this, props.clusterName !== '', 'clusterName', 'is empty', 'pass the name of the EKS cluster');
    requireFormat(this, props.region, 'region', AWS_REGION, 'an AWS region', 'use a region name such as eu-central-1');
    requireFormat(this, props.roleArn, 'roleArn', IAM_ROLE_ARN, 'an IAM role ARN', 'pass the ARN of the IRSA role of external-dns/external-dns');
    ConstructValidationError.require(this, EXTERNAL_DNS_POLICIES.includes(policy), 'policy', `'${policy}' is not an ExternalDNS policy`, `use one of ${EXTERNAL_DNS_POLICIES.join(', ')}`);
    ConstructValidationError.require(this, zoneType === 'public' || zoneType === 'private', 'zoneType', `'${zoneType}' is not a Route 53 zone type`, 'use public or private');

    this.release = addonRelease(this, {
      addon: 'externalDns',
      createNamespace: true,
      dependsOn: props.dependsOn,
      values: {
        provider: { name: 'aws' },
        env: [{ name: 'AWS_DEFAULT_REGION', value: props.region }],
        domainFilters: [props.hostedZoneName],
        txtOwnerId: props.clusterName,
        registry: 'txt',
        policy,
        sources: ['service', 'ingress'],
        extraArgs: { 'aws-zone-type': zoneType, 'zone-id-filter': props.hostedZoneId },
        serviceAccount: irsaServiceAccount(ADDON_SERVICE_ACCOUNTS.externalDns.name, props.roleArn),
      },
    });
  }
}
