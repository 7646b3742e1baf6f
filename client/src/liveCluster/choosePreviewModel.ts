import * as vscode from 'vscode';
import { takeSnapshot } from '../../../kube';
import type { PreviewPanel } from '../preview/previewPanel';
import { ageText, type PreviewModelChoice } from '../preview/previewModelChoice';
import {
  connect,
  requireTrust,
  showFailure,
  unlessCancelled,
  type ClusterConnection,
  type ClusterDeps,
} from './clusterAccess';

export interface ModelDeps extends ClusterDeps {
  readonly previews: PreviewPanel;
}

interface ModelItem extends vscode.QuickPickItem {
  readonly choose: () => Promise<PreviewModelChoice | undefined>;
}

/**
 * "Multus: Choose the Preview's Cluster Model": the embedded lab, the configured file, or "live: <context>" (a
 * snapshot of the status bar's context, read now; trusted workspaces only). Picking live again reads it again: the
 * snapshot is refreshed on demand only, and the panel shows its age. True when the panel switched.
 */
export async function choosePreviewModel(deps: ModelDeps): Promise<boolean> {
  const current = deps.previews.modelChoice;
  const context = deps.kubeContext.target()?.name;
  const liveLabel = `live: ${context ?? '(no kube context)'}`;
  const items: ModelItem[] = [
    {
      label: 'embedded lab',
      description: 'master + node1, flannel 10.244.0.0/16',
      choose: async () => ({ kind: 'embedded' }),
    },
    {
      label: 'configured file',
      description: 'multusNad.clusterModel, else .multus-nad.yaml clusterModel, else the embedded lab',
      choose: async () => ({ kind: 'configured' }),
    },
    {
      label: liveLabel,
      description: vscode.workspace.isTrusted
        ? current.kind === 'live'
          ? `${ageText(current.readAt, new Date())}; pick to read it again`
          : 'a snapshot of the cluster: nodes, NADs, taken addresses (list/get only)'
        : 'trusted workspaces only',
      choose: () => readLiveModel(deps),
    },
  ];
  const active = items[current.kind === 'embedded' ? 0 : current.kind === 'configured' ? 1 : 2];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Multus: the cluster model the preview places pods on',
    placeHolder: `now: ${active.label}`,
  });
  const choice = await picked?.choose();
  if (!choice) return false;
  await deps.previews.useModel(choice, previewScopeNow());
  return true;
}

/** The panel's scope when it is not open yet: the pod or NAD at the cursor of a YAML editor, else the workspace. */
function previewScopeNow() {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'yaml') return { kind: 'workspace' as const };
  const at = editor.selection.active;
  return { kind: 'cursor' as const, uri: editor.document.uri.toString(), line: at.line, character: at.character };
}

/** A snapshot of the context (list/get only), with a cancellable progress; undefined when refused or cancelled. */
async function readLiveModel(deps: ModelDeps): Promise<PreviewModelChoice | undefined> {
  if (!requireTrust('a live cluster model')) return undefined;
  if (!(await deps.kubeContext.requireAccess('the live cluster model'))) return undefined;
  let connection: ClusterConnection | undefined;
  try {
    connection = connect(deps);
    const { session } = connection;
    const document = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Multus: reading context "${session.target.context}" for the preview`,
        cancellable: true,
      },
      (_progress, token) => unlessCancelled(takeSnapshot(session), token),
    );
    if (!document) return undefined;
    connection.log(
      `live model of context "${session.target.context}" read at ${document.source.takenAt}:`,
      ...document.notes.map((note) => `  note: ${note}`),
    );
    return { kind: 'live', context: session.target.context, document, readAt: new Date(document.source.takenAt) };
  } catch (error) {
    showFailure(deps, error, connection, 'read the cluster for the preview');
    return undefined;
  }
}
