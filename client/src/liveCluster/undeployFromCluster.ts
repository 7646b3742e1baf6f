import * as vscode from 'vscode';
import { executeUndeploy, planUndeploy, undeployLines, type UndeployItem, type UndeployOutcome } from '../../../kube';
import {
  connect,
  requireTrust,
  showFailure,
  unlessCancelled,
  type ClusterConnection,
  type ClusterDeps,
} from './clusterAccess';
import { targetLines } from './planReport';

async function pickPurge(context: string): Promise<boolean | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      {
        label: 'Keep NetworkAttachmentDefinitions',
        detail: 'removes Multus; the NAD CustomResourceDefinition and every NAD stay',
        purge: false,
      },
      {
        label: 'Purge',
        detail: 'also deletes the NAD CustomResourceDefinition, and with it every NetworkAttachmentDefinition',
        purge: true,
      },
    ],
    { title: `Multus: Remove from Cluster "${context}"`, ignoreFocusOut: true },
  );
  return picked?.purge;
}

function plan(connection: ClusterConnection, purge: boolean): Thenable<UndeployItem[] | undefined> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'Multus: planning the removal (server-side dry run)',
      cancellable: true,
    },
    (_progress, token) => unlessCancelled(planUndeploy(connection.session, { purge }), token),
  );
}

function execute(connection: ClusterConnection, items: UndeployItem[], timeoutMs: number): Thenable<UndeployOutcome> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Multus: removing' },
    (progress) =>
      executeUndeploy(connection.session, items, {
        timeoutMs,
        onDeleted: (item) => {
          connection.log(`deleted ${item.description}`);
          progress.report({ message: `deleted ${item.description}` });
        },
        onPodsLeft: (ds, pods) => {
          const left = pods.map((p) => `${p.node}: ${p.pod}`).join(', ') || 'none';
          connection.log(`  ${ds}: pods left ${left}`);
          progress.report({ message: `${ds}: pods left ${left}` });
        },
      }),
  );
}

function report(connection: ClusterConnection, deps: ClusterDeps, outcome: UndeployOutcome): boolean {
  if (outcome.failed) {
    const names = (list: { description: string }[]) => list.map((i) => i.description).join(', ') || 'none';
    showFailure(deps, outcome.failed.error, connection, 'undeploy', [
      `Deleted before the failure: ${names(outcome.deleted)}`,
      `Not attempted: ${names(outcome.notAttempted)}`,
      'Run "Multus: Remove from Cluster" again to finish (objects already gone are skipped).',
    ]);
    return false;
  }
  const left = outcome.podsLeft.map((l) => `${l.daemonSet}: ${l.pods.map((p) => `${p.node}: ${p.pod}`).join(', ')}`);
  if (left.length) {
    connection.log(...left.map((line) => `pods still on their nodes: ${line}`));
    void vscode.window.showWarningMessage(
      connection.redact(`Multus: pods are still on their nodes: ${left.join('; ')}`),
    );
    return false;
  }
  void vscode.window.showInformationMessage(
    `Multus: removed ${outcome.deleted.length} object(s) from context "${connection.session.target.context}"; every DaemonSet pod is gone.`,
  );
  return true;
}

/**
 * "Multus: Remove from Cluster": the CLI's `undeploy` with deploy's safety -- a plan from a server-side dry run,
 * a modal naming the context and every object, the deletes, then each DaemonSet's pods waited away. True when
 * everything planned was removed.
 */
export async function undeployFromCluster(deps: ClusterDeps): Promise<boolean> {
  if (!requireTrust('removing Multus from a cluster')) return false;
  if (!(await deps.kubeContext.requireAccess('Remove from Cluster'))) return false;
  let connection: ClusterConnection | undefined;
  try {
    connection = connect(deps);
    const { target } = connection.session;
    const purge = await pickPurge(target.context);
    if (purge === undefined) return false;
    const items = await plan(connection, purge);
    if (!items) return false;
    const lines = [...targetLines(target), ...undeployLines(items)];
    connection.log(`Multus: Remove from Cluster (${target.context})`, ...lines);
    const count = items.filter((i) => i.action === 'delete').length;
    if (count === 0) {
      void vscode.window.showInformationMessage(
        `Multus: nothing to remove: no object multus-nad deploy applied is on context "${target.context}".`,
      );
      return true;
    }
    const answer = await vscode.window.showWarningMessage(
      `Delete ${count} object(s) from context "${target.context}"?`,
      { modal: true, detail: connection.redact(lines.join('\n')) },
      'Remove',
    );
    if (answer !== 'Remove') return false;
    const seconds = vscode.workspace.getConfiguration('multusNad.deploy').get<number>('rolloutTimeoutSeconds', 300);
    return report(connection, deps, await execute(connection, items, Math.max(10, seconds) * 1000));
  } catch (error) {
    showFailure(deps, error, connection, 'undeploy');
    return false;
  }
}
