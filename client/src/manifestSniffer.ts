import type * as vscode from 'vscode';

// A cheap look for "is this one of ours", used only to decide when to start the server and
// show our UI; every real check is the server's.
const NAD_KIND = /^\s*kind:\s*["']?NetworkAttachmentDefinition\b/m;
const NETWORK_ANNOTATIONS = /k8s\.v1\.cni\.cncf\.io\/networks\b/;

export function isYaml(document: vscode.TextDocument): boolean {
  return document.languageId === 'yaml' && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled');
}

/** True for a YAML document holding a NAD or a pod/workload with the Multus networks annotation. */
export function looksLikeMultusManifest(document: vscode.TextDocument): boolean {
  // `helm`: the language id the Kubernetes extension gives chart templates (the server reads their actions as placeholders).
  if (!isYaml(document) && !(document.languageId === 'helm' && document.uri.scheme === 'file')) return false;
  const text = document.getText();
  return NAD_KIND.test(text) || NETWORK_ANNOTATIONS.test(text);
}
