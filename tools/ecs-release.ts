/**
 * Rolls the applied task definition out to the blue/green services of an ECS environment. Usage:
 * npx tsx tools/ecs-release.ts <environment>   (the deploy job runs it after tools/apply.ts, before the smoke check)
 *
 * With CodeDeploy as a service's deployment controller, Terraform ignores its `task_definition` after the first
 * apply: applying a new `image_tag` only registers a new task definition revision. For each service of `ecs.services`
 * with `deployment: 'blue-green'` this step therefore
 * 1. reads the services stack's output `<key>_release` (`terraform output -json`): the revision Terraform registered,
 *    the CodeDeploy application and deployment group, the container and port the load balancer routes to;
 * 2. waits for a deployment of that group still under way (an earlier run that stopped waiting), if any;
 * 3. asks ECS which task definition the service's PRIMARY task set runs (`aws ecs describe-services`); the same
 *    revision: nothing to do;
 * 4. otherwise starts a CodeDeploy deployment with an AppSpec naming the revision (`aws deploy create-deployment`)
 *    and waits until it has Succeeded, checking every 15 s for up to 60 minutes.
 * It waits for Succeeded, not only for the traffic shift: CodeDeploy reports Succeeded once the blue tasks are gone
 * (10 min canary, then the 15 min termination wait), and until then the deployment can still roll back — an alarm
 * firing, or someone stopping it — and move production back to the old revision. A job that turned green at the
 * shift could report a release that no longer serves; the smoke check after it also needs the single task set left
 * once blue is gone.
 * A deployment that ends Failed or Stopped (CodeDeploy has then rolled back), or is still under way after 60 minutes,
 * exits 1 naming the deployment id, its status and CodeDeploy's error. Services with `deployment: 'rolling'` need
 * nothing: the apply changes their task definition and ECS rolls the tasks. An environment without blue/green
 * services (EKS, or rolling only) is not even synthesized.
 *
 * AWS permissions it uses (the apply role's PowerUserAccess includes them; a narrower role needs exactly these):
 * `ecs:DescribeServices` on the service; `codedeploy:ListDeployments` and `codedeploy:CreateDeployment` on the
 * deployment group; `codedeploy:GetDeploymentConfig` on its deployment config; `codedeploy:GetDeployment` on the
 * deployment group (deployments are authorized on their group); plus what `terraform output` needs (read the state).
 * No iam:PassRole: CodeDeploy starts the tasks with its own service role.
 * `AWS_CLI_BINARY` overrides the aws binary (tests use tools/fake-command.ts).
 */
import { EnvironmentConfig, loadEnvironment } from '@platform/config';
import { PlatformError } from '@platform/core';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandSpec, parseCommandLine, synopsis } from './cli-arguments';
import { environmentFile, importEnvironment, knownEnvironments } from './environments';
import { blockFor, runTool } from './run-tool';
import { DescribedService, describeServices, Patience } from './smoke-ecs';
import { initStack, stackDirs, terraform } from './stack-terraform';
import { CdktfManifest, readManifest, requireSynthApp, synthesize } from './synthesized-app';

export const ECS_RELEASE_COMMAND = {
  command: 'npx tsx tools/ecs-release.ts',
  description: "Rolls the applied task definition out to the environment's blue/green (CodeDeploy) ECS services.",
  positionals: [{ name: 'environment', description: 'the environment (or bootstrap)' }],
} as const satisfies CommandSpec;

/** The environment named on the command line, one the workspace synthesizes. */
export function parseEcsReleaseArguments(args: readonly string[]): string {
  return requireSynthApp(parseCommandLine(ECS_RELEASE_COMMAND, args).positionals[0], `Usage: ${synopsis(ECS_RELEASE_COMMAND)}`);
}
const PAUSE_MS = 15_000;
/** 60 minutes at 15 s: canary 10 min + termination wait 15 min + starting green and draining blue, with room. */
const DEPLOYMENT_ATTEMPTS = 240;
/** Deployment statuses after which CodeDeploy does nothing more. */
const FINAL_STATUSES = ['Succeeded', 'Failed', 'Stopped'];
/** Statuses of a deployment that is still under way (`Ready`: waiting for the traffic reroute). */
const ACTIVE_STATUSES = ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'];

/** The services stack's output `<key>_release` of a blue/green service (libs/stacks services-stack.ts). */
export interface ServiceRelease {
  /** CodeDeploy application. */
  readonly application: string;
  readonly deploymentGroup: string;
  /** ARN with revision of the task definition Terraform registered: what the service should run. */
  readonly taskDefinitionArn: string;
  /** Container and port the load balancer routes to. */
  readonly containerName: string;
  readonly containerPort: number;
  /** Fargate platform version, pinned (without it in the AppSpec CodeDeploy starts the new tasks on LATEST). */
  readonly platformVersion: string;
  readonly clusterName: string;
  readonly serviceName: string;
}

/** `terraform output -json`: each output's value by name. */
export type StackOutputs = Readonly<Record<string, { readonly value?: unknown }>>;

/** The fields of `aws deploy get-deployment` the release reads. */
export interface DeploymentInfo {
  readonly deploymentId: string;
  readonly status: string;
  readonly errorInformation?: { readonly code?: string; readonly message?: string };
  readonly rollbackInfo?: { readonly rollbackDeploymentId?: string; readonly rollbackMessage?: string };
}

/** What a release did: the service ran the revision already, or a deployment (by id) rolled it out. */
export type ReleaseResult = { readonly deployed: false } | { readonly deployed: true; readonly deploymentId: string };

const RELEASE_FIELDS: Readonly<Record<keyof ServiceRelease, 'string' | 'number'>> = {
  application: 'string',
  deploymentGroup: 'string',
  taskDefinitionArn: 'string',
  containerName: 'string',
  containerPort: 'number',
  platformVersion: 'string',
  clusterName: 'string',
  serviceName: 'string',
};

export const releaseOutputName = (key: string): string => `${key}_release`;
export const servicesStackName = (environment: string): string => `${environment}-services`;

/** The keys of `ecs.services` released through CodeDeploy. */
export function blueGreenServices(environment: EnvironmentConfig): string[] {
  return Object.entries(environment.ecs?.services ?? {})
    .filter(([, service]) => service.deployment === 'blue-green')
    .map(([key]) => key);
}

/** The release of every blue/green service, from the services stack's outputs; throws naming a missing or malformed one. */
export function releasesOf(environment: EnvironmentConfig, outputs: StackOutputs): Record<string, ServiceRelease> {
  const stack = servicesStackName(environment.name);
  return Object.fromEntries(
    blueGreenServices(environment).map((key) => {
      const name = releaseOutputName(key);
      const value = outputs[name]?.value;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new PlatformError(
          `${stack} has no output ${name}, so the blue/green service ${key} cannot be released (the applied state predates it, or the stack was never applied). Fix: apply ${stack} (tools/apply.ts), which declares it`,
        );
      }
      for (const [field, type] of Object.entries(RELEASE_FIELDS)) {
        const fieldValue = (value as Record<string, unknown>)[field];
        if (typeof fieldValue !== type || fieldValue === '') {
          throw new PlatformError(`${stack} output ${name}: ${field} is ${JSON.stringify(fieldValue)}, not a ${type}. Fix: apply ${stack} with the services stack of this commit`);
        }
      }
      return [key, value as ServiceRelease];
    }),
  );
}

/** The task definition each release names, by ECS service name (what the smoke check expects the service to run). */
export function releasedTaskDefinitions(releases: Readonly<Record<string, ServiceRelease>>): Record<string, string> {
  return Object.fromEntries(Object.values(releases).map(({ serviceName, taskDefinitionArn }) => [serviceName, taskDefinitionArn]));
}

/** `terraform output -json` of a stack folder (after `terraform init`, which a fresh checkout needs to read the state). */
export function readStackOutputs(stackDir: string): StackOutputs {
  initStack(stackDir);
  const dir = mkdtempSync(join(tmpdir(), 'stack-outputs-'));
  try {
    const file = join(dir, 'outputs.json');
    terraform(stackDir, ['output', '-json'], [0], file);
    return JSON.parse(readFileSync(file, 'utf8')) as StackOutputs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The outputs of the environment's services stack, synthesized in `cdktf.out/<environment>`. */
export function readServicesOutputs(environment: string, manifest: CdktfManifest): StackOutputs {
  const stack = servicesStackName(environment);
  if (manifest.stacks[stack] === undefined) throw new PlatformError(`${environment} has no stack ${stack}. Fix: give the environment compute: 'ecs' and ecs.services`);
  return readStackOutputs(stackDirs(environment, manifest, [stack])[0].dir);
}

/** The AppSpec (version 0.0) of a deployment of `release`, as CodeDeploy takes it in `appSpecContent.content`. */
export function appSpecContent(release: ServiceRelease): string {
  const resources = [
    {
      TargetService: {
        Type: 'AWS::ECS::Service',
        Properties: {
          TaskDefinition: release.taskDefinitionArn,
          LoadBalancerInfo: { ContainerName: release.containerName, ContainerPort: release.containerPort },
          PlatformVersion: release.platformVersion,
        },
      },
    },
  ];
  // `version` is the number 0.0, as AWS's AppSpec reference writes it; JSON.stringify would print 0.
  return `{"version":0.0,"Resources":${JSON.stringify(resources)}}`;
}

/** The task definition of the service's PRIMARY task set (the one production traffic goes to). */
export function primaryTaskDefinition(service: DescribedService | undefined): string | undefined {
  return service?.taskSets?.find(({ status }) => status === 'PRIMARY')?.taskDefinition;
}

/** Why a deployment did not succeed: its status, CodeDeploy's error and the rollback. */
export function deploymentFailure(release: ServiceRelease, deployment: DeploymentInfo): string {
  const { code, message } = deployment.errorInformation ?? {};
  const error = code || message ? `${code ?? 'error'}: ${message ?? '(no message)'}` : 'CodeDeploy gave no error';
  const rollback = deployment.rollbackInfo?.rollbackMessage ?? (deployment.rollbackInfo?.rollbackDeploymentId ? `rolled back by ${deployment.rollbackInfo.rollbackDeploymentId}` : undefined);
  return `CodeDeploy deployment ${deployment.deploymentId} of ${release.serviceName} (${release.taskDefinitionArn}) ended ${deployment.status}: ${error}${rollback ? ` (${rollback})` : ''}`;
}

/** `aws <service> <command> --region <region> <args> --output json`, parsed; throws naming the call when it fails. */
function awsJson(region: string, [service, command, ...args]: readonly string[]): unknown {
  const result = spawnSync(process.env.AWS_CLI_BINARY ?? 'aws', [service, command, '--region', region, ...args, '--output', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new PlatformError(`aws ${service} ${command} failed (${result.error?.message ?? (result.stderr.trim() || `exit ${result.status ?? result.signal}`)})`);
  return JSON.parse(result.stdout) as unknown;
}

/** Waits until the deployment reaches a final status and returns it; throws if it is still under way once patience is spent. */
export function waitForDeployment(region: string, release: ServiceRelease, deploymentId: string, patience: Patience): DeploymentInfo {
  let last: string | undefined;
  for (let attempt = 1; ; attempt += 1) {
    const { deploymentInfo } = awsJson(region, ['deploy', 'get-deployment', '--deployment-id', deploymentId]) as { deploymentInfo: DeploymentInfo };
    if (deploymentInfo.status !== last) console.log(`  ${deploymentId}: ${deploymentInfo.status}`);
    last = deploymentInfo.status;
    if (FINAL_STATUSES.includes(deploymentInfo.status)) return deploymentInfo;
    if (attempt >= patience.attempts) {
      throw new PlatformError(
        `CodeDeploy deployment ${deploymentId} of ${release.serviceName} is still ${deploymentInfo.status} after ${attempt} checks; CodeDeploy carries on with it. Fix: follow it (aws deploy get-deployment --deployment-id ${deploymentId}) and run the deploy job again once it ended`,
      );
    }
    patience.pause();
  }
}

/**
 * Rolls `release.taskDefinitionArn` out to its service through CodeDeploy unless the PRIMARY task set runs it
 * already; throws when the deployment does not succeed.
 */
export function releaseService(region: string, release: ServiceRelease, patience: Patience): ReleaseResult {
  const group = ['--application-name', release.application, '--deployment-group-name', release.deploymentGroup];
  const { deployments = [] } = awsJson(region, ['deploy', 'list-deployments', ...group, '--include-only-statuses', ...ACTIVE_STATUSES]) as { deployments?: string[] };
  for (const deploymentId of deployments) {
    // Only one deployment per group runs at a time: an earlier one is waited for, whatever its outcome, and the
    // task definition compared afterwards.
    console.log(`${release.serviceName}: deployment ${deploymentId} is already under way; waiting for it`);
    waitForDeployment(region, release, deploymentId, patience);
  }

  const described = describeServices(region, release.clusterName, [release.serviceName]);
  const service = described.services?.find(({ serviceName }) => serviceName === release.serviceName);
  if (service === undefined) throw new PlatformError(`ECS service ${release.serviceName} in cluster ${release.clusterName} was not found, so it cannot be released`);
  const running = primaryTaskDefinition(service);
  if (running === release.taskDefinitionArn) {
    console.log(`${release.serviceName}: runs ${running} already; no deployment`);
    return { deployed: false };
  }

  console.log(`${release.serviceName}: runs ${running ?? 'no primary task set'}; deploying ${release.taskDefinitionArn}`);
  const revision = { revisionType: 'AppSpecContent', appSpecContent: { content: appSpecContent(release) } };
  const { deploymentId } = awsJson(region, ['deploy', 'create-deployment', ...group, '--revision', JSON.stringify(revision), '--description', `Release of ${release.taskDefinitionArn}`]) as {
    deploymentId: string;
  };
  const deployment = waitForDeployment(region, release, deploymentId, patience);
  if (deployment.status !== 'Succeeded') throw new PlatformError(deploymentFailure(release, deployment));
  return { deployed: true, deploymentId };
}

function main(): number {
  const environment = parseEcsReleaseArguments(process.argv.slice(2));
  // The bootstrap app is no environment: it has no services.
  const config = knownEnvironments().includes(environment) ? loadEnvironment(importEnvironment(environment), { expectedName: environment, source: environmentFile(environment) }) : undefined;
  const keys = config === undefined ? [] : blueGreenServices(config);
  if (config === undefined || keys.length === 0) {
    console.log(`${environment} has no blue/green (CodeDeploy) service: nothing to release; the apply rolled out the rest.`);
    return 0;
  }
  synthesize(environment);
  const releases = releasesOf(config, readServicesOutputs(environment, readManifest(environment)));
  const patience: Patience = { attempts: DEPLOYMENT_ATTEMPTS, pause: () => blockFor(PAUSE_MS) };
  for (const key of keys) {
    console.log(`\n=== ${key}`);
    const result = releaseService(config.region, releases[key], patience);
    if (result.deployed) console.log(`${releases[key].serviceName}: deployment ${result.deploymentId} succeeded`);
  }
  return 0;
}

if (require.main === module) runTool(main);
