import { ADDON_SERVICE_ACCOUNTS, CLUSTER_ADDON_NAMES, ClusterAddonName, IrsaAddonName } from '@platform/cluster-addons';
import { ClusterAddonName as ConfigAddonName, EnvironmentInput, loadEnvironment } from '@platform/config';
import { exampleEcsEnvironment, exampleEnvironment } from '@platform/config/testing';
import { TerraformStack, Testing } from 'cdktf';
import { addEnvironmentStacks, environmentStackNames } from './environment-stacks';

/** Every resource of the cluster and add-ons stacks (where add-ons live), as `<stack>:<type>.<logical id>`. */
function resourceAddresses(input: EnvironmentInput): Set<string> {
  const stacks = addEnvironmentStacks(Testing.app(), loadEnvironment(input)).filter((stack) => /-cluster(-addons)?$/.test(stack.node.id));
  return new Set(
    stacks.flatMap((stack) =>
      Object.entries(JSON.parse(Testing.synth(stack)).resource ?? {}).flatMap(([type, blocks]) =>
        Object.keys(blocks as object).map((id) => `${stack.node.id}:${type}.${id}`),
      ),
    ),
  );
}

/** Construct ids of an add-on's resources: its Helm release, its IRSA role, and for velero the backup bucket and key. */
function addonPattern(addon: ClusterAddonName): RegExp {
  const release = `addons_${addon[0].toUpperCase()}${addon.slice(1)}_`;
  const role = addon in ADDON_SERVICE_ACCOUNTS ? `|eks_addon-${ADDON_SERVICE_ACCOUNTS[addon as IrsaAddonName].name}_` : '';
  const backups = addon === 'velero' ? '|\\.backups_|\\.backup-key' : '';
  // The shared ALB's certificate, web ACL and access logs exist only for the controller that builds the ALB.
  const edge = addon === 'awsLoadBalancerController' ? '|\\.ingress-edge_' : '';
  return new RegExp(`${release}${role}${backups}${edge}`);
}

describe('the stacks of an environment', () => {
  it('are network, cluster, cluster-addons, cluster-config, data, monitoring, observability and workloads, as named for state keys and deploy order', () => {
    const environment = loadEnvironment(exampleEnvironment());
    const stacks = addEnvironmentStacks(Testing.app(), environment);
    expect(stacks.map((stack) => stack.node.id)).toEqual(environmentStackNames(environment));
    // The default recovery (backup-restore) adds the copies' stack in eu-west-1 before the data and the backups last.
    expect(environmentStackNames(environment)).toEqual(
      ['network', 'cluster', 'cluster-addons', 'cluster-config', 'recovery-eu-west-1', 'data', 'monitoring', 'observability', 'workloads', 'recovery'].map((kind) => `staging-${kind}`),
    );
  });

  it('deploy the add-ons’ custom resources (cluster-config) after the add-ons, and the Kubernetes stacks that use them after cluster-config and data', () => {
    const stacks = addEnvironmentStacks(Testing.app(), loadEnvironment(exampleEnvironment()));
    const dependencies = (kind: string) => (stacks.find((stack) => stack.node.id === `staging-${kind}`) as TerraformStack).dependencies.map((stack) => stack.node.id);
    expect(dependencies('cluster-config')).toEqual(expect.arrayContaining(['staging-cluster-addons']));
    for (const kind of ['observability', 'workloads']) expect(dependencies(kind)).toEqual(expect.arrayContaining(['staging-cluster-addons', 'staging-cluster-config', 'staging-data']));
  });

  it('are network, data, monitoring and services on ECS, with no cluster, and services deploy after the alarms they roll back on', () => {
    const environment = loadEnvironment(exampleEcsEnvironment());
    const app = Testing.app();
    const stacks = addEnvironmentStacks(app, environment);
    expect(stacks.map((stack) => stack.node.id)).toEqual(environmentStackNames(environment));
    expect(environmentStackNames(environment)).toEqual(['network', 'recovery-eu-west-1', 'data', 'monitoring', 'services', 'recovery'].map((kind) => `storymagic-production-${kind}`));
    const services = stacks.find((stack) => stack.node.id === 'storymagic-production-services') as TerraformStack;
    // Cross-stack references become dependencies when the app is synthesized.
    app.synth();
    expect(services.dependencies.map((stack) => stack.node.id)).toEqual(
      expect.arrayContaining(['storymagic-production-network', 'storymagic-production-data', 'storymagic-production-monitoring']),
    );
  });

  it('leave out the observability stack when nothing of it runs in the cluster', () => {
    const environment = loadEnvironment(exampleEnvironment({ observability: { metrics: { enabled: false }, logs: { enabled: false }, tracing: { enabled: false } } }));
    const stacks = addEnvironmentStacks(Testing.app(), environment);
    expect(stacks.map((stack) => stack.node.id)).toEqual(environmentStackNames(environment));
    expect(environmentStackNames(environment)).not.toContain('staging-observability');
    expect(environmentStackNames(environment)).toContain('staging-monitoring');
  });

  it('turn on the VPC CNI network policy agent, which enforces the namespaces’ NetworkPolicies', () => {
    const cluster = stackOf(addEnvironmentStacks(Testing.app(), loadEnvironment(exampleEnvironment())), 'staging-cluster');
    const addons = Object.values(JSON.parse(Testing.synth(cluster)).resource.aws_eks_addon) as { addon_name: string; configuration_values?: string }[];
    expect(JSON.parse(addons.find((addon) => addon.addon_name === 'vpc-cni')?.configuration_values ?? '{}')).toMatchObject({ enableNetworkPolicy: 'true' });
  });

  it.each([
    [false, 2],
    [true, 3],
  ])('with production %s run %i Kyverno admission controllers with a disruption budget, so its enforcing policies may fail closed', (production, replicas) => {
    const stacks = addEnvironmentStacks(Testing.app(), loadEnvironment(exampleEnvironment({ production })));
    const releases = Object.values(JSON.parse(Testing.synth(stackOf(stacks, 'staging-cluster-addons'))).resource.helm_release) as { name: string; values: string[] }[];
    expect(JSON.parse(releases.find((release) => release.name === 'kyverno')?.values[0] ?? '{}').admissionController).toMatchObject({ replicas, podDisruptionBudget: { enabled: true, minAvailable: 1 } });
    const manifests = Object.values(JSON.parse(Testing.synth(stackOf(stacks, 'staging-cluster-config'))).resource.kubernetes_manifest) as { manifest: { kind: string; spec: { failurePolicy: string; rules: { validate: { failureAction: string } }[] } } }[];
    const policies = manifests.map((resource) => resource.manifest).filter((manifest) => manifest.kind === 'ClusterPolicy');
    expect(policies.length).toBeGreaterThan(0);
    for (const policy of policies) {
      const enforces = policy.spec.rules.some((rule) => rule.validate.failureAction === 'Enforce');
      expect(policy.spec.failurePolicy).toBe(enforces ? 'Fail' : 'Ignore');
    }
  });

  it('tag what the AWS Load Balancer Controller creates (the shared ALB, target groups, security groups) with the environment’s tags', () => {
    const stacks = addEnvironmentStacks(Testing.app(), loadEnvironment(exampleEnvironment()));
    const releases = Object.values(JSON.parse(Testing.synth(stackOf(stacks, 'staging-cluster-addons'))).resource.helm_release) as { name: string; values: string[] }[];
    expect(JSON.parse(releases.find((release) => release.name === 'aws-load-balancer-controller')?.values[0] ?? '{}').defaultTags).toEqual({
      Environment: 'staging',
      Project: 'platform',
      Owner: 'platform-team',
      CostCenter: 'CC-1',
      ManagedBy: 'aws-load-balancer-controller',
    });
  });

  it('confine external-dns to the environment’s hosted zone: its IAM policy and its zone id filter', () => {
    const stacks = addEnvironmentStacks(Testing.app(), loadEnvironment(exampleEnvironment()));
    const [cluster, addons] = [stackOf(stacks, 'staging-cluster'), stackOf(stacks, 'staging-cluster-addons')];
    const policies = Object.values(JSON.parse(Testing.synth(cluster)).resource.aws_iam_role_policy) as { name: string; policy: string }[];
    const statements = JSON.parse(policies.find((policy) => policy.name === 'external-dns')?.policy ?? '{}').Statement as { Action: string[]; Resource: string }[];
    expect(statements.find((statement) => statement.Action.includes('route53:ChangeResourceRecordSets'))?.Resource).toBe('arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ');
    const releases = Object.values(JSON.parse(Testing.synth(addons)).resource.helm_release) as { name: string; values: string[] }[];
    expect(JSON.parse(releases.find((release) => release.name === 'external-dns')?.values[0] ?? '{}').extraArgs).toMatchObject({ 'zone-id-filter': 'Z0123456789ABCDEFGHIJ' });
  });

  describe('turning one add-on off removes exactly its resources', () => {
    // Grafana needs external-secrets and the AWS Load Balancer Controller, and so do the workloads' Ingresses; without
    // the in-cluster observability stack and the workloads each add-on can be turned off on its own.
    const observability = { metrics: { enabled: false }, logs: { enabled: false }, tracing: { enabled: false } };
    const workloads = { enabled: false };
    const everything = resourceAddresses(exampleEnvironment({ observability, workloads }));
    it.each(CLUSTER_ADDON_NAMES)('%s', (addon) => {
      const without = resourceAddresses(exampleEnvironment({ observability, workloads, cluster: { addons: { [addon as ConfigAddonName]: false } } }));
      const removed = [...everything].filter((address) => !without.has(address)).sort();
      expect([...without].filter((address) => !everything.has(address))).toEqual([]);
      expect(removed.length).toBeGreaterThan(0);
      expect(removed).toEqual([...everything].filter((address) => addonPattern(addon).test(address)).sort());
    });
  });
});

function stackOf(stacks: readonly TerraformStack[], name: string): TerraformStack {
  return stacks.find((stack) => stack.node.id === name) as TerraformStack;
}
