import type { EnvironmentConfig } from '@platform/config';
import { partitionOf } from '@platform/core';
import { stringsOf } from '@platform/guardrails';
import { check, type ContractCheck } from './contract';
import type { EcsServiceModel } from './ecs-services';
import { namedSecretArn, type PolicyDocument, type RolePolicies } from './iam-policies';
import type { IdentityRequest } from './identity-contract';
import type { PlatformModel } from './platform-model';

/** The principal ECS uses to run tasks with a role (task and execution roles alike). */
const ECS_TASKS_PRINCIPAL = 'ecs-tasks.amazonaws.com';
const CODEDEPLOY_PRINCIPAL = 'codedeploy.amazonaws.com';

/**
 * The requests of each ECS service's roles: the execution role pulls from its own ECR repository only, writes its own
 * log group `/ecs/<service>` only and reads exactly the secrets the service injects (not another secret of the
 * environment, such as the database's master secret RDS manages); the task role — the application's identity — may
 * not read those secrets (they reach it as environment variables, never through its own calls). Data-tier connections
 * of the task role are {@link dataTierRequests}'.
 */
export function ecsTaskRequests(model: PlatformModel, environment: EnvironmentConfig, services: readonly EcsServiceModel[]): IdentityRequest[] {
  const { accountId, region, project, name: env } = environment;
  const arn = (service: string, resource: string) => `arn:${partitionOf(region)}:${service}:${region}:${accountId}:${resource}`;
  const secrets = model.resources('aws_secretsmanager_secret').map((secret) => ({ name: String(secret.values.name), arn: namedSecretArn(model, secret) }));
  // RDS keeps the master password in a secret of its own (manage_master_user_password): a secret of the environment too.
  const masterSecrets = model
    .resources('aws_db_instance')
    .filter((db) => db.values.manage_master_user_password === true)
    .map((db) => ({ name: 'the database master user secret', arn: arn('secretsmanager', `secret:rds!db-${String(model.attribute(db, 'resource_id'))}-AbCdEf`) }));
  return services.flatMap((service): IdentityRequest[] => {
    const requests: IdentityRequest[] = [];
    const injectedNames = Object.values(service.config.secrets).map((name) => `${project}/${env}/${name}`);
    const injected = secrets.filter((secret) => injectedNames.includes(secret.name));
    const others = [...secrets.filter((secret) => !injectedNames.includes(secret.name)), ...masterSecrets];
    const execution = service.executionRole === undefined ? undefined : String(service.executionRole.values.name);
    if (execution !== undefined) {
      const add = (list: Omit<IdentityRequest, 'role'>[]) => requests.push(...list.map((request) => ({ role: execution, ...request })));
      const repository = model.resources('aws_ecr_repository').find((candidate) => candidate.values.name === service.config.repository);
      if (repository !== undefined) {
        add([{ action: 'ecr:BatchGetImage', resource: String(model.attribute(repository, 'arn')), expect: 'allowed', purpose: `pull the image from its repository ${service.config.repository}` }]);
      }
      const logStream = (group: string) => arn('logs', `log-group:${group}:log-stream:ecs/app/0123456789abcdef`);
      add([
        { action: 'ecr:BatchGetImage', resource: arn('ecr', `repository/${project}/another-image`), expect: 'denied', purpose: 'pull from another repository' },
        { action: 'logs:PutLogEvents', resource: logStream(`/ecs/${service.name}`), expect: 'allowed', purpose: `write its log group /ecs/${service.name}` },
        { action: 'logs:PutLogEvents', resource: logStream('/ecs/another-service'), expect: 'denied', purpose: 'write another log group' },
        ...injected.map((secret): Omit<IdentityRequest, 'role'> => ({ action: 'secretsmanager:GetSecretValue', resource: secret.arn, expect: 'allowed', purpose: `read the injected secret ${secret.name}` })),
        ...others.map((secret): Omit<IdentityRequest, 'role'> => ({ action: 'secretsmanager:GetSecretValue', resource: secret.arn, expect: 'denied', purpose: `read ${secret.name}, which the service does not inject` })),
      ]);
    }
    if (service.taskRole !== undefined) {
      const role = String(service.taskRole.values.name);
      requests.push(
        ...injected.map((secret): IdentityRequest => ({ role, action: 'secretsmanager:GetSecretValue', resource: secret.arn, expect: 'denied', purpose: `read the secret ${secret.name} itself (ECS injects it at start)` })),
      );
    }
    return requests;
  });
}

/**
 * Who may assume each ECS service's roles: the task definition names an execution and a task role the stacks create,
 * both trusted by `ecs-tasks.amazonaws.com` only and only for the environment's account (`aws:SourceAccount`, against
 * the confused deputy); a blue/green service's CodeDeploy deployment group has a service role trusted by
 * `codedeploy.amazonaws.com` only.
 */
export function ecsRoleTrust(services: readonly EcsServiceModel[], roles: readonly RolePolicies[], environment: EnvironmentConfig): ContractCheck[] {
  const byArnOf = (resource: EcsServiceModel['taskRole']) => roles.find((role) => role.role === resource);
  return services.flatMap((service) => {
    if (service.service === undefined) return [];
    const checks: ContractCheck[] = [];
    for (const [what, resource] of [
      ['execution role', service.executionRole],
      ['task role', service.taskRole],
    ] as const) {
      const role = byArnOf(resource);
      checks.push(
        check(
          `the ${what} of ${service.name} is assumable only by ${ECS_TASKS_PRINCIPAL} for account ${environment.accountId}`,
          role === undefined
            ? [`the task definition ${service.taskDefinition?.constructPath ?? `of ${service.name} (none found)`} names no ${what} the environment's stacks create`]
            : serviceTrustProblems(role.trustPolicy, ECS_TASKS_PRINCIPAL, environment.accountId),
        ),
      );
    }
    if (service.config.deployment === 'blue-green') {
      const role = byArnOf(service.codeDeployRole);
      checks.push(
        check(
          `the CodeDeploy service role of ${service.name} exists and is assumable only by ${CODEDEPLOY_PRINCIPAL}`,
          role === undefined
            ? [`${service.deploymentGroup ? `${service.deploymentGroup.constructPath} names no service role the environment's stacks create` : `no aws_codedeploy_deployment_group releases ${service.name}`}`]
            : serviceTrustProblems(role.trustPolicy, CODEDEPLOY_PRINCIPAL, environment.accountId),
        ),
      );
    }
    return checks;
  });
}

/** Why a trust policy admits more than `principal` calling sts:AssumeRole for `accountId`. */
function serviceTrustProblems(trust: PolicyDocument | undefined, principal: string, accountId: string): string[] {
  const statements = (trust?.Statement ?? []).filter((statement) => statement.Effect !== 'Deny');
  if (statements.length === 0) return ['the role has no trust statement'];
  return statements.flatMap((statement) => {
    const problems: string[] = [];
    const principals = (statement.Principal ?? {}) as Record<string, unknown>;
    const services = stringsOf(principals.Service);
    const strangers = Object.entries(principals).filter(([type]) => type !== 'Service');
    if (services.length !== 1 || services[0] !== principal || strangers.length > 0) {
      problems.push(`trusts ${JSON.stringify(statement.Principal ?? '*')}; expected the service ${principal} only`);
    }
    const actions = stringsOf(statement.Action);
    if (actions.some((action) => action !== 'sts:AssumeRole')) problems.push(`allows ${actions.join(', ')}; expected sts:AssumeRole only`);
    const sourceAccount = stringsOf((statement.Condition as Record<string, Record<string, unknown>> | undefined)?.StringEquals?.['aws:SourceAccount']);
    if (sourceAccount.length !== 1 || sourceAccount[0] !== accountId) {
      problems.push(`does not require aws:SourceAccount = ${accountId} (StringEquals): any account's ${principal} could pass the role. Fix: add the condition`);
    }
    return problems;
  });
}
