import type { Toleration } from '../manifest/kubernetesObjects';
import type { ClusterModel, ClusterNode, NodeTaint } from './clusterModel';

export interface PodPlacementRequest {
  readonly nodeName?: string;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
}

export type Placement = { node: ClusterNode } | { error: string };

/**
 * Places a pod: `nodeName` binds directly (the scheduler is bypassed, as in Kubernetes);
 * otherwise the first node, in cluster order, whose labels match `nodeSelector` and whose
 * NoSchedule/NoExecute taints are all tolerated.
 */
export function placePod(cluster: ClusterModel, pod: PodPlacementRequest): Placement {
  if (pod.nodeName) {
    const node = cluster.nodes.find((n) => n.name === pod.nodeName);
    return node ? { node } : { error: `node "${pod.nodeName}" is not in the cluster model` };
  }
  const node = cluster.nodes.find((n) => schedulable(n, pod));
  if (node) return { node };
  return {
    error: `0/${cluster.nodes.length} nodes are available: no node matches the pod's nodeSelector and tolerations`,
  };
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
