import { environment } from '@platform/environments/staging';
import { describeEnvironmentStacks } from '@platform/stacks/testing';

describeEnvironmentStacks('staging', environment, {
  'staging-network': { add: 91, resourceCounts: { aws_nat_gateway: 3, aws_eip: 3, aws_subnet: 9, aws_vpc_endpoint: 8 } },
});
