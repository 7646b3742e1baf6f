import * as vscode from 'vscode';
import { readKubeContexts, type KubeContext } from './kubeconfigContexts';
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
  /** Why no context could be read (no kubeconfig, unreadable file). */
  private problem: string | undefined;

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
    const contexts = this.contexts();
    const chosen = this.state.get<string>(CHOSEN_CONTEXT_KEY);
    return contexts.find((context) => context.name === chosen) ?? contexts.find((context) => context.current);
  }

  /** Shows the contexts of the kubeconfig and remembers the one the user picks. */
  async switchContext(): Promise<void> {
    const contexts = this.contexts();
    if (contexts.length === 0) {
      void vscode.window.showWarningMessage(`Multus: ${this.problem ?? 'the kubeconfig has no contexts'}.`);
      return;
    }
    const target = this.target();
    const picked = await vscode.window.showQuickPick(
      contexts.map((context) => ({
        label: context.name,
        description: `namespace ${context.namespace}`,
        detail: `${context.cluster} at ${context.server}${context.current ? ' (kubeconfig current-context)' : ''}`,
        picked: context.name === target?.name,
      })),
      { title: 'Multus: kube context for cluster commands', placeHolder: target?.name },
    );
    if (!picked) return;
    await this.state.update(CHOSEN_CONTEXT_KEY, picked.label);
    this.update();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private contexts(): KubeContext[] {
    const kubeconfig = readSettings().kubeconfig;
    try {
      this.problem = undefined;
      return readKubeContexts(kubeconfig);
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
      return [];
    }
  }

  private update(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !looksLikeMultusManifest(editor.document)) {
      this.item.hide();
      return;
    }
    const target = this.target();
    this.item.text = target ? `$(cloud) ${target.name} / ${target.namespace}` : '$(cloud) no kube context';
    this.item.tooltip = target
      ? `Kube context ${target.name}, namespace ${target.namespace} (${target.server}), read from the kubeconfig without contacting the cluster. Click to switch.`
      : `No kube context: ${this.problem ?? 'the kubeconfig has no current-context'}. Click to pick one.`;
    this.item.show();
  }
}
