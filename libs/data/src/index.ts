export * from './application-secrets';
export * from './content-delivery';
export * from './message-queues';
export * from './notification-topics';
export * from './postgres-database';
export * from './redis-cache';
export * from './search-domain';
export * from './storage-bucket';
export { ISO_3166_ALPHA2_CODES } from './private/edge-country-codes';
