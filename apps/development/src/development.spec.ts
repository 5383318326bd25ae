import { environment } from '@platform/environments/development';
import { describeEnvironmentStacks } from '@platform/stacks/testing';

describeEnvironmentStacks('development', environment, {
  'development-network': { add: 79, resourceCounts: { aws_nat_gateway: 1, aws_eip: 1, aws_subnet: 9, aws_vpc_endpoint: 2 } },
});
