import { loadEnvironment } from '@platform/config';
import { exampleEnvironment } from '@platform/config/testing';
import {
  describeWithTerraform,
  emulatedBackendStack,
  runTerraformCommand,
  startStateBackendEmulator,
  StateBackendEmulator,
  TERRAFORM_TEST_TIMEOUT_MS,
} from '@platform/terraform-testing';
import { App, DataResource, TerraformStack } from 'cdktf';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addStateBackend } from './state-backend';

const environment = loadEnvironment(exampleEnvironment({ state: { useLockfile: true } }));

describeWithTerraform('the generated S3 backend, against S3 and DynamoDB on 127.0.0.1', () => {
  let emulator: StateBackendEmulator;
  let workDir: string;
  beforeAll(async () => {
    emulator = await startStateBackendEmulator();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'generated-backend-'));
  });
  afterAll(async () => {
    await emulator?.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it(
    'initializes, applies and stores the state at <environment>/<stack kind>.tfstate, with no lock left behind',
    async () => {
      await emulator.createBucket(environment.state.bucket);
      await emulator.createLockTable(environment.state.lockTable);
      // Exactly the backend every platform stack gets, on a stack of built-in resources (no provider needed).
      const app = new App({ outdir: path.join(workDir, 'out'), stackTraces: false });
      const stack = new TerraformStack(app, 'staging-network');
      addStateBackend(stack, environment, 'network');
      new DataResource(stack, 'marker', { input: { stack: 'network' } });
      app.synth();
      const synthesized = JSON.parse(fs.readFileSync(path.join(workDir, 'out', 'stacks', 'staging-network', 'cdk.tf.json'), 'utf8'));
      const stackDir = path.join(workDir, 'stack');
      fs.mkdirSync(stackDir);
      fs.writeFileSync(path.join(stackDir, 'cdk.tf.json'), JSON.stringify(emulatedBackendStack(synthesized, emulator)));

      await runTerraformCommand(stackDir, ['init', '-input=false', '-no-color']);
      await runTerraformCommand(stackDir, ['apply', '-auto-approve', '-input=false', '-no-color']);

      expect(await emulator.listKeys(environment.state.bucket)).toEqual(['staging/network.tfstate']);
      const state = JSON.parse((await emulator.getObject(environment.state.bucket, 'staging/network.tfstate')) as string);
      expect(state.resources.map((resource: { type: string }) => resource.type)).toEqual(['terraform_data']);
      expect(emulator.getObjectEncryption(environment.state.bucket, 'staging/network.tfstate')).toMatchObject({
        serverSideEncryption: 'aws:kms',
        kmsKeyId: environment.state.kmsKeyArn,
      });
      const locks = await emulator.getLockItems(environment.state.lockTable);
      expect(locks.map(({ LockID }) => LockID)).toEqual([`${environment.state.bucket}/staging/network.tfstate-md5`]);
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );
});
