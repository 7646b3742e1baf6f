// Which pod "Try It on the Cluster" creates: the workload at the cursor (a Pod, or a workload's pod
// template), else the seed lab's samplepod; and a name that cannot collide with the user's own pods.
// No vscode import: tested in test/client.
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../../kube';

const WORKLOAD_KINDS = new Set(['Pod', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob']);

/**
 * Where the seed lab's samplepod is served as a read-only document (liveCluster/seedPodDocument.ts):
 * never an untitled document, which would stay behind dirty, ask to be saved and count as a pod.
 */
export const SEED_POD_SCHEME = 'multus-nad-seed';

/** The seed lab's samplepod (examples/seed-lab/samplepod.yaml): one macvlan-conf attachment, an idle alpine. */
export const SEED_SAMPLEPOD: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'samplepod', annotations: { 'k8s.v1.cni.cncf.io/networks': 'macvlan-conf' } },
  spec: {
    containers: [
      {
        name: 'samplepod',
        command: ['/bin/ash', '-c', 'trap : TERM INT; sleep infinity & wait'],
        image: 'alpine',
      },
    ],
  },
};

export interface WorkloadAtCursor {
  readonly object: KubeObject;
  /** Offset of the YAML document's start, where the server's preview is asked. */
  readonly documentStart: number;
}

/** The Pod or workload whose YAML document contains `offset`; undefined when the cursor is on anything else. */
export function workloadAtOffset(text: string, offset: number): WorkloadAtCursor | undefined {
  for (const doc of parseAllDocuments(text)) {
    const range = doc.contents?.range;
    if (!range || offset < doc.range[0] || offset > doc.range[2]) continue;
    if (doc.errors.length > 0) return undefined;
    const object = doc.toJS() as Partial<KubeObject> | null;
    if (!object || typeof object !== 'object' || !WORKLOAD_KINDS.has(object.kind ?? '') || !object.metadata?.name)
      return undefined;
    return { object: object as KubeObject, documentStart: range[0] };
  }
  return undefined;
}

/** "<base>-try-<suffix>", cut to the 63 characters of a DNS label (the suffix kept, no dash at the cut). */
export function tryPodName(base: string, suffix: string): string {
  const tail = `-try-${suffix}`;
  const head = base.slice(0, 63 - tail.length).replace(/[-.]+$/, '');
  return `${head}${tail}`;
}
