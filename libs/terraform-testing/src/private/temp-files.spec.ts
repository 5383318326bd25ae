import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { tempPathFor } from './temp-files';

describe('tempPathFor', () => {
  it('names the same file for the same inputs and another for others', () => {
    expect(tempPathFor('terraform-testing-', 'a', '.tfrc')).toBe(tempPathFor('terraform-testing-', 'a', '.tfrc'));
    expect(tempPathFor('terraform-testing-', 'a')).not.toBe(tempPathFor('terraform-testing-', 'b'));
  });

  it("keeps what outlives a Jest run in the shared temp directory, not in the run's own (removed at its end)", () => {
    expect(process.env.PLATFORM_SHARED_TMPDIR).toBeDefined();
    expect(tmpdir()).not.toBe(process.env.PLATFORM_SHARED_TMPDIR);
    expect(dirname(tempPathFor('terraform-testing-schemas-', 'x', '.json'))).toBe(process.env.PLATFORM_SHARED_TMPDIR);
  });
});
