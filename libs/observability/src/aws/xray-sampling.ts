import { XraySamplingRule } from '@cdktf/provider-aws/lib/xray-sampling-rule';
import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { isAboveAndAtMost, NAME_PREFIX, requirement } from './private/validation';

export interface XRaySamplingProps {
  /**
   * Prefix of the rule name, e.g. `storymagic-production`: sampling rules are per account and region, so two
   * environments sharing an account need different rule names.
   */
  readonly namePrefix: string;
  /**
   * The service name the application reports in its traces (X-Ray SDK segment name, OpenTelemetry `service.name`),
   * which the rule matches, e.g. `storymagic-api`.
   */
  readonly serviceName: string;
  /**
   * Share of requests traced once the reservoir is used up, in percent.
   * @default 10 - seed 003 (X-Ray sampling rate 10 %)
   */
  readonly samplingPercent?: number;
  /**
   * Requests per second traced before the percentage applies, so a quiet service still yields traces.
   * @default 1
   */
  readonly reservoirPerSecond?: number;
  /**
   * Priority among the account's sampling rules, 1 (first) to 9999; AWS's `Default` rule is 10000 and comes last.
   * @default 1000
   */
  readonly priority?: number;
  /**
   * Rule name, at most 32 characters.
   * @default - `<namePrefix>-<serviceName>`, shortened deterministically when longer than 32 characters
   */
  readonly ruleName?: string;
}

/** X-Ray's limits: rule names and service names. */
const MAX_RULE_NAME = 32;
const MAX_SERVICE_NAME = 64;
const RULE_NAME = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * An X-Ray sampling rule (`aws_xray_sampling_rule`) for one service: every request of the service (any host, method
 * and path; rule version 1) is traced at `reservoirPerSecond` per second, and `samplingPercent` of the rest
 * (seed 003: 10 %). It applies to applications that read centralized sampling rules: the X-Ray SDKs through the X-Ray
 * daemon, or the OpenTelemetry X-Ray remote sampler through the ADOT collector; a fixed-ratio sampler in the
 * application ignores it.
 */
export class XRaySampling extends Construct {
  readonly rule: XraySamplingRule;
  readonly ruleName: string;

  /** `name` itself when it fits in 32 characters, else its first 23 characters, `-` and 8 hex digits of its SHA-256. */
  static shortenedRuleName(name: string): string {
    if (name.length <= MAX_RULE_NAME) {
      return name;
    }
    const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
    return `${name.slice(0, MAX_RULE_NAME - hash.length - 1).replace(/-+$/, '')}-${hash}`;
  }

  constructor(scope: Construct, id: string, props: XRaySamplingProps) {
    super(scope, id);
    const samplingPercent = props.samplingPercent ?? 10;
    const reservoir = props.reservoirPerSecond ?? 1;
    const priority = props.priority ?? 1000;
    this.ruleName = props.ruleName ?? XRaySampling.shortenedRuleName(`${props.namePrefix}-${props.serviceName}`);

    const require = requirement(this);
    require(NAME_PREFIX.test(props.namePrefix), 'namePrefix', `'${props.namePrefix}' is not a name prefix`, 'use letters, digits and hyphens, starting with a letter, e.g. storymagic-production');
    require(
      props.serviceName.length > 0 && props.serviceName.length <= MAX_SERVICE_NAME && !/[*?]/.test(props.serviceName),
      'serviceName',
      `'${props.serviceName}' is not a service name of 1 to ${MAX_SERVICE_NAME} characters without wildcards`,
      "pass the name the application reports, e.g. storymagic-api (a wildcard would sample other services' traces)",
    );
    require(RULE_NAME.test(this.ruleName), 'ruleName', `'${this.ruleName}' is not a rule name of 1 to ${MAX_RULE_NAME} letters, digits, - and _`, 'shorten it, or leave it out to derive one');
    require(isAboveAndAtMost(samplingPercent, 0, 100), 'samplingPercent', `${samplingPercent} is not a percentage above 0 and at most 100`, 'use a percentage such as 10');
    require(Number.isInteger(reservoir) && reservoir >= 0, 'reservoirPerSecond', `${reservoir} is not a whole number of requests of 0 or more`, 'use a count such as 1');
    require(Number.isInteger(priority) && priority >= 1 && priority <= 9999, 'priority', `${priority} is not a priority from 1 to 9999`, 'use a priority such as 1000');

    this.rule = new XraySamplingRule(this, 'Resource', {
      ruleName: this.ruleName,
      priority,
      fixedRate: samplingPercent / 100,
      reservoirSize: reservoir,
      serviceName: props.serviceName,
      serviceType: '*',
      host: '*',
      httpMethod: '*',
      urlPath: '*',
      resourceArn: '*',
      version: 1,
    });
  }
}
