import * as vscode from 'vscode';
import {
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type NodeModule,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { IndexChangedNotification, SETTINGS_SECTION, type IndexChangedParams } from '../../server/src/protocol';
import { CLUSTER_NAD_SCHEME } from './liveCluster/clusterNadTree';
import { SEED_POD_SCHEME } from './liveCluster/tryPodSource';
import { looksLikeMultusManifest } from './manifestSniffer';
import { readSettings } from './settings';

export type ServerStatus = 'not started' | 'starting' | 'running' | 'failed' | 'stopped';

/**
 * The language client, started once a document that is ours opens (not on every YAML file), and
 * restarted on request. A failed start is shown to the user with its reason and kept for tests.
 */
export class MultusLanguageServer implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient | undefined> | undefined;
  private readonly indexChanged = new vscode.EventEmitter<IndexChangedParams>();
  private readonly statusChanged = new vscode.EventEmitter<ServerStatus>();
  private currentStatus: ServerStatus = 'not started';
  /** Why the last start failed, in the words shown to the user. */
  lastStartError: string | undefined;

  /** Fires after the server's workspace index changed (a NAD or annotated pod changed). */
  readonly onIndexChanged = this.indexChanged.event;
  readonly onStatusChanged = this.statusChanged.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly output: vscode.LogOutputChannel,
  ) {}

  get status(): ServerStatus {
    return this.currentStatus;
  }

  /** Starts the server now if an open document is ours, else when the first one opens. */
  startWhenNeeded(): vscode.Disposable {
    if (vscode.workspace.textDocuments.some(looksLikeMultusManifest)) void this.ensureStarted();
    const listener = vscode.workspace.onDidOpenTextDocument((document) => {
      if (this.currentStatus === 'not started' && looksLikeMultusManifest(document)) void this.ensureStarted();
    });
    return listener;
  }

  /** The running client, starting it if needed; undefined when the start failed (already reported). */
  ensureStarted(): Promise<LanguageClient | undefined> {
    if (this.client?.state === State.Running) return Promise.resolve(this.client);
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  async restart(): Promise<LanguageClient | undefined> {
    // A start already under way (begun by a lens or the preview, perhaps with the old settings)
    // settles first; otherwise ensureStarted() would hand back that start instead of a new one.
    await this.starting;
    await this.stop();
    return this.ensureStarted();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client?.isRunning()) await client.stop();
    if (client) this.setStatus('stopped');
  }

  dispose(): void {
    void this.stop();
    this.indexChanged.dispose();
    this.statusChanged.dispose();
  }

  private async start(): Promise<LanguageClient | undefined> {
    this.setStatus('starting');
    const serverOptions = this.serverOptions();
    // The server's own window/logMessage lines (settings, model, indexing) follow in the same channel.
    this.output.info(
      `starting the language server ${serverOptions.run.module} on ${serverOptions.run.runtime ?? "the editor's own Node.js"}`,
    );
    const client = new LanguageClient('multusNad', 'Multus NAD', serverOptions, this.clientOptions());
    try {
      await client.start();
    } catch (error) {
      await this.reportFailedStart(client, error);
      return undefined;
    }
    client.onNotification(IndexChangedNotification, (params) => this.indexChanged.fire(params));
    this.client = client;
    this.lastStartError = undefined;
    this.output.info('the language server is running');
    this.setStatus('running');
    return client;
  }

  private serverOptions(): { run: NodeModule; debug: NodeModule } & ServerOptions {
    const module: NodeModule = {
      module: this.context.asAbsolutePath('dist/server.js'),
      transport: TransportKind.ipc,
    };
    // readSettings() drops the runtime in a restricted workspace: it names a program to run.
    const runtime = readSettings().serverRuntime;
    if (runtime) module.runtime = runtime;
    return { run: module, debug: module };
  }

  private clientOptions(): LanguageClientOptions {
    return {
      // Ordinary YAML files: the language stays `yaml`, so Red Hat's YAML extension keeps its
      // features and the server answers only for documents that are NADs or annotated workloads.
      documentSelector: [
        { scheme: 'file', language: 'yaml' },
        { scheme: 'untitled', language: 'yaml' },
        // Helm chart templates when the Kubernetes extension names them `helm` (read with placeholders).
        { scheme: 'file', language: 'helm' },
        // Read-only NADs of a cluster (client/src/liveCluster/clusterNadDocuments.ts), checked like files.
        { scheme: CLUSTER_NAD_SCHEME, language: 'yaml' },
        // The seed samplepod "Try It on the Cluster" previews (client/src/liveCluster/seedPodDocument.ts).
        { scheme: SEED_POD_SCHEME, language: 'yaml' },
      ],
      synchronize: {
        configurationSection: SETTINGS_SECTION,
        fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
      },
      outputChannel: this.output,
      initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted },
      // The start-up failure is reported once, by reportFailedStart, not by a second generic toast.
      initializationFailedHandler: () => false,
    };
  }

  private async reportFailedStart(client: LanguageClient, error: unknown): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    this.lastStartError = reason;
    this.output.error(`the language server did not start: ${reason}`);
    this.setStatus('failed');
    await client.dispose().catch(() => undefined);
    // Not awaited: the start is over whether or not the user answers the message.
    void vscode.window
      .showErrorMessage(`Multus: the language server did not start: ${reason}`, 'Show Output', 'Restart')
      .then((choice) => {
        if (choice === 'Show Output') this.output.show();
        if (choice === 'Restart') void this.restart();
      });
  }

  private setStatus(status: ServerStatus): void {
    this.currentStatus = status;
    this.statusChanged.fire(status);
  }
}
