import * as vscode from 'vscode';
import { accessDetail, accessHeadline, type KubeAccess } from './kubeAccess';

const LEARN_MORE = 'https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/';

/**
 * Says why cluster commands cannot run (what was looked for) in a modal whose buttons lead to the
 * fix: the multusNad.kubeconfig setting, the context picker (when there are contexts), the docs.
 * `action` names the command that was stopped, e.g. "Try It on the Cluster".
 */
export async function showKubeAccessProblem(
  access: Exclude<KubeAccess, { kind: 'ready' }>,
  action?: string,
): Promise<void> {
  const headline = accessHeadline(access);
  const canPick = access.kind === 'no-current-context';
  const buttons = ['Open Settings', ...(canPick ? ['Pick Context'] : []), 'Learn More'];
  const title = action ? `Multus: ${action}: ${headline}` : `Multus: ${headline}`;
  const choice = await vscode.window.showWarningMessage(
    title,
    { modal: true, detail: accessDetail(access) },
    ...buttons,
  );
  if (choice === 'Open Settings') await openKubeconfigSetting();
  if (choice === 'Pick Context') await vscode.commands.executeCommand('multusNad.switchKubeContext');
  if (choice === 'Learn More') await vscode.env.openExternal(vscode.Uri.parse(LEARN_MORE));
}

/**
 * The settings editor at multusNad.kubeconfig. The setting is machine-scoped: in a remote window
 * (code-server, SSH, WSL) it is edited under the Remote tab, and the User tab finds nothing.
 */
export async function openKubeconfigSetting(): Promise<void> {
  const command = vscode.env.remoteName ? 'workbench.action.openRemoteSettings' : 'workbench.action.openSettings';
  await vscode.commands.executeCommand(command, { query: 'multusNad.kubeconfig' });
}
