import { EnvironmentInput, loadEnvironment } from '@platform/config';
import { exampleEnvironment } from '@platform/config/testing';
import { evaluateStack } from '@platform/guardrails';
import { App, Testing } from 'cdktf';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NetworkStack } from './network-stack';
import { addRestoreDrillStacks, RestoreDrillStack } from './restore-drill-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const objectives = { rpoMinutes: 15, rtoMinutes: 60, secondaryVpcCidr: '10.130.0.0/16' };
const environmentWith = (strategy: string, overrides: Partial<EnvironmentInput> = {}) =>
  loadEnvironment(exampleEnvironment({ recovery: { strategy, ...objectives, rtoMinutes: strategy === 'warm-standby' ? 60 : 240, rpoMinutes: strategy === 'backup-restore' ? 360 : 60 } as EnvironmentInput['recovery'], ...overrides }));

/** Synthesizes the drill app; returns the drill stack's JSON and its name. */
function synthesizeDrill(environment: ReturnType<typeof loadEnvironment>): { name: string; json: Json } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'restore-drill-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    const { drill } = addRestoreDrillStacks(app, environment);
    app.synth();
    return { name: drill.node.id, json: JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', drill.node.id, 'cdk.tf.json'), 'utf8')) as Json };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
const only = (json: Json, type: string): Json => {
  const blocks = Object.values(json.resource?.[type] ?? {}) as Json[];
  expect(blocks).toHaveLength(1);
  return blocks[0];
};
const remoteStates = (json: Json): Json[] => Object.values(json.data?.terraform_remote_state ?? {});

describe('RestoreDrillStack', () => {
  describe('with a warm standby', () => {
    const { name, json } = synthesizeDrill(environmentWith('warm-standby'));

    it('restores in the secondary region, into its network, and reads no state of the primary region', () => {
      expect(name).toBe('staging-restore-drill-eu-west-1');
      expect(json.provider.aws[0].region).toBe('eu-west-1');
      expect(json.terraform.backend.s3).toMatchObject({ bucket: 'platform-tfstate-123456789012-eu-west-1', region: 'eu-west-1', key: 'staging/restore-drill-eu-west-1.tfstate' });
      const states = remoteStates(json);
      expect(states.map((state) => state.config)).toEqual([expect.objectContaining({ bucket: 'platform-tfstate-123456789012-eu-west-1', region: 'eu-west-1', key: 'staging/network-eu-west-1.tfstate' })]);
      const instance = only(json, 'aws_db_instance');
      expect(instance.identifier).toBe('platform-staging-euw1-drill');
      expect(instance.db_subnet_group_name).toMatch(/^\$\{data\.terraform_remote_state\.[^.]+\.outputs\./);
    });

    it('restores the recovery point the variable names, which has no default and must be an RDS snapshot ARN', () => {
      const instance = only(json, 'aws_db_instance');
      expect(instance.snapshot_identifier).toBe('${var.recovery_point_arn}');
      const variable = json.variable.recovery_point_arn;
      expect(variable).not.toHaveProperty('default');
      expect(variable.validation).toEqual([{ condition: `\${can(regex("${RestoreDrillStack.RECOVERY_POINT_PATTERN}", var.recovery_point_arn))}`, error_message: expect.stringContaining('arn:aws:rds:eu-west-1:123456789012:snapshot:awsbackup:job-') }]);
    });

    it('is a scratch instance: smallest class, single-AZ, private, no backups or protection, IAM authentication, tagged as the drill', () => {
      const instance = only(json, 'aws_db_instance');
      expect(instance).toMatchObject({
        instance_class: 'db.t3.micro',
        multi_az: false,
        publicly_accessible: false,
        deletion_protection: false,
        skip_final_snapshot: true,
        backup_retention_period: 0,
        iam_database_authentication_enabled: true,
        storage_encrypted: true,
        tags: { Purpose: 'restore-drill', Name: 'platform-staging-euw1-drill', Lifecycle: expect.stringContaining('cdktf destroy staging-restore-drill-eu-west-1') },
      });
      // Backed up itself, the scratch copy would outlive the drill in the vault.
      expect(instance.tags).not.toHaveProperty('Backup');
    });

    it('lets in only the drill client group, through a rule that goes with the drill', () => {
      const client = only(json, 'aws_security_group');
      expect(client.name).toBe('platform-staging-euw1-drill-client');
      const ingress = only(json, 'aws_vpc_security_group_ingress_rule');
      expect(ingress).toMatchObject({ from_port: 5432, to_port: 5432, referenced_security_group_id: '${aws_security_group.client.id}' });
      expect(ingress.security_group_id).toBe(only(json, 'aws_db_instance').vpc_security_group_ids[0]);
    });
  });

  it('with backup and restore, restores in the primary region’s network', () => {
    const { name, json } = synthesizeDrill(environmentWith('backup-restore'));
    expect(name).toBe('staging-restore-drill');
    expect(json.provider.aws[0].region).toBe('eu-central-1');
    expect(remoteStates(json).map((state) => state.config)).toEqual([expect.objectContaining({ region: 'eu-central-1', key: 'staging/network.tfstate' })]);
    expect(only(json, 'aws_db_instance').identifier).toBe('platform-staging-drill');
  });

  it('with a pilot light, restores in the secondary region', () => {
    expect(synthesizeDrill(environmentWith('pilot-light')).json.provider.aws[0].region).toBe('eu-west-1');
  });

  it.each([
    ['a production environment', true],
    ['a non-production environment', false],
  ])('passes the policy rules in %s: the scratch settings are suppressed with reasons, and only those that apply', (_, production) => {
    const { json } = synthesizeDrill(environmentWith('warm-standby', { production }));
    const result = evaluateStack(json, { production });
    expect(result.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(result.unusedSuppressions).toEqual([]);
  });

  describe('the recovery point pattern', () => {
    const pattern = new RegExp(RestoreDrillStack.RECOVERY_POINT_PATTERN);
    it.each([
      'arn:aws:rds:eu-west-1:123456789012:snapshot:awsbackup:job-1a2b3c4d-0000-1111-2222-333344445555',
      'arn:aws:rds:eu-west-1:123456789012:snapshot:awsbackup:copyjob-1a2b3c4d-0000-1111-2222-333344445555',
      'arn:aws:rds:eu-central-1:123456789012:snapshot:rds:platform-production-2026-12-05-02-00',
    ])('accepts %s', (arn) => expect(pattern.test(arn)).toBe(true));
    it.each([
      'offline-plan-placeholder',
      'arn:aws:rds:eu-west-1:123456789012:db:platform-production',
      'arn:aws:backup:eu-west-1:123456789012:recovery-point:1a2b3c4d',
      'awsbackup:job-1a2b3c4d',
    ])('refuses %s', (arn) => expect(pattern.test(arn)).toBe(false));
  });

  describe('validation', () => {
    it('refuses an environment without recovery, which has nothing to restore', () => {
      expect(() => addRestoreDrillStacks(Testing.app(), environmentWith('none', { production: false }))).toThrow(
        /staging: recovery\.strategy is 'none': AWS Backup keeps no recovery point to restore\. Fix: set recovery\.strategy/,
      );
    });

    it('refuses the network stack of another region', () => {
      const environment = environmentWith('warm-standby');
      const app = Testing.app();
      const network = new NetworkStack(app, environment);
      expect(() => new RestoreDrillStack(app, environment, { network })).toThrow(
        /staging-restore-drill-eu-west-1: network: is the network stack staging-network \(eu-central-1\), but the drill restores staging in eu-west-1\. Fix: pass the network stack built from RestoreDrillStack\.siteOf/,
      );
    });

    it('refuses an instance class RDS does not have', () => {
      const environment = environmentWith('backup-restore');
      const app = Testing.app();
      const network = new NetworkStack(app, environment);
      expect(() => new RestoreDrillStack(app, environment, { network, instanceClass: 't3.micro' })).toThrow(/instanceClass: 't3\.micro' is not an RDS instance class\. Fix: use e\.g\. db\.t3\.micro/);
    });
  });
});
