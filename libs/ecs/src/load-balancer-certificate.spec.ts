import { synthJson } from '@platform/terraform-testing';
import { TerraformOutput } from 'cdktf';
import { LoadBalancerCertificate, LoadBalancerCertificateProps } from './load-balancer-certificate';

const PROPS: LoadBalancerCertificateProps = { domainName: 'api.storymagic.example.com', hostedZoneId: 'Z0123456789' };
const synth = (props: Partial<LoadBalancerCertificateProps> = {}) => synthJson((scope) => new LoadBalancerCertificate(scope, 'certificate', { ...PROPS, ...props }));

describe('LoadBalancerCertificate', () => {
  const json = synth();
  const certificate = json.resource('aws_acm_certificate', 'certificate');

  it('requests an RSA 2048, DNS-validated certificate, replaced before it is destroyed', () => {
    expect(certificate).toMatchObject({
      domain_name: 'api.storymagic.example.com',
      validation_method: 'DNS',
      key_algorithm: 'RSA_2048',
      lifecycle: { create_before_destroy: true },
    });
    expect(certificate.subject_alternative_names).toBeUndefined();
  });

  it('creates one validation record per validated name, keyed by the name (not list position) over the raw set (tolist() of it is unknown at plan), in the zone', () => {
    const records = json.resource('aws_route53_record', 'ValidationRecord');
    expect(records).toMatchObject({ zone_id: 'Z0123456789', ttl: 300, allow_overwrite: true, records: ['${each.value.resource_record_value}'] });
    expect(records.for_each).toBe(`\${{ for key, val in ${json.ref(certificate, 'domain_validation_options').slice(2, -1)}: val.domain_name => val }}`);
  });

  it('waits for validation through the records, and hands out the validated ARN', () => {
    const validation = json.resource('aws_acm_certificate_validation', 'Validation');
    expect(validation.certificate_arn).toBe(json.ref(certificate, 'arn'));
    expect(validation.validation_record_fqdns).toEqual(expect.stringContaining('aws_route53_record.'));
    const withOutput = synthJson((scope) => {
      new TerraformOutput(scope, 'arn', { value: new LoadBalancerCertificate(scope, 'certificate', PROPS).certificateArn });
    });
    expect((withOutput.json.output as Record<string, { value: string }>).arn.value).toBe(withOutput.ref(withOutput.resource('aws_acm_certificate_validation', 'Validation'), 'certificate_arn'));
  });

  it('leaves the validation records to the other region\'s certificate of the same names when told, and only waits for issuance', () => {
    const standby = synth({ validationRecords: false });
    expect(standby.resources('aws_route53_record')).toHaveLength(0);
    const validation = standby.resource('aws_acm_certificate_validation', 'Validation');
    expect(validation.certificate_arn).toBe(standby.ref(standby.resource('aws_acm_certificate', 'certificate'), 'arn'));
    expect(validation.validation_record_fqdns).toBeUndefined();
  });

  it('takes alternative names and an ECDSA key', () => {
    const other = synth({ subjectAlternativeNames: ['www.storymagic.example.com'], keyAlgorithm: 'EC_prime256v1' }).resource('aws_acm_certificate', 'certificate');
    expect(other).toMatchObject({ subject_alternative_names: ['www.storymagic.example.com'], key_algorithm: 'EC_prime256v1' });
  });

  it.each([
    [{ domainName: 'https://api.example.com' }, /domainName: 'https:\/\/api.example.com' is not a lower-case DNS host name/],
    [{ domainName: 'API.example.com' }, /domainName: 'API.example.com' is not/],
    [{ domainName: '*.example.com' }, /domainName: '\*.example.com' is not/],
    [{ subjectAlternativeNames: ['www.example.com', 'www.example.com'] }, /subjectAlternativeNames: repeats a name/],
    [{ subjectAlternativeNames: ['api.storymagic.example.com'] }, /subjectAlternativeNames: repeats a name/],
    [{ subjectAlternativeNames: ['bad name'] }, /subjectAlternativeNames: 'bad name' is not/],
    [{ keyAlgorithm: 'RSA_1024' as never }, /keyAlgorithm: 'RSA_1024' is not a key algorithm/],
    [{ hostedZoneId: '' }, /hostedZoneId: is empty/],
  ])('rejects %j', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
