import { defineEnvironment } from '@platform/config';
import { organization } from '@platform/environments/common';

/** Testing: automated tests and QA on a one-node cluster class. One NAT gateway, no interface endpoints. */
export const environment = defineEnvironment({
  ...organization,
  name: 'testing',
  accountId: '100000000002',
  network: {
    vpcCidr: '10.20.0.0/16',
    natGateways: 'single',
    interfaceEndpoints: [],
    flowLogRetentionDays: 30,
  },
});
