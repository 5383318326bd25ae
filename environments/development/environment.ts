import { defineEnvironment } from '@platform/config';
import { organization } from '@platform/environments/common';

/** Development: small and cheap. One NAT gateway, no interface endpoints, a month of flow logs. */
export const environment = defineEnvironment({
  ...organization,
  name: 'development',
  accountId: '100000000001',
  network: {
    vpcCidr: '10.10.0.0/16',
    natGateways: 'single',
    interfaceEndpoints: [],
    flowLogRetentionDays: 30,
  },
});
