// Watching a DaemonSet roll out, with kubectl's completion rule (kubectl/pkg/polymorphichelpers/rollout_status.go,
// DaemonSetStatusViewer, as in Kubernetes 1.20.2) and per-node progress from the DaemonSet's pods.
import { resourcePath } from './resources';
import type { ClusterSession } from './session';
import { watchUntil, type Obj } from './watchUntil';

export interface RolloutStatus {
  done: boolean;
  /** kubectl's wording: "Waiting for daemon set … rollout to finish: 1 of 2 updated pods are available...". */
  message: string;
  generation: number;
  observedGeneration: number;
  desired: number;
  updated: number;
  ready: number;
  available: number;
}

export interface NodeProgress {
  node: string;
  pod: string;
  ready: boolean;
  /** Runs the current pod template. */
  updated: boolean;
  image?: string;
  /** Why a container is not running yet: ImagePullBackOff, CrashLoopBackOff, PodInitializing, … */
  waiting?: string;
}

export interface RolloutProgress {
  daemonSet: string;
  status: RolloutStatus;
  nodes: NodeProgress[];
}

export type RolloutOutcome = 'complete' | 'no-nodes' | 'timeout';

export interface RolloutResult extends RolloutProgress {
  outcome: RolloutOutcome;
}

interface DaemonSetLike {
  metadata?: { name?: string; namespace?: string; generation?: number; annotations?: Record<string, string> };
  spec?: { updateStrategy?: { type?: string }; selector?: { matchLabels?: Record<string, string> } };
  status?: Record<string, number | undefined>;
}

/** kubectl's rule. JSON omits 0-valued status counters, so absent means 0 (k8s-deploy.md §2.4). */
export function daemonSetRolloutStatus(obj: Obj): RolloutStatus {
  const ds = obj as DaemonSetLike;
  const st = ds.status ?? {};
  const n = (key: string) => st[key] ?? 0;
  const base = {
    generation: ds.metadata?.generation ?? 0,
    observedGeneration: n('observedGeneration'),
    desired: n('desiredNumberScheduled'),
    updated: n('updatedNumberScheduled'),
    ready: n('numberReady'),
    available: n('numberAvailable'),
  };
  const name = ds.metadata?.name ?? '';
  const wait = (message: string): RolloutStatus => ({ ...base, done: false, message });
  if (ds.spec?.updateStrategy?.type !== 'RollingUpdate') {
    return wait(`rollout status is only available for the RollingUpdate strategy type`);
  }
  if (base.generation > base.observedGeneration) {
    return wait(`Waiting for daemon set spec update to be observed...`);
  }
  if (base.updated < base.desired) {
    return wait(
      `Waiting for daemon set "${name}" rollout to finish: ${base.updated} out of ${base.desired} new pods have been updated...`,
    );
  }
  if (base.available < base.desired) {
    return wait(
      `Waiting for daemon set "${name}" rollout to finish: ${base.available} of ${base.desired} updated pods are available...`,
    );
  }
  return { ...base, done: true, message: `daemon set "${name}" successfully rolled out` };
}

interface PodLike {
  metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string };
  spec: { nodeName?: string; containers: { image: string }[] };
  status?: {
    conditions?: { type: string; status: string }[];
    containerStatuses?: { state?: { waiting?: { reason?: string } } }[];
    initContainerStatuses?: { state?: { waiting?: { reason?: string } } }[];
  };
}

function waitingReason(pod: PodLike): string | undefined {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return statuses.map((s) => s.state?.waiting?.reason).find((r) => !!r);
}

/** The DaemonSet's pods by node; a pod is updated when it carries the DaemonSet's current template generation. */
export async function nodeProgress(session: ClusterSession, ds: Obj): Promise<NodeProgress[]> {
  const d = ds as DaemonSetLike;
  const selector = Object.entries(d.spec?.selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const templateGeneration = d.metadata?.annotations?.['deprecated.daemonset.template.generation'];
  const path = resourcePath({ apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true }, d.metadata?.namespace);
  const pods = await session.client.request<{ items: PodLike[] }>({
    method: 'GET',
    path,
    query: { labelSelector: selector },
  });
  return pods.items
    .filter((p) => p.spec.nodeName && !p.metadata.deletionTimestamp)
    .map((p) => ({
      node: p.spec.nodeName ?? '',
      pod: p.metadata.name,
      ready: (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
      updated:
        templateGeneration === undefined || p.metadata.labels?.['pod-template-generation'] === templateGeneration,
      image: p.spec.containers[0]?.image,
      waiting: waitingReason(p),
    }))
    .sort((a, b) => a.node.localeCompare(b.node));
}

export interface WatchRolloutOptions {
  timeoutMs?: number;
  /** Called with the DaemonSet's status and its pods per node whenever the DaemonSet changes. */
  onProgress?: (progress: RolloutProgress) => void;
}

/**
 * Watches the DaemonSet until kubectl's rule says it is rolled out, or the timeout. A rollout with
 * desiredNumberScheduled = 0 is "done" for kubectl; it is reported as outcome "no-nodes" here, since no node
 * then runs Multus.
 */
export async function watchRollout(
  session: ClusterSession,
  namespace: string,
  name: string,
  options: WatchRolloutOptions = {},
): Promise<RolloutResult> {
  const daemonSet = `${namespace}/${name}`;
  const collection = resourcePath(
    { apiVersion: 'apps/v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true },
    namespace,
  );
  let nodes: NodeProgress[] = [];
  const result = await watchUntil(
    session.client,
    collection,
    name,
    (obj) => {
      const status = daemonSetRolloutStatus(obj);
      return status.done ? status : undefined;
    },
    {
      timeoutMs: options.timeoutMs ?? 300_000,
      onObject: async (obj) => {
        nodes = await nodeProgress(session, obj);
        options.onProgress?.({ daemonSet, status: daemonSetRolloutStatus(obj), nodes });
      },
    },
  );
  const status = result.last
    ? daemonSetRolloutStatus(result.last)
    : { ...daemonSetRolloutStatus({}), message: `daemon set ${daemonSet} does not exist` };
  const outcome: RolloutOutcome = result.timedOut ? 'timeout' : status.desired === 0 ? 'no-nodes' : 'complete';
  return { daemonSet, status, nodes, outcome };
}
