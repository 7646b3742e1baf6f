import * as vscode from 'vscode';
import { EMBEDDED_CLUSTER_URI } from './clusterModelDocument';
import type { KubeContextStatus } from './kubeContextStatus';
import type { MultusLanguageServer } from './languageServer';
import { isYaml } from './manifestSniffer';
import type { PreviewPanel } from './preview/previewPanel';
import { readSettings } from './settings';

/** What every command works with; built once in activate(). */
export interface CommandContext {
  readonly server: MultusLanguageServer;
  readonly previews: PreviewPanel;
  readonly kubeContext: KubeContextStatus;
}

type Command = (...args: never[]) => unknown;

/** Registers each command of package.json `contributes.commands` with its factory. */
export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  const factories: Record<string, (ctx: CommandContext) => Command> = {
    'multusNad.previewAtCursor': previewAtCursor,
    'multusNad.previewWorkspace': previewWorkspace,
    'multusNad.checkWorkspace': checkWorkspace,
    'multusNad.openClusterModel': () => openClusterModel,
    'multusNad.rewriteConfigAsBlock': () => rewriteConfigAsBlock,
    'multusNad.switchKubeContext': (c) => () => c.kubeContext.switchContext(),
    'multusNad.restartServer': (c) => () => c.server.restart(),
    'multusNad.showOutput': (c) => () => c.server.output.show(),
  };
  return Object.entries(factories).map(([id, factory]) => vscode.commands.registerCommand(id, factory(ctx)));
}

/** From a CodeLens (its document and position) or the palette (the active editor's cursor). */
function previewAtCursor(ctx: CommandContext) {
  return async (uri?: vscode.Uri, position?: vscode.Position): Promise<void> => {
    const editor = vscode.window.activeTextEditor;
    const target = uri ?? editor?.document.uri;
    const at = position ?? editor?.selection.active;
    if (!target || !at) {
      void vscode.window.showInformationMessage('Multus: open a NAD or a pod manifest and put the cursor on it.');
      return;
    }
    await ctx.previews.show({ kind: 'cursor', uri: target.toString(), line: at.line, character: at.character });
  };
}

function previewWorkspace(ctx: CommandContext) {
  return () => ctx.previews.show({ kind: 'workspace' });
}

const MAX_CHECKED_FILES = 5000;

// The server checks the documents it is sent, so opening every YAML file (without showing it)
// gets each one checked and its problems listed in the Problems panel.
function checkWorkspace(ctx: CommandContext) {
  return async (): Promise<number> => {
    if (!(await ctx.server.ensureStarted())) return 0;
    const files = await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/node_modules/**', MAX_CHECKED_FILES);
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Multus: checking manifests', cancellable: true },
      async (progress, token) => {
        for (const [index, file] of files.entries()) {
          if (token.isCancellationRequested) break;
          progress.report({ message: `${index + 1}/${files.length}`, increment: 100 / files.length });
          await vscode.workspace.openTextDocument(file);
        }
      },
    );
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    return files.length;
  };
}

async function openClusterModel(): Promise<void> {
  const configured = readSettings().clusterModel;
  const items = [
    {
      label: 'Embedded default cluster',
      description: 'master + node1, flannel 10.244.0.0/16',
      uri: EMBEDDED_CLUSTER_URI,
    },
    ...(configured
      ? [{ label: 'Configured cluster file', description: configured, uri: clusterFileUri(configured) }]
      : []),
    { label: 'Choose a cluster file…', description: 'sets multusNad.clusterModel for this workspace', uri: undefined },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Multus: cluster model' });
  if (!picked) return;
  const uri = picked.uri ?? (await chooseClusterFile());
  if (uri) await vscode.window.showTextDocument(uri, { preview: false });
}

function clusterFileUri(path: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return path.startsWith('/') || !folder ? vscode.Uri.file(path) : vscode.Uri.joinPath(folder.uri, path);
}

async function chooseClusterFile(): Promise<vscode.Uri | undefined> {
  const [uri] =
    (await vscode.window.showOpenDialog({
      canSelectMany: false,
      filters: { 'Cluster model': ['yaml', 'yml', 'json'] },
    })) ?? [];
  if (!uri) return undefined;
  const path = vscode.workspace.asRelativePath(uri, false);
  await vscode.workspace
    .getConfiguration('multusNad')
    .update('clusterModel', path, vscode.ConfigurationTarget.Workspace);
  return uri;
}

/**
 * Applies the server's "rewrite as a block scalar" code action for the spec.config at the cursor;
 * with the cursor elsewhere, asks for the whole document, which the server answers when the file
 * has one NAD to rewrite.
 */
async function rewriteConfigAsBlock(): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isYaml(editor.document)) return false;
  const { document } = editor;
  const wholeDocument = new vscode.Range(new vscode.Position(0, 0), document.positionAt(document.getText().length));
  const rewrite = (await blockRewriteAt(document, editor.selection)) ?? (await blockRewriteAt(document, wholeDocument));
  if (!rewrite) {
    void vscode.window.showInformationMessage(
      'Multus: put the cursor on the spec.config of a NAD written as a quoted or plain scalar.',
    );
    return false;
  }
  if (rewrite.edit) await vscode.workspace.applyEdit(rewrite.edit);
  if (rewrite.command)
    await vscode.commands.executeCommand(rewrite.command.command, ...(rewrite.command.arguments ?? []));
  return true;
}

async function blockRewriteAt(
  document: vscode.TextDocument,
  range: vscode.Range,
): Promise<vscode.CodeAction | undefined> {
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      range,
      vscode.CodeActionKind.RefactorRewrite.value,
    )) ?? [];
  return actions.find((action) => /block/i.test(action.title));
}
