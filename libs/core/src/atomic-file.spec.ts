import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomically } from './atomic-file';

describe('writeFileAtomically', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-file-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('replaces the file with the whole content and leaves no partial file beside it', () => {
    const file = path.join(dir, 'cache.json');
    fs.writeFileSync(file, 'old');
    writeFileAtomically(file, '{"new":true}');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"new":true}');
    expect(fs.readdirSync(dir)).toEqual(['cache.json']);
  });

  it('throws when the folder does not exist, writing nothing', () => {
    expect(() => writeFileAtomically(path.join(dir, 'missing', 'file'), 'x')).toThrow(/ENOENT/);
  });
});
