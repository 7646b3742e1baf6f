// The nodes' readiness, as the seed lab checks it with `kubectl get nodes` (STATUS Ready) before and after
// installing Multus (multus-cni docs/quickstart.md).
import type { ClusterSession } from './session';

export interface NodeReadiness {
  name: string;
  ready: boolean;
  /** kubectl's STATUS column: Ready, NotReady or Unknown, plus ",SchedulingDisabled" when cordoned. */
  status: string;
  /** Taints with effect NoSchedule/NoExecute, as key=value:effect. */
  taints: string[];
}

interface NodeLike {
  metadata: { name: string };
  spec?: { unschedulable?: boolean; taints?: { key: string; value?: string; effect: string }[] };
  status?: { conditions?: { type: string; status: string }[] };
}

export async function listNodeReadiness(session: ClusterSession): Promise<NodeReadiness[]> {
  const list = await session.client.request<{ items: NodeLike[] }>({ method: 'GET', path: '/api/v1/nodes' });
  return list.items
    .map((node) => {
      const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
      const state = ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown';
      return {
        name: node.metadata.name,
        ready: state === 'Ready',
        status: node.spec?.unschedulable ? `${state},SchedulingDisabled` : state,
        taints: (node.spec?.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
