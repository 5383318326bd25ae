import { environment } from '@platform/environments/production';
import { describeEnvironmentStacks } from '@platform/stacks/testing';

describeEnvironmentStacks('production', environment, {
  'production-network': { add: 91, resourceCounts: { aws_nat_gateway: 3, aws_eip: 3, aws_subnet: 9, aws_vpc_endpoint: 8 } },
});
