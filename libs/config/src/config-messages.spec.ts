/**
 * Every message the environment config can produce has the shape `<field path>: <problem>. Fix: <what to write>`,
 * with the full path from the environment file's root.
 *
 * The checks are enumerated, not listed by hand, so a new one without a case fails here:
 * - every check of the schema tree (walked through zod's definitions): a leaf check (a pattern, a range, an
 *   enum...) is broken automatically in a rich valid environment; a refinement (`refine`, `superRefine`) must be
 *   reached by a case of the catalogue below;
 * - every message written in the source of this library (`addIssue`/`issue` calls and any literal with `. Fix: `,
 *   found with TypeScript's parser), most of them cross-field checks: each must match a message the catalogue produces.
 */
import { escapeRegExp } from '@platform/core';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { environmentSchema, EnvironmentInput } from './environment-schema';
import { EnvironmentConfigError, loadEnvironment } from './load-environment';
import { exampleEcsEnvironment, exampleEnvironment, exampleSafetyViolationAlarm } from './testing';

type Json = { [key: string]: unknown };

/** An EKS environment with one of everything a list or record can hold, so each check has an item to break. */
const RICH_EKS: EnvironmentInput = exampleEnvironment({
  additionalTags: { DataClassification: 'internal' },
  network: { vpcCidr: '10.30.0.0/16', applicationPorts: [80, 8000], interfaceEndpoints: ['ecr.api', 'sts'] },
  state: { bucket: 'platform-tfstate-staging', lockTable: 'platform-terraform-locks', kmsKeyAlias: 'alias/platform-terraform-state', region: 'eu-central-1', keyPrefix: 'staging' },
  cluster: {
    adminRoleArns: ['arn:aws:iam::123456789012:role/platform-admin'],
    publicAccessCidrs: ['203.0.113.0/24'],
    privateAccessCidrs: ['10.40.0.0/16'],
    nodeGroups: {
      general: {
        instanceTypes: ['t3.medium'],
        minSize: 1,
        desiredSize: 2,
        maxSize: 3,
        labels: { role: 'general' },
        taints: [{ key: 'workload', value: 'general', effect: 'NO_SCHEDULE' }],
      },
    },
    ecrRepositories: ['novel-engine/backend'],
    namespaces: ['novel-engine'],
    githubRunner: { concurrentJobs: 2 },
  },
  data: {
    secrets: ['novel-engine/gemini-api-key', 'observability/grafana-admin', 'observability/postgres-exporter', 'observability/ses-smtp-password', 'observability/pagerduty', 'observability/slack'],
    cdn: { allowedCountries: ['DE'], hostname: 'app' },
    queues: ['tasks'],
    topics: ['events'],
  },
  observability: {
    metrics: { remoteWriteUrls: ['https://mimir.example.com/api/v1/push'] },
    grafana: { hostname: 'grafana.staging.example.com' },
    alerting: {
      runbookBaseUrl: 'https://runbooks.example.com',
      pagerDuty: { routingKeySecretName: 'observability/pagerduty' },
      slack: { channel: '#platform-alerts', webhookSecretName: 'observability/slack' },
      email: {
        to: ['oncall@example.com'],
        from: 'alertmanager@example.com',
        smarthost: 'email-smtp.eu-central-1.amazonaws.com:587',
        authUsername: 'AKIAIOSFODNN7EXAMPLE',
        passwordSecretName: 'observability/ses-smtp-password',
      },
      maintenanceWindows: [{ name: 'weekly-patching', weekdays: ['sunday'], times: [{ start: '04:00', end: '05:00' }] }],
      rules: [
        {
          alert: 'QueueBacklogHigh',
          expr: 'sum(queue_depth) > 100',
          for: '10m',
          severity: 'warning',
          summary: 's',
          description: 'd',
          runbookUrl: 'https://runbooks.example.com/queue-backlog-high',
        },
      ],
    },
    cloudwatch: {
      subscriptions: { critical: ['oncall@example.com'] },
      metricAlarms: {
        'safety-violations': { ...exampleSafetyViolationAlarm, metric: { ...exampleSafetyViolationAlarm.metric, dimensions: { Service: 'api' } } },
        'timeout-rate': {
          kind: 'ratio',
          numerator: { namespace: 'StoryMagic', metricName: 'GenerationTimeouts', statistic: 'Sum' },
          denominator: { namespace: 'StoryMagic', metricName: 'Generations', statistic: 'Sum' },
          thresholdPercent: 5,
          periodSeconds: 300,
          severity: 'warning',
          description: 'Generations time out.',
        },
      },
    },
    budget: { monthlyLimitUsd: 400, thresholdsPercent: [80, 100] },
  },
  workloads: {
    catalogs: ['novel-engine'],
    namespace: 'novel-engine',
    imageTag: '1.4.2',
    hosts: { api: 'api.staging.example.com' },
    autoscaling: { minReplicas: 2, maxReplicas: 10 },
    delivery: { 'novel-engine-backend': 'canary' },
  },
  delivery: { githubRepository: 'example-org/platform-infrastructure', mainBranch: 'main' },
  recovery: {
    secondaryAvailabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    secondaryVpcCidr: '10.130.0.0/16',
    breakGlassRoleArns: ['arn:aws:iam::123456789012:role/break-glass'],
  },
});

/** An ECS environment whose service writes every setting a service has. */
const RICH_ECS: EnvironmentInput = exampleEcsEnvironment({
  ecs: {
    platformVersion: '1.4.0',
    services: {
      api: {
        repository: 'storymagic/api',
        imageTag: '1.4.2',
        environment: { NODE_ENV: 'production' },
        secrets: { OPENAI_API_KEY: 'storymagic/openai-api-key' },
      },
    },
  },
});

/** `field: message` of every issue `input` is rejected with; [] when it is accepted. */
function issuesOf(input: unknown, expectedName?: string): string[] {
  try {
    loadEnvironment(input, { expectedName });
    return [];
  } catch (error) {
    if (error instanceof EnvironmentConfigError) return error.issues.map((issue) => `${issue.field || '(top level)'}: ${issue.message}`);
    throw error;
  }
}

/** `<field path>: <problem>. Fix: <what to write>`: a dotted path, a problem, exactly one fix. */
const SHAPE = /^([^\s:.]+(\.[^\s:.]+)*): (?!.*\. Fix: .*\. Fix: )\S.*[^.]\. Fix: \S.*$/s;

// ---------------------------------------------------------------------------------------------------------------
// The checks of the schema tree.

/** A check somewhere in the schema: its path (`*` for any item or key, `<key>` for a record's key), kind and message. */
interface SchemaCheck {
  readonly path: readonly string[];
  readonly kind: string;
  /** The check's own message; undefined for zod's (completed by a generic fix) and for refinements that add issues. */
  readonly message?: string;
  readonly def: Readonly<Record<string, unknown>>;
}

type ZodNode = { readonly _zod: { readonly def: Readonly<Record<string, unknown>> } };

/** Every check of the schema tree: the checks of each schema, and a schema's own message (enums, emails, URLs). */
function schemaChecks(schema: ZodNode, at: readonly string[] = []): SchemaCheck[] {
  const def = schema._zod.def;
  const found: SchemaCheck[] = [];
  if (typeof def.error === 'function') found.push({ path: at, kind: `${String(def.type)} schema`, message: staticMessage(def.error), def });
  for (const check of (def.checks ?? []) as ZodNode[]) {
    const checkDef = check._zod.def;
    found.push({ path: at, kind: String(checkDef.check), message: typeof checkDef.error === 'function' ? staticMessage(checkDef.error) : undefined, def: checkDef });
  }
  const inner = (key: string) => schemaChecks(def[key] as ZodNode, at);
  switch (def.type) {
    case 'object':
      for (const [key, child] of Object.entries(def.shape as Record<string, ZodNode>)) found.push(...schemaChecks(child, [...at, key]));
      break;
    case 'array':
      found.push(...schemaChecks(def.element as ZodNode, [...at, '*']));
      break;
    case 'record':
      found.push(...schemaChecks(def.keyType as ZodNode, [...at, '<key>']), ...schemaChecks(def.valueType as ZodNode, [...at, '*']));
      break;
    case 'optional':
    case 'default':
    case 'prefault':
    case 'readonly':
      found.push(...inner('innerType'));
      break;
    case 'pipe':
      found.push(...inner('in'), ...inner('out'));
      break;
    case 'union':
      for (const option of def.options as ZodNode[]) found.push(...schemaChecks(option, at));
      break;
    default:
      break;
  }
  return found;
}

function staticMessage(error: unknown): string | undefined {
  const message = (error as (issue: object) => unknown)({});
  return typeof message === 'string' ? message : undefined;
}

const CHECKS = schemaChecks(environmentSchema as unknown as ZodNode);
const isRefinement = (check: SchemaCheck) => check.kind === 'custom';

/** A value that fails `check` (a leaf check), or undefined when none can be derived from its definition. */
function breakingValue(check: SchemaCheck, current: unknown): unknown {
  const { def } = check;
  const inclusive = def.inclusive !== false;
  switch (check.kind) {
    case 'number_format':
      return 1.5;
    case 'greater_than':
      return Number(def.value) - (inclusive ? 1 : 0);
    case 'less_than':
      return Number(def.value) + (inclusive ? 1 : 0);
    case 'min_length':
      return Array.isArray(current) ? current.slice(0, Number(def.minimum) - 1) : '';
    case 'max_length':
      return Array.isArray(current) ? Array.from({ length: Number(def.maximum) + 1 }, () => current[0]) : 'x'.repeat(Number(def.maximum) + 1);
    case 'string_format': {
      if (def.format !== 'regex') return 'not valid';
      const pattern = def.pattern as RegExp;
      return ['not valid!', '', 'x', 'A'].find((candidate) => !pattern.test(candidate));
    }
    case 'enum schema':
      return 'not-an-option';
    case 'string schema':
      return 'not valid';
    default:
      return undefined;
  }
}

/** `path` (with `*` and `<key>`) made concrete in `input`: each `*` the first item or key that has the next segment. */
function concretePath(input: unknown, pattern: readonly string[]): string[] | undefined {
  const concrete: string[] = [];
  let node = input;
  for (const [index, segment] of pattern.entries()) {
    if (segment === '<key>') return [...concrete, 'Not_A_Key!'];
    let key = segment;
    if (segment === '*') {
      const next = pattern[index + 1];
      const keys = Array.isArray(node) ? node.map((_, item) => String(item)) : Object.keys((node ?? {}) as Json);
      const has = (candidate: string) => typeof child(node, candidate) === 'object' && next in (child(node, candidate) as Json);
      const fits = next === undefined || next === '*' || next === '<key>' ? keys[0] : (keys.find(has) ?? keys[0]);
      if (fits === undefined) return undefined;
      key = fits;
    }
    concrete.push(key);
    node = child(node, key);
  }
  return concrete;
}

function child(node: unknown, key: string): unknown {
  return typeof node === 'object' && node !== null ? (node as Json)[key] : undefined;
}

/** `input` with the value at `at` replaced (`<key>`: a record key that is no name, holding a copy of another item). */
function withValue(input: unknown, at: readonly string[], value: (current: unknown) => unknown): unknown {
  const [key, ...rest] = at;
  const copy: Json | unknown[] = Array.isArray(input) ? [...input] : { ...((input ?? {}) as Json) };
  if (key === 'Not_A_Key!') {
    const first = Object.values(copy)[0];
    return { ...copy, [key]: first };
  }
  const target = copy as Json;
  target[key] = rest.length === 0 ? value(target[key]) : withValue(target[key], rest, value);
  return copy;
}

const baseFor = (check: SchemaCheck): EnvironmentInput => (check.path[0] === 'ecs' ? RICH_ECS : RICH_EKS);
const matches = (pattern: readonly string[], field: string) => pattern.length === 0 || new RegExp(`^${pattern.map((segment) => (segment === '*' || segment === '<key>' ? '[^.]+' : segment.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'))).join('\\.')}(\\.|$)`).test(field);

describe('the rich environments the checks are broken in', () => {
  it.each([
    ['EKS', RICH_EKS],
    ['ECS', RICH_ECS],
  ])('the %s one is valid', (_, input) => {
    expect(issuesOf(input)).toEqual([]);
  });
});

const LEAF_CHECKS = CHECKS.filter((check) => !isRefinement(check));

/** Each leaf check broken in the rich environment of its kind: the concrete field, and the issues reported there. */
const BROKEN_LEAVES = LEAF_CHECKS.map((check) => {
  const base = baseFor(check);
  const at = concretePath(base, check.path);
  if (at === undefined) return { check, field: undefined, issues: [] };
  const field = at.join('.');
  const issues = issuesOf(withValue(base, at, (current) => breakingValue(check, current))).filter((line) => line.startsWith(`${field}: `));
  return { check, field, issues };
});

describe('every leaf check of the schema, broken', () => {
  it('finds the checks (the walk reaches the whole tree)', () => {
    expect(LEAF_CHECKS.length).toBeGreaterThan(150);
    expect(LEAF_CHECKS.map((check) => check.path.join('.'))).toEqual(expect.arrayContaining(['accountId', 'cluster.nodeGroups.*.maxSize', 'ecs.services.*.containerPort', 'recovery.strategy']));
  });

  it.each(BROKEN_LEAVES.map((broken) => [`${broken.check.path.join('.')} ${broken.check.kind}`, broken] as const))('%s: reported at its path, in the shape', (_, { check, field, issues }) => {
    expect(field).toBeDefined();
    expect(issues).not.toEqual([]);
    // A check with its own message says exactly that message; zod's built-in checks are held to the shape only.
    const ownMessage = check.message === undefined ? [] : [`${field}: ${check.message}`];
    expect(issues).toEqual(expect.arrayContaining(ownMessage));
    for (const line of issues) expect(line).toMatch(SHAPE);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The messages written in the source, and the refinements: reached by the catalogue.

/** A message written in this library's source: where, and a pattern its messages match (`${...}` matches anything). */
interface SourceMessage {
  readonly where: string;
  readonly pattern: RegExp;
}

const ISSUE_CALLS = new Set(['addIssue', 'issue']);

/** The messages of `addIssue(...)`/`issue(...)` calls and every literal holding `. Fix: `, in the library's source files. */
function sourceMessages(): SourceMessage[] {
  const found = new Map<number | string, SourceMessage>();
  for (const name of fs.readdirSync(__dirname).filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))) {
    const file = path.join(__dirname, name);
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const add = (node: ts.Node) => {
      if (!ts.isStringLiteral(node) && !ts.isNoSubstitutionTemplateLiteral(node) && !ts.isTemplateExpression(node)) return;
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      found.set(`${name}:${node.getStart(source)}`, { where: `${name}:${line}`, pattern: messagePattern(node) });
    };
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node)) {
        const callee = ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : ts.isIdentifier(node.expression) ? node.expression.text : '';
        if (ISSUE_CALLS.has(callee)) {
          const [first, second] = node.arguments;
          const message =
            first !== undefined && ts.isObjectLiteralExpression(first)
              ? first.properties.find((property): property is ts.PropertyAssignment => ts.isPropertyAssignment(property) && property.name.getText(source) === 'message')?.initializer
              : second;
          if (message !== undefined) add(message);
        }
      }
      if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) && node.getText(source).includes('. Fix: ')) add(node);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return [...found.values()];
}

function messagePattern(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression): RegExp {
  const parts = ts.isTemplateExpression(node) ? [node.head.text, ...node.templateSpans.map((span) => span.literal.text)] : [node.text];
  return new RegExp(`^${parts.map(escapeRegExp).join('[\\s\\S]*?')}$`);
}

const eks = (overrides: Json) => exampleEnvironment(overrides as Partial<EnvironmentInput>);
const ecs = (overrides: Json) => exampleEcsEnvironment(overrides as Partial<EnvironmentInput>);
const nodeGroup = (group: Json) => ({ nodeGroups: { general: { instanceTypes: ['t3.medium'], minSize: 1, desiredSize: 2, maxSize: 3, ...group } } });
const api = (service: Json, more: Json = {}) => ({ ecs: { services: { api: { repository: 'storymagic/api', ...service }, ...more } } });
const ALARM = exampleSafetyViolationAlarm;
const RATIO = RICH_EKS.observability?.cloudwatch?.metricAlarms?.['timeout-rate'] as Json;
const RULE = { alert: 'QueueBacklogHigh', expr: 'sum(queue_depth) > 100', for: '10m', severity: 'warning', summary: 's', description: 'd' };
const SECRETS = RICH_EKS.data?.secrets as string[];

/**
 * Broken environments that together reach every refinement and every message of the source; each names what it
 * breaks. `expectedName` is the environment the file belongs to, when the case is about its name.
 */
const CATALOGUE: Readonly<Record<string, { readonly input: unknown; readonly expectedName?: string }>> = {
  // Regions and zones
  'a misspelt region with matching zones': { input: eks({ region: 'eu-centrall-1', availabilityZones: ['eu-centrall-1a', 'eu-centrall-1b'] }) },
  'a zone of another region, and a zone twice': { input: eks({ availabilityZones: ['eu-central-1a', 'eu-west-1b', 'eu-central-1a'] }) },
  'a misspelt state region': { input: eks({ state: { region: 'eu-wset-1' } }) },
  'a misspelt secondary region': { input: eks({ recovery: { secondaryRegion: 'us-east-3' } }) },
  // Lists
  'an item twice in every list': {
    input: eks({
      network: { vpcCidr: '10.30.0.0/16', interfaceEndpoints: ['sts', 'sts'], applicationPorts: [80, 80] },
      cluster: {
        adminRoleArns: ['arn:aws:iam::123456789012:role/platform-admin', 'arn:aws:iam::210987654321:role/platform-admin'],
        publicAccessCidrs: ['203.0.113.0/24', '203.0.113.0/24'],
        privateAccessCidrs: ['10.40.0.0/16', '10.40.0.0/16'],
        ecrRepositories: ['novel-engine/backend', 'novel-engine/backend'],
        namespaces: ['novel-engine', 'novel-engine'],
        ...nodeGroup({ instanceTypes: ['t3.medium', 't3.medium'] }),
      },
      data: { secrets: [...SECRETS, 'observability/slack'], queues: ['tasks', 'tasks'], topics: ['events', 'events'], cdn: { allowedCountries: ['DE', 'DE'] } },
      observability: {
        alerting: { maintenanceWindows: [{ name: 'weekly', weekdays: ['sunday'] }, { name: 'weekly', weekdays: ['saturday'] }], rules: [RULE, RULE] },
        budget: { monthlyLimitUsd: 400, thresholdsPercent: [80, 80] },
      },
      workloads: { catalogs: ['novel-engine', 'novel-engine'] },
      recovery: { breakGlassRoleArns: ['arn:aws:iam::123456789012:role/break-glass', 'arn:aws:iam::123456789012:role/break-glass'] },
    }),
  },
  'a retention CloudWatch Logs does not accept, everywhere': {
    input: eks({
      network: { vpcCidr: '10.30.0.0/16', flowLogRetentionDays: 45 },
      cluster: { logRetentionDays: 45 },
      observability: { cloudwatch: { applicationLogRetentionDays: 45, databaseLogRetentionDays: 45 } },
      security: { cloudTrail: { logGroupRetentionDays: 45 } },
    }),
  },
  // Network and state
  'a VPC larger than AWS allows': { input: eks({ network: { vpcCidr: '10.0.0.0/8' } }) },
  'a subnet outside the VPC': { input: eks({ network: { vpcCidr: '10.30.0.0/16', subnetCidrs: { public: { 'eu-central-1a': '192.168.0.0/24', 'eu-central-1b': '10.30.201.0/24', 'eu-central-1c': '10.30.202.0/24' } } } }) },
  'a default state bucket name longer than S3 allows': { input: eks({ project: 'a-project-name-of-thirty-chars', state: { region: 'ap-southeast-2' } }) },
  'a tag the platform sets': { input: eks({ additionalTags: { Owner: 'someone-else' } }) },
  'a misspelt setting at the top, and a setting nothing resembles deeper down': { input: { ...eks({ data: { notAnything: true } as Json }), netwrok: {} } },
  'a required section left out': { input: { ...eks({}), network: undefined } },
  'a budget with a misspelt limit (an object, so the object option of false-or-object is reported)': { input: eks({ observability: { budget: { monthlyLimit: 5 } } }) },
  'a region of the wrong case, whose default state bucket name would be invalid too': { input: eks({ region: 'EU-Central-1', availabilityZones: ['EU-Central-1a', 'EU-Central-1b'] }) },
  'a file declaring another environment': { input: eks({ name: 'production' }), expectedName: 'staging' },
  // Cluster
  'no node group': { input: eks({ cluster: { nodeGroups: {} } }) },
  'a node group whose minimum is above its maximum': { input: eks({ cluster: nodeGroup({ minSize: 5, desiredSize: 5, maxSize: 2 }) }) },
  'a node group whose desired size is outside its range': { input: eks({ cluster: nodeGroup({ desiredSize: 9 }) }) },
  'API endpoint ranges that are no CIDR or admit everyone, in production': {
    input: eks({ cluster: { publicAccessCidrs: ['10.0.0.0/33', '0.0.0.0/0'], privateAccessCidrs: ['10.0.0.0/33', '0.0.0.0/0'] } }),
  },
  'a node group mixing Graviton and x86_64 types': { input: eks({ cluster: nodeGroup({ instanceTypes: ['t3.medium', 'm7g.large'] }) }) },
  'an image repository without a namespace, which replication cannot match': { input: eks({ cluster: { ecrRepositories: ['backend'] } }) },
  'no admin role': { input: eks({ cluster: { adminRoleArns: [] } }) },
  'external-dns without a zone': { input: eks({ dnsZoneName: undefined, dnsZoneId: undefined }) },
  // Data
  'the master user for applications, a pinned minor version and storage above its limit': {
    input: eks({ data: { postgres: { applicationUsername: 'postgres', engineVersion: '16.8', maxAllocatedStorageGiB: 50 } } }),
  },
  'a single-AZ database in production': { input: eks({ data: { postgres: { multiAz: false } } }) },
  'backups kept 3 days in production': { input: eks({ data: { postgres: { backupRetentionDays: 3 } } }) },
  'a Multi-AZ cache of one node': { input: eks({ data: { redis: { nodes: 1 } } }) },
  'a country code that does not exist': { input: eks({ data: { cdn: { allowedCountries: ['XX'] } } }) },
  'a country outside the EU with gdpr': { input: eks({ data: { cdn: { gdpr: true, allowedCountries: ['DE', 'US'] } } }) },
  'search nodes that cannot be spread evenly over the zones': { input: eks({ data: { search: { enabled: true, instanceCount: 5 } } }) },
  'search nodes spread over 3 zones in an environment of 2': { input: eks({ availabilityZones: ['eu-central-1a', 'eu-central-1b'], data: { search: { enabled: true, instanceCount: 3 } } }) },
  'a CDN host name without the zone': { input: eks({ dnsZoneId: undefined, data: { cdn: { hostname: 'app' } } }) },
  // Observability
  'an alert rule with a broken expression and a duration in words': { input: eks({ observability: { alerting: { rules: [{ ...RULE, expr: 'sum(rate(x[5m])', for: 'ten minutes' }] } } }) },
  'maintenance windows Alertmanager would refuse': {
    input: eks({
      observability: {
        alerting: {
          maintenanceWindows: [
            { name: 'weekend', weekdays: ['funday'] },
            { name: 'nightly', times: [{ start: '22:00', end: '02:00' }, { start: '7:00', end: '25:00' }], location: 'Mars/Olympus' },
            { name: 'always' },
          ],
        },
      },
    }),
  },
  'alarms on AWS namespaces, with periods CloudWatch does not evaluate': {
    input: eks({
      observability: {
        cloudwatch: {
          metricAlarms: {
            threshold: { ...ALARM, metric: { ...ALARM.metric, namespace: 'AWS/EC2' }, periodSeconds: 90 },
            ratio: { ...RATIO, numerator: { ...(RATIO.numerator as Json), namespace: 'AWS/EC2' }, denominator: { ...(RATIO.denominator as Json), namespace: 'AWS/SQS' }, periodSeconds: 90 },
          },
        },
      },
    }),
  },
  'an alarm of an unknown kind, and a budget that is neither false nor a limit': {
    input: eks({ observability: { cloudwatch: { metricAlarms: { odd: { ...ALARM, kind: 'anomaly' } } }, budget: 'yes' } }),
  },
  'subscriptions of an unknown severity': { input: eks({ observability: { cloudwatch: { subscriptions: { urgent: ['oncall@example.com'] } } } }) },
  'a secret observability reads that does not exist': { input: eks({ observability: { grafana: { adminSecretName: 'observability/grafana' } } }) },
  'Grafana without the add-ons it needs, and monitoring as a workload namespace': {
    input: eks({ cluster: { addons: { externalSecrets: false, awsLoadBalancerController: false }, namespaces: ['monitoring'] } }),
  },
  'Grafana and the workloads without a zone for their default names': { input: eks({ dnsZoneName: undefined, cluster: { addons: { externalDns: false } } }) },
  'SMTP authentication without its password secret': { input: eks({ observability: { alerting: { email: { authUsername: 'AKIAIOSFODNN7EXAMPLE' } } } }) },
  'node alarms without Container Insights': { input: eks({ observability: { cloudwatch: { containerInsights: false } } }) },
  // Workloads
  'a replica range upside down, latest deployed, and a strategy for a service that does not exist': {
    input: eks({ workloads: { autoscaling: { minReplicas: 5, maxReplicas: 2 }, imageTag: 'latest', delivery: { 'no-such-service': 'canary' } } }),
  },
  // Recovery
  'no recovery in production': { input: eks({ recovery: { strategy: 'none' } }) },
  'the primary region as the secondary': { input: eks({ recovery: { secondaryRegion: 'eu-central-1' } }) },
  'a warm standby on ECS': { input: ecs({ recovery: { strategy: 'warm-standby', secondaryVpcCidr: '10.130.0.0/16' } }) },
  'a failover without a replica': { input: eks({ recovery: { activeRegion: 'secondary' } }) },
  'a pilot light without a secondary network': { input: eks({ recovery: { strategy: 'pilot-light' } }) },
  'secondary networks that are no CIDR, too small, or overlap the primary': { input: eks({ recovery: { secondaryVpcCidr: '10.300.0.0/16' } }) },
  'a secondary network too small': { input: eks({ recovery: { secondaryVpcCidr: '10.130.0.0/24' } }) },
  'a secondary network overlapping the primary': { input: eks({ recovery: { secondaryVpcCidr: '10.30.0.0/16' } }) },
  'objectives the strategy cannot meet': { input: eks({ recovery: { rpoMinutes: 5, rtoMinutes: 5 } }) },
  // Security
  'no audit trail and no detector in production': { input: eks({ security: { cloudTrail: { enabled: false }, guardDuty: { enabled: false } } }) },
  'audit logs kept a month in production, moved to Glacier after they expire': { input: eks({ security: { cloudTrail: { retentionDays: 30, glacierAfterDays: 90 } } }) },
  'Security Hub standards without AWS Config': { input: eks({ security: { config: { enabled: false } } }) },
  // ECS
  'an ECS environment with EKS settings': { input: ecs({ cluster: { namespaces: ['x'] }, workloads: { enabled: false } }) },
  'an EKS environment with ECS settings': { input: eks({ ecs: { services: { api: { repository: 'storymagic/api' } } } }) },
  'an ECS environment without services': { input: ecs({ ecs: undefined }) },
  'an ECS environment with an empty service list': { input: ecs({ ecs: { services: {} } }) },
  'an ECS service without its zone': { input: ecs({ dnsZoneId: undefined }) },
  'an ECS service at a size Fargate does not offer': { input: ecs(api({ cpu: 100 })) },
  'an ECS service with memory Fargate does not offer at its CPU size': { input: ecs(api({ memoryMiB: 1024 })) },
  'an ECS service with its range upside down and latest deployed': { input: ecs(api({ minCapacity: 3, maxCapacity: 2, desiredCount: 5, imageTag: 'latest' })) },
  'an ECS service with a credential in plain variables, twice': {
    input: ecs(api({ environment: { DB_PASSWORD: 'x', OPENAI_API_KEY: 'y' }, secrets: { OPENAI_API_KEY: 'storymagic/openai-api-key', OTHER: 'storymagic/missing' } })),
  },
  'two ECS services on one host name': { input: ecs(api({}, { worker: { repository: 'storymagic/worker' } })) },
};

const catalogueIssues = Object.fromEntries(Object.entries(CATALOGUE).map(([name, { input, expectedName }]) => [name, issuesOf(input, expectedName)]));

describe('the catalogue of broken environments', () => {
  it.each(Object.keys(CATALOGUE))('%s: rejected, every message in the shape', (name) => {
    expect(catalogueIssues[name]).not.toEqual([]);
    for (const line of catalogueIssues[name]) expect(line).toMatch(SHAPE);
  });

  const produced = [...Object.values(catalogueIssues).flat(), ...BROKEN_LEAVES.flatMap(({ issues }) => issues)];
  it('reaches every refinement of the schema at its path', () => {
    const unreached = CHECKS.filter(isRefinement)
      .filter((check) => !produced.some((line) => matches(check.path, line.slice(0, line.indexOf(': '))) && (check.message === undefined || line.endsWith(`: ${check.message}`))))
      .map((check) => `${check.path.join('.') || '(root)'}${check.message === undefined ? '' : `: ${check.message}`}`);
    expect(unreached).toEqual([]);
  });

  it('produces every message written in the source', () => {
    const unreached = sourceMessages()
      .filter(({ pattern }) => !produced.some((line) => pattern.test(line.slice(line.indexOf(': ') + 2))))
      .map(({ where, pattern }) => `${where} ${pattern.source}`);
    expect(unreached).toEqual([]);
  });
});
