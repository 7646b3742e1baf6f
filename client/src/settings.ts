import * as vscode from 'vscode';

/** The extension's settings (package.json `contributes.configuration`), read at the moment of use. */
export interface ClientSettings {
  /** A kubeconfig file chosen by the user; machine-scoped, ignored in a restricted workspace. */
  readonly kubeconfig?: string;
  /** A Node.js executable for the language server; machine-scoped, ignored in a restricted workspace. */
  readonly serverRuntime?: string;
  /** The cluster model file the preview places pods on; empty means the embedded default cluster. */
  readonly clusterModel?: string;
}

export const SECTION = 'multusNad';

export function readSettings(): ClientSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const trusted = vscode.workspace.isTrusted;
  // Each of these names a file or a program: a restricted workspace gets none of them.
  const path = (key: string): string | undefined => {
    const value = config.get<string>(key, '').trim();
    return value !== '' && trusted ? value : undefined;
  };
  return { kubeconfig: path('kubeconfig'), serverRuntime: path('server.runtime'), clusterModel: path('clusterModel') };
}
