import { usesOnlyAwsProviders } from './ci-inputs-contract';

describe('usesOnlyAwsProviders', () => {
  it.each<[string, object, boolean]>([
    ['an AWS stack (one provider per region)', { provider: { aws: [{ region: 'eu-central-1' }, { alias: 'us-east-1', region: 'us-east-1' }] } }, true],
    ['a Helm and Kubernetes stack', { provider: { aws: [{}], helm: [{}], kubernetes: [{}] } }, false],
    ['a Kubernetes stack without AWS', { provider: { kubernetes: [{}] } }, false],
    // A provider it does not know could reach anything: planned only where the cluster is reachable.
    ['a stack with another provider', { provider: { aws: [{}], random: [{}] } }, false],
    ['a stack without providers', {}, true],
  ])('%s', (_case, stack, awsOnly) => {
    expect(usesOnlyAwsProviders(stack)).toBe(awsOnly);
  });
});
