import { loadEnvironment } from '@platform/config';
import { exampleEnvironment } from '@platform/config/testing';
import { App } from 'cdktf';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addEnvironmentStacks } from './environment-stacks';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const only = (blocks: Record<string, Json> | undefined): Json[] => Object.values(blocks ?? {});
const remoteOutput = (stack: string) => new RegExp(`^\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-${stack}\\.outputs\\.cross-stack-output-[\\w.-]+\\}$`);

/**
 * Applications reach PostgreSQL and Redis with IAM authentication: the cluster stack creates each database or cache
 * user's IRSA role, the data stack grants it exactly the connect permissions, and the workloads stack gives it
 * password-less connection URLs.
 */
describe('application access to the data tier (IAM authentication)', () => {
  let outdir: string;
  let stacks: Record<string, Json>;
  let manifest: { stacks: Record<string, { dependencies: string[] }> };
  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'data-access-'));
    const app = new App({ outdir, stackTraces: false });
    addEnvironmentStacks(app, loadEnvironment(exampleEnvironment()));
    app.synth();
    manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    stacks = Object.fromEntries(
      Object.keys(manifest.stacks).map((name) => [name.replace(/^staging-/, ''), JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'))]),
    );
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('the cluster stack creates the backend’s IRSA role, trusted only by its service account, with no policy of its own', () => {
    const cluster = stacks.cluster;
    const [role] = only(cluster.resource.aws_iam_role).filter((candidate) => candidate.name === 'platform-staging-novel-engine-backend');
    expect(role).toBeDefined();
    const [trust] = only(cluster.data.aws_iam_policy_document).filter((document) => JSON.stringify(document).includes('novel-engine-backend'));
    expect(trust.statement[0].condition).toContainEqual(expect.objectContaining({ test: 'StringEquals', values: ['system:serviceaccount:staging:novel-engine-backend'] }));
    expect(only(cluster.resource.aws_iam_role_policy).filter((policy) => JSON.stringify(policy).includes('novel-engine-backend'))).toEqual([]);
  });

  it('the data stack grants that role exactly rds-db:connect as app and elasticache:Connect as the Redis application user', () => {
    const data = stacks.data;
    const [policy, ...others] = only(data.resource.aws_iam_role_policy);
    expect(others).toEqual([]);
    expect(policy.name).toBe('data-access');
    expect(policy.role).toMatch(remoteOutput('staging-cluster'));
    const [instanceId] = Object.keys(data.resource.aws_db_instance);
    expect(JSON.parse(policy.policy)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ConnectToPostgresAsApplicationUser',
          Effect: 'Allow',
          Action: 'rds-db:connect',
          Resource: `arn:aws:rds-db:eu-central-1:123456789012:dbuser:\${aws_db_instance.${instanceId}.resource_id}/app`,
        },
        {
          Sid: 'ConnectToRedisAsApplicationUser',
          Effect: 'Allow',
          Action: 'elasticache:Connect',
          Resource: ['arn:aws:elasticache:eu-central-1:123456789012:replicationgroup:platform-staging', 'arn:aws:elasticache:eu-central-1:123456789012:user:platform-staging-app'],
        },
      ],
    });
  });

  it('the data stack keeps no database-url or redis-url secret', () => {
    const names = only(stacks.data.resource.aws_secretsmanager_secret).map((secret) => secret.name);
    expect(names.filter((name: string) => /database-url|redis-url/.test(name))).toEqual([]);
  });

  it('the backend gets password-less, TLS-verified connection URLs from the data stack, and IAM authentication switched on', () => {
    const backend = only(stacks.workloads.resource.kubernetes_deployment_v1).find((deployment) => deployment.metadata.name === 'novel-engine-backend');
    const env = Object.fromEntries(backend.spec.template.spec.container[0].env.filter((variable: Json) => variable.value !== undefined).map((variable: Json) => [variable.name, variable.value]));
    const host = '\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-staging-data\\.outputs\\.cross-stack-output-[\\w.-]+\\}';
    expect(env).toEqual({
      AWS_REGION: 'eu-central-1',
      DATABASE_IAM_AUTH: 'true',
      DATABASE_URL: expect.stringMatching(new RegExp(`^postgresql://app@${host}:5432/app\\?sslmode=verify-full$`)),
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://opentelemetry-collector.monitoring.svc.cluster.local:4318',
      REDIS_IAM_AUTH: 'true',
      REDIS_URL: expect.stringMatching(new RegExp(`^rediss://platform-staging-app@${host}:6379$`)),
    });
    const secrets = only(stacks.workloads.resource.kubernetes_manifest).filter((manifest) => manifest.manifest.kind === 'ExternalSecret');
    expect(JSON.stringify(secrets)).not.toMatch(/DATABASE_URL|REDIS_URL/);
  });

  it('the backend’s NetworkPolicy lets it reach STS’s interface endpoint in the VPC on 443', () => {
    const policy = only(stacks.workloads.resource.kubernetes_network_policy_v1).find((candidate) => candidate.metadata.name === 'novel-engine-backend');
    expect(policy.spec.egress).toContainEqual({ to: [{ ip_block: { cidr: '10.30.0.0/16' } }], ports: [{ port: '443', protocol: 'TCP' }] });
  });

  it('deploys in order: data after cluster, workloads after data', () => {
    expect(manifest.stacks['staging-data'].dependencies).toContain('staging-cluster');
    // staging-observability installs kube-prometheus-stack, whose CRD the ServiceMonitors need at plan time.
    expect(manifest.stacks['staging-workloads'].dependencies).toEqual(expect.arrayContaining(['staging-data', 'staging-cluster', 'staging-cluster-addons', 'staging-observability']));
  });
});
