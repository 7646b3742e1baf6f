// The pods a live cluster runs with a networks annotation (a snapshot's `runningPods`), and what the preview says
// when the workspace's annotation of such a pod differs from the one the pod runs with.
import { asRecord } from '../json/jsonValue';
import type { ClusterModel, RunningPod } from './clusterModel';

/** `runningPods: [{ namespace, name, node, networks }]` of a cluster file. */
export function readRunningPods(raw: unknown): RunningPod[] | { error: string } {
  const pods: RunningPod[] = [];
  for (const [i, entry] of (Array.isArray(raw) ? raw : []).entries()) {
    const pod = asRecord(entry) ?? {};
    const { namespace, name, node, networks } = pod;
    if (typeof namespace !== 'string' || typeof name !== 'string' || typeof networks !== 'string')
      return { error: `runningPods[${i}] needs namespace, name and networks (strings)` };
    pods.push({ namespace, name, networks, ...(typeof node === 'string' ? { node } : {}) });
  }
  return pods;
}

/**
 * Multus reads the networks annotation only when the runtime creates the pod's sandbox (CNI ADD); editing it on a
 * running pod attaches or detaches nothing unless k8snetworkplumbingwg/multus-dynamic-networks-controller runs
 * (it watches pod updates and calls the thick Multus daemon to add or remove the changed networks).
 */
export function editedNetworksNote(
  cluster: ClusterModel,
  pod: { namespace: string; name: string },
  networks: string | undefined,
): string | undefined {
  const running = cluster.runningPods?.find((p) => p.namespace === pod.namespace && p.name === pod.name);
  if (!running || running.networks.trim() === (networks ?? '').trim()) return undefined;
  const where = running.node ? ` on node ${running.node}` : '';
  return `Pod ${pod.namespace}/${pod.name} runs${where} with networks "${running.networks}", not the workspace's: Multus reads the annotation only when the pod is created, so editing it on the running pod changes nothing unless multus-dynamic-networks-controller runs (github.com/k8snetworkplumbingwg/multus-dynamic-networks-controller); otherwise re-create the pod. This preview is what a new pod would get.`;
}
