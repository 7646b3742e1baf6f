import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { PreviewRequest, type PodPreviewResult } from '../../../server/src/protocol';
import {
  deletePod,
  podFromWorkload,
  takeSnapshot,
  tryPodOnCluster,
  type KubeObject,
  type PodState,
  type SnapshotDocument,
} from '../../../kube';
import { isYaml } from '../manifestSniffer';
import {
  connect,
  requireTrust,
  showFailure,
  unlessCancelled,
  type ClusterConnection,
  type ClusterDeps,
} from './clusterAccess';
import type { ComparisonDocuments } from './comparisonDocuments';
import { compareNetworkStatus, differenceLines, parseNetworkStatusText } from './networkStatusComparison';
import { targetLines } from './planReport';
import { SEED_POD_URI } from './seedPodDocument';
import { SEED_SAMPLEPOD, tryPodName, workloadAtOffset } from './tryPodSource';

export interface TryDeps extends ClusterDeps {
  readonly comparisons: ComparisonDocuments;
}

const POD_TIMEOUT_MS = 180_000;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

interface Source {
  readonly object: KubeObject;
  /** Where the server previews it: a document and a position inside the object. */
  readonly document: vscode.TextDocument;
  readonly position: vscode.Position;
  readonly label: string;
}

/** The workload at the cursor, else (after asking) the seed lab's samplepod as a read-only document. */
async function pickSource(): Promise<Source | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor && isYaml(editor.document)) {
    const found = workloadAtOffset(editor.document.getText(), editor.document.offsetAt(editor.selection.active));
    if (found) {
      return {
        object: found.object,
        document: editor.document,
        position: editor.document.positionAt(found.documentStart),
        label: `${found.object.kind} ${found.object.metadata.name}`,
      };
    }
  }
  const choice = await vscode.window.showInformationMessage(
    'Multus: the cursor is not on a pod or a workload. Try the seed lab\'s samplepod (it attaches NAD "macvlan-conf", which must exist in the namespace)?',
    { modal: true },
    'Use samplepod',
  );
  if (choice !== 'Use samplepod') return undefined;
  const document = await vscode.languages.setTextDocumentLanguage(
    await vscode.workspace.openTextDocument(SEED_POD_URI),
    'yaml',
  );
  return { object: SEED_SAMPLEPOD, document, position: new vscode.Position(0, 0), label: "the seed lab's samplepod" };
}

/** Our preview of the pod (the server's multus/preview) on the live model of the cluster, or why there is none. */
async function previewOf(
  deps: TryDeps,
  source: Source,
  live: SnapshotDocument,
  connection: ClusterConnection,
): Promise<PodPreviewResult | string> {
  const client = await deps.server.ensureStarted();
  if (!client) return 'the language server is not running';
  const result = await client.sendRequest(PreviewRequest, {
    textDocument: { uri: source.document.uri.toString() },
    position: { line: source.position.line, character: source.position.character },
    clusterModel: live,
  });
  connection.log(...(result?.modelNotes ?? []).map((note) => `  model: ${note}`));
  if (!result || result.subject.kind !== 'pod') return 'the server did not preview this object';
  const own = result.pods.find((pod) => pod.pod === `${result.subject.namespace}/${result.subject.name}`);
  if (!own) return 'the server did not preview this pod';
  return own.error ? `the preview says Multus would refuse the pod: ${own.error}` : own;
}

function pinnedTo(pod: KubeObject, node: string | undefined): KubeObject {
  return node ? { ...pod, spec: { ...(pod.spec as Record<string, unknown>), nodeName: node } } : pod;
}

function stateMessage(state: PodState): string {
  return `${state.phase}${state.node ? ` on ${state.node}` : ''}${state.waiting ? `: ${state.waiting}` : ''}`;
}

async function offerDelete(
  connection: ClusterConnection,
  namespace: string,
  name: string,
  message: string,
  warn: boolean,
): Promise<void> {
  const show = warn ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const choice = await show(connection.redact(message), 'Delete Pod', 'Keep Pod');
  if (choice !== 'Delete Pod') {
    connection.log(`kept pod ${namespace}/${name} (kubectl -n ${namespace} delete pod ${name} removes it)`);
    return;
  }
  await deletePod(connection.session, namespace, name);
  connection.log(`deleted pod ${namespace}/${name}`);
  void vscode.window.showInformationMessage(`Multus: deleted pod ${namespace}/${name}.`);
}

/**
 * "Multus: Try It on the Cluster": creates a pod from the workload at the cursor (or the seed lab's
 * samplepod) in a chosen namespace, waits until it runs, reads the network-status Multus wrote on it and
 * shows it beside our preview in a diff editor (MACs masked: they are random per pod), then offers to
 * delete the pod. True when the real network-status was read.
 */
export async function tryOnCluster(deps: TryDeps): Promise<boolean> {
  if (!requireTrust('creating pods on a cluster')) return false;
  if (!(await deps.kubeContext.requireAccess('Try It on the Cluster'))) return false;
  let connection: ClusterConnection | undefined;
  let action = 'open the kube context';
  let created: { namespace: string; name: string } | undefined;
  try {
    const source = await pickSource();
    if (!source) return false;
    connection = connect(deps);
    const { target } = connection.session;
    const namespace = await vscode.window.showInputBox({
      title: `Multus: Try It on the Cluster: namespace for a pod from ${source.label}`,
      prompt: `Context "${target.context}" (${target.server})`,
      value: source.object.metadata.namespace ?? target.namespace,
      validateInput: (value) => (DNS_LABEL.test(value) ? undefined : 'a namespace name (lower-case DNS label)'),
      ignoreFocusOut: true,
    });
    if (!namespace) return false;
    const name = tryPodName(source.object.metadata.name, randomBytes(3).toString('hex'));
    action = 'read the cluster for the preview';
    const live = await takeSnapshot(connection.session);
    const preview = await previewOf(deps, source, live, connection);
    // The pod goes where the preview placed it, so that the addresses compared come from the same node's store.
    const node = typeof preview === 'string' ? undefined : preview.node;
    const pod = pinnedTo(podFromWorkload(source.object, namespace, name), node);
    const header = [
      ...targetLines(target, namespace),
      ...(node ? [`Node:      ${node} (where the preview placed it)`] : []),
    ];
    const go = await vscode.window.showWarningMessage(
      `Create pod ${namespace}/${name} from ${source.label} in context "${target.context}"?`,
      {
        modal: true,
        detail: connection.redact(
          `${header.join('\n')}\n\nThe pod runs until it is deleted; you are asked at the end.`,
        ),
      },
      'Create Pod',
    );
    if (go !== 'Create Pod') return false;
    connection.log(
      '',
      `Multus: Try It on the Cluster (${new Date().toISOString()})`,
      ...header,
      `pod ${namespace}/${name} from ${source.label}`,
    );
    action = `create pod ${namespace}/${name}`;
    created = { namespace, name };
    const conn = connection;
    const state = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Multus: pod ${namespace}/${name}`, cancellable: true },
      (progress, token) =>
        unlessCancelled(
          tryPodOnCluster(conn.session, pod, {
            timeoutMs: POD_TIMEOUT_MS,
            onState: (s) => {
              conn.log(`  ${stateMessage(s)}`);
              if (!token.isCancellationRequested) progress.report({ message: stateMessage(s) });
            },
          }),
          token,
        ),
    );
    if (!state) {
      await offerDelete(
        conn,
        namespace,
        name,
        `Multus: stopped waiting for pod ${namespace}/${name}; it may still be starting.`,
        true,
      );
      return false;
    }
    if (state.timedOut || state.phase !== 'Running') {
      const why = state.timedOut ? `did not run within ${POD_TIMEOUT_MS / 1000} s` : `ended (${state.phase})`;
      await offerDelete(
        conn,
        namespace,
        name,
        `Multus: pod ${namespace}/${name} ${why}: ${stateMessage(state)}. kubectl -n ${namespace} describe pod ${name} says why.`,
        true,
      );
      return false;
    }
    if (!state.networkStatus) {
      await offerDelete(
        conn,
        namespace,
        name,
        `Multus: pod ${namespace}/${name} runs on ${state.node ?? '?'} but carries no k8s.v1.cni.cncf.io/network-status: Multus did not set up its network (is Multus running on that node? kubectl -n kube-system get pods -o wide).`,
        true,
      );
      return false;
    }
    await showComparison(deps, conn, namespace, name, state, preview);
    return true;
  } catch (error) {
    // Once the create was sent, the pod may exist: say how to remove it.
    const left = created
      ? [`The pod may exist: kubectl -n ${created.namespace} delete pod ${created.name} removes it.`]
      : [];
    showFailure(deps, error, connection, action, left);
    return false;
  }
}

async function showComparison(
  deps: TryDeps,
  connection: ClusterConnection,
  namespace: string,
  name: string,
  state: PodState,
  preview: PodPreviewResult | string,
): Promise<void> {
  const real = state.networkStatus ?? [];
  const base = `/${namespace}/${name}`;
  if (typeof preview === 'string') {
    const uri = deps.comparisons.put(`${base}/cluster-network-status.json`, `${JSON.stringify(real, null, 2)}\n`);
    await vscode.window.showTextDocument(uri, { preview: false });
    await offerDelete(
      connection,
      namespace,
      name,
      `Multus: pod ${namespace}/${name} runs on ${state.node ?? '?'}; no preview to compare with (${preview}).`,
      false,
    );
    return;
  }
  const comparison = compareNetworkStatus(parseNetworkStatusText(preview.networkStatus), real);
  const left = deps.comparisons.put(`${base}/preview-network-status.json`, comparison.previewText);
  const right = deps.comparisons.put(`${base}/cluster-network-status.json`, comparison.clusterText);
  await vscode.commands.executeCommand('vscode.diff', left, right, `network-status of ${name}: preview ↔ cluster`, {
    preview: false,
  });
  const lines = differenceLines(comparison.differences);
  connection.log(
    `network-status of ${namespace}/${name} (node ${state.node ?? '?'}), preview on the left, cluster on the right:`,
    ...(lines.length > 0 ? lines.map((l) => `  differs: ${l}`) : ['  the same']),
    '  MAC addresses are masked on both sides: the kernel picks them per pod, so they always differ.',
  );
  const masked =
    comparison.masked.length > 0 ? ' MAC addresses are masked: they are random per pod and always differ.' : '';
  const verdict =
    lines.length === 0
      ? 'matches the preview.'
      : `differs from the preview in ${lines.length} field(s) (${lines.slice(0, 2).join('; ')}${lines.length > 2 ? '; …' : ''}).`;
  await offerDelete(
    connection,
    namespace,
    name,
    `Multus: pod ${namespace}/${name} on ${state.node ?? '?'}: its network-status ${verdict}${masked} The preview ran on a snapshot of this cluster; its host-local addresses are approximated from the running pods.`,
    lines.length > 0,
  );
}
