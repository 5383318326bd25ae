import { EnvironmentConfig, workloadServices } from '@platform/config';
import { partitionOf } from '@platform/core';

/** ECR repositories of an EKS environment's cluster stack: those it lists, and those of the services it runs. */
export function ecrRepositoryNames(environment: EnvironmentConfig): string[] {
  const services = environment.workloads.enabled ? workloadServices(environment.workloads) : [];
  return [...new Set([...environment.cluster.ecrRepositories, ...services.map((service) => service.imageRepository)])];
}

/**
 * The application image repositories an environment creates in its account and region: the cluster stack's
 * ({@link ecrRepositoryNames}) in an EKS environment, the services' (`ecs.services.<key>.repository`) in an ECS one.
 * The stacks create exactly these, and the bootstrap's image push role may push to exactly these.
 */
export function imageRepositoryNames(environment: EnvironmentConfig): string[] {
  if (environment.compute === 'ecs') return [...new Set(Object.values(environment.ecs?.services ?? {}).map((service) => service.repository))];
  return ecrRepositoryNames(environment);
}

/** The environment's private registry host, `<account>.dkr.ecr.<region>.amazonaws.com` (`.com.cn` in China). */
export function imageRegistryHost(environment: Pick<EnvironmentConfig, 'accountId' | 'region'>): string {
  return `${environment.accountId}.dkr.ecr.${environment.region}.${partitionOf(environment.region) === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
}

/** ARN of one of the environment's image repositories (created by its stacks, or by ECR replication in a secondary region). */
export function imageRepositoryArn(environment: Pick<EnvironmentConfig, 'accountId' | 'region'>, name: string): string {
  return `arn:${partitionOf(environment.region)}:ecr:${environment.region}:${environment.accountId}:repository/${name}`;
}
