// "Try it on the cluster": create a pod from a workload in the editor (or the seed lab's samplepod), wait until
// it runs, read the network-status Multus wrote on it, and delete it when the user is done.
import { podTemplateOf, type Json, type NetworkStatusEntry as PreviewNetworkStatusEntry } from '../engine';
import { ClusterError } from './errors';
import type { KubeObject } from './manifests/types';
import { resourcePath } from './resources';
import type { ClusterSession } from './session';
import { watchUntil } from './watchUntil';

/** Where Multus publishes the attachments it made (multi-net-spec; Multus pkg/types). */
export const NETWORK_STATUS_ANNOTATION = 'k8s.v1.cni.cncf.io/network-status';

/**
 * An entry as a cluster's Multus wrote it: the fields of the entry the preview makes, any of them
 * absent, plus whatever else that Multus version adds (device-info, ...).
 */
export type NetworkStatusEntry = Partial<PreviewNetworkStatusEntry> & { name: string; [key: string]: unknown };

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface PodState {
  pod: KubeObject;
  phase: PodPhase;
  ready: boolean;
  node?: string;
  /** Why it is not running yet: the first container waiting reason, or the PodScheduled condition message. */
  waiting?: string;
  networkStatus?: NetworkStatusEntry[];
}

const podsIn = (namespace: string) =>
  resourcePath({ apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true }, namespace);

/** The parsed network-status annotation; undefined when Multus has not written it (yet). */
export function readNetworkStatus(pod: KubeObject): NetworkStatusEntry[] | undefined {
  const text = pod.metadata.annotations?.[NETWORK_STATUS_ANNOTATION];
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? (parsed as NetworkStatusEntry[]) : undefined;
  } catch {
    return undefined;
  }
}

interface PodFields {
  spec?: { nodeName?: string };
  status?: {
    phase?: PodPhase;
    conditions?: { type: string; status: string; message?: string }[];
    containerStatuses?: { state?: { waiting?: { reason?: string; message?: string } } }[];
  };
}

export function podState(pod: KubeObject): PodState {
  const p = pod as KubeObject & PodFields;
  const conditions = p.status?.conditions ?? [];
  const waiting = (p.status?.containerStatuses ?? []).map((c) => c.state?.waiting?.reason).find((r) => !!r);
  const unscheduled = conditions.find((c) => c.type === 'PodScheduled' && c.status === 'False')?.message;
  return {
    pod,
    phase: p.status?.phase ?? 'Pending',
    ready: conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    node: p.spec?.nodeName,
    waiting: waiting ?? unscheduled,
    networkStatus: readNetworkStatus(pod),
  };
}

/** A pod object for `namespace` from a Pod or a workload's pod template (Deployment, DaemonSet, Job, …). */
export function podFromWorkload(workload: KubeObject, namespace: string, name?: string): KubeObject {
  if (workload.kind === 'Pod') {
    const metadata = { ...workload.metadata, namespace, name: name ?? workload.metadata.name };
    return { apiVersion: 'v1', kind: 'Pod', metadata, spec: workload.spec };
  }
  const template = podTemplateOf(workload as unknown as Json) as
    { metadata?: KubeObject['metadata']; spec?: unknown } | undefined;
  if (!template?.spec)
    throw new ClusterError({
      kind: 'config',
      message: `${workload.kind} ${workload.metadata.name} has no pod template`,
    });
  const metadata = {
    labels: template.metadata?.labels,
    annotations: template.metadata?.annotations,
    namespace,
    name: name ?? `${workload.metadata.name}-try`,
  };
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: template.spec };
}

/** Creates the pod (POST: an existing pod of that name is a 409 AlreadyExists, never overwritten). */
export async function createPod(session: ClusterSession, pod: KubeObject): Promise<KubeObject> {
  return session.client.request<KubeObject>({
    method: 'POST',
    path: podsIn(pod.metadata.namespace ?? session.target.namespace),
    query: { fieldManager: session.fieldManager },
    body: pod,
  });
}

/**
 * Waits until the pod is Running and Ready (or has ended), calling onState on every change.
 * `timedOut` is set when neither happened in time.
 */
export async function waitForPodRunning(
  session: ClusterSession,
  namespace: string,
  name: string,
  options: { timeoutMs?: number; onState?: (state: PodState) => void } = {},
): Promise<PodState & { timedOut: boolean }> {
  const result = await watchUntil(
    session.client,
    podsIn(namespace),
    name,
    (obj) => {
      const state = podState(obj as KubeObject);
      const settled =
        (state.phase === 'Running' && state.ready) || state.phase === 'Succeeded' || state.phase === 'Failed';
      return settled ? state : undefined;
    },
    { timeoutMs: options.timeoutMs ?? 120_000, onObject: (obj) => options.onState?.(podState(obj as KubeObject)) },
  );
  if (result.value) return { ...result.value, timedOut: false };
  if (!result.last)
    throw new ClusterError({ kind: 'http', status: 404, reason: 'NotFound', message: `pods "${name}" not found` });
  return { ...podState(result.last as KubeObject), timedOut: true };
}

/** Deletes the pod; a pod that is already gone counts as deleted. */
export async function deletePod(
  session: ClusterSession,
  namespace: string,
  name: string,
  gracePeriodSeconds?: number,
): Promise<void> {
  try {
    await session.client.request({
      method: 'DELETE',
      path: `${podsIn(namespace)}/${encodeURIComponent(name)}`,
      query: { gracePeriodSeconds },
    });
  } catch (e) {
    if (e instanceof ClusterError && e.status === 404 && e.reason === 'NotFound') return;
    throw e;
  }
}

/** Creates the pod, waits for it to run and returns its state with the network-status Multus wrote. */
export async function tryPodOnCluster(
  session: ClusterSession,
  pod: KubeObject,
  options: { timeoutMs?: number; onState?: (state: PodState) => void } = {},
): Promise<PodState & { timedOut: boolean }> {
  const created = await createPod(session, pod);
  return waitForPodRunning(
    session,
    created.metadata.namespace ?? session.target.namespace,
    created.metadata.name,
    options,
  );
}
