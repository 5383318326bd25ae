import { EnvironmentConfig } from '@platform/config';
import { Construct } from 'constructs';
import { NetworkStack } from './network-stack';
import { PlatformStack } from './platform-stack';
import { addSearch } from './search-and-messaging';

/**
 * `<env>-search-<secondary region>`: the OpenSearch domain of a secondary site that serves, created empty (the index
 * is rebuilt from PostgreSQL). A stack of its own because a domain takes longer to create (15–30 minutes) than the
 * whole promotion: it is applied after DNS has failed over, outside the RTO's critical path.
 */
export class StandbySearchStack extends PlatformStack {
  constructor(scope: Construct, site: EnvironmentConfig, network: NetworkStack) {
    super(scope, site, 'search');
    addSearch(this, site, network);
  }
}
