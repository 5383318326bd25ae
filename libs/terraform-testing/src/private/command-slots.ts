/**
 * At most `limit` callers hold a slot at once; the others wait in order. Terraform commands take one each: a suite
 * that starts every stack's plan at once (the environment suites do) then runs a few at a time, which on two cores
 * is as fast and bounds the memory of terraform and provider processes side by side.
 */
export class CommandSlots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.free = Math.max(1, limit);
  }

  /** Runs `task` once a slot is free, and frees the slot when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}
