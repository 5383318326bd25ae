/**
 * The bundled synth (`npm run synth`) loads environment files through esbuild (compile-environments.ts): a file that
 * throws while it runs, or does not compile, is reported as `<file>:<line>:<column>: <message>` at its TypeScript
 * line, with the fix and without a stack trace.
 */
import { PlatformError } from '@platform/core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { compiledEnvironmentLoader } from './compile-environments';
import { fileNamePattern } from './environment-files-testing';

describe('compiledEnvironmentLoader on environment files that fail', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'compile-environments-'));
  const write = (name: string, text: string) => {
    const file = path.join(root, name, 'environment.ts');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  const failureOf = (file: string): PlatformError => {
    const load = compiledEnvironmentLoader([file], { '@platform/config': {} }, root);
    try {
      load(file);
    } catch (error) {
      if (error instanceof PlatformError) return error;
      throw error;
    }
    throw new Error(`${file} loaded`);
  };
  // synth-entry.ts turns Node's source maps on while environment files load, so positions are the TypeScript ones.
  // The files run in the process's own realm, where Jest formats stacks itself and would bypass those maps: it
  // steps aside here, as it is absent from the synth.
  const processError = vm.runInThisContext('Error') as { prepareStackTrace?: unknown };
  const jestStackTrace = processError.prepareStackTrace;
  beforeAll(() => {
    delete processError.prepareStackTrace;
    process.setSourceMapsEnabled(true);
  });
  afterAll(() => {
    processError.prepareStackTrace = jestStackTrace;
    process.setSourceMapsEnabled(false);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('names the file, TypeScript line and column of an exception thrown while the file runs, without a stack', () => {
    const file = write('throws', "type Zone = string;\nconst zones: Zone[] = [];\n\nexport const environment = { region: zones[0].toUpperCase() };\n");
    const { message } = failureOf(file);
    expect(message).toMatch(new RegExp(`^${fileNamePattern(file)}:4:\\d+: .*undefined.* \\(thrown while the environment file ran\\)\\. Fix: correct the TypeScript at that line$`));
    expect(message).not.toMatch(/\n\s+at /);
  });

  it('names the file, line and column of a syntax error, without a stack', () => {
    const file = write('syntax', "export const environment = {\n  name: 'staging',,\n};\n");
    const { message } = failureOf(file);
    expect(message).toMatch(new RegExp(`^${fileNamePattern(file)}:2:\\d+: .+\\. Fix: correct the TypeScript at that line$`));
    expect(message).not.toMatch(/\n/);
  });
});
