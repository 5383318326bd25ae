import { closestMatch } from '@platform/core';
/**
 * The regions of the AWS partitions the platform supports (`aws`, `aws-cn`, `aws-us-gov`: the partitions
 * `partitionOf` in `@platform/core` knows), pinned so a misspelt region fails synth instead of writing every stack.
 *
 * Source: the AWS SDK's partition data,
 * https://github.com/aws/aws-sdk-js-v3/blob/685ff5d03588f81121c6fa9466771cd444492209/packages/util-endpoints/src/lib/aws/partitions.json
 * (the `regions` of each partition without the `*-global` pseudo-regions), read 2026-12-05; `ap-east-2` (Taipei) and
 * `ap-southeast-6` (New Zealand) from a later release of the same file, as bundled by `@aws-sdk/util-endpoints`.
 * A region AWS opens later is added here, with the date.
 */
export const AWS_REGIONS_BY_PARTITION = {
  aws: {
    'af-south-1': 'Africa (Cape Town)',
    'ap-east-1': 'Asia Pacific (Hong Kong)',
    'ap-east-2': 'Asia Pacific (Taipei)',
    'ap-northeast-1': 'Asia Pacific (Tokyo)',
    'ap-northeast-2': 'Asia Pacific (Seoul)',
    'ap-northeast-3': 'Asia Pacific (Osaka)',
    'ap-south-1': 'Asia Pacific (Mumbai)',
    'ap-south-2': 'Asia Pacific (Hyderabad)',
    'ap-southeast-1': 'Asia Pacific (Singapore)',
    'ap-southeast-2': 'Asia Pacific (Sydney)',
    'ap-southeast-3': 'Asia Pacific (Jakarta)',
    'ap-southeast-4': 'Asia Pacific (Melbourne)',
    'ap-southeast-5': 'Asia Pacific (Malaysia)',
    'ap-southeast-6': 'Asia Pacific (New Zealand)',
    'ap-southeast-7': 'Asia Pacific (Thailand)',
    'ca-central-1': 'Canada (Central)',
    'ca-west-1': 'Canada West (Calgary)',
    'eu-central-1': 'Europe (Frankfurt)',
    'eu-central-2': 'Europe (Zurich)',
    'eu-north-1': 'Europe (Stockholm)',
    'eu-south-1': 'Europe (Milan)',
    'eu-south-2': 'Europe (Spain)',
    'eu-west-1': 'Europe (Ireland)',
    'eu-west-2': 'Europe (London)',
    'eu-west-3': 'Europe (Paris)',
    'il-central-1': 'Israel (Tel Aviv)',
    'me-central-1': 'Middle East (UAE)',
    'me-south-1': 'Middle East (Bahrain)',
    'mx-central-1': 'Mexico (Central)',
    'sa-east-1': 'South America (Sao Paulo)',
    'us-east-1': 'US East (N. Virginia)',
    'us-east-2': 'US East (Ohio)',
    'us-west-1': 'US West (N. California)',
    'us-west-2': 'US West (Oregon)',
  },
  'aws-cn': {
    'cn-north-1': 'China (Beijing)',
    'cn-northwest-1': 'China (Ningxia)',
  },
  'aws-us-gov': {
    'us-gov-east-1': 'AWS GovCloud (US-East)',
    'us-gov-west-1': 'AWS GovCloud (US-West)',
  },
} as const;

/** Every region code of the supported partitions. */
export const AWS_REGIONS: readonly string[] = Object.values(AWS_REGIONS_BY_PARTITION).flatMap((regions) => Object.keys(regions));

/** Whether `region` is a region of a supported partition. */
export function isAwsRegion(region: string): boolean {
  return AWS_REGIONS.includes(region);
}

/**
 * The known region nearest to `text` by edit distance (the first of equals in list order): what a typo most likely
 * meant — undefined when none is within 3 edits (`mars-1` is no typo of any region).
 */
export function closestAwsRegion(text: string): string | undefined {
  return closestMatch(text, AWS_REGIONS, 3);
}
