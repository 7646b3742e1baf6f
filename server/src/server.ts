import {
  CodeActionKind,
  CodeLensRefreshRequest,
  ResponseError,
  type CancellationToken,
  type CodeActionParams,
  type ReferenceParams,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type ClientCapabilities,
  type CompletionList,
  type Diagnostic,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_CLUSTER, readClusterDocument, type ClusterModel } from '../../engine';
import { applySeverityOverrides, withDocLinks } from './languageservice/diagnostics';
import { DocumentClusters } from './languageservice/documentClusters';
import { MultusLanguageService } from './languageservice/languageService';
import {
  isRepositoryConfigFile,
  repositoryConfigCompletion,
  repositoryConfigDiagnostics,
  repositoryConfigHover,
} from './languageservice/repositoryConfigFile';
import { RepositoryConventions } from './languageservice/repositoryConventions';
import { touches, type IndexChange } from './languageservice/workspaceIndex';
import {
  IndexChangedNotification,
  ListNadsRequest,
  ListPodsRequest,
  PreviewRequest,
  SETTINGS_SECTION,
  type InitializationOptions,
} from './protocol';
import type { Disposable, RuntimeEnvironment } from './runtime';
import { describe, runSafe } from './utils/runner';
import { FolderSettings } from './utils/folderSettings';
import { PublishedDiagnostics } from './utils/publishedDiagnostics';
import { ValidationScheduler } from './utils/validationScheduler';

/** How long one slice of a file's first analysis may run before requests get their turn. */
const ANALYSIS_SLICE_MS = 100;
/**
 * How long a request may analyse its own document first: long enough that an ordinary file is
 * answered from its complete analysis (the first one also compiles the schemas), short enough that a
 * request on a 10 MB file still answers.
 */
const REQUEST_SLICE_MS = 2000;
/** How long index changes must pause before the other open documents are checked again. */
const RECHECK_DELAY_MS = 200;

/**
 * Wires the language service to a connection: document sync, the workspace index (open
 * documents and files on disk), debounced diagnostics, and one short handler per feature.
 */
export function startServer(connection: Connection, runtime: RuntimeEnvironment): void {
  const documents = new TextDocuments(TextDocument);
  const service = new MultusLanguageService();
  /** The multusNad settings, per workspace folder (a document follows its folder's). */
  const settings = new FolderSettings();
  /** Settled once the settings are read after `initialized` (or could not be): validation waits for it. */
  let settingsRead = false;
  let markSettingsRead = () => {};
  const settingsLoaded = new Promise<void>((resolve) => (markSettingsRead = resolve));
  let capabilities: ClientCapabilities = {};
  let workspaceFolders: string[] = [];
  let trusted = true;
  /** URIs we published non-empty diagnostics for, so clearing them is sent once when they stop being ours. */
  const published = new Set<string>();
  const lastPublish = new PublishedDiagnostics();
  const log = (message: string) => connection.console.error(message);
  /** window/logMessage at Info: the "Multus NAD" output channel shows what the server does. */
  const info = (message: string) => connection.console.info(message);

  const validation = new ValidationScheduler(runtime, (uri) => validate(uri));
  /** Helm templates, suppressions and .multus-nad.yaml, as the CLI applies them (README "CI and GitOps"). */
  const conventions = new RepositoryConventions((uri) => runtime.files.readFile(uri), log);
  /** The cluster model of each document: the setting, else its nearest .multus-nad.yaml's, else the embedded one. */
  const clusters = new DocumentClusters((uri) => runtime.files.readFile(uri), log);
  service.ignored = (uri) => conventions.ignoredBy(uri) !== undefined;

  /** The cluster a document is hovered and previewed on (the embedded one in an untrusted workspace). */
  function clusterOf(uri: string): ClusterModel {
    return trusted ? clusters.clusterFor(conventions.known(uri), clusterSetting(uri)) : DEFAULT_CLUSTER;
  }

  /** True until a file's folder facts and its cluster file are read. */
  function needsFacts(uri: string): boolean {
    return conventions.needsLoad(uri) || (trusted && clusters.needsLoad(conventions.known(uri), clusterSetting(uri)));
  }

  /** Reads a file's folder facts (nearest .multus-nad.yaml, Helm chart) and the cluster file its config names. */
  async function loadFacts(uri: string): Promise<void> {
    await conventions.load(uri);
    if (trusted) await clusters.load(clusters.fileFor(conventions.known(uri), clusterSetting(uri)));
  }

  function validate(uri: string): void {
    const document = documents.get(uri);
    if (!document) return;
    const version = document.version;
    // The user's settings (severities, validate) arrive after `initialized`; the first publish follows them.
    if (!settingsRead) return void settingsLoaded.then(() => validation.schedule(uri, 0));
    if (isRepositoryConfigFile(uri))
      return publish(uri, version, settings.of(uri).validate ? repositoryConfigDiagnostics(document) : [], true);
    // The folder's .multus-nad.yaml and Chart.yaml are read first, so the first publish already follows them.
    if (needsFacts(uri)) return void loadFacts(uri).then(() => validation.schedule(uri, 0));
    try {
      const deadline = performance.now() + ANALYSIS_SLICE_MS;
      const text = document.getText();
      const { model, change } = service.syncOpen(uri, version, conventions.analysedText(uri, text), deadline);
      if (model.pending) {
        // A large file is analysed in slices, so requests are answered in between; publish once complete.
        afterIndexChange(change, uri);
        validation.schedule(uri, 0);
        return;
      }
      const found =
        settings.of(uri).validate && model.ours ? conventions.apply(uri, text, model, service.diagnostics(model)) : [];
      logCheckFailures(uri, found);
      const diagnostics = withDocLinks(
        applySeverityOverrides(found, settings.of(uri).diagnostics?.severity),
        runtime.diagnosticDocsUri,
      );
      publish(uri, version, diagnostics, model.ours);
      afterIndexChange(change, uri);
    } catch (error) {
      log(`validation failed for ${uri}: ${describe(error)}`);
    }
  }

  /** Our documents always get a publish (an empty one clears what a client kept); others only to clear ours. */
  function publish(uri: string, version: number, diagnostics: Diagnostic[], ours: boolean): void {
    // Drop the result when the document moved on while we worked; the next run publishes.
    if (documents.get(uri)?.version !== version) return;
    // A re-check that found the very same diagnostics at the same version (another file changed) sends nothing.
    if ((ours || published.has(uri)) && !lastPublish.unchanged(uri, version, diagnostics))
      void connection.sendDiagnostics({ uri, version, diagnostics });
    if (diagnostics.length > 0) published.add(uri);
    else published.delete(uri);
  }

  /** Failures already logged, by URI and message, so a re-validation does not repeat them. */
  const loggedFailures = new Set<string>();

  /** The engine turns a rule that threw into a `check-failed` diagnostic; the log gets it once, with the URI. */
  function logCheckFailures(uri: string, diagnostics: readonly Diagnostic[]): void {
    for (const diagnostic of diagnostics) {
      if (diagnostic.code !== 'check-failed') continue;
      const key = `${uri}\n${diagnostic.message}`;
      if (loggedFailures.has(key)) continue;
      loggedFailures.add(key);
      log(`check failed for ${uri}: ${diagnostic.message}`);
    }
  }

  /**
   * A NAD or annotated pod changed somewhere: the other open documents it concerns are checked
   * again (their workspace-scope rules may now find or lose a partner; unchanged ones come from
   * the memo), and the client is told, so previews and CodeLenses refresh without waiting for an edit.
   */
  function afterIndexChange(change: IndexChange, changedUri?: string): void {
    if (!change.changed) return;
    recheckOpenDocuments(change, changedUri);
    announceIndexChange(changedUri ? [changedUri, ...change.affectedUris] : [...change.affectedUris]);
  }

  let pendingRecheck: Disposable | undefined;
  /** The index changes since the last re-check pass, with the document each came from (none: files on disk). */
  let unchecked: { readonly uri?: string; readonly change: IndexChange }[] = [];

  /** One pass over the open documents after a burst of index changes settles (opening 100 files re-checks each once, not 100 times). */
  function recheckOpenDocuments(change: IndexChange, changedUri?: string): void {
    unchecked.push({ uri: changedUri, change });
    pendingRecheck?.dispose();
    pendingRecheck = runtime.timer.setTimeout(
      () => {
        const changes = unchecked;
        unchecked = [];
        pendingRecheck = undefined;
        for (const document of documents.all()) {
          // A document's own change is in its diagnostics already (validate updates the index first).
          const others = mergeChanges(
            changes.filter((entry) => entry.uri !== document.uri).map(({ change }) => change),
          );
          const model = service.model(document.uri);
          if (!model || touches(others, model)) validation.schedule(document.uri, 0);
        }
      },
      Math.max(settings.ofWindow.debounceMs, RECHECK_DELAY_MS),
    );
  }

  function announceIndexChange(uris: string[]): void {
    void connection.sendNotification(IndexChangedNotification, { uris });
    if (capabilities.workspace?.codeLens?.refreshSupport)
      connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  connection.onInitialize((params): InitializeResult => {
    capabilities = params.capabilities;
    trusted = (params.initializationOptions as InitializationOptions | null)?.workspaceTrusted !== false;
    workspaceFolders = (params.workspaceFolders ?? []).map((folder) => folder.uri);
    if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [params.rootUri];
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['"', ':', ' ', ',', '/'] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
      },
      serverInfo: { name: 'multus-nad-language-server' },
    };
  });

  connection.onInitialized(() => {
    info(`Multus NAD language server started (workspace folders: ${workspaceFolders.join(', ') || 'none'})`);
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{yaml,yml}' }],
      });
    }
    void loadSettings()
      .finally(() => {
        settingsRead = true;
        markSettingsRead();
      })
      .then(() => indexWorkspace());
  });

  async function loadSettings(): Promise<void> {
    if (!capabilities.workspace?.configuration) return;
    try {
      // The window's section first, then each folder's (resource-scoped settings differ per folder).
      const scopes = [
        { section: SETTINGS_SECTION },
        ...workspaceFolders.map((scopeUri) => ({ scopeUri, section: SETTINGS_SECTION })),
      ];
      const [window, ...byFolder] = (await connection.workspace.getConfiguration(scopes)) as unknown[];
      await applySettings(window, new Map(workspaceFolders.map((folder, index) => [folder, byFolder[index]])));
    } catch (error) {
      log(`reading settings failed: ${describe(error)}`);
    }
  }

  let lastDescribedSettings = '';
  service.modelOf = (uri) => {
    const file = trusted ? clusters.fileFor(conventions.known(uri), clusterSetting(uri)) : undefined;
    return { cluster: clusterOf(uri), ...(file ? { file: workspaceRelative(file) } : {}) };
  };

  /** A file URI as a path relative to the first workspace folder (as messages name files). */
  function workspaceRelative(uri: string): string {
    const folder = workspaceFolders[0]?.replace(/\/$/, '');
    return decodeURIComponent(folder && uri.startsWith(`${folder}/`) ? uri.slice(folder.length + 1) : uri);
  }

  async function applySettings(window: unknown, byFolder: ReadonlyMap<string, unknown> = new Map()): Promise<void> {
    settings.update(window, byFolder);
    const lines: string[] = [];
    const windowJson = JSON.stringify(settings.ofWindow);
    for (const { folder, settings: scope } of settings.scopes()) {
      const setting = trusted && scope.clusterModel ? settingUri(scope.clusterModel, folder) : undefined;
      const cluster = await clusters.load(setting);
      // A folder that sets nothing of its own is not logged again (a one-folder workspace logs one block).
      if (folder && JSON.stringify(scope) === windowJson && !scope.clusterModel) continue;
      lines.push(
        `Settings${folder ? ` of ${folder}` : ''}: ${JSON.stringify(scope)}`,
        `Cluster model: ${setting ? scope.clusterModel : 'the embedded cluster'} (nodes ${cluster.nodes.map((node) => node.name).join(', ')})` +
          (setting ? '' : "; a .multus-nad.yaml's clusterModel and pluginVersion apply to the files below it"),
      );
    }
    const described = lines.join('\n');
    // The client also sends its settings once right after start: the same lines are not logged twice.
    if (described === lastDescribedSettings) return;
    lastDescribedSettings = described;
    for (const line of lines) info(line);
  }

  /** The cluster file the multusNad.clusterModel setting of a document's folder names (a URI), in a trusted workspace. */
  function clusterSetting(uri: string): string | undefined {
    const setting = settings.of(uri).clusterModel;
    return trusted && setting ? settingUri(setting, settings.folderOf(uri)) : undefined;
  }

  /** A multusNad.clusterModel setting as a URI: a path is relative to its folder, else to the first workspace folder. */
  function settingUri(setting: string, folder: string | undefined): string {
    if (setting.startsWith('file:')) return setting;
    const base = folder ?? workspaceFolders[0] ?? 'file:///';
    return new URL(setting, base.endsWith('/') ? base : `${base}/`).toString();
  }

  /** A model the client sent with a preview (a live snapshot), in a trusted workspace; else the configured one. */
  function requestedCluster(document: unknown): ClusterModel | undefined {
    if (document === undefined || !trusted) return undefined;
    const cluster = readClusterDocument(document);
    if (!('error' in cluster)) return cluster;
    log(`the cluster model sent with the preview: ${cluster.error}; using the configured one`);
    return undefined;
  }

  /** Reads the workspace's YAML files into the index in the background, a few at a time. */
  async function indexWorkspace(): Promise<void> {
    const started = performance.now();
    let fileCount = 0;
    const changes: IndexChange[] = [];
    for (const folder of workspaceFolders) {
      let uris: string[] = [];
      try {
        uris = await runtime.files.findYamlFiles(folder);
      } catch (error) {
        log(`listing ${folder} failed: ${describe(error)}`);
      }
      for (const uri of uris) {
        if (service.isOpen(uri)) continue;
        // An ignored file is not read: updateDisk keeps it out of the index (a re-index drops it).
        await loadFacts(uri);
        const text = service.ignored(uri) ? undefined : await runtime.files.readFile(uri);
        fileCount++;
        try {
          changes.push(service.updateDisk(uri, text));
        } catch (error) {
          log(`indexing failed for ${uri}: ${describe(error)}`);
        }
      }
    }
    const nads = service.listNads().length;
    const pods = service.listPods().length;
    info(
      `Indexed the workspace: ${fileCount} YAML files, ${nads} NADs, ${pods} annotated pods in ${Math.round(performance.now() - started)} ms`,
    );
    // Whatever an open document's workspace rules depend on may have arrived: check every open one now.
    for (const document of documents.all()) validation.schedule(document.uri, 0);
    announceIndexChange([...mergeChanges(changes).affectedUris]);
  }

  connection.onDidChangeConfiguration(async (change) => {
    // The pushed section is the window's only: pull every folder's when the client can answer.
    const section = (change.settings as Record<string, unknown> | null)?.[SETTINGS_SECTION];
    if (capabilities.workspace?.configuration) await loadSettings();
    else if (section && typeof section === 'object') await applySettings(section);
    for (const document of documents.all()) validation.schedule(document.uri, 0);
  });

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    const conventionsChanged = changes.filter((change) => conventions.forget(change.uri)).length > 0;
    const clustersChanged = changes.filter((change) => clusters.forget(change.uri)).length > 0;
    if (conventionsChanged || clustersChanged) {
      // Which files are ignored may have changed: the workspace is indexed again (unchanged files reuse their analyses).
      if (conventionsChanged) await indexWorkspace();
      for (const document of documents.all()) validation.schedule(document.uri, 0);
      // Previews and hovers of every open document may now use another cluster model or other NADs.
      announceIndexChange(documents.all().map((document) => document.uri));
    }
    const results: IndexChange[] = [];
    for (const change of changes) {
      if (change.type !== FileChangeType.Deleted) await conventions.load(change.uri);
      if (service.isOpen(change.uri)) continue;
      await conventions.load(change.uri);
      const text = change.type === FileChangeType.Deleted ? undefined : await runtime.files.readFile(change.uri);
      try {
        results.push(service.updateDisk(change.uri, text));
      } catch (error) {
        log(`indexing failed for ${change.uri}: ${describe(error)}`);
      }
    }
    afterIndexChange(mergeChanges(results));
  });

  documents.onDidOpen(({ document }) => validation.schedule(document.uri, 0));
  documents.onDidChangeContent(({ document }) => {
    if (service.isOpen(document.uri)) validation.schedule(document.uri, settings.of(document.uri).debounceMs);
  });
  documents.onDidClose(async ({ document }) => {
    const uri = document.uri;
    validation.cancel(uri);
    conventions.release(uri);
    lastPublish.forget(uri);
    if (published.delete(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    const onDisk = uri.startsWith('file:') ? await runtime.files.readFile(uri) : undefined;
    try {
      afterIndexChange(service.close(uri, onDisk), uri);
    } catch (error) {
      log(`closing ${uri} failed: ${describe(error)}`);
    }
  });

  /** Features read the model of the version the editor has; sync it first if validation has not run yet. */
  function ensureSynced(uri: string): void {
    const document = documents.get(uri);
    if (!document) return;
    const deadline = performance.now() + REQUEST_SLICE_MS;
    const text = conventions.analysedText(uri, document.getText());
    const { model, change } = service.syncOpen(uri, document.version, text, deadline);
    afterIndexChange(change, uri);
    if (model.pending) validation.schedule(uri, 0);
  }

  /**
   * The one wrapper every request goes through: the document synced to the editor's version,
   * then the service call guarded against cancellation and errors (answered with `empty`).
   */
  function onDocument<P extends { textDocument: { uri: string } }, R>(
    what: string,
    empty: R,
    work: (params: P) => R,
  ): (params: P, token: CancellationToken) => Promise<R | ResponseError<void>> {
    return (params, token) =>
      runSafe(runtime, log, params.textDocument.uri, what, empty, token, () => {
        ensureSynced(params.textDocument.uri);
        return work(params);
      });
  }

  const noCompletion: CompletionList = { isIncomplete: false, items: [] };
  /** The open document when it is a .multus-nad.yaml (completed and hovered from its schema). */
  const configDocument = (uri: string) => (isRepositoryConfigFile(uri) ? documents.get(uri) : undefined);
  connection.onCompletion(
    onDocument('completion', noCompletion, (p) => {
      const config = configDocument(p.textDocument.uri);
      if (config) return repositoryConfigCompletion(config, config.offsetAt(p.position));
      return service.completion(p.textDocument.uri, p.position);
    }),
  );
  connection.onHover(
    onDocument('hover', null, (p) => {
      const config = configDocument(p.textDocument.uri);
      if (config) return repositoryConfigHover(config, config.offsetAt(p.position));
      return service.hover(p.textDocument.uri, p.position, clusterOf(p.textDocument.uri));
    }),
  );
  connection.onDefinition(onDocument('definition', [], (p) => service.definition(p.textDocument.uri, p.position)));
  connection.onReferences(
    onDocument('references', [], (p: ReferenceParams) =>
      service.references(p.textDocument.uri, p.position, p.context.includeDeclaration),
    ),
  );
  connection.onDocumentSymbol(onDocument('document symbols', [], (p) => service.documentSymbols(p.textDocument.uri)));
  connection.onDocumentFormatting(onDocument('formatting', [], (p) => service.format(p.textDocument.uri)));
  connection.onCodeAction(
    onDocument('code actions', [], (p: CodeActionParams) =>
      service.codeActions({ uri: p.textDocument.uri, range: p.range, diagnostics: p.context.diagnostics }),
    ),
  );
  connection.onRequest(
    PreviewRequest,
    onDocument('preview', null, (p) =>
      service.preview(
        p.textDocument.uri,
        p.position,
        p.embeddedCluster ? DEFAULT_CLUSTER : (requestedCluster(p.clusterModel) ?? clusterOf(p.textDocument.uri)),
      ),
    ),
  );
  const workspace = { textDocument: { uri: '(workspace)' } };
  connection.onRequest(ListNadsRequest, (params, token) =>
    onDocument('listNads', [], () => service.listNads(params?.namespace))(workspace, token),
  );
  connection.onRequest(ListPodsRequest, (_params, token) =>
    onDocument('listPods', [], () => service.listPods())(workspace, token),
  );

  documents.listen(connection);
  connection.listen();
}

function mergeChanges(changes: readonly IndexChange[]): IndexChange {
  return {
    nadKeys: new Set(changes.flatMap((change) => [...change.nadKeys])),
    affectedUris: new Set(changes.flatMap((change) => [...change.affectedUris])),
    changed: changes.some((change) => change.changed),
    groups: new Set(changes.flatMap((change) => [...change.groups])),
  };
}
