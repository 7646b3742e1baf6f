// The HTTP layer under every cluster call. @kubernetes/client-node 1.4.0 resolves the credentials and TLS
// settings of the context (client certificates, tokens, exec plugins, auth providers, proxies) through
// KubeConfig.applyToHTTPSOptions; the requests themselves go through node:https so that each has a deadline,
// a watch has an idle timeout (1.4.0's Watch has none, k8s-deploy.md §2.1), server-side apply bodies are sent
// exactly as written (the typed serializer drops unknown fields, §2.3), and URLs are not lower-cased (§2.3).
import * as http from 'node:http';
import * as https from 'node:https';
import { ClusterError, errorFromResponse, isRetryable } from './errors';
import type { ClusterTarget } from './kubeconfig';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestSpec {
  method: Method;
  /** Absolute API path, e.g. /apis/apps/v1/namespaces/kube-system/daemonsets/kube-multus-ds. */
  path: string;
  query?: Query;
  body?: unknown;
  contentType?: string;
}

export interface RetryPolicy {
  /** Total sends, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RetryNotice {
  method: Method;
  path: string;
  attempt: number;
  of: number;
  delayMs: number;
  error: ClusterError;
}

export interface ClientOptions {
  /** Deadline for one request, from sending to the last byte of the answer. */
  requestTimeoutMs?: number;
  /** A watch that delivers nothing for this long is treated as dead. */
  watchIdleTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  onRetry?: (notice: RetryNotice) => void;
  userAgent?: string;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  object: Record<string, unknown>;
}

export interface WatchHandle {
  /** Resolves when the server ends the watch or stop() is called; rejects on errors (a 410 included). */
  done: Promise<void>;
  stop(): void;
}

const defaultRetry: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 4000 };

const tlsErrorCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function queryString(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function networkError(e: NodeJS.ErrnoException, method: Method, path: string): ClusterError {
  if (e instanceof ClusterError) return e;
  const code = e.code ?? '';
  const kind = tlsErrorCodes.has(code) || code.startsWith('ERR_SSL') ? 'tls' : 'network';
  const cut = code === 'ECONNRESET' || e.message === 'aborted' || e.message === 'socket hang up';
  const message = cut && !/cut/.test(e.message) ? `the connection was cut (${e.message})` : e.message;
  return new ClusterError({ kind, code: code || (cut ? 'ECONNRESET' : undefined), message, method, path });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ClusterClient {
  readonly target: ClusterTarget;
  private readonly timeoutMs: number;
  private readonly idleMs: number;
  private readonly retry: RetryPolicy;

  constructor(
    target: ClusterTarget,
    private readonly options: ClientOptions = {},
  ) {
    this.target = target;
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.idleMs = options.watchIdleTimeoutMs ?? 90_000;
    this.retry = { ...defaultRetry, ...options.retry };
  }

  private async requestOptions(method: Method, headers: Record<string, string>): Promise<https.RequestOptions> {
    const opts: https.RequestOptions = {
      method,
      headers: { Accept: 'application/json', 'User-Agent': this.options.userAgent ?? 'multus-nad', ...headers },
      // Verification stays on unless the kubeconfig itself turns it off (NODE_TLS_REJECT_UNAUTHORIZED is ignored).
      rejectUnauthorized: this.target.tlsVerify,
    };
    try {
      await this.target.kubeConfig.applyToHTTPSOptions(opts);
    } catch (e) {
      const message = (e as Error).message;
      const kind = /HTTP protocol is not allowed/.test(message) ? 'config' : 'credentials';
      throw new ClusterError({ kind, message: `user "${this.target.user}": ${message}` });
    }
    return opts;
  }

  private transport(url: URL): typeof https {
    return (url.protocol === 'http:' ? http : https) as typeof https;
  }

  /** One send: resolves with the parsed body of a 2xx answer, rejects with a ClusterError otherwise. */
  async requestOnce<T>(spec: RequestSpec): Promise<T> {
    const fullPath = spec.path + queryString(spec.query);
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const headers: Record<string, string> = {};
    if (body !== undefined) {
      headers['Content-Type'] = spec.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    const opts = await this.requestOptions(spec.method, headers);
    const url = new URL(this.target.server + fullPath);
    return new Promise<T>((resolve, reject) => {
      let timedOut: ClusterError | undefined;
      const fail = (e: Error) => {
        clearTimeout(timer);
        reject(timedOut ?? networkError(e, spec.method, fullPath));
      };
      const req = this.transport(url).request(url, opts, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('close', () => {
          if (!res.complete)
            fail(Object.assign(new Error('the connection was cut while reading the answer'), { code: 'ECONNRESET' }));
        });
        res.on('end', () => {
          clearTimeout(timer);
          if (!res.complete) return;
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 299) return reject(errorFromResponse(status, text, spec.method, fullPath));
          try {
            resolve((text ? JSON.parse(text) : undefined) as T);
          } catch {
            reject(
              new ClusterError({
                kind: 'network',
                message: 'the answer was not valid JSON (cut short?)',
                method: spec.method,
                path: fullPath,
              }),
            );
          }
        });
      });
      const timer = setTimeout(() => {
        const seconds = this.timeoutMs / 1000;
        timedOut = new ClusterError({
          kind: 'timeout',
          message: `no complete answer within ${seconds} s`,
          method: spec.method,
          path: fullPath,
        });
        req.destroy(timedOut);
      }, this.timeoutMs);
      req.on('error', fail);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  /**
   * Sends with bounded retries and exponential backoff for network errors, timeouts, 429 and 5xx.
   * Non-idempotent requests (POST) are only resent when the connection was refused, i.e. nothing was sent.
   */
  async request<T>(spec: RequestSpec, idempotent = spec.method !== 'POST'): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.requestOnce<T>(spec);
      } catch (e) {
        const err = e as ClusterError;
        const safe = idempotent || err.code === 'ECONNREFUSED';
        if (!safe || !isRetryable(err) || attempt >= this.retry.attempts) {
          if (err instanceof ClusterError) err.attempts = attempt;
          throw err;
        }
        const delayMs = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
        this.options.onRetry?.({
          method: spec.method,
          path: spec.path,
          attempt,
          of: this.retry.attempts,
          delayMs,
          error: err,
        });
        await sleep(delayMs);
      }
    }
  }

  /** GET that answers undefined for 404 NotFound (but still throws when the API group itself is not served). */
  async getOptional<T>(path: string): Promise<T | undefined> {
    try {
      return await this.request<T>({ method: 'GET', path });
    } catch (e) {
      if (e instanceof ClusterError && e.status === 404 && e.reason === 'NotFound') return undefined;
      throw e;
    }
  }

  /** Opens a watch (GET ?watch=true) and calls onEvent for each event line. */
  async watch(path: string, query: Query, onEvent: (event: WatchEvent) => void): Promise<WatchHandle> {
    const fullPath = path + queryString({ ...query, watch: true });
    const opts = await this.requestOptions('GET', {});
    const url = new URL(this.target.server + fullPath);
    let req: http.ClientRequest | undefined;
    let stopped = false;
    const done = new Promise<void>((resolve, reject) => {
      let silent: ClusterError | undefined;
      const fail = (e: Error) => (stopped ? resolve() : reject(silent ?? networkError(e, 'GET', fullPath)));
      req = this.transport(url).request(url, opts, (res) => {
        if (res.statusCode !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            reject(errorFromResponse(res.statusCode ?? 0, Buffer.concat(chunks).toString(), 'GET', fullPath)),
          );
          return;
        }
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let newline: number;
          while ((newline = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, newline).trim();
            buffered = buffered.slice(newline + 1);
            if (!line) continue;
            const event = JSON.parse(line) as { type: string; object: Record<string, unknown> };
            if (event.type === 'ERROR') {
              const status = event.object as { code?: number; message?: string; reason?: string };
              req?.destroy();
              return reject(
                new ClusterError({
                  kind: 'http',
                  status: status.code,
                  reason: status.reason,
                  message: status.message ?? 'watch error',
                  method: 'GET',
                  path: fullPath,
                }),
              );
            }
            onEvent(event as WatchEvent);
          }
        });
        res.on('close', () => {
          if (!res.complete) fail(Object.assign(new Error('the watch connection was cut'), { code: 'ECONNRESET' }));
        });
        res.on('error', fail);
        res.on('end', () => resolve());
      });
      req.setTimeout(this.idleMs, () => {
        silent = new ClusterError({
          kind: 'timeout',
          message: `the watch was silent for ${this.idleMs / 1000} s`,
          method: 'GET',
          path: fullPath,
        });
        req?.destroy(silent);
      });
      req.on('error', fail);
      req.end();
    });
    return {
      done,
      stop: () => {
        stopped = true;
        req?.destroy();
      },
    };
  }
}
