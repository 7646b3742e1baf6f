import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { MultusLanguageServer } from '../languageServer';
import { isYaml } from '../manifestSniffer';
import { previewDocument, renderMessageBody, renderPreviewBody } from './previewHtml';
import type { PreviewView } from './previewModel';
import { modelLabel, type PreviewModelChoice } from './previewModelChoice';
import { fetchPreview, type PreviewScope } from './previewSource';

export const PREVIEW_VIEW_TYPE = 'multusNad.preview';
const REFRESH_DELAY_MS = 200;
/** How often the panel re-renders while on a live snapshot, so the age it shows stays true. */
const AGE_REFRESH_MS = 60_000;

/** What the webview keeps with vscode.setState (media/preview.js), handed back on restore. */
interface PersistedState {
  readonly scope?: PreviewScope;
}

/**
 * The one "Multus: Interfaces" panel: shows the preview of its scope, refreshes as the user types
 * or moves the cursor to another pod or NAD, and comes back after a reload through the serializer.
 */
export class PreviewPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private scope: PreviewScope = { kind: 'workspace' };
  private body = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private model: PreviewModelChoice = { kind: 'configured' };
  private ageTimer: ReturnType<typeof setInterval> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The view shown last (undefined while only a message is shown); tests read it. */
  currentView: PreviewView | undefined;
  /** The HTML body sent to the webview last; tests read it. */
  get renderedBody(): string {
    return this.body;
  }

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly server: MultusLanguageServer,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
        // Resolves once the panel has its document: VS Code shows the panel only then, and the
        // preview (which may first start the server) follows as a message.
        deserializeWebviewPanel: async (panel, state: PersistedState | undefined) => {
          void this.adopt(panel, state?.scope ?? { kind: 'workspace' });
        },
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (isYaml(event.document) && event.contentChanges.length > 0) this.scheduleRefresh();
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => this.followCursor(event)),
      server.onIndexChanged(() => this.scheduleRefresh()),
    );
  }

  /** Opens (or reveals) the panel on a scope and renders it. */
  async show(scope: PreviewScope): Promise<void> {
    if (!this.panel) return this.adopt(this.createPanel(), scope);
    this.panel.reveal(undefined, true);
    this.scope = scope;
    return this.refresh();
  }

  /** The cluster model the panel previews on from now on (the "Choose the Preview's Cluster Model" command). */
  get modelChoice(): PreviewModelChoice {
    return this.model;
  }

  async useModel(model: PreviewModelChoice, scope?: PreviewScope): Promise<void> {
    this.model = model;
    clearInterval(this.ageTimer);
    if (model.kind === 'live') this.ageTimer = setInterval(() => this.scheduleRefresh(), AGE_REFRESH_MS);
    if (this.panel || scope) await this.show(scope ?? this.scope);
  }

  dispose(): void {
    clearInterval(this.ageTimer);
    this.panel?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private createPanel(): vscode.WebviewPanel {
    return vscode.window.createWebviewPanel(
      PREVIEW_VIEW_TYPE,
      'Multus: Interfaces',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      this.webviewOptions(),
    );
  }

  private webviewOptions(): vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'media')] };
  }

  private adopt(panel: vscode.WebviewPanel, scope: PreviewScope): Promise<void> {
    this.panel = panel;
    this.scope = scope;
    panel.webview.options = this.webviewOptions();
    panel.webview.html = this.documentHtml(panel.webview, renderMessageBody('Computing the preview…'));
    panel.webview.onDidReceiveMessage((message: { type?: string }) => {
      // The webview lost any message sent before its script ran: send the current body again.
      if (message?.type === 'ready' && this.body) void this.post(this.body);
    });
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    return this.refresh();
  }

  private documentHtml(webview: vscode.Webview, body: string): string {
    const media = vscode.Uri.joinPath(this.context.extensionUri, 'media');
    return previewDocument(
      {
        cspSource: webview.cspSource,
        nonce: randomBytes(16).toString('base64'),
        scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'preview.js')).toString(),
        styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'preview.css')).toString(),
      },
      body,
    );
  }

  private followCursor(event: vscode.TextEditorSelectionChangeEvent): void {
    if (!this.panel || this.scope.kind !== 'cursor' || !isYaml(event.textEditor.document)) return;
    const active = event.selections[0].active;
    const uri = event.textEditor.document.uri.toString();
    if (uri === this.scope.uri && active.line === this.scope.line) return;
    this.scheduleRefresh({ kind: 'cursor', uri, line: active.line, character: active.character });
  }

  private scheduleRefresh(candidate?: PreviewScope): void {
    if (!this.panel) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(candidate), REFRESH_DELAY_MS);
  }

  /** Renders the candidate scope when it previews something, else the panel's current scope. */
  private async refresh(candidate?: PreviewScope): Promise<void> {
    const generation = ++this.generation;
    const client = await this.server.ensureStarted();
    if (!client) return this.render(undefined, 'The Multus language server is not running; see its output.');
    try {
      let view = candidate ? await fetchPreview(client, candidate, this.model) : undefined;
      if (view && candidate) this.scope = candidate;
      else view = await fetchPreview(client, this.scope, this.model);
      if (generation !== this.generation) return;
      await this.render(view, 'The cursor is on neither a pod nor a NetworkAttachmentDefinition.');
    } catch (error) {
      if (generation === this.generation) await this.render(undefined, `The preview failed: ${String(error)}`);
    }
  }

  private async render(view: PreviewView | undefined, otherwise: string): Promise<void> {
    this.currentView = view && { ...view, model: modelLabel(this.model, new Date()) };
    this.body = this.currentView ? renderPreviewBody(this.currentView) : renderMessageBody(otherwise);
    await this.post(this.body);
  }

  private async post(body: string): Promise<void> {
    await this.panel?.webview.postMessage({ type: 'render', body, scope: this.scope });
  }
}
