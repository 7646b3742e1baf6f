import * as vscode from 'vscode';
import { accessDetail, accessHeadline } from '../kubeAccess';
import type { ClusterDeps } from './clusterAccess';
import type { NadNode, NamespaceNode } from './clusterNadTree';

export const CLUSTER_NADS_VIEW = 'multusNad.clusterNads';

interface MessageNode {
  readonly kind: 'message';
  readonly label: string;
  readonly tooltip?: string;
  readonly icon: 'info' | 'error' | 'cloud-upload';
  readonly command?: vscode.Command;
}

type Node = NamespaceNode | NadNode | MessageNode;

/**
 * The sidebar view of the cluster's NADs by namespace (the lab's `kubectl get net-attach-def -A`) for the
 * context of the status bar. Nothing contacts the cluster until the view is shown or refreshed.
 */
export class ClusterNadView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly visibility: vscode.Disposable;
  /** The context the listed NADs came from: their documents are read from the same one. */
  private context: string | undefined;

  constructor(private readonly deps: ClusterDeps) {
    this.view = vscode.window.createTreeView(CLUSTER_NADS_VIEW, { treeDataProvider: this, showCollapseAll: true });
    // Another context picked in the status bar while the view was hidden: list that one when it shows again.
    this.visibility = this.view.onDidChangeVisibility(({ visible }) => {
      if (visible && this.context !== undefined && this.context !== deps.kubeContext.target()?.name) this.refresh();
    });
  }

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'namespace') {
      const item = new vscode.TreeItem(node.namespace, vscode.TreeItemCollapsibleState.Expanded);
      item.description = node.description;
      item.iconPath = new vscode.ThemeIcon('symbol-namespace');
      item.contextValue = 'namespace';
      return item;
    }
    if (node.kind === 'nad') {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
      item.description = node.description;
      item.tooltip = node.tooltip;
      item.iconPath = new vscode.ThemeIcon('type-hierarchy-sub');
      item.contextValue = 'clusterNad';
      item.command = {
        command: 'multusNad.openClusterNad',
        title: 'Open (read-only)',
        arguments: [{ context: this.context, namespace: node.namespace, name: node.name }],
      };
      return item;
    }
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.tooltip = node.tooltip;
    item.command = node.command;
    item.iconPath = new vscode.ThemeIcon(node.icon);
    return item;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node?.kind === 'namespace') return [...node.nads];
    if (node) return [];
    if (!vscode.workspace.isTrusted)
      return [{ kind: 'message', icon: 'info', label: 'Cluster access is off in a restricted workspace' }];
    const access = this.deps.kubeContext.access();
    if (access.kind !== 'ready') {
      // The status bar's words; the click opens the same dialog as the status bar (what was looked for).
      const headline = accessHeadline(access);
      this.view.description = undefined;
      return [
        {
          kind: 'message',
          icon: 'info',
          label: `Cluster access: ${headline}`,
          tooltip: accessDetail(access),
          command: { command: 'multusNad.switchKubeContext', title: 'Why, and how to fix it' },
        },
      ];
    }
    // Loaded on first use: the Kubernetes client is most of the bundle.
    const { loadNadTree } = await import('./clusterNadSource');
    const loaded = await loadNadTree(this.deps);
    this.context = loaded.context;
    this.view.description = loaded.context;
    if (loaded.problem?.multusMissing) {
      return [
        { kind: 'message', icon: 'info', label: 'Multus is not installed', tooltip: loaded.problem.lines.join('\n') },
        {
          kind: 'message',
          icon: 'cloud-upload',
          label: 'Deploy Multus…',
          command: { command: 'multusNad.deployToCluster', title: 'Deploy Multus' },
        },
      ];
    }
    if (loaded.problem) {
      return [
        {
          kind: 'message',
          icon: 'error',
          label: loaded.problem.lines[0].replace(/^error: /, ''),
          tooltip: loaded.problem.lines.join('\n'),
          command: { command: 'multusNad.showClusterOutput', title: 'Show the explanation' },
        },
      ];
    }
    if (loaded.namespaces.length === 0)
      return [{ kind: 'message', icon: 'info', label: 'No NetworkAttachmentDefinitions' }];
    return [...loaded.namespaces];
  }

  dispose(): void {
    this.visibility.dispose();
    this.view.dispose();
    this.changed.dispose();
  }
}
