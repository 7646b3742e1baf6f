import * as vscode from 'vscode';
import { ListNadsRequest, ListPodsRequest, type NadSummary, type ObjectLocation } from '../../server/src/protocol';
import type { MultusLanguageServer } from './languageServer';
import { looksLikeMultusManifest } from './manifestSniffer';

/**
 * "Preview interfaces" above each NAD and each annotated pod or workload, and "Apply to cluster"
 * above each NAD, at the start of its YAML document. The objects come from the server's workspace
 * index, so the lenses follow its reading.
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
    const here = <T extends { location: ObjectLocation }>(objects: T[]) =>
      objects.filter((o) => o.location.uri === uri);
    // Applying talks to a cluster: offered only in a trusted workspace.
    const applyLenses = vscode.workspace.isTrusted ? here(nads).map((nad) => applyLens(document, nad)) : [];
    return [...here([...nads, ...pods]).map((object) => previewLens(document, object.location)), ...applyLenses];
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

function applyLens(document: vscode.TextDocument, nad: NadSummary): vscode.CodeLens {
  const start = new vscode.Position(nad.location.range.start.line, nad.location.range.start.character);
  return new vscode.CodeLens(new vscode.Range(start, start), {
    title: 'Apply to cluster',
    tooltip: 'Server-side apply this NetworkAttachmentDefinition to the cluster of the kube context in the status bar',
    command: 'multusNad.applyToCluster',
    arguments: [document.uri, { namespace: nad.namespace, name: nad.name }],
  });
}
