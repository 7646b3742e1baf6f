import * as vscode from 'vscode';
import { readYamlObjects } from '../../../engine';
import {
  applyPlan,
  isMultusInstalled,
  nadsToApply,
  planLines,
  planObjects,
  readNad,
  type AppliedItem,
  type KubeObject,
  type PlanItem,
  partialApplyLines,
} from '../../../kube';
import {
  connect,
  requireTrust,
  showFailure,
  unlessCancelled,
  type ClusterConnection,
  type ClusterDeps,
} from './clusterAccess';
import { openClusterNad } from './clusterNadDocuments';
import {
  appliedSummary,
  confirmationDetail,
  conflictLines,
  conflictManagers,
  hasConflicts,
  nothingToChange,
  targetLines,
} from './planReport';

/** Which NAD a CodeLens applies; without it, every NAD of the document. */
export interface ApplyTarget {
  readonly namespace?: string;
  readonly name: string;
}

export interface ApplyDeps extends ClusterDeps {
  /** Shows the cluster's NADs again after a change. */
  readonly refreshView: () => void;
}

function chosenNads(document: vscode.TextDocument, namespace: string, only?: ApplyTarget): KubeObject[] {
  const read = readYamlObjects(document.getText());
  if ('error' in read) throw new Error(`the YAML does not parse: ${read.error}`);
  const { nads } = nadsToApply(read.objects, namespace);
  return nads.filter(
    (nad) =>
      !only || (nad.metadata.name === only.name && (!only.namespace || nad.metadata.namespace === only.namespace)),
  );
}

async function plan(
  connection: ClusterConnection,
  nads: KubeObject[],
  force: boolean,
): Promise<PlanItem[] | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Multus: server-side dry run', cancellable: true },
    (_progress, token) => unlessCancelled(planObjects(connection.session, nads, { force }), token),
  );
}

/** Multus missing: say so, and offer the deploy. True when the user deployed it (the caller applies again). */
async function offerDeploy(connection: ClusterConnection): Promise<boolean> {
  const { target } = connection.session;
  connection.log(`Multus is not installed on context ${target.context} (k8s.cni.cncf.io/v1 is not served).`);
  const choice = await vscode.window.showErrorMessage(
    `Multus: Multus is not installed on context "${target.context}": the API group k8s.cni.cncf.io/v1 of NetworkAttachmentDefinitions is not served.`,
    {
      modal: true,
      detail: connection.redact(`${targetLines(target).join('\n')}\n\nnext: deploy Multus, then apply again.`),
    },
    'Deploy Multus…',
  );
  if (choice !== 'Deploy Multus…') return false;
  return (await vscode.commands.executeCommand<boolean>('multusNad.deployToCluster')) === true;
}

async function askToForce(connection: ClusterConnection, items: PlanItem[]): Promise<boolean> {
  const managers = conflictManagers(items)
    .map((m) => `"${m}"`)
    .join(', ');
  connection.log(`Conflicts with field manager ${managers}: nothing was changed.`, ...conflictLines(items));
  const choice = await vscode.window.showErrorMessage(
    `Multus: the apply would change fields that field manager ${managers} owns; nothing was changed.`,
    {
      modal: true,
      detail: connection.redact(
        [
          ...conflictLines(items),
          '',
          'next: change these fields with the tool that owns them, or take them over with "Force" (the plan is shown again before anything changes).',
        ].join('\n'),
      ),
    },
    'Force…',
  );
  return choice === 'Force…';
}

/**
 * "Apply to cluster": the document's NADs (or the one of the CodeLens) to the context of the status bar,
 * with the same safety as the deploy: the target and the server-side dry run in a modal, conflicts forced
 * only on request, every failure explained; when Multus is missing, the deploy is offered first.
 */
export async function applyNads(
  deps: ApplyDeps,
  document: vscode.TextDocument,
  only?: ApplyTarget,
  deployOffered = false,
): Promise<boolean> {
  if (!requireTrust('applying to a cluster')) return false;
  if (!(await deps.kubeContext.requireAccess('Apply to Cluster'))) return false;
  let connection: ClusterConnection | undefined;
  let action = 'plan the apply';
  try {
    connection = connect(deps);
    const { target, fieldManager } = connection.session;
    const nads = chosenNads(document, target.namespace, only);
    if (nads.length === 0) {
      void vscode.window.showWarningMessage('Multus: no NetworkAttachmentDefinition to apply here.');
      return false;
    }
    const namespaces = [...new Set(nads.map((n) => n.metadata.namespace ?? target.namespace))].join(', ');
    const header = targetLines(target, namespaces);
    connection.log('', `Multus: Apply to Cluster (${new Date().toISOString()})`, ...header);
    if (!(await isMultusInstalled(connection.session))) {
      // A deploy changes what the server serves: a new session rediscovers it.
      return !deployOffered && (await offerDeploy(connection)) && applyNads(deps, document, only, true);
    }
    let force = false;
    let items = await plan(connection, nads, force);
    if (!items) return false;
    if (hasConflicts(items)) {
      if (!(await askToForce(connection, items))) return false;
      force = true;
      items = await plan(connection, nads, force);
      if (!items) return false;
    }
    connection.log(...planLines(items, fieldManager));
    if (nothingToChange(items)) {
      connection.log('Nothing to change.');
      void vscode.window.showInformationMessage(
        `Multus: nothing to change: context "${target.context}" already has ${nads.length === 1 ? 'this NAD' : 'these NADs'} as written.`,
      );
      return true;
    }
    const verb = force ? 'Apply and Take Over Fields' : 'Apply';
    const go = await vscode.window.showWarningMessage(
      `Apply ${nads.length} NetworkAttachmentDefinition(s) to context "${target.context}"?`,
      { modal: true, detail: connection.redact(confirmationDetail(header, items, fieldManager)) },
      verb,
    );
    if (go !== verb) {
      connection.log('Cancelled: nothing was changed.');
      return false;
    }
    action = 'apply';
    const outcome = await applyPlan(connection.session, items, {
      force,
      onApplied: (a) => connection?.log(`${a.action} ${a.description}`),
    });
    deps.refreshView();
    if (outcome.failed) {
      showFailure(deps, outcome.failed.error, connection, 'apply', partialApplyLines(outcome, 'apply'));
      return false;
    }
    return await readBack(deps, connection, outcome.applied);
  } catch (error) {
    showFailure(deps, error, connection, action);
    return false;
  }
}

/** Reads each applied NAD back (the lab's `kubectl get`), and offers to open it. */
async function readBack(deps: ApplyDeps, connection: ClusterConnection, applied: AppliedItem[]): Promise<boolean> {
  const { session } = connection;
  const lines: string[] = [];
  let missing = 0;
  for (const { object: nad } of applied) {
    const ns = nad.metadata.namespace ?? session.target.namespace;
    const back = await readNad(session, ns, nad.metadata.name);
    if (!back) missing++;
    const config = (back?.spec as { config?: string } | undefined)?.config;
    lines.push(
      `read back ${ns}/${nad.metadata.name}: ${back ? `spec.config ${config?.length ?? 0} characters` : 'NOT FOUND'}`,
    );
  }
  connection.log(...lines);
  if (missing > 0) {
    void vscode.window.showErrorMessage(`Multus: applied, but ${missing} NAD(s) could not be read back.`, {
      modal: true,
      detail: connection.redact(lines.join('\n')),
    });
    return false;
  }
  const first = applied[0]?.object;
  void vscode.window
    .showInformationMessage(
      connection.redact(`Multus: applied to context "${session.target.context}": ${appliedSummary(applied)}.`),
      'Open from Cluster',
    )
    .then((choice) => {
      if (choice === 'Open from Cluster' && first)
        void openClusterNad(deps, {
          context: session.target.context,
          namespace: first.metadata.namespace ?? session.target.namespace,
          name: first.metadata.name,
        });
    });
  return true;
}
