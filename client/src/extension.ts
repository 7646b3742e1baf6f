import * as vscode from 'vscode';
import { CLUSTER_MODEL_SCHEME, ClusterModelDocuments } from './clusterModelDocument';
import { registerClusterFeatures } from './liveCluster/registerCluster';
import { registerCommands } from './commands';
import { KubeContextStatus } from './kubeContextStatus';
import { MultusLanguageServer } from './languageServer';
import { looksLikeMultusManifest } from './manifestSniffer';
import { PreviewCodeLensProvider } from './previewCodeLens';
import { PreviewPanel } from './preview/previewPanel';

/** What activate() returns: for the end-to-end tests, which check the extension from inside. */
export interface MultusExtensionApi {
  readonly server: MultusLanguageServer;
  readonly previews: PreviewPanel;
  readonly kubeContext: KubeContextStatus;
}

let server: MultusLanguageServer | undefined;

/**
 * Activated by the first YAML file; the language server starts only once a NAD or an annotated
 * workload is open, so plain YAML users pay for nothing but this function.
 */
export function activate(context: vscode.ExtensionContext): MultusExtensionApi {
  const output = vscode.window.createOutputChannel('Multus NAD', { log: true });
  server = new MultusLanguageServer(context, output);
  const previews = new PreviewPanel(context, server);
  const kubeContext = new KubeContextStatus(context.globalState);
  const codeLens = new PreviewCodeLensProvider(server);
  context.subscriptions.push(
    output,
    server,
    previews,
    kubeContext,
    codeLens,
    vscode.languages.registerCodeLensProvider({ language: 'yaml' }, codeLens),
    vscode.workspace.registerTextDocumentContentProvider(CLUSTER_MODEL_SCHEME, new ClusterModelDocuments()),
    ...registerCommands({ server, previews, kubeContext }),
    ...registerClusterFeatures({ server, kubeContext, previews }),
    trackManifestContext(),
    server.startWhenNeeded(),
  );
  return { server, previews, kubeContext };
}

export async function deactivate(): Promise<void> {
  await server?.stop();
}

// `multusNad.isManifest` shows the preview button in the editor title of our documents only.
function trackManifestContext(): vscode.Disposable {
  const update = () => {
    const document = vscode.window.activeTextEditor?.document;
    void vscode.commands.executeCommand(
      'setContext',
      'multusNad.isManifest',
      document !== undefined && looksLikeMultusManifest(document),
    );
  };
  update();
  return vscode.window.onDidChangeActiveTextEditor(update);
}
