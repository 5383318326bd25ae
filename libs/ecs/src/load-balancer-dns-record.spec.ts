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

  it('publishes the aliases as one half of a failover pair, with its set identifier and health check', () => {
    const json = synth({ ipv6: true, failover: { role: 'SECONDARY', setIdentifier: 'eu-west-1', healthCheckId: '${aws_route53_health_check.api.id}' } });
    for (const type of ['A', 'AAAA']) {
      expect(json.resource('aws_route53_record', type)).toMatchObject({
        type,
        set_identifier: 'eu-west-1',
        failover_routing_policy: { type: 'SECONDARY' },
        health_check_id: '${aws_route53_health_check.api.id}',
        alias: { evaluate_target_health: true },
      });
    }
    expect(synth().resource('aws_route53_record', 'A')).not.toHaveProperty('set_identifier');
  });

  it('rejects a failover set identifier Route 53 does not take, and a role that is not PRIMARY or SECONDARY', () => {
    expect(() => synth({ failover: { role: 'PRIMARY', setIdentifier: 'eu west 1', healthCheckId: 'x' } })).toThrow(/failover.setIdentifier: 'eu west 1' is not 1 to 128 letters/);
    expect(() => synth({ failover: { role: 'MAIN' as 'PRIMARY', setIdentifier: 'eu-west-1', healthCheckId: 'x' } })).toThrow(/failover.role: 'MAIN' is not PRIMARY or SECONDARY/);
  });

  it('rejects a name that is not a host name', () => {
    expect(() => synth({ domainName: 'api.example.com.' })).toThrow(/domainName: 'api.example.com.' is not a lower-case DNS host name/);
  });
});
