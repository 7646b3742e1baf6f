import * as vscode from 'vscode';
import { ListNadsRequest, ListPodsRequest, type ObjectLocation } from '../../server/src/protocol';
import type { MultusLanguageServer } from './languageServer';
import { looksLikeMultusManifest } from './manifestSniffer';

/**
 * "Preview interfaces" above each NAD and each annotated pod or workload, at the start of its YAML
 * document. The objects come from the server's workspace index, so the lenses follow its reading.
 */
export class PreviewCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly server: MultusLanguageServer) {
    this.subscription = server.onIndexChanged(() => this.changed.fire());
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!looksLikeMultusManifest(document)) return [];
    const client = await this.server.ensureStarted();
    if (!client || token.isCancellationRequested) return [];
    // A server that cannot list objects (yet) leaves the document without lenses, not with an error.
    const [nads, pods] = await Promise.all([
      client.sendRequest(ListNadsRequest, {}, token).catch(() => []),
      client.sendRequest(ListPodsRequest, {}, token).catch(() => []),
    ]);
    const uri = document.uri.toString();
    return [...nads, ...pods]
      .filter((object) => object.location.uri === uri)
      .map((object) => previewLens(document, object.location));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function previewLens(document: vscode.TextDocument, location: ObjectLocation): vscode.CodeLens {
  const start = new vscode.Position(location.range.start.line, location.range.start.character);
  return new vscode.CodeLens(new vscode.Range(start, start), {
    title: 'Preview interfaces',
    tooltip: 'Show the interfaces, addresses, routes and network-status Multus would give the pods',
    command: 'multusNad.previewAtCursor',
    arguments: [document.uri, start],
  });
}
