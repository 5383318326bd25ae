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

  it('starts a second command only while the machine has the memory floor available, the first always', async () => {
    let available = 1;
    const slots = new CommandSlots(3, { memoryFloorBytes: 10, freeMemory: () => available, pollMs: 1 });
    const started: number[] = [];
    let finishFirst: () => void = () => undefined;
    const first = slots.run(async () => {
      started.push(1);
      await new Promise<void>((resolve) => (finishFirst = resolve));
    });
    const second = slots.run(async () => {
      started.push(2);
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started).toEqual([1]);
    available = 10;
    await second;
    expect(started).toEqual([1, 2]);
    finishFirst();
    await first;
    // Alone, a command runs whatever the memory.
    available = 0;
    await slots.run(async () => {
      started.push(3);
    });
    expect(started).toEqual([1, 2, 3]);
  });

  it('never leaves commands waiting for memory with none started: one at a time then runs', async () => {
    const slots = new CommandSlots(3, { memoryFloorBytes: 10, freeMemory: () => 0, pollMs: 1 });
    let running = 0;
    let most = 0;
    const finished = await Promise.all(
      ['a', 'b', 'c'].map((id) =>
        slots.run(async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
          return id;
        }),
      ),
    );
    expect(finished).toEqual(['a', 'b', 'c']);
    expect(most).toBe(1);
  });
});
