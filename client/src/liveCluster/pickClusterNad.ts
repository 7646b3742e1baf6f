import * as vscode from 'vscode';
import type { ClusterDeps } from './clusterAccess';
import { openClusterNad } from './clusterNadDocuments';

/**
 * "Open Cluster NAD (read-only)" from the palette: lists the NADs of the status bar's context in a
 * quick pick and opens the one picked; when there is no context, no Multus or a failure, says so.
 */
export async function pickClusterNad(deps: ClusterDeps): Promise<vscode.TextDocument | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Multus: cluster access is off in a restricted workspace.');
    return undefined;
  }
  if (!(await deps.kubeContext.requireAccess('Open Cluster NAD'))) return undefined;
  // Loaded on first use: the Kubernetes client is most of the bundle.
  const { loadNadTree } = await import('./clusterNadSource');
  const loaded = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Multus: listing the cluster NADs' },
    () => loadNadTree(deps),
  );
  if (loaded.problem) {
    const [headline, ...detail] = loaded.problem.lines;
    const deploy = loaded.problem.multusMissing ? ['Deploy Multus…'] : [];
    const choice = await vscode.window.showErrorMessage(
      `Multus: ${headline.replace(/^error: /, '')}`,
      { modal: true, detail: detail.join('\n') },
      ...deploy,
    );
    if (choice === 'Deploy Multus…') await vscode.commands.executeCommand('multusNad.deployToCluster');
    return undefined;
  }
  const nads = loaded.namespaces.flatMap((namespace) => namespace.nads);
  if (nads.length === 0) {
    void vscode.window.showInformationMessage(
      `Multus: context "${loaded.context}" has no NetworkAttachmentDefinitions to open.`,
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    nads.map((nad) => ({ label: `${nad.namespace}/${nad.name}`, description: nad.description, nad })),
    { title: `Multus: open a NAD of context "${loaded.context}" (read-only)`, matchOnDescription: true },
  );
  if (!picked || !loaded.context) return undefined;
  return openClusterNad(deps, { context: loaded.context, namespace: picked.nad.namespace, name: picked.nad.name });
}
