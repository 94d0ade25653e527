/**
 * The sandbox's timers (deferred feedback retries, offline maintenance, simulated delays),
 * kept in one place so `close()` and `reset()` stop every one of them. Timers are unref'd:
 * a scheduled retry never keeps a process alive on its own.
 */
export class Timers {
  private readonly handles = new Map<ReturnType<typeof setTimeout>, () => void>();
  private closed = false;

  /** Runs `task` after `ms` unless the timers are cleared first. */
  after(ms: number, task: () => void): void {
    if (this.closed) return;
    const handle = setTimeout(() => {
      this.handles.delete(handle);
      task();
    }, ms);
    handle.unref?.();
    this.handles.set(handle, () => {});
  }

  /** Resolves after `ms`, or at once when the timers are cleared. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      const handle = setTimeout(() => {
        this.handles.delete(handle);
        resolve();
      }, ms);
      handle.unref?.();
      this.handles.set(handle, resolve);
    });
  }

  get pending(): number {
    return this.handles.size;
  }

  /** Cancels every scheduled task (sleepers wake up). */
  clear(): void {
    for (const [handle, wake] of this.handles) {
      clearTimeout(handle);
      wake();
    }
    this.handles.clear();
  }

  close(): void {
    this.closed = true;
    this.clear();
  }
}
