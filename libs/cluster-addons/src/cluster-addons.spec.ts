import { synthJson } from '@platform/terraform-testing';
import { ADDON_CHARTS, ADDON_PLACEMENTS, CLUSTER_ADDON_NAMES, ClusterAddonName, IRSA_ADDON_NAMES, IrsaAddonName } from './addon-catalog';
import { AlbIngressSettings } from './alb-ingress';
import { ClusterAddons, ClusterAddonsProps } from './cluster-addons';
import { valuesOf } from './private/testing';

const PROPS: ClusterAddonsProps = {
  clusterName: 'platform-production',
  region: 'eu-central-1',
  vpcId: 'vpc-0123abcd',
  roleArns: Object.fromEntries(IRSA_ADDON_NAMES.map((addon) => [addon, `arn:aws:iam::123456789012:role/platform-production-${addon}`])),
  hostedZoneName: 'example.com',
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  veleroBucket: 'platform-production-velero',
  namespaces: { production: {}, monitoring: { podSecurity: 'baseline' } },
};
const ALB: AlbIngressSettings = {
  loadBalancerName: 'platform-production-ingress',
  certificateArn: 'arn:aws:acm:eu-central-1:123456789012:certificate/0000-1111',
  webAclArn: 'arn:aws:wafv2:eu-central-1:123456789012:regional/webacl/platform-production-ingress/2222',
  securityGroupIds: ['sg-0123abcd'],
};

const synth = (props: Partial<ClusterAddonsProps> = {}) => synthJson((scope) => new ClusterAddons(scope, 'addons', { ...PROPS, ...props }));
/** Every resource address (`type.logicalId`) of a synthesized stack. */
const addresses = (json: ReturnType<typeof synth>) => Object.entries(json.json.resource ?? {}).flatMap(([type, blocks]) => Object.keys(blocks).map((id) => `${type}.${id}`));
const releasesByName = (json: ReturnType<typeof synth>) => Object.fromEntries(json.resources('helm_release').map((r) => [r.name as string, r]));

describe('ClusterAddons', () => {
  const allOn = synth();

  describe('with every add-on enabled (the default)', () => {
    const releases = releasesByName(allOn);

    it('installs one pinned release per add-on, in its namespace', () => {
      expect(Object.keys(releases).sort()).toEqual(CLUSTER_ADDON_NAMES.map((addon) => ADDON_PLACEMENTS[addon].releaseName).sort());
      for (const addon of CLUSTER_ADDON_NAMES) {
        const { repository, chart, version } = ADDON_CHARTS[addon];
        expect(releases[ADDON_PLACEMENTS[addon].releaseName]).toMatchObject({ repository, chart, version, namespace: ADDON_PLACEMENTS[addon].namespace, atomic: true, wait: true });
      }
    });

    it('creates each add-on’s own namespace with Pod Security labels before its release (restricted; baseline for velero)', () => {
      const namespaces = Object.fromEntries(allOn.resources('kubernetes_namespace_v1').map((namespace) => [(namespace.metadata as { name: string }).name, namespace]));
      const expected = { 'cert-manager': 'restricted', 'external-secrets': 'restricted', 'external-dns': 'restricted', velero: 'baseline' };
      for (const [name, level] of Object.entries(expected)) {
        expect(namespaces[name]?.metadata).toEqual({
          name,
          labels: {
            'pod-security.kubernetes.io/enforce': level,
            'pod-security.kubernetes.io/enforce-version': 'latest',
            'pod-security.kubernetes.io/audit': 'restricted',
            'pod-security.kubernetes.io/warn': 'restricted',
          },
        });
        const release = Object.values(releases).find((candidate) => candidate.namespace === name);
        expect(release).toMatchObject({ create_namespace: false, depends_on: expect.arrayContaining([`kubernetes_namespace_v1.${namespaces[name].logicalId}`]) });
      }
      expect(Object.values(releases).every((release) => release.create_namespace === false)).toBe(true);
    });

    it('installs the AWS Load Balancer Controller before every other release, whose Services its webhook admits', () => {
      const lbc = `helm_release.${releases['aws-load-balancer-controller'].logicalId}`;
      expect(releases['aws-load-balancer-controller']).not.toHaveProperty('depends_on');
      for (const release of Object.values(releases).filter((r) => r.name !== 'aws-load-balancer-controller')) expect(release.depends_on).toContain(lbc);
    });

    it.each<[string, (values: never) => Record<string, string>, IrsaAddonName]>([
      ['cluster-autoscaler', (v: { rbac: { serviceAccount: { annotations: Record<string, string> } } }) => v.rbac.serviceAccount.annotations, 'clusterAutoscaler'],
      ['aws-load-balancer-controller', (v: { serviceAccount: { annotations: Record<string, string> } }) => v.serviceAccount.annotations, 'awsLoadBalancerController'],
      ['external-secrets', (v: { serviceAccount: { annotations: Record<string, string> } }) => v.serviceAccount.annotations, 'externalSecrets'],
      ['external-dns', (v: { serviceAccount: { annotations: Record<string, string> } }) => v.serviceAccount.annotations, 'externalDns'],
      ['velero', (v: { serviceAccount: { server: { annotations: Record<string, string> } } }) => v.serviceAccount.server.annotations, 'velero'],
    ])('passes %s its IRSA role', (release, annotations, addon) => {
      expect(annotations(valuesOf(releases[release]) as never)).toEqual({ 'eks.amazonaws.com/role-arn': PROPS.roleArns?.[addon] });
    });

    it('wires cluster, region, VPC, zone and bucket into the add-ons that need them', () => {
      expect(valuesOf(releases['aws-load-balancer-controller'])).toMatchObject({ clusterName: 'platform-production', region: 'eu-central-1', vpcId: 'vpc-0123abcd' });
      expect(valuesOf(releases['cluster-autoscaler'])).toMatchObject({ awsRegion: 'eu-central-1', autoDiscovery: { clusterName: 'platform-production' } });
      expect(valuesOf(releases['external-dns'])).toMatchObject({
        domainFilters: ['example.com'],
        extraArgs: { 'zone-id-filter': 'Z0123456789ABCDEFGHIJ' },
        txtOwnerId: 'platform-production',
        policy: 'upsert-only',
      });
      expect(valuesOf(releases.velero).configuration.backupStorageLocation[0]).toMatchObject({ bucket: 'platform-production-velero', config: { region: 'eu-central-1' } });
      expect(valuesOf(releases.velero).schedules.daily).toMatchObject({ schedule: '0 2 * * *', template: { ttl: '72h0m0s' } });
    });

    it('creates no custom resource: their CRDs come from its own releases, which a plan cannot see yet (ClusterConfig creates them)', () => {
      expect(allOn.resources('kubernetes_manifest')).toEqual([]);
    });

    it('creates the default StorageClass gp3 of encrypted EBS volumes, bound when the first pod is scheduled', () => {
      expect(allOn.resources('kubernetes_storage_class_v1')).toEqual([
        expect.objectContaining({
          metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
          storage_provisioner: 'ebs.csi.aws.com',
          parameters: { type: 'gp3', encrypted: 'true' },
          volume_binding_mode: 'WaitForFirstConsumer',
          allow_volume_expansion: true,
          reclaim_policy: 'Delete',
        }),
      ]);
    });

    it('creates the platform namespaces and the add-ons’ own', () => {
      expect(allOn.resources('kubernetes_namespace_v1').map((n) => (n.metadata as { name: string }).name).sort()).toEqual([
        'cert-manager',
        'external-dns',
        'external-secrets',
        'monitoring',
        'production',
        'velero',
      ]);
    });

    it('passes options through to the add-ons', () => {
      const tuned = releasesByName(synth({ alb: ALB, externalDns: { policy: 'sync' }, clusterAutoscaler: { imageTag: 'v1.33.0' } }));
      expect(valuesOf(tuned['aws-load-balancer-controller']).ingressClassParams).toMatchObject({ create: true, name: 'alb', spec: { wafv2AclArn: ALB.webAclArn } });
      expect(valuesOf(tuned['external-dns']).policy).toBe('sync');
      expect(valuesOf(tuned['cluster-autoscaler']).image).toEqual({ tag: 'v1.33.0' });
    });
  });

  describe('switching one add-on off removes exactly its resources', () => {
    const constructPrefix = (addon: ClusterAddonName) => `addons_${ClusterAddons.CONSTRUCT_IDS[addon]}_`;

    it.each(CLUSTER_ADDON_NAMES.map((addon) => [addon]))('%s', (addon) => {
      const oneOff = synth({ addons: { [addon]: false } });
      const before = addresses(allOn);
      const after = addresses(oneOff);
      const removed = before.filter((address) => !after.includes(address));
      expect(after.filter((address) => !before.includes(address))).toEqual([]);
      expect(removed.length).toBeGreaterThan(0);
      expect(removed).toEqual(before.filter((address) => address.split('.')[1].startsWith(constructPrefix(addon))));
    });

    it('and its required inputs are no longer required', () => {
      expect(() => synth({ addons: { velero: false }, veleroBucket: undefined, roleArns: { ...PROPS.roleArns, velero: undefined } })).not.toThrow();
      expect(() => synth({ addons: { externalDns: false }, hostedZoneName: undefined, hostedZoneId: undefined })).not.toThrow();
    });

    it('without the AWS Load Balancer Controller, the other releases install without waiting (for anything but their namespace)', () => {
      for (const release of synth({ addons: { awsLoadBalancerController: false } }).resources('helm_release')) {
        expect(((release.depends_on as string[] | undefined) ?? []).filter((dependency) => !dependency.startsWith('kubernetes_namespace_v1.'))).toEqual([]);
      }
    });

    it('with every add-on off, only the namespaces and the StorageClass remain', () => {
      const none = synth({ addons: Object.fromEntries(CLUSTER_ADDON_NAMES.map((addon) => [addon, false])), roleArns: {} });
      expect(Object.keys(none.json.resource ?? {}).sort()).toEqual([
        'kubernetes_limit_range_v1',
        'kubernetes_namespace_v1',
        'kubernetes_network_policy_v1',
        'kubernetes_resource_quota_v1',
        'kubernetes_storage_class_v1',
      ]);
    });
  });

  it('serves the region’s ingress name from the shared ALB’s health endpoint, and only with the ALB', () => {
    const served = synth({ alb: ALB, regionalIngressName: 'ingress.eu-central-1.example.com' });
    const [endpoint] = served.resources('kubernetes_ingress_v1');
    expect((endpoint.spec as { rule: { host: string }[] }).rule[0].host).toBe('ingress.eu-central-1.example.com');
    expect(synth({ alb: ALB }).resources('kubernetes_ingress_v1')).toEqual([]);
    expect(() => synth({ regionalIngressName: 'ingress.eu-central-1.example.com' })).toThrow(/addons: regionalIngressName: is served by the shared ALB, which needs alb and the AWS Load Balancer Controller\. Fix: pass alb/);
  });

  it('warns when the shared ALB is set but nothing provisions it', () => {
    const warnings = (props: Partial<ClusterAddonsProps>) => {
      let messages: string[] = [];
      synthJson((scope) => {
        const construct = new ClusterAddons(scope, 'addons', { ...PROPS, ...props });
        messages = construct.node.metadata.filter((entry) => /warn/.test(entry.type)).map((entry) => String(entry.data));
      });
      return messages;
    };
    expect(warnings({ alb: ALB, addons: { awsLoadBalancerController: false } })).toEqual([expect.stringMatching(/alb is set without awsLoadBalancerController/)]);
    expect(warnings({ alb: ALB })).toEqual([]);
  });

  describe('validation', () => {
    it.each(IRSA_ADDON_NAMES.map((addon) => [addon]))('requires the role ARN of %s while it is enabled', (addon) => {
      expect(() => synth({ roleArns: { ...PROPS.roleArns, [addon]: undefined } })).toThrow(
        new RegExp(`addons: roleArns\\.${addon}: is missing\\. Fix: pass the ARN of the IRSA role trusting system:serviceaccount:[a-z-]+:[a-z-]+, or disable the add-on with addons\\.${addon}: false`),
      );
    });

    it.each<[string, Partial<ClusterAddonsProps>, RegExp]>([
      ['a missing hosted zone', { hostedZoneName: undefined }, /addons: hostedZoneName: is missing\. Fix: pass the Route 53 zone ExternalDNS manages/],
      ['a missing hosted zone id', { hostedZoneId: undefined }, /addons: hostedZoneId: is missing\. Fix: pass the id of the Route 53 zone hostedZoneName, e\.g\. Z0123456789ABCDEFGHIJ, or disable the add-on with addons\.externalDns: false/],
      ['a missing Velero bucket', { veleroBucket: undefined }, /addons: veleroBucket: is missing\. Fix: pass the name of the backup bucket, or disable the add-on with addons\.velero: false/],
      ['a malformed role ARN', { roleArns: { ...PROPS.roleArns, velero: 'velero' } }, /addons: roleArns\.velero: 'velero' is not an IAM role ARN/],
      ['an unknown add-on', { addons: { karpenter: false } as never }, /addons: addons\.karpenter: 'karpenter' is not an add-on/],
      ['a malformed VPC id', { vpcId: 'main' }, /addons: vpcId: 'main' is not a VPC id/],
      ['a namespace an add-on owns', { namespaces: { velero: {} } }, /addons: namespaces\.velero: 'velero' is the namespace of the velero add-on, which Helm creates/],
    ])('rejects %s', (_case, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });
});
