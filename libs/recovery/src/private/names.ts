import { Token } from 'cdktf';
import type { Requirement } from './validation';

/** A general purpose bucket name: 3 to 63 lower-case letters, digits, `.` and `-`, starting and ending with a letter or digit. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** Prefixes and suffixes S3 reserves for access points, Object Lambda, Multi-Region Access Points and directory buckets. */
const RESERVED_BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_BUCKET_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** Requires `name` (the prop `field`) to follow S3's naming rules for general purpose buckets. */
export function requireBucketName(require: Requirement, name: string, field: string): void {
  const fix = 'use 3 to 63 lower-case letters, digits and hyphens, e.g. platform-production-storage-eu-west-1';
  require(BUCKET_NAME.test(name), field, `'${name}' is not a bucket name of 3 to 63 lower-case letters, digits, '.' and '-' starting and ending with a letter or digit`, fix);
  require(!name.includes('..'), field, `'${name}' has two adjacent periods`, fix);
  require(!/^\d{1,3}(\.\d{1,3}){3}$/.test(name), field, `'${name}' is formatted as an IP address`, fix);
  const reserved = [...RESERVED_BUCKET_PREFIXES.filter((prefix) => name.startsWith(prefix)), ...RESERVED_BUCKET_SUFFIXES.filter((suffix) => name.endsWith(suffix))];
  require(reserved.length === 0, field, `'${name}' uses '${reserved[0]}', which S3 reserves`, fix);
}

/** A fully qualified domain name, without the trailing dot: labels of letters, digits and `-`, a `*` first label allowed. */
const DOMAIN_NAME = /^(?=.{1,253}$)(\*|[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** `name` in lower case without a trailing dot: how Route 53 compares names. */
export function normalizedDomainName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** Requires `name` (the prop `field`) to be a domain name of at least two labels, unless it is a Terraform reference. */
export function requireDomainName(require: Requirement, name: string, field: string): void {
  if (Token.isUnresolved(name)) return;
  require(DOMAIN_NAME.test(normalizedDomainName(name)), field, `'${name}' is not a fully qualified domain name`, 'write a name such as api.example.com');
}
