import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { ConstructValidationError } from '@platform/core';
import { TerraformIterator, Token } from 'cdktf';
import { Construct } from 'constructs';
import { requireHostName } from './private/host-name';

/** Key algorithms ACM issues public certificates with. */
export type CertificateKeyAlgorithm = 'RSA_2048' | 'EC_prime256v1' | 'EC_secp384r1';

export interface LoadBalancerCertificateProps {
  /** Host name the load balancer answers, e.g. `api.storymagic.example.com` (lower case, no wildcard). */
  readonly domainName: string;
  /** Route 53 public hosted zone holding `domainName` (and every alternative name): the validation records go there. */
  readonly hostedZoneId: string;
  /**
   * Further host names of the same zone the certificate covers.
   * @default - none
   */
  readonly subjectAlternativeNames?: readonly string[];
  /**
   * Key algorithm of the certificate. RSA 2048 is understood by every client; ECDSA keys are smaller and faster but
   * older clients lack them.
   * @default 'RSA_2048'
   */
  readonly keyAlgorithm?: CertificateKeyAlgorithm;
  /**
   * Create the validation CNAMEs. ACM asks for the same CNAME for a name in every region of an account, so when a
   * certificate for the same names exists in another region (disaster recovery), that region's stack owns the records
   * and this certificate only waits for issuance: two owners would delete the record under each other.
   * @default true
   */
  readonly validationRecords?: boolean;
}

/**
 * A public ACM certificate for the load balancer's host name, validated by DNS in the environment's Route 53 zone:
 * one CNAME per validated name (unless another region's certificate of the names owns them) and an
 * `aws_acm_certificate_validation` that waits for ACM to issue it.
 * {@link certificateArn} is the validation's ARN, so a listener using it is only created once the certificate is issued.
 * `create_before_destroy`: a replaced certificate (new name, new key algorithm) is issued before the old one, still
 * attached to the listener, is deleted.
 */
export class LoadBalancerCertificate extends Construct {
  static readonly DEFAULT_KEY_ALGORITHM: CertificateKeyAlgorithm = 'RSA_2048';
  static readonly KEY_ALGORITHMS: readonly CertificateKeyAlgorithm[] = ['RSA_2048', 'EC_prime256v1', 'EC_secp384r1'];

  readonly certificate: AcmCertificate;
  /** ARN of the issued certificate (known once validation completes): give this one to listeners. */
  readonly certificateArn: string;
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: LoadBalancerCertificateProps) {
    super(scope, id);
    const alternativeNames = props.subjectAlternativeNames ?? [];
    const keyAlgorithm = props.keyAlgorithm ?? LoadBalancerCertificate.DEFAULT_KEY_ALGORITHM;
    requireHostName(this, 'domainName', props.domainName);
    for (const name of alternativeNames) requireHostName(this, 'subjectAlternativeNames', name);
    ConstructValidationError.require(
      this,
      new Set([props.domainName, ...alternativeNames]).size === alternativeNames.length + 1,
      'subjectAlternativeNames',
      'repeats a name',
      'list each host name once and leave domainName out of subjectAlternativeNames',
    );
    ConstructValidationError.require(
      this,
      LoadBalancerCertificate.KEY_ALGORITHMS.includes(keyAlgorithm),
      'keyAlgorithm',
      `'${keyAlgorithm}' is not a key algorithm ACM issues public certificates with`,
      `use one of ${LoadBalancerCertificate.KEY_ALGORITHMS.join(', ')}`,
    );
    ConstructValidationError.require(this, props.hostedZoneId.length > 0, 'hostedZoneId', 'is empty', 'give the id of the public hosted zone of domainName');

    this.domainName = props.domainName;
    this.certificate = new AcmCertificate(this, 'Resource', {
      domainName: props.domainName,
      subjectAlternativeNames: alternativeNames.length > 0 ? [...alternativeNames] : undefined,
      validationMethod: 'DNS',
      keyAlgorithm,
      lifecycle: { createBeforeDestroy: true },
      tags: { Name: props.domainName },
    });
    const validation = new AcmCertificateValidation(this, 'Validation', {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: props.validationRecords === false ? undefined : this.validationRecordFqdns(props.hostedZoneId),
    });
    this.certificateArn = validation.certificateArn;
  }

  /** One validation record per validated name, in the zone; their names, for the validation to wait on. */
  private validationRecordFqdns(hostedZoneId: string): string[] {
    // domain_validation_options is a set: iterate it as a map keyed by the validated name, which the provider knows at
    // plan time (the record values it does not), so every record has a stable address and no list position. The set is
    // read raw: the binding's `domainValidationOptions` wraps it in tolist(), and a set of two or more partly unknown
    // elements (any subjectAlternativeNames) converts to a wholly unknown list, which `terraform plan` refuses as
    // for_each ("Invalid for_each argument"; seen with terraform 1.11 and the offline plan in edge.terraform.spec.ts).
    const options = TerraformIterator.fromComplexList(this.certificate.interpolationForAttribute('domain_validation_options'), 'domain_name');
    const records = new Route53Record(this, 'ValidationRecord', {
      forEach: options,
      zoneId: hostedZoneId,
      name: options.getString('resource_record_name'),
      type: options.getString('resource_record_type'),
      records: [options.getString('resource_record_value')],
      ttl: 300,
      // A name's validation record is the same for every certificate of the account, so a record left by an earlier
      // certificate is taken over instead of failing the apply.
      allowOverwrite: true,
    });
    return Token.asList(TerraformIterator.fromResources(records).pluckProperty('fqdn'));
  }
}
