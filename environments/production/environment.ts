import { defineEnvironment } from '@platform/config';
import { organization } from '@platform/environments/common';

/** Production: every default (NAT per AZ, all interface endpoints, a year of flow logs). */
export const environment = defineEnvironment({
  ...organization,
  name: 'production',
  accountId: '100000000004',
  network: {
    vpcCidr: '10.40.0.0/16',
  },
});
