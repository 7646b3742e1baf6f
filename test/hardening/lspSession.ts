import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  CancellationTokenSource,
  createMessageConnection,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { ROOT } from './inputFiles';

export interface Published {
  readonly uri: string;
  readonly version?: number;
  readonly diagnostics: { range: { start: Position; end: Position }; code?: string | number; message: string }[];
}

export interface Position {
  readonly line: number;
  readonly character: number;
}

/**
 * The built language server (dist/server.js) over stdio, as an editor drives it: every
 * publishDiagnostics and every log line is kept, so a test can check them all afterwards and
 * wait for a condition instead of sleeping.
 */
export class LspSession {
  readonly published: Published[] = [];
  readonly logs: string[] = [];
  readonly stderr: string[] = [];
  /** How many notifications the server sent, so a test can wait for the next one. */
  notifications = 0;
  private readonly connection: MessageConnection;
  private readonly child: ChildProcess;
  private waiters: (() => void)[] = [];

  /** `nodeOptions` go to the server's node (e.g. a smaller `--stack-size`, a resource limit a user may have). */
  constructor(settings: Record<string, unknown> = { validate: true, debounceMs: 0 }, nodeOptions: string[] = []) {
    this.child = spawn(process.execPath, [...nodeOptions, join(ROOT, 'dist', 'server.js'), '--stdio'], {
      stdio: 'pipe',
    });
    this.child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.connection = createMessageConnection(
      new StreamMessageReader(this.child.stdout!),
      new StreamMessageWriter(this.child.stdin!),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (params: Published) => {
      this.published.push(params);
      this.notifications++;
      this.wake();
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
      this.wake();
    });
    this.connection.onNotification(() => this.wake());
    this.connection.onNotification('multus/indexChanged', () => {
      this.notifications++;
      this.wake();
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) =>
      params.items.map(() => settings),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  async initialize(rootUri?: string): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: rootUri ?? null,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'workspace' }] : null,
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
    });
    await this.connection.sendNotification('initialized', {});
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  change(uri: string, text: string, version: number): Promise<void> {
    return this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  close(uri: string): Promise<void> {
    return this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  request<T>(method: string, params: unknown, token?: CancellationTokenSource): Promise<T> {
    // A trailing undefined would be sent as a positional parameter: pass the token only when given.
    const sent = token
      ? this.connection.sendRequest(method, params, token.token)
      : this.connection.sendRequest(method, params);
    return sent as Promise<T>;
  }

  /** Sends a request and cancels it in the same tick, as an editor does when the user types on. */
  async requestCancelled(method: string, params: unknown): Promise<unknown> {
    const source = new CancellationTokenSource();
    const answer = this.request(method, params, source).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    source.cancel();
    return answer;
  }

  /** Resolves once `test` holds, re-checked after every message from the server; rejects after `timeoutMs`. */
  waitFor(what: string, test: () => boolean, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(`timed out waiting for ${what}; logs: ${this.logs.join('\n')}; stderr: ${this.stderr.join('')}`),
        );
      }, timeoutMs);
      const check = () => {
        if (test()) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(check);
      };
      check();
    });
  }

  /** The last diagnostics published for a URI, or undefined when none were. */
  latest(uri: string): Published | undefined {
    return this.published.filter((p) => p.uri === uri).at(-1);
  }

  /** Log lines that report a failure (the server logs caught exceptions with the URI). */
  failures(): string[] {
    return this.logs.filter((line) => /fail|error|exception/i.test(line));
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    if (this.child.exitCode === null) await new Promise((resolve) => this.child.once('exit', resolve));
    this.connection.dispose();
  }
}

export function isCancelledError(value: unknown): boolean {
  return value instanceof ResponseError && value.code === -32800;
}
