import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import { CloudfrontDistribution, CloudfrontDistributionViewerCertificate } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { CloudwatchLogDelivery } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery';
import { CloudwatchLogDeliveryDestination } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination';
import { CloudwatchLogDeliverySource } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-source';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { ConstructValidationError, ManagedRulesWebAcl, WafRateLimitWindow } from '@platform/core';
import { TerraformIterator, TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ISO_3166_ALPHA2_CODES } from './private/edge-country-codes';
import { PolicyStatement } from './private/msg-kms-key';

/** The 27 EU member states (ISO 3166-1 alpha-2): the seed 003 geo allow-list. */
export const EU_COUNTRY_CODES: readonly string[] = [
  ...'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'.split(' '),
];

/**
 * AWS managed CloudFront policies used by literal id (no data source, so plans stay offline). Ids from the
 * CloudFront Developer Guide, "Use managed cache policies" and "Use managed origin request policies".
 */
export const CLOUDFRONT_MANAGED_POLICY_IDS = {
  /** Cache policy `Managed-CachingDisabled`: TTL 0, nothing in the cache key. */
  cachingDisabled: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
  /**
   * Origin request policy `Managed-AllViewerExceptHostHeader`: every viewer header except `Host`, every cookie and
   * query string. CloudFront then sends the origin's own domain name as `Host`, which the ALB routes on and its
   * certificate covers (`Managed-AllViewer` would pass the viewer's host, the distribution's, which no Ingress rule
   * of the ALB matches).
   */
  allViewerExceptHostHeader: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
} as const;

/** The storage bucket and log bucket CloudFront reads from and logs into; a {@link StorageBucket} fits. */
export interface ContentDeliveryStorage {
  readonly bucketArn: string;
  /** `<bucket>.s3.<region>.amazonaws.com`. */
  readonly bucketRegionalDomainName: string;
  readonly logBucketArn: string;
}

/** A copy of the storage bucket in another region, CloudFront's failover origin; a `ReplicaBucket` fits. */
export interface ContentDeliveryStorageReplica {
  /** `<bucket>.s3.<region>.amazonaws.com`, in another region than the storage bucket. */
  readonly bucketRegionalDomainName: string;
}

export interface ContentDeliveryDomain {
  /** Host name viewers use, e.g. `www.example.com`. */
  readonly name: string;
  /** Route 53 public hosted zone holding `name`: alias and certificate validation records go there. */
  readonly hostedZoneId: string;
}

export interface ContentDeliveryProps {
  /** Prefix of resource names, e.g. `platform-production`. */
  readonly namePrefix: string;
  /** Bucket origin (default and `/assets/*`) and access log destination. */
  readonly storage: ContentDeliveryStorage;
  /**
   * Replica of the storage bucket in another region (kept current by S3 replication): the bucket's behaviours
   * (default and `/assets/*`) then read from an origin group that sends a request to the replica when the storage
   * bucket answers 500, 502, 503 or 504, or not at all (connection failure or timeout). The replica's bucket policy
   * and key must let this distribution read and decrypt through the same Origin Access Control (a `ReplicaBucket`
   * with `allowCloudFront`).
   * @default - no failover: the storage bucket is the only origin of its behaviours
   */
  readonly storageReplica?: ContentDeliveryStorageReplica;
  /**
   * DNS name of the load balancer that serves `/api/*` over HTTPS, e.g. `api-origin.example.com`. It is also the
   * `Host` header of the requests CloudFront sends there, so the ingress must route this host to the API.
   */
  readonly loadBalancerHostname: string;
  /**
   * AWS provider in us-east-1: CloudFront only accepts web ACLs (scope `CLOUDFRONT`), ACM certificates and the
   * standard logging (v2) delivery source from that region.
   */
  readonly usEast1Provider: TerraformProvider;
  /**
   * Custom domain: an ACM certificate (DNS validated), validation and alias A/AAAA records, and TLSv1.2_2021 as
   * the minimum viewer TLS version.
   * @default - the `*.cloudfront.net` domain with CloudFront's default certificate, on which CloudFront does not
   * let the minimum TLS version be raised (viewers may negotiate TLS 1.0 and 1.1)
   */
  readonly domain?: ContentDeliveryDomain;
  /**
   * Countries (ISO 3166-1 alpha-2) allowed to reach the distribution; every other country is refused. Seed 003
   * uses {@link EU_COUNTRY_CODES}.
   * @default - no geo restriction
   */
  readonly allowedCountries?: readonly string[];
  /**
   * Requests one IP address may send in 5 minutes before the WAF blocks it (100–2,000,000,000).
   * @default 2000
   */
  readonly rateLimitPer5Minutes?: number;
  /**
   * Per-viewer limit of `/api/*` requests, counted here at the edge, where the viewer's own address is known (the
   * ALB behind sees CloudFront's addresses): seed 001's 1000 requests per minute per client.
   * @default { limit: 1000, windowSeconds: 60 }
   */
  readonly apiRateLimit?: { readonly limit: number; readonly windowSeconds: WafRateLimitWindow };
  /**
   * CloudFront price class.
   * @default 'PriceClass_100' - edge locations in North America and Europe, where the seed's users are
   */
  readonly priceClass?: 'PriceClass_100' | 'PriceClass_200' | 'PriceClass_All';
  /**
   * Object returned for `/`.
   * @default 'index.html'
   */
  readonly defaultRootObject?: string;
}

/**
 * A CloudFront distribution in front of the storage bucket and the load balancer:
 * - the bucket is reached through an Origin Access Control (SigV4, always signed; not the legacy OAI): attach
 *   {@link bucketPolicyStatements} to the bucket policy; with a `storageReplica`, an origin group fails over to the
 *   replica in another region (through the same Origin Access Control);
 * - `/api/*` goes to the load balancer over HTTPS (TLS 1.2) uncached, with every method and all viewer values but
 *   `Host` (the origin's domain name is sent instead, so the ingress routes on it);
 *   `/assets/*` is cached for a year, everything else for an hour; viewers are redirected to HTTPS; HTTP/2 and 3;
 * - a WAFv2 web ACL with a per-IP rate limit and the AWS managed IP reputation, common and known bad inputs rules;
 * - standard access logging (v2, CloudWatch Logs vended delivery) into the log bucket, which keeps its ACLs
 *   disabled (legacy standard logging would need ACLs);
 * - with a `domain`: an ACM certificate, DNS validation records and alias records.
 */
export class ContentDelivery extends Construct {
  static readonly DEFAULT_RATE_LIMIT = ManagedRulesWebAcl.DEFAULT_RATE_LIMIT;
  /** Seed 001: 1000 requests per minute per client, on `/api/*`. */
  static readonly DEFAULT_API_RATE_LIMIT = { limit: 1000, windowSeconds: 60 } as const;
  static readonly API_RATE_LIMIT_RULE_NAME = 'ApiRateLimitPerIp';
  /** TTL of `/assets/*` (fingerprinted build output): one year. */
  static readonly ASSETS_TTL_SECONDS = 31_536_000;
  /** Default TTL of everything else in the bucket: one hour. */
  static readonly DEFAULT_TTL_SECONDS = 3600;
  /** Longest TTL of everything else, when the object's Cache-Control asks for more. */
  static readonly DEFAULT_MAX_TTL_SECONDS = 86_400;
  static readonly STORAGE_ORIGIN_ID = 'storage';
  static readonly STORAGE_REPLICA_ORIGIN_ID = 'storage-replica';
  /** Origin group of the storage bucket (primary) and its replica (failover), with a `storageReplica`. */
  static readonly STORAGE_ORIGIN_GROUP_ID = 'storage-failover';
  /**
   * Answers of the storage bucket that send the request to its replica: S3's server errors and throttling. Not 403
   * or 404: through an Origin Access Control without `s3:ListBucket` a missing object is a 403, so every miss
   * (crawlers, stale links) would be asked again across regions, and an object just deleted in the storage bucket
   * would still be served from the replica until the delete marker is replicated. An outage that makes the bucket
   * unreachable fails over regardless of codes (connection failures and timeouts always do).
   */
  static readonly STORAGE_FAILOVER_STATUS_CODES: readonly number[] = [500, 502, 503, 504];
  static readonly LOAD_BALANCER_ORIGIN_ID = 'load-balancer';

  readonly distribution: CloudfrontDistribution;
  readonly originAccessControl: CloudfrontOriginAccessControl;
  readonly webAcl: Wafv2WebAcl;
  readonly certificate?: AcmCertificate;
  /**
   * Statements the storage bucket's policy must contain so the distribution can read objects through its Origin
   * Access Control (`s3:GetObject` for `cloudfront.amazonaws.com`, only from this distribution).
   */
  readonly bucketPolicyStatements: readonly PolicyStatement[];

  constructor(scope: Construct, id: string, props: ContentDeliveryProps) {
    super(scope, id);
    const rateLimit = props.rateLimitPer5Minutes ?? ContentDelivery.DEFAULT_RATE_LIMIT;
    ManagedRulesWebAcl.validateRateLimit(this, rateLimit);
    const allowedCountries = props.allowedCountries;
    if (allowedCountries !== undefined) {
      ConstructValidationError.require(this, allowedCountries.length > 0, 'allowedCountries', 'the list is empty', 'name at least one country, or leave allowedCountries unset for no geo restriction');
      const unknown = allowedCountries.filter((code) => !ISO_3166_ALPHA2_CODES.includes(code));
      ConstructValidationError.require(
        this,
        unknown.length === 0,
        'allowedCountries',
        `${unknown.map((code) => `'${code}'`).join(', ')} ${unknown.length === 1 ? 'is not an' : 'are not'} ISO 3166-1 alpha-2 country code${unknown.length === 1 ? '' : 's'}`,
        'use upper-case two-letter codes such as DE, FR, IE',
      );
      ConstructValidationError.require(this, new Set(allowedCountries).size === allowedCountries.length, 'allowedCountries', 'lists a country twice', 'list each country once');
    }
    ConstructValidationError.require(
      this,
      /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(props.loadBalancerHostname),
      'loadBalancerHostname',
      `'${props.loadBalancerHostname}' is not a DNS name`,
      'give the host name (no scheme, port or path) whose certificate the load balancer presents',
    );
    if (props.domain !== undefined) {
      ConstructValidationError.require(
        this,
        /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(props.domain.name),
        'domain.name',
        `'${props.domain.name}' is not a lower-case DNS name`,
        'give the host name viewers use, e.g. www.example.com',
      );
    }
    if (props.storageReplica !== undefined) this.validateStorageReplica(props.storage, props.storageReplica);

    this.originAccessControl = new CloudfrontOriginAccessControl(this, 'OriginAccessControl', {
      name: `${props.namePrefix}-storage`,
      description: `Signed requests of ${props.namePrefix} CloudFront to its storage bucket`,
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });
    const assetsPolicy = this.cachePolicy('AssetsCachePolicy', `${props.namePrefix}-assets`, 'Fingerprinted assets: one year', {
      min: ContentDelivery.ASSETS_TTL_SECONDS,
      default: ContentDelivery.ASSETS_TTL_SECONDS,
      max: ContentDelivery.ASSETS_TTL_SECONDS,
    });
    const defaultPolicy = this.cachePolicy('DefaultCachePolicy', `${props.namePrefix}-default`, 'Static content: one hour unless the object says otherwise', {
      min: 0,
      default: ContentDelivery.DEFAULT_TTL_SECONDS,
      max: ContentDelivery.DEFAULT_MAX_TTL_SECONDS,
    });

    this.webAcl = new ManagedRulesWebAcl(this, 'WebAcl', {
      provider: props.usEast1Provider,
      name: `${props.namePrefix}-cloudfront`,
      description: `Protects the ${props.namePrefix} CloudFront distribution`,
      scope: 'CLOUDFRONT',
      metricPrefix: props.namePrefix,
      rateLimitPer5Minutes: rateLimit,
      pathRateLimits: [{ name: ContentDelivery.API_RATE_LIMIT_RULE_NAME, pathPrefix: '/api/', ...(props.apiRateLimit ?? ContentDelivery.DEFAULT_API_RATE_LIMIT) }],
    });

    let viewerCertificate: CloudfrontDistributionViewerCertificate;
    if (props.domain) {
      const { certificate, validatedArn } = this.validatedCertificate(props.usEast1Provider, props.domain);
      this.certificate = certificate;
      viewerCertificate = { acmCertificateArn: validatedArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' };
    } else {
      // CloudFront's default *.cloudfront.net certificate: CloudFront fixes its minimum protocol at TLSv1 and does
      // not honour a higher minimum_protocol_version, so none is set (it would only cause a perpetual diff).
      viewerCertificate = { cloudfrontDefaultCertificate: true };
    }
    const all = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'];
    const readOnly = ['GET', 'HEAD', 'OPTIONS'];
    const cached = ['GET', 'HEAD'];
    // The bucket's behaviours allow only GET, HEAD and OPTIONS, the methods an origin group fails over.
    const storageTarget = props.storageReplica === undefined ? ContentDelivery.STORAGE_ORIGIN_ID : ContentDelivery.STORAGE_ORIGIN_GROUP_ID;
    this.distribution = new CloudfrontDistribution(this, 'Distribution', {
      comment: `${props.namePrefix}: storage bucket and API`,
      enabled: true,
      isIpv6Enabled: true,
      httpVersion: 'http2and3',
      priceClass: props.priceClass ?? 'PriceClass_100',
      defaultRootObject: props.defaultRootObject ?? 'index.html',
      aliases: props.domain ? [props.domain.name] : undefined,
      webAclId: this.webAcl.arn,
      origin: [
        {
          originId: ContentDelivery.STORAGE_ORIGIN_ID,
          domainName: props.storage.bucketRegionalDomainName,
          originAccessControlId: this.originAccessControl.id,
        },
        ...(props.storageReplica === undefined
          ? []
          : [{ originId: ContentDelivery.STORAGE_REPLICA_ORIGIN_ID, domainName: props.storageReplica.bucketRegionalDomainName, originAccessControlId: this.originAccessControl.id }]),
        {
          // One origin, no group: what fails over is the name itself (Route 53 failover records of the application
          // hosts point it at the secondary region's ingress when the primary's health check fails). An origin group
          // would not fail over the API's POST, PUT, PATCH and DELETE anyway.
          originId: ContentDelivery.LOAD_BALANCER_ORIGIN_ID,
          domainName: props.loadBalancerHostname,
          // API calls that wait on a model (seed 003's story generation) may take a minute: CloudFront's 60 s maximum
          // (without a quota increase) instead of its 30 s default, in line with the load balancer's idle timeout.
          customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'], originReadTimeout: 60 },
        },
      ],
      originGroup:
        props.storageReplica === undefined
          ? undefined
          : [
              {
                originId: ContentDelivery.STORAGE_ORIGIN_GROUP_ID,
                failoverCriteria: { statusCodes: [...ContentDelivery.STORAGE_FAILOVER_STATUS_CODES] },
                // The first member is the primary.
                member: [{ originId: ContentDelivery.STORAGE_ORIGIN_ID }, { originId: ContentDelivery.STORAGE_REPLICA_ORIGIN_ID }],
              },
            ],
      orderedCacheBehavior: [
        {
          pathPattern: '/api/*',
          targetOriginId: ContentDelivery.LOAD_BALANCER_ORIGIN_ID,
          viewerProtocolPolicy: 'redirect-to-https',
          allowedMethods: all,
          cachedMethods: cached,
          cachePolicyId: CLOUDFRONT_MANAGED_POLICY_IDS.cachingDisabled,
          originRequestPolicyId: CLOUDFRONT_MANAGED_POLICY_IDS.allViewerExceptHostHeader,
          compress: true,
        },
        {
          pathPattern: '/assets/*',
          targetOriginId: storageTarget,
          viewerProtocolPolicy: 'redirect-to-https',
          allowedMethods: readOnly,
          cachedMethods: cached,
          cachePolicyId: assetsPolicy.id,
          compress: true,
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: storageTarget,
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: readOnly,
        cachedMethods: cached,
        cachePolicyId: defaultPolicy.id,
        compress: true,
      },
      restrictions: {
        geoRestriction: allowedCountries ? { restrictionType: 'whitelist', locations: [...allowedCountries] } : { restrictionType: 'none', locations: [] },
      },
      viewerCertificate,
      tags: { Name: `${props.namePrefix}-cloudfront` },
    });

    if (props.domain) {
      for (const type of ['A', 'AAAA']) {
        new Route53Record(this, `Alias${type}`, {
          zoneId: props.domain.hostedZoneId,
          name: props.domain.name,
          type,
          alias: { name: this.distribution.domainName, zoneId: this.distribution.hostedZoneId, evaluateTargetHealth: false },
        });
      }
    }

    this.accessLogs(props);

    this.bucketPolicyStatements = [
      {
        Sid: 'CloudFrontReadsThroughOriginAccessControl',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: `${props.storage.bucketArn}/*`,
        Condition: { StringEquals: { 'AWS:SourceArn': this.distribution.arn } },
      },
    ];
  }

  /** The replica's domain is an S3 regional one of another region than the storage bucket's. */
  private validateStorageReplica(storage: ContentDeliveryStorage, replica: ContentDeliveryStorageReplica): void {
    const regionOf = (domainName: string) => /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\.s3\.([a-z]{2}(-[a-z]+)+-\d)\.amazonaws\.com$/.exec(domainName)?.[1];
    const field = 'storageReplica.bucketRegionalDomainName';
    const domainName = replica.bucketRegionalDomainName;
    if (Token.isUnresolved(domainName)) return;
    const region = regionOf(domainName);
    ConstructValidationError.require(this, region !== undefined, field, `'${domainName}' is not an S3 regional domain name`, "give the replica bucket's <bucket>.s3.<region>.amazonaws.com");
    ConstructValidationError.require(
      this,
      Token.isUnresolved(storage.bucketRegionalDomainName) || region !== regionOf(storage.bucketRegionalDomainName),
      field,
      `'${domainName}' is in the storage bucket's own region ${region}, so a regional outage takes both origins`,
      'give the replica in the secondary region',
    );
  }

  private cachePolicy(id: string, name: string, comment: string, ttl: { min: number; default: number; max: number }): CloudfrontCachePolicy {
    return new CloudfrontCachePolicy(this, id, {
      name,
      comment,
      minTtl: ttl.min,
      defaultTtl: ttl.default,
      maxTtl: ttl.max,
      parametersInCacheKeyAndForwardedToOrigin: {
        enableAcceptEncodingGzip: true,
        enableAcceptEncodingBrotli: true,
        cookiesConfig: { cookieBehavior: 'none' },
        headersConfig: { headerBehavior: 'none' },
        queryStringsConfig: { queryStringBehavior: 'none' },
      },
    });
  }

  /** A DNS-validated ACM certificate in us-east-1 and its validation records; the ARN is usable once validated. */
  private validatedCertificate(provider: TerraformProvider, domain: ContentDeliveryDomain): { certificate: AcmCertificate; validatedArn: string } {
    const certificate = new AcmCertificate(this, 'Certificate', {
      provider,
      domainName: domain.name,
      validationMethod: 'DNS',
      keyAlgorithm: 'EC_prime256v1',
      lifecycle: { createBeforeDestroy: true },
      tags: { Name: domain.name },
    });
    // One record per validation option, keyed by the domain name it validates.
    const options = TerraformIterator.fromComplexList(certificate.domainValidationOptions, 'domain_name');
    const validationRecords = new Route53Record(this, 'CertificateValidationRecord', {
      forEach: options,
      zoneId: domain.hostedZoneId,
      name: options.getString('resource_record_name'),
      type: options.getString('resource_record_type'),
      records: [options.getString('resource_record_value')],
      ttl: 300,
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, 'CertificateValidation', {
      provider,
      certificateArn: certificate.arn,
      validationRecordFqdns: Token.asList(TerraformIterator.fromResources(validationRecords).pluckProperty('fqdn')),
    });
    return { certificate, validatedArn: validation.certificateArn };
  }

  /**
   * Standard logging v2 (a CloudWatch Logs vended log): source, destination and delivery live in us-east-1, the
   * log bucket in its own region; objects land under `AWSLogs/<account>/CloudFront/`, which the log bucket's
   * policy lets `delivery.logs.amazonaws.com` write.
   */
  private accessLogs(props: ContentDeliveryProps): void {
    const source = new CloudwatchLogDeliverySource(this, 'AccessLogSource', {
      provider: props.usEast1Provider,
      name: `${props.namePrefix}-cloudfront`,
      logType: 'ACCESS_LOGS',
      resourceArn: this.distribution.arn,
    });
    const destination = new CloudwatchLogDeliveryDestination(this, 'AccessLogDestination', {
      provider: props.usEast1Provider,
      name: `${props.namePrefix}-cloudfront-s3`,
      outputFormat: 'json',
      deliveryDestinationConfiguration: [{ destinationResourceArn: props.storage.logBucketArn }],
    });
    new CloudwatchLogDelivery(this, 'AccessLogDelivery', {
      provider: props.usEast1Provider,
      deliverySourceName: source.name,
      deliveryDestinationArn: destination.arn,
    });
  }
}
