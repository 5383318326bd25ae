import { environment } from '@platform/environments/testing';
import { describeEnvironmentStacks } from '@platform/stacks/testing';

describeEnvironmentStacks('testing', environment, {
  'testing-network': { add: 79, resourceCounts: { aws_nat_gateway: 1, aws_eip: 1, aws_subnet: 9, aws_vpc_endpoint: 2 } },
});
