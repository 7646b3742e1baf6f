import * as vscode from 'vscode';
import { accessHeadline, readKubeAccess, type KubeAccess } from './kubeAccess';
import { showKubeAccessProblem } from './kubeAccessMessage';
import type { KubeContext } from './kubeconfigContexts';
import { looksLikeMultusManifest } from './manifestSniffer';
import { readSettings } from './settings';

const CHOSEN_CONTEXT_KEY = 'multusNad.kubeContext';

/**
 * The kube context and namespace cluster commands would use, read from the kubeconfig files only
 * (nothing contacts the cluster), in the status bar while a Multus manifest is in the editor.
 * Switching picks the context for this extension; the kubeconfig's current-context is left as is.
 */
export class KubeContextStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'multusNad.kubeContext',
    vscode.StatusBarAlignment.Left,
    10,
  );
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly state: vscode.Memento) {
    this.item.name = 'Multus: Kube Context';
    this.item.command = 'multusNad.switchKubeContext';
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.window.onDidChangeWindowState((window) => window.focused && this.update()),
      vscode.workspace.onDidChangeConfiguration(
        (event) => event.affectsConfiguration('multusNad.kubeconfig') && this.update(),
      ),
    );
    this.update();
  }

  /** The context cluster commands target: the one picked here if it still exists, else the current one. */
  target(): KubeContext | undefined {
    const access = this.access();
    return access.kind === 'ready' ? access.target : undefined;
  }

  /** Whether cluster commands can run, read from the kubeconfig files now (nothing is cached). */
  access(): KubeAccess {
    return readKubeAccess({
      explicitFile: readSettings().kubeconfig,
      chosenContext: this.state.get<string>(CHOSEN_CONTEXT_KEY),
    });
  }

  /**
   * True when a context is there to use; otherwise says why (what was looked for, with buttons to fix
   * it) and gives false. Cluster commands call this before they open or ask anything.
   */
  async requireAccess(action: string): Promise<boolean> {
    const access = this.access();
    if (access.kind === 'ready') return true;
    await showKubeAccessProblem(access, action);
    return false;
  }

  /** Shows the contexts of the kubeconfig and remembers the one the user picks; without any, says why. */
  async switchContext(): Promise<void> {
    const access = this.access();
    if (access.kind !== 'ready' && access.kind !== 'no-current-context') {
      await showKubeAccessProblem(access);
      return;
    }
    const target = access.kind === 'ready' ? access.target : undefined;
    const picked = await vscode.window.showQuickPick(
      access.contexts.map((context) => ({
        label: context.name,
        description: `namespace ${context.namespace}`,
        detail: `${context.cluster} at ${context.server}${context.current ? ' (kubeconfig current-context)' : ''}`,
        picked: context.name === target?.name,
      })),
      {
        title: target
          ? 'Multus: kube context for cluster commands'
          : 'Multus: no current-context: pick the kube context for cluster commands',
        placeHolder: target?.name,
      },
    );
    if (!picked) return;
    await this.state.update(CHOSEN_CONTEXT_KEY, picked.label);
    this.update();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private update(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !looksLikeMultusManifest(editor.document)) {
      this.item.hide();
      return;
    }
    const access = this.access();
    if (access.kind === 'ready') {
      const { target } = access;
      this.item.text = `$(cloud) ${target.name} / ${target.namespace}`;
      this.item.tooltip = `Kube context ${target.name}, namespace ${target.namespace} (${target.server}), read from the kubeconfig without contacting the cluster. Click to switch.`;
    } else {
      // The click (switchContext) opens the picker or a message that starts with the same words.
      const headline = accessHeadline(access);
      this.item.text = `$(cloud) ${headline}`;
      this.item.tooltip = `Cluster commands: ${headline}. Click for ${access.kind === 'no-current-context' ? 'the contexts' : 'details'}.`;
    }
    this.item.show();
  }
}
