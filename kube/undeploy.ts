// `multus-nad undeploy`: removes what `deploy` applied. The candidates are the objects of every install variant
// (thick, thin, flannel); of those, only the ones that exist and that our field manager applied are deleted, in
// reverse apply order (DaemonSets first, their pods waited away on every node; namespaces last), after a
// server-side dry run of each delete. The NAD CustomResourceDefinition -- and with it every
// NetworkAttachmentDefinition -- is deleted only with `purge`.
import { inApplyOrder } from './deploy';
import { ClusterError } from './errors';
import { installManifests, MANAGED_BY_LABEL, type Install } from './manifests';
import { NAD_CRD_NAME } from './manifests/multus';
import { describeObject, type KubeObject } from './manifests/types';
import { listAll } from './pagedList';
import type { ClusterSession } from './session';

export type UndeployAction = 'delete' | 'keep' | 'absent' | 'not-ours';

export interface UndeployItem {
  object: KubeObject;
  /** "DaemonSet kube-system/kube-multus-ds" */
  description: string;
  action: UndeployAction;
  note?: string;
}

export interface UndeployOptions {
  /** Also delete the NAD CRD, which deletes every NetworkAttachmentDefinition of the cluster. */
  purge?: boolean;
}

/** Every object any `deploy` variant applies, once each (the thick and thin installs differ in their ConfigMap). */
function deployedCandidates(): KubeObject[] {
  const variants: Install[] = [
    installManifests({ flavor: 'thick', withFlannel: true }),
    installManifests({ flavor: 'thin' }),
  ];
  const seen = new Map<string, KubeObject>();
  for (const object of variants.flatMap((v) => v.objects)) seen.set(describeObject(object), object);
  return [...seen.values()];
}

interface LiveObject {
  metadata?: { labels?: Record<string, string>; managedFields?: { manager?: string }[] };
}

/** Deploy's label, or (objects deployed before the label) our field manager among the object's managers. */
function appliedBy(live: LiveObject, fieldManager: string): boolean {
  const [key, value] = Object.entries(MANAGED_BY_LABEL)[0];
  if (live.metadata?.labels?.[key] === value) return true;
  return (live.metadata?.managedFields ?? []).some((f) => f.manager === fieldManager);
}

async function countNads(session: ClusterSession): Promise<number | undefined> {
  try {
    return (await listAll(session, '/apis/k8s.cni.cncf.io/v1/network-attachment-definitions')).length;
  } catch (e) {
    if (e instanceof ClusterError) return undefined;
    throw e;
  }
}

async function deleteObject(session: ClusterSession, object: KubeObject, dryRun: boolean): Promise<void> {
  const path = await session.discovery.pathOf(object);
  try {
    await session.client.request({
      method: 'DELETE',
      path,
      query: { propagationPolicy: 'Background', ...(dryRun ? { dryRun: 'All' } : {}) },
    });
  } catch (e) {
    if (e instanceof ClusterError && e.status === 404 && e.reason === 'NotFound') return;
    if (e instanceof ClusterError) e.subject ??= describeObject(object);
    throw e;
  }
}

async function planItem(session: ClusterSession, object: KubeObject, options: UndeployOptions): Promise<UndeployItem> {
  const description = describeObject(object);
  const live = await session.client.getOptional<LiveObject>(await session.discovery.pathOf(object));
  if (!live) return { object, description, action: 'absent' };
  if (!appliedBy(live, session.fieldManager))
    return { object, description, action: 'not-ours', note: 'not applied by multus-nad deploy: left alone' };
  if (object.kind === 'CustomResourceDefinition' && object.metadata.name === NAD_CRD_NAME && !options.purge) {
    const count = await countNads(session);
    const nads = count === undefined ? 'every NetworkAttachmentDefinition' : `${count} NetworkAttachmentDefinition(s)`;
    return { object, description, action: 'keep', note: `keeps ${nads}; --purge deletes the CRD and them` };
  }
  await deleteObject(session, object, true);
  return { object, description, action: 'delete' };
}

/** What undeploy would delete, keep, find absent or leave to another manager; each delete checked by a dry run. */
export async function planUndeploy(session: ClusterSession, options: UndeployOptions = {}): Promise<UndeployItem[]> {
  const order = inApplyOrder(deployedCandidates().map((object) => ({ object })))
    .map(({ object }) => object)
    .reverse();
  const items: UndeployItem[] = [];
  for (const object of order) items.push(await planItem(session, object, options));
  return items;
}

export function undeployLines(items: UndeployItem[]): string[] {
  const lines = ['Plan (server-side dry run of each delete):'];
  for (const item of items)
    lines.push(`  ${item.action.padEnd(9)} ${item.description}${item.note ? ` (${item.note})` : ''}`);
  const n = (action: UndeployAction) => items.filter((i) => i.action === action).length;
  lines.push(
    `Summary:   ${n('delete')} to delete, ${n('keep')} kept, ${n('absent')} absent, ${n('not-ours')} not applied by multus-nad`,
  );
  return lines;
}

/** The pods of a deleted DaemonSet still on a node (terminating or not yet noticed by the garbage collector). */
export interface RemainingPod {
  node: string;
  pod: string;
}

export interface UndeployEvents {
  onDeleted?: (item: UndeployItem) => void;
  /** The pods of a deleted DaemonSet that remain, each time the count changes. */
  onPodsLeft?: (daemonSet: string, pods: RemainingPod[]) => void;
}

export interface UndeployOutcome {
  deleted: UndeployItem[];
  failed?: { item: UndeployItem; error: ClusterError };
  notAttempted: UndeployItem[];
  /** DaemonSets whose pods did not all go within the timeout, with the pods left. */
  podsLeft: { daemonSet: string; pods: RemainingPod[] }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface PodList {
  items: { metadata: { name: string }; spec?: { nodeName?: string } }[];
}

/** Waits until no pod of the DaemonSet's selector remains in its namespace; the pods left at the deadline. */
async function waitForPodsGone(
  session: ClusterSession,
  daemonSet: KubeObject,
  timeoutMs: number,
  onPodsLeft?: UndeployEvents['onPodsLeft'],
): Promise<RemainingPod[]> {
  const selector = (daemonSet.spec as { selector?: { matchLabels?: Record<string, string> } }).selector;
  const labelSelector = Object.entries(selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const path = `/api/v1/namespaces/${daemonSet.metadata.namespace}/pods`;
  const deadline = Date.now() + timeoutMs;
  let lastCount = -1;
  for (;;) {
    const list = await session.client.request<PodList>({ method: 'GET', path, query: { labelSelector } });
    const left = list.items.map((p) => ({ node: p.spec?.nodeName ?? '(unscheduled)', pod: p.metadata.name }));
    if (left.length !== lastCount) onPodsLeft?.(describeObject(daemonSet), left);
    lastCount = left.length;
    if (left.length === 0 || Date.now() > deadline) return left;
    await sleep(250);
  }
}

/** Deletes the planned objects one by one; after each DaemonSet, waits for its pods to leave every node. */
export async function executeUndeploy(
  session: ClusterSession,
  items: UndeployItem[],
  options: UndeployEvents & { timeoutMs?: number } = {},
): Promise<UndeployOutcome> {
  const toDelete = items.filter((i) => i.action === 'delete');
  const outcome: UndeployOutcome = { deleted: [], notAttempted: [], podsLeft: [] };
  for (const [index, item] of toDelete.entries()) {
    try {
      await deleteObject(session, item.object, false);
      outcome.deleted.push(item);
      options.onDeleted?.(item);
      if (item.object.kind === 'DaemonSet') {
        const left = await waitForPodsGone(session, item.object, options.timeoutMs ?? 300_000, options.onPodsLeft);
        if (left.length) outcome.podsLeft.push({ daemonSet: item.description, pods: left });
      }
    } catch (e) {
      const error = e instanceof ClusterError ? e : new ClusterError({ kind: 'network', message: String(e) });
      error.subject ??= item.description;
      outcome.failed = { item, error };
      outcome.notAttempted = toDelete.slice(index + 1);
      return outcome;
    }
  }
  return outcome;
}
