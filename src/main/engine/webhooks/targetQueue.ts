// One run per target at a time: a delivery for a stage (or stack, or site) that is already being
// deployed waits for that run to end, then runs. The deployers themselves refuse a second run of a
// target (DEPLOY_IN_PROGRESS, STACK_BUSY); this queue turns that refusal into waiting.

export class TargetQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` after every earlier run for `key` has settled; its result or error is the caller's. */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    // The map forgets a key once its last run ended, so it holds only targets with work queued.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Targets with a run queued or running. */
  busy(): number {
    return this.tails.size;
  }

  /** Resolves once everything queued now has ended. */
  async drain(): Promise<void> {
    await Promise.all([...this.tails.values()]);
  }
}
