import { runSimulation, Simulation } from '@cloud-copilot/iam-simulate';
import { synthJson } from '@platform/terraform-testing';
import { AccessLogBucket } from './access-log-bucket';

const ACCOUNT = '123456789012';
const ELB_EU_CENTRAL_1 = 'arn:aws:iam::054676820928:root';
const BUCKET = 'storymagic-production-alb-logs-123456789012';
const policy = JSON.parse(
  synthJson(
    (scope) => new AccessLogBucket(scope, 'logs', { bucketName: BUCKET, accountId: ACCOUNT, region: 'eu-central-1', prefix: 'alb', retentionDays: 90, preventDestroy: true }),
  ).resource('aws_s3_bucket_policy', 'Policy').policy as string,
);
const TLS = { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3' };

/**
 * What S3 decides for a PutObject by `principal` under this bucket policy, the principal's own account allowing
 * everything (cross-account access needs both sides; only the bucket's side is under test).
 */
async function decidePut(principal: string, key: string, context: Record<string, string> = TLS): Promise<string> {
  const simulation: Simulation = {
    request: {
      principal,
      action: 's3:PutObject',
      resource: { resource: `arn:aws:s3:::${BUCKET}/${key}`, accountId: ACCOUNT },
      contextVariables: context,
    },
    identityPolicies: [{ name: 'all', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: policy,
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
  return result.overallResult;
}

describe('AccessLogBucket policy, simulated', () => {
  const logKey = `alb/AWSLogs/${ACCOUNT}/elasticloadbalancing/eu-central-1/2026/12/05/log.gz`;

  it('lets the eu-central-1 ELB account write access logs and its test object under <prefix>/AWSLogs/<account>/', async () => {
    expect(await decidePut(ELB_EU_CENTRAL_1, logKey)).toBe('Allowed');
    expect(await decidePut(ELB_EU_CENTRAL_1, `alb/AWSLogs/${ACCOUNT}/ELBAccessLogTestFile`)).toBe('Allowed');
  });

  it.each([
    ['another account’s log prefix', ELB_EU_CENTRAL_1, 'alb/AWSLogs/999999999999/elasticloadbalancing/x.log.gz'],
    ['outside the prefix', ELB_EU_CENTRAL_1, 'other/object'],
    ['another Region’s ELB account', 'arn:aws:iam::156460612806:root', logKey],
    ['any other account', 'arn:aws:iam::999999999999:root', logKey],
  ])('refuses a write to %s', async (_, principal, key) => {
    expect(await decidePut(principal, key)).toBe('ImplicitlyDenied');
  });

  it('refuses plain HTTP and TLS below 1.2 even to the ELB account', async () => {
    expect(await decidePut(ELB_EU_CENTRAL_1, logKey, { 'aws:SecureTransport': 'false', 's3:TlsVersion': '1.3' })).toBe('ExplicitlyDenied');
    expect(await decidePut(ELB_EU_CENTRAL_1, logKey, { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.1' })).toBe('ExplicitlyDenied');
  });
});
