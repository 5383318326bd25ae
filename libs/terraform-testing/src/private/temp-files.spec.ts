import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { tempPathFor } from './temp-files';

describe('tempPathFor', () => {
  it('names the same file for the same inputs and another for others', () => {
    expect(tempPathFor('terraform-testing-', 'a', '.tfrc')).toBe(tempPathFor('terraform-testing-', 'a', '.tfrc'));
    expect(tempPathFor('terraform-testing-', 'a')).not.toBe(tempPathFor('terraform-testing-', 'b'));
  });

  it("keeps what outlives a Jest run in the workspace's test cache, not in the run's own temp directory (removed at its end)", () => {
    expect(process.env.PLATFORM_TEST_CACHE_DIR).toBeDefined();
    expect(tmpdir()).not.toBe(process.env.PLATFORM_TEST_CACHE_DIR);
    expect(dirname(tempPathFor('terraform-testing-schemas-', 'x', '.json'))).toBe(process.env.PLATFORM_TEST_CACHE_DIR);
  });
});
