import { synthJson } from '@platform/terraform-testing';
import { ADDON_CHARTS } from './addon-catalog';
import { ExternalSecrets } from './external-secrets';
import { releaseOf, releaseSettings, valuesOf } from './private/testing';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/platform-production-external-secrets';

describe('ExternalSecrets', () => {
  const synth = (roleArn = ROLE_ARN) => synthJson((scope) => new ExternalSecrets(scope, 'eso', { roleArn }));
  const release = releaseOf(synth(), 'eso');
  const values = valuesOf(release);

  it('installs the pinned chart into its own namespace, atomically', () => {
    expect(release).toMatchObject({
      ...releaseSettings(ADDON_CHARTS.externalSecrets, 'external-secrets', true),
      name: 'external-secrets',
      repository: 'https://charts.external-secrets.io',
      chart: 'external-secrets',
      version: '2.9.0',
    });
  });

  it('installs its CRDs and runs as the service account the IRSA role trusts', () => {
    expect(values.installCRDs).toBe(true);
    expect(values.serviceAccount).toEqual({ create: true, name: 'external-secrets', annotations: { 'eks.amazonaws.com/role-arn': ROLE_ARN } });
  });

  it('runs a leader-elected controller and the webhook twice behind disruption budgets', () => {
    const highlyAvailable = { replicaCount: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } };
    expect(values).toMatchObject({ ...highlyAvailable, leaderElect: true, webhook: highlyAvailable });
  });

  it('rejects a malformed role ARN', () => {
    expect(() => synth('external-secrets')).toThrow(/eso: roleArn: 'external-secrets' is not an IAM role ARN/);
  });
});
