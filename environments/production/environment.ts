import { defineEnvironment } from '@platform/config';
import { applicationImages, organization } from '@platform/environments/common';

/** Production: every default (NAT per AZ, all interface endpoints, the seed node groups, every add-on). */
export const environment = defineEnvironment({
  ...organization,
  name: 'production',
  dnsZoneName: 'platform.example.com',
  accountId: '100000000004',
  network: {
    vpcCidr: '10.40.0.0/16',
  },
  cluster: {
    ecrRepositories: applicationImages,
    adminRoleArns: ['arn:aws:iam::100000000004:role/platform-admin'],
    namespaces: ['production', 'monitoring'],
  },
  data: {
    search: { enabled: true },
    queues: ['tasks', 'notifications'],
    topics: ['domain-events'],
  },
});
