import { CommandSlots } from './command-slots';

describe('CommandSlots', () => {
  it('runs at most `limit` tasks at once, in the order they asked, and passes results and failures through', async () => {
    const slots = new CommandSlots(2);
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const task = (id: number) =>
      slots.run(async () => {
        started.push(id);
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
        if (id === 3) throw new Error('task 3 failed');
        return id * 10;
      });
    const results = [1, 2, 3, 4].map((id) => task(id).catch((error: Error) => error.message));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([1, 2]);
    while (releases.length > 0) {
      (releases.shift() as () => void)();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(results)).toEqual([10, 20, 'task 3 failed', 40]);
    expect(started).toEqual([1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('treats a limit below one as one', async () => {
    const slots = new CommandSlots(0);
    let running = 0;
    let most = 0;
    await Promise.all(
      [1, 2, 3].map(() =>
        slots.run(async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((resolve) => setImmediate(resolve));
          running -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
  });
});
