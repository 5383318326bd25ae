import { freemem } from 'node:os';

/** Options of {@link CommandSlots}. */
export interface CommandSlotsOptions {
  /**
   * A command does not start while the machine has less memory available than this and another command of this
   * process runs (Jest workers and Nx tasks each have their own slots: this is what they share). @default 2 GiB
   */
  readonly memoryFloorBytes?: number;
  /** Memory available now, in bytes. @default os.freemem (MemAvailable on Linux) */
  readonly freeMemory?: () => number;
  /** How long to wait before looking at the memory again. @default 250 ms */
  readonly pollMs?: number;
}

/**
 * At most `limit` callers hold a slot at once; the others wait in order. Terraform commands take one each: a suite
 * that starts every stack's plan at once (the environment suites do) then runs a few at a time, which on two cores
 * is as fast, and each waits for memory while others run (terraform and its provider grow to ~640 MB each with
 * the collector settings of terraform-runner.ts), so several processes side by side cannot exhaust the machine.
 */
export class CommandSlots {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  private readonly memoryFloorBytes: number;
  private readonly freeMemory: () => number;
  private readonly pollMs: number;
  /** Commands started (past the memory wait), not yet settled. */
  private started = 0;

  constructor(limit: number, options: CommandSlotsOptions = {}) {
    this.free = Math.max(1, limit);
    this.memoryFloorBytes = options.memoryFloorBytes ?? 2 * 1024 ** 3;
    this.freeMemory = options.freeMemory ?? freemem;
    this.pollMs = options.pollMs ?? 250;
  }

  /** Runs `task` once a slot is free (and memory, see the class), and frees the slot when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let began = false;
    try {
      // With no command of this process started, one starts whatever the memory: it must make progress. The check
      // and the count change in one synchronous step, so of several waiting only one passes on an idle process.
      while (this.started > 0 && this.freeMemory() < this.memoryFloorBytes) {
        await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      }
      this.started += 1;
      began = true;
      return await task();
    } finally {
      if (began) this.started -= 1;
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}
