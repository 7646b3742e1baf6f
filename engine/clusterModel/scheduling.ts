import type { Toleration } from '../manifest/kubernetesObjects';
import type { ClusterModel, ClusterNode, NodeTaint } from './clusterModel';

export interface PodPlacementRequest {
  readonly nodeName?: string;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
}

/** `missingNode`: the pod names a node the model does not list (the model's limit, not the scheduler's verdict). */
/** The well-known label every node carries with its own name (k8s.io/api core/v1 well_known_labels.go LabelHostname). */
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

export type Placement = { node: ClusterNode } | { error: string; missingNode?: string };

/**
 * Places a pod: `nodeName` binds directly (the scheduler is bypassed, as in Kubernetes);
 * otherwise the first node, in cluster order, whose labels match `nodeSelector` and whose
 * NoSchedule/NoExecute taints are all tolerated.
 */
export function placePod(cluster: ClusterModel, pod: PodPlacementRequest): Placement {
  if (pod.nodeName) {
    const node = cluster.nodes.find((n) => n.name === pod.nodeName);
    if (node) return { node };
    return { error: `node "${pod.nodeName}" is not in the cluster model`, missingNode: pod.nodeName };
  }
  const node = cluster.nodes.find((n) => schedulable(n, pod));
  if (node) return { node };
  // A selector on a hostname the model does not list is the model's limit, like a nodeName.
  const hostname = pod.nodeSelector[HOSTNAME_LABEL];
  if (hostname !== undefined && !cluster.nodes.some((n) => n.name === hostname))
    return { error: `node "${hostname}" is not in the cluster model`, missingNode: hostname };
  return { error: unschedulableMessage(cluster, pod) };
}

/**
 * The scheduler's FitError text (k8s.io/kubernetes pkg/scheduler/framework/types.go): reasons
 * counted per node and sorted, e.g. `0/2 nodes are available: 1 node(s) didn't match Pod's node
 * affinity/selector, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }.`
 */
function unschedulableMessage(cluster: ClusterModel, pod: PodPlacementRequest): string {
  const counts = new Map<string, number>();
  for (const node of cluster.nodes) {
    const reason = rejection(node, pod);
    if (reason) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const reasons = [...counts].map(([reason, count]) => `${count} ${reason}`).sort();
  return `0/${cluster.nodes.length} nodes are available: ${reasons.join(', ')}.`;
}

function rejection(node: ClusterNode, pod: PodPlacementRequest): string | undefined {
  const cordoned = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const };
  if (node.unschedulable && !pod.tolerations.some((toleration) => tolerates(toleration, cordoned))) {
    return 'node(s) were unschedulable';
  }
  if (!Object.entries(pod.nodeSelector).every(([key, value]) => node.labels[key] === value)) {
    return "node(s) didn't match Pod's node affinity/selector";
  }
  const taint = node.taints.find(
    (t) => t.effect !== 'PreferNoSchedule' && !pod.tolerations.some((toleration) => tolerates(toleration, t)),
  );
  return taint ? `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}` : undefined;
}

export function schedulable(node: ClusterNode, pod: PodPlacementRequest): boolean {
  const cordoned = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const };
  if (node.unschedulable && !pod.tolerations.some((toleration) => tolerates(toleration, cordoned))) return false;
  const selected = Object.entries(pod.nodeSelector).every(([key, value]) => node.labels[key] === value);
  const tolerated = node.taints
    .filter((taint) => taint.effect !== 'PreferNoSchedule')
    .every((taint) => pod.tolerations.some((toleration) => tolerates(toleration, taint)));
  return selected && tolerated;
}

/** Toleration matching as in k8s.io/api core/v1 toleration.go ToleratesTaint. */
function tolerates(toleration: Toleration, taint: NodeTaint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  if (!toleration.key) return false;
  return (toleration.value ?? '') === (taint.value ?? '');
}
