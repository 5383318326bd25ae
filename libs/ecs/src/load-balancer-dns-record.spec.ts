import { synthJson } from '@platform/terraform-testing';
import { LoadBalancerDnsRecord, LoadBalancerDnsRecordProps } from './load-balancer-dns-record';

const PROPS: LoadBalancerDnsRecordProps = {
  domainName: 'api.storymagic.example.com',
  hostedZoneId: 'Z0123456789',
  target: { dnsName: 'storymagic-1.eu-central-1.elb.amazonaws.com', zoneId: 'Z215JYRZR1TBD5' },
};
const synth = (props: Partial<LoadBalancerDnsRecordProps> = {}) => synthJson((scope) => new LoadBalancerDnsRecord(scope, 'dns', { ...PROPS, ...props }));

describe('LoadBalancerDnsRecord', () => {
  it('points an A alias at the load balancer, evaluating its health, and no AAAA by default', () => {
    const json = synth();
    expect(json.resources('aws_route53_record')).toHaveLength(1);
    expect(json.resource('aws_route53_record', 'A')).toMatchObject({
      zone_id: 'Z0123456789',
      name: 'api.storymagic.example.com',
      type: 'A',
      alias: { name: PROPS.target.dnsName, zone_id: 'Z215JYRZR1TBD5', evaluate_target_health: true },
    });
  });

  it('adds an AAAA alias with ipv6', () => {
    const json = synth({ ipv6: true });
    expect(json.resource('aws_route53_record', 'AAAA')).toMatchObject({ type: 'AAAA', alias: { name: PROPS.target.dnsName, evaluate_target_health: true } });
  });

  it('rejects a name that is not a host name', () => {
    expect(() => synth({ domainName: 'api.example.com.' })).toThrow(/domainName: 'api.example.com.' is not a lower-case DNS host name/);
  });
});
