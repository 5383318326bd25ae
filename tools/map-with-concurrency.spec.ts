import { mapWithConcurrency } from './map-with-concurrency';

describe('mapWithConcurrency', () => {
  it('runs at most `limit` at once and returns the results in the items’ order', async () => {
    let running = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const done = mapWithConcurrency([3, 1, 2, 5], 2, async (item) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => releases.push(resolve));
      running -= 1;
      return item * 10;
    });
    // Release the waiting calls one by one, last started first, until all four ran.
    for (let released = 0; released < 4; released++) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.pop()?.();
    }
    expect(await done).toEqual([30, 10, 20, 50]);
    expect(most).toBe(2);
  });

  it('runs one at a time with a limit below one, and nothing for no items', async () => {
    expect(await mapWithConcurrency([1, 2], 0, async (item) => item)).toEqual([1, 2]);
    expect(await mapWithConcurrency([], 2, async (item: number) => item)).toEqual([]);
  });
});
