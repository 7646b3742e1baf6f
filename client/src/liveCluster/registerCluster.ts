import * as vscode from 'vscode';
import type { KubeContextStatus } from '../kubeContextStatus';
import type { MultusLanguageServer } from '../languageServer';
import type { PreviewPanel } from '../preview/previewPanel';
import { isYaml } from '../manifestSniffer';
import type { ApplyTarget } from './applyNads';
import type { ClusterDeps } from './clusterAccess';
import { ClusterNadDocuments, openClusterNad } from './clusterNadDocuments';
import { CLUSTER_NAD_SCHEME, type ClusterNadAddress } from './clusterNadTree';
import { ClusterNadView } from './clusterNadView';
import { COMPARISON_SCHEME, ComparisonDocuments } from './comparisonDocuments';
import { pickClusterNad } from './pickClusterNad';
import { SeedPodDocuments } from './seedPodDocument';
import { SEED_POD_SCHEME } from './tryPodSource';

type Command = (...args: never[]) => unknown;

/**
 * Everything that talks to a cluster: Deploy to Cluster, Apply to cluster, the Cluster NADs view with its
 * read-only documents, Try It on the Cluster, and the preview's live cluster model. The modules that use the Kubernetes client are
 * imported on first use, so activation stays as light as before.
 */
export function registerClusterFeatures(base: {
  server: MultusLanguageServer;
  kubeContext: KubeContextStatus;
  previews: PreviewPanel;
}): vscode.Disposable[] {
  const output = vscode.window.createOutputChannel('Multus: Cluster');
  const deps: ClusterDeps = { server: base.server, kubeContext: base.kubeContext, output };
  const view = new ClusterNadView(deps);
  const comparisons = new ComparisonDocuments();
  const refreshView = () => view.refresh();
  const factories: Record<string, Command> = {
    'multusNad.deployToCluster': async () => {
      const { deployToCluster } = await import('./deployToCluster');
      const deployed = await deployToCluster(deps);
      refreshView();
      return deployed;
    },
    'multusNad.undeployFromCluster': async () => {
      const { undeployFromCluster } = await import('./undeployFromCluster');
      const removed = await undeployFromCluster(deps);
      refreshView();
      return removed;
    },
    'multusNad.applyToCluster': async (uri?: vscode.Uri, only?: ApplyTarget) => {
      const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!document || !isYaml(document)) return false;
      const { applyNads } = await import('./applyNads');
      return applyNads({ ...deps, refreshView }, document, only);
    },
    'multusNad.tryOnCluster': async () => {
      const { tryOnCluster } = await import('./tryOnCluster');
      return tryOnCluster({ ...deps, comparisons });
    },
    'multusNad.choosePreviewModel': async () => {
      const { choosePreviewModel } = await import('./choosePreviewModel');
      return choosePreviewModel({ ...deps, previews: base.previews });
    },
    'multusNad.refreshClusterNads': refreshView,
    'multusNad.openClusterNad': async (address?: ClusterNadAddress) => {
      if (address?.context) return openClusterNad(deps, address);
      return pickClusterNad(deps);
    },
    'multusNad.showClusterOutput': () => output.show(),
  };
  return [
    output,
    view,
    comparisons,
    vscode.workspace.registerTextDocumentContentProvider(CLUSTER_NAD_SCHEME, new ClusterNadDocuments(deps)),
    vscode.workspace.registerTextDocumentContentProvider(COMPARISON_SCHEME, comparisons),
    vscode.workspace.registerTextDocumentContentProvider(SEED_POD_SCHEME, new SeedPodDocuments()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('multusNad.kubeconfig') && refreshView()),
    vscode.workspace.onDidGrantWorkspaceTrust(refreshView),
    ...Object.entries(factories).map(([id, command]) => vscode.commands.registerCommand(id, command)),
  ];
}
