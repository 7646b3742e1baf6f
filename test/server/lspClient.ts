import { spawn, type ChildProcess } from 'node:child_process';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';

/**
 * A minimal LSP client for protocol tests: starts the built server over stdio, answers its
 * requests (configuration, registration), and lets a test wait for diagnostics that satisfy a
 * condition instead of sleeping.
 */
export class LspTestClient {
  readonly connection: MessageConnection;
  private readonly process: ChildProcess;
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly publishes = new Map<string, number>();
  private waiters: (() => void)[] = [];
  readonly stderr: string[] = [];

  /**
   * `settings` is the window's multusNad section; `byFolder` gives a workspace folder (its URI)
   * settings of its own, merged over the window's as VS Code resolves resource-scoped settings.
   */
  constructor(
    serverPath: string,
    settings: Record<string, unknown>,
    byFolder: Readonly<Record<string, Record<string, unknown>>> = {},
  ) {
    this.process = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.connection = createMessageConnection(
      new StreamMessageReader(this.process.stdout!),
      new StreamMessageWriter(this.process.stdin!),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.latest.set(params.uri, params);
      this.publishes.set(params.uri, (this.publishes.get(params.uri) ?? 0) + 1);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.onRequest(
      'workspace/configuration',
      (params: { items: { section?: string; scopeUri?: string }[] }) =>
        params.items.map((item) =>
          item.section === 'multusNad' ? { ...settings, ...(item.scopeUri ? byFolder[item.scopeUri] : {}) } : null,
        ),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  /** Starts the session on `rootUri`, or on several workspace folders (a multi-root workspace; the first is the root). */
  async initialize(rootUri: string, folders: readonly string[] = [rootUri]): Promise<unknown> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: folders.map((uri, index) => ({ uri, name: `ws${index}` })),
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version, text },
    });
  }

  /** A full-text change (the server also takes incremental ones). */
  change(uri: string, text: string, version: number): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  /** Resolves with the diagnostics of `uri` once a publish satisfies `test`; rejects after `timeoutMs`. */
  waitForDiagnostics(
    uri: string,
    test: (diagnostics: Diagnostic[]) => boolean,
    timeoutMs = 10_000,
  ): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const last = JSON.stringify(this.latest.get(uri)?.diagnostics.map((d) => d.code));
        reject(
          new Error(
            `no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${last}; stderr: ${this.stderr.join('')}`,
          ),
        );
      }, timeoutMs);
      const check = () => {
        const published = this.latest.get(uri);
        if (published && test(published.diagnostics)) {
          clearTimeout(timer);
          resolve(published.diagnostics);
        } else this.waiters.push(check);
      };
      check();
    });
  }

  /** The last diagnostics published for `uri`, or undefined when none were. */
  latestDiagnostics(uri: string): Diagnostic[] | undefined {
    return this.latest.get(uri)?.diagnostics;
  }

  /** How many times diagnostics were published for `uri`. */
  publishCount(uri: string): number {
    return this.publishes.get(uri) ?? 0;
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    await new Promise<void>((resolve) => {
      if (this.process.exitCode !== null) resolve();
      else this.process.once('exit', () => resolve());
    });
    this.connection.dispose();
  }
}
