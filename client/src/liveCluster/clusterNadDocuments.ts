import * as vscode from 'vscode';
import type { ClusterDeps } from './clusterAccess';
import { CLUSTER_NAD_SCHEME, clusterNadUriParts, parseClusterNadUri, type ClusterNadAddress } from './clusterNadTree';

export function clusterNadUri(address: ClusterNadAddress): vscode.Uri {
  return vscode.Uri.from({ scheme: CLUSTER_NAD_SCHEME, ...clusterNadUriParts(address) });
}

/**
 * Serves a cluster NAD as a read-only YAML document (content providers' documents cannot be edited or
 * saved). The language server's document selector includes the scheme, so it is checked like a file.
 */
export class ClusterNadDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly deps: ClusterDeps) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const address = parseClusterNadUri(uri.path, uri.query);
    if (!address) return `# ${uri.toString()} does not name a NetworkAttachmentDefinition of a cluster.\n`;
    if (!vscode.workspace.isTrusted) return '# Cluster access is off in a restricted workspace.\n';
    // Loaded on first use: the Kubernetes client is most of the bundle.
    const { readClusterNadText } = await import('./clusterNadSource');
    return readClusterNadText(this.deps, address);
  }
}

/** Opens a cluster NAD read-only, with the language server running so that it gets diagnostics. */
export async function openClusterNad(
  deps: Pick<ClusterDeps, 'server'>,
  address: ClusterNadAddress,
): Promise<vscode.TextDocument> {
  await deps.server.ensureStarted();
  let document = await vscode.workspace.openTextDocument(clusterNadUri(address));
  if (document.languageId !== 'yaml') document = await vscode.languages.setTextDocumentLanguage(document, 'yaml');
  await vscode.window.showTextDocument(document, { preview: true });
  return document;
}
