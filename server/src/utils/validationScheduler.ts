import type { Disposable, RuntimeEnvironment } from '../runtime';

/**
 * Debounced validation per URI: a new request for a URI replaces the pending one, so a burst
 * of keystrokes validates once (json-language-features server/src/utils/validation.ts).
 */
export class ValidationScheduler {
  private readonly pending = new Map<string, Disposable>();

  constructor(
    private readonly runtime: RuntimeEnvironment,
    private readonly validate: (uri: string) => void,
  ) {}

  schedule(uri: string, delayMs: number): void {
    this.cancel(uri);
    const run = () => {
      this.pending.delete(uri);
      this.validate(uri);
    };
    this.pending.set(
      uri,
      delayMs > 0 ? this.runtime.timer.setTimeout(run, delayMs) : this.runtime.timer.setImmediate(run),
    );
  }

  cancel(uri: string): void {
    this.pending.get(uri)?.dispose();
    this.pending.delete(uri);
  }
}
