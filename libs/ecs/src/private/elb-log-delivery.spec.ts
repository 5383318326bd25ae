import { elbLogDeliveryPrincipal } from './elb-log-delivery';

describe('elbLogDeliveryPrincipal', () => {
  it.each([
    ['eu-central-1', { AWS: 'arn:aws:iam::054676820928:root' }],
    ['eu-west-1', { AWS: 'arn:aws:iam::156460612806:root' }],
    ['us-east-1', { AWS: 'arn:aws:iam::127311923021:root' }],
    ['cn-north-1', { AWS: 'arn:aws-cn:iam::638102146993:root' }],
    ['us-gov-west-1', { AWS: 'arn:aws-us-gov:iam::048591011584:root' }],
    // Regions opened in August 2022 or later.
    ['eu-central-2', { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' }],
    ['ap-southeast-4', { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' }],
  ])('in %s is %j', (region, principal) => {
    expect(elbLogDeliveryPrincipal(region)).toEqual(principal);
  });
});
