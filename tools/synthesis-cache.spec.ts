import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cachedSynthesisIn, inputsHash, synthesisCacheFolder } from './synthesis-cache';

describe('synthesis cache of the specs', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'synthesis-cache-spec-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('synthesizes once per name and version of the code; later callers read the kept JSON', () => {
    const folder = path.join(root, 'cache', 'key-1');
    const synthesize = jest.fn(() => ({ stacks: { 'production-network': { resource: {} } } }));
    expect(cachedSynthesisIn(folder, 'production', synthesize)).toEqual({ stacks: { 'production-network': { resource: {} } } });
    expect(cachedSynthesisIn(folder, 'production', synthesize)).toEqual({ stacks: { 'production-network': { resource: {} } } });
    expect(synthesize).toHaveBeenCalledTimes(1);
    cachedSynthesisIn(folder, 'staging', () => ({ stacks: {} }));
    expect(fs.readdirSync(folder).sort()).toEqual(['production.json', 'staging.json']);
  });

  it('removes what earlier code kept when it keeps something for new code', () => {
    cachedSynthesisIn(path.join(root, 'cache', 'old-key'), 'production', () => 1);
    cachedSynthesisIn(path.join(root, 'cache', 'new-key'), 'production', () => 2);
    expect(fs.readdirSync(path.join(root, 'cache'))).toEqual(['new-key']);
  });

  it('synthesizes again when the kept file cannot be read', () => {
    const folder = path.join(root, 'cache', 'key');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'production.json'), '{"stacks": ');
    expect(cachedSynthesisIn(folder, 'production', () => ({ fresh: true }))).toEqual({ fresh: true });
  });

  it('keys by the contents of the libraries, the lock file and the environment files, not by specs', () => {
    const workspace = path.join(root, 'workspace');
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
      fs.writeFileSync(path.join(workspace, file), text);
    };
    write('libs/network/src/network.ts', 'export const azs = 3;');
    write('libs/network/src/network.spec.ts', 'it("x", () => undefined);');
    write('package-lock.json', '{}');
    write('environments/production/environment.ts', 'export const environment = {};');
    const key = () => inputsHash(workspace, path.join(workspace, 'environments'));
    const first = key();
    write('libs/network/src/network.spec.ts', 'it("y", () => undefined);');
    expect(key()).toBe(first);
    for (const [file, text] of [
      ['libs/network/src/network.ts', 'export const azs = 2;'],
      ['package-lock.json', '{"lockfileVersion":3}'],
      ['environments/production/environment.ts', 'export const environment = { name: "production" };'],
    ]) {
      const before = key();
      write(file, text);
      expect(key()).not.toBe(before);
    }
  });

  it('keeps synthesized environments under Stryker in the folder npm run mutation names (off still wins)', () => {
    expect(synthesisCacheFolder({ STRYKER_MUTATOR_WORKER: '1', PLATFORM_SYNTHESIS_CACHE_DIR: '/w/reports/mutation/contracts/synthesis-cache' })).toMatch(
      /^\/w\/reports\/mutation\/contracts\/synthesis-cache\/[0-9a-f]{24}$/,
    );
    expect(synthesisCacheFolder({ PLATFORM_SYNTHESIS_CACHE_DIR: '/w/cache', PLATFORM_SYNTHESIS_CACHE: 'off' })).toBeUndefined();
    expect(synthesisCacheFolder({ STRYKER_MUTATOR_WORKER: '1', PLATFORM_SYNTHESIS_CACHE_DIR: '' })).toBeUndefined();
  });

  describe('under Stryker', () => {
    const stryker = globalThis as { __stryker__?: { mutantCoverage: { static: Record<string, boolean>; perTest: Record<string, Record<string, boolean>> } } };
    beforeEach(() => {
      stryker.__stryker__ = { mutantCoverage: { static: { 1: true }, perTest: { 'a test': { 2: true } } } };
    });
    afterEach(() => delete stryker.__stryker__);

    it('refuses to keep a synthesis that ran mutated code: every later mutant run would read the unmutated result', () => {
      const folder = path.join(root, 'cache', 'key');
      const synthesize = () => {
        stryker.__stryker__!.mutantCoverage.perTest['a test'][7] = true;
        return { stacks: {} };
      };
      expect(() => cachedSynthesisIn(folder, 'production', synthesize)).toThrow(
        /^PLATFORM_SYNTHESIS_CACHE_DIR: synthesizing production ran mutated code \(mutants 7\), which a kept synthesis would hide\. Fix: drop synthesisCache from the project in MUTATION_PROJECTS/,
      );
      expect(fs.existsSync(path.join(folder, 'production.json'))).toBe(false);
    });

    it('keeps a synthesis that ran no mutated code (mutants reached before it do not count)', () => {
      const folder = path.join(root, 'cache', 'key');
      expect(cachedSynthesisIn(folder, 'production', () => ({ stacks: {} }))).toEqual({ stacks: {} });
      expect(fs.readdirSync(folder)).toEqual(['production.json']);
    });
  });

  it('is off under Stryker (its mutants share one source text) and when PLATFORM_SYNTHESIS_CACHE=off', () => {
    expect(synthesisCacheFolder({ STRYKER_MUTATOR_WORKER: '1' })).toBeUndefined();
    expect(synthesisCacheFolder({ PLATFORM_SYNTHESIS_CACHE: 'off' })).toBeUndefined();
    expect(synthesisCacheFolder({})).toMatch(/platform-synthesis-cache-\d+\/[0-9a-f]{24}$/);
    const synthesize = jest.fn(() => 1);
    cachedSynthesisIn(undefined, 'production', synthesize);
    cachedSynthesisIn(undefined, 'production', synthesize);
    expect(synthesize).toHaveBeenCalledTimes(2);
  });
});
