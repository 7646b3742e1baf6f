import * as vscode from 'vscode';

export const COMPARISON_SCHEME = 'multus-nad-try';

/** In-memory read-only JSON documents for the preview-versus-cluster diff of "Try It on the Cluster". */
export class ComparisonDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** Stores `text` under `path` (e.g. /default/samplepod-try-x1/cluster.json) and returns its URI. */
  put(path: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: COMPARISON_SCHEME, path });
    this.texts.set(uri.path, text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}
