// Public API: filled in by the constructs of this library.
// Edge: load balancer, certificate, DNS record, web ACL.
export * from './application-load-balancer';
export * from './load-balancer-certificate';
export * from './load-balancer-dns-record';
export * from './load-balancer-web-acl';
