import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import type { RuntimeEnvironment } from '../runtime';

export type Log = (message: string) => void;

/**
 * Runs a request handler guarded: cancellation is checked before and after, and an error is
 * logged with the URI it was about and answered with the empty value instead of crashing
 * the request (json-language-features server/src/utils/runner.ts).
 */
export function runSafe<T>(
  runtime: RuntimeEnvironment,
  log: Log,
  uri: string,
  what: string,
  empty: T,
  token: CancellationToken,
  work: () => T,
): Promise<T | ResponseError<void>> {
  return new Promise((resolve) => {
    runtime.timer.setImmediate(() => {
      if (token.isCancellationRequested) return resolve(cancelled());
      try {
        const result = work();
        resolve(token.isCancellationRequested ? cancelled() : result);
      } catch (error) {
        log(`${what} failed for ${uri}: ${describe(error)}`);
        resolve(empty);
      }
    });
  });
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

export function describe(error: unknown): string {
  return error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
}
