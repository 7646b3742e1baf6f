import * as vscode from 'vscode';
import { parseAllDocuments } from 'yaml';
import {
  applyPlan,
  explain,
  formatExplanation,
  isMultusInstalled,
  nadsToApply,
  openSession,
  planLines,
  planObjects,
  type ClusterSession,
} from '../cluster/index';
import type { KubeContextStatus } from './kubeContextStatus';
import { readSettings } from './settings';

/** Which NAD a CodeLens applies; without it, every NAD of the document. */
export interface ApplyTarget {
  readonly namespace?: string;
  readonly name: string;
}

/**
 * Server-side applies the NADs of a document to the cluster of the chosen kube context, after a
 * modal confirmation that names the context, server and namespace and shows the plan. Only in a
 * trusted workspace: it talks to a cluster and may run the kubeconfig's exec credential plugin.
 */
export async function applyToCluster(
  kubeContext: KubeContextStatus,
  document: vscode.TextDocument,
  only?: ApplyTarget,
): Promise<boolean> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Multus: applying to a cluster is off in a restricted workspace.');
    return false;
  }
  const kubeconfig = readSettings().kubeconfig;
  let session: ClusterSession | undefined;
  try {
    session = openSession({
      ...(kubeconfig ? { paths: [kubeconfig] } : {}),
      ...(kubeContext.target() ? { context: kubeContext.target()?.name } : {}),
      allowExecPlugins: true,
    });
    return await planAndApply(session, document, only);
  } catch (error) {
    const lines = formatExplanation(
      explain(error, { ...(session ? { target: session.target } : {}), action: 'apply' }),
    );
    void vscode.window.showErrorMessage(`Multus: ${lines[0]}`, { modal: true, detail: lines.slice(1).join('\n') });
    return false;
  }
}

async function planAndApply(
  session: ClusterSession,
  document: vscode.TextDocument,
  only?: ApplyTarget,
): Promise<boolean> {
  const { target } = session;
  const objects = parseAllDocuments(document.getText()).map((doc) => doc.toJS() as unknown);
  const { nads } = nadsToApply(objects, target.namespace);
  const chosen = nads.filter(
    (nad) =>
      !only || (nad.metadata.name === only.name && (!only.namespace || nad.metadata.namespace === only.namespace)),
  );
  if (chosen.length === 0) {
    void vscode.window.showWarningMessage('Multus: no NetworkAttachmentDefinition to apply here.');
    return false;
  }
  if (!(await isMultusInstalled(session))) {
    void vscode.window.showErrorMessage(
      `Multus: Multus is not installed on ${target.context} (the API group k8s.cni.cncf.io/v1 is not served). Install it first with \`multus-nad deploy\`.`,
    );
    return false;
  }
  const items = await planObjects(session, chosen);
  const plan = planLines(items, session.fieldManager).join('\n');
  if (items.some((item) => item.action === 'conflict')) {
    void vscode.window.showErrorMessage(
      'Multus: the apply would take over fields another manager owns; nothing was changed.',
      {
        modal: true,
        detail: plan,
      },
    );
    return false;
  }
  if (items.every((item) => item.action === 'unchanged')) {
    void vscode.window.showInformationMessage('Multus: nothing to change, the cluster already has these NADs.');
    return true;
  }
  const go = await vscode.window.showWarningMessage(
    `Apply ${chosen.length} NetworkAttachmentDefinition(s) to context ${target.context} (${target.server}), namespace ${target.namespace}?`,
    { modal: true, detail: plan },
    'Apply',
  );
  if (go !== 'Apply') return false;
  const outcome = await applyPlan(session, items);
  if (outcome.failed) throw outcome.failed.error;
  const done = outcome.applied.map((applied) => `${applied.action} ${applied.description}`).join(', ');
  void vscode.window.showInformationMessage(`Multus: ${done || 'nothing changed'}.`);
  return true;
}
