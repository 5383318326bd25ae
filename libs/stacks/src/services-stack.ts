import { EcrRepositories } from '@platform/cluster';
import { EnvironmentConfig } from '@platform/config';
import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { NON_PRODUCTION_TAGGED_IMAGES_KEPT } from './cluster-stack';
import { DataStack } from './data-stack';
import { MonitoringStack } from './monitoring-stack';
import { NetworkStack } from './network-stack';
import { PlatformStack } from './platform-stack';

/**
 * `<env>-services` of an ECS environment (seed 003): the services' ECR repositories and, per service, a Fargate
 * service behind its own Application Load Balancer. AWS resources only, so it is validated and planned offline.
 */
export class ServicesStack extends PlatformStack {
  readonly repositories: EcrRepositories;

  constructor(scope: Construct, environment: EnvironmentConfig, _stacks: { network: NetworkStack; data: DataStack; monitoring: MonitoringStack }) {
    super(scope, environment, 'services');
    const services = environment.ecs?.services ?? {};
    this.repositories = new EcrRepositories(this, 'ecr', {
      namePrefix: environment.resourcePrefix,
      repositoryNames: [...new Set(Object.values(services).map((service) => service.repository))],
      taggedImagesKept: environment.production ? undefined : NON_PRODUCTION_TAGGED_IMAGES_KEPT,
      preventKeyDestroy: environment.production,
    });
    if (Object.values(services).some((service) => service.imageTag === undefined)) imageTagVariable(this);
  }
}

/** `image_tag`: the build CI deploys (`TF_VAR_image_tag`); `latest` and empty are refused at plan time. */
function imageTagVariable(scope: Construct): TerraformVariable {
  return new TerraformVariable(scope, 'image_tag', {
    type: 'string',
    description: 'Image tag of every service without a pinned imageTag: the version or commit CI built (TF_VAR_image_tag)',
    validation: [{ condition: '${var.image_tag != "latest" && var.image_tag != ""}', errorMessage: 'image_tag must name a build (a version or commit id), not latest: a new task could run another image.' }],
  });
}
