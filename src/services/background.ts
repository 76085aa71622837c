/**
 * Work the services start after answering a request, such as a thank-you message: the member
 * is not kept waiting for another platform call. Shutdown (and tests) wait for it to finish.
 */
export class Background {
  private readonly running = new Set<Promise<void>>();

  /** Lets work run on its own; the work reports its own failures. */
  add(work: Promise<void>): void {
    const tracked: Promise<void> = work.catch(() => undefined).finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  /** Waits for all work under way. */
  async settled(): Promise<void> {
    await Promise.all([...this.running]);
  }
}
