import { defineEnvironment } from '@platform/config';
import { organization } from '@platform/environments/common';

/** Staging: production-like (NAT per AZ, interface endpoints), with shorter flow log retention. */
export const environment = defineEnvironment({
  ...organization,
  name: 'staging',
  accountId: '100000000003',
  network: {
    vpcCidr: '10.30.0.0/16',
    flowLogRetentionDays: 90,
  },
});
