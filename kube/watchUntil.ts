// Waiting on one object without polling: read it, then watch it from that resourceVersion until a check
// passes or the deadline comes. A watch the server ends, or one that expired (410), is simply re-opened;
// network failures re-open it a bounded number of times.
import { ClusterError, isRetryable } from './errors';
import type { ClusterClient } from './transport';

export type Obj = Record<string, unknown> & { metadata?: { resourceVersion?: string; name?: string } };

export interface WatchUntilOptions {
  timeoutMs: number;
  /** Called for every version of the object seen, in order (e.g. to report progress). */
  onObject?: (obj: Obj) => void | Promise<void>;
  /** Consecutive failed watches tolerated before giving up. */
  maxReconnects?: number;
}

export interface WatchUntilResult<T> {
  value?: T;
  /** The last version of the object seen. */
  last?: Obj;
  timedOut: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until check(obj) returns a value for the object `name` in `collection` (a collection path). */
export async function watchUntil<T>(
  client: ClusterClient,
  collection: string,
  name: string,
  check: (obj: Obj) => T | undefined,
  options: WatchUntilOptions,
): Promise<WatchUntilResult<T>> {
  const deadline = Date.now() + options.timeoutMs;
  let last: Obj | undefined;
  let failures = 0;
  let reported: Promise<void> = Promise.resolve();
  const see = (obj: Obj): T | undefined => {
    last = obj;
    reported = reported.then(() => options.onObject?.(obj));
    return check(obj);
  };
  while (Date.now() < deadline) {
    const current = await client.getOptional<Obj>(`${collection}/${encodeURIComponent(name)}`);
    const now = current ? see(current) : undefined;
    if (now !== undefined) {
      await reported;
      return { value: now, last, timedOut: false };
    }
    const remaining = deadline - Date.now();
    let found: T | undefined;
    let stopWatch = () => {};
    const handle = await client.watch(
      collection,
      {
        fieldSelector: `metadata.name=${name}`,
        resourceVersion: current?.metadata?.resourceVersion,
        timeoutSeconds: Math.max(1, Math.ceil(remaining / 1000)),
      },
      (event) => {
        if (found !== undefined || (event.type !== 'ADDED' && event.type !== 'MODIFIED')) return;
        found = see(event.object as Obj);
        if (found !== undefined) stopWatch();
      },
    );
    stopWatch = handle.stop;
    if (found !== undefined) handle.stop();
    const timer = setTimeout(handle.stop, Math.max(0, remaining));
    try {
      await handle.done;
      failures = 0;
    } catch (e) {
      // An expired resourceVersion (410) or a watch that was merely quiet is re-opened at once.
      const expired = e instanceof ClusterError && (e.status === 410 || e.kind === 'timeout');
      if (!expired && (!isRetryable(e) || ++failures > (options.maxReconnects ?? 5))) throw e;
      if (!expired) await sleep(Math.min(4000, 250 * 2 ** failures));
    } finally {
      clearTimeout(timer);
    }
    await reported;
    if (found !== undefined) return { value: found, last, timedOut: false };
  }
  await reported;
  return { last, timedOut: true };
}
