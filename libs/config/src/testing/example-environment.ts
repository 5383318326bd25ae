import { EnvironmentInput } from '../environment-schema';

/** A valid environment for tests (staging, three AZs of eu-central-1); tests state only what they change. */
export function exampleEnvironment(overrides: Partial<EnvironmentInput> = {}): EnvironmentInput {
  return {
    name: 'staging',
    project: 'platform',
    owner: 'platform-team',
    costCenter: 'CC-1',
    contactEmail: 'platform-team@example.com',
    dnsZoneName: 'staging.example.com',
    dnsZoneId: 'Z0123456789ABCDEFGHIJ',
    accountId: '123456789012',
    region: 'eu-central-1',
    availabilityZones: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'],
    network: { vpcCidr: '10.30.0.0/16' },
    ...overrides,
    cluster: { adminRoleArns: ['arn:aws:iam::123456789012:role/platform-admin'], ...overrides.cluster },
  };
}
