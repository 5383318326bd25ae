// The shared simulation of IAM decisions (one implementation for every library's specs).
export { decide, SIMULATED_ACCOUNT, type SimulatedRequest } from '@platform/terraform-testing/iam';
