/** The ARN partition of a region: `aws`, `aws-cn` or `aws-us-gov`. Computed offline, no data source. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
