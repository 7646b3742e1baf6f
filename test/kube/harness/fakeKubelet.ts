// Stands in for the kubelets of two nodes: registers the Node objects as Ready, marks every pod bound to one
// of them Running and Ready, and finishes graceful deletions (without that, a rolling update waits forever for
// the old pod to go; k8s-deploy.md §1.4). For pods that ask for extra networks it also writes a
// network-status annotation the way Multus would, so "try it on the cluster" has something real to read.
import { ClusterError } from '../../../kube/errors';
import type { ClusterSession } from '../../../kube/session';
import type { WatchHandle } from '../../../kube/transport';

const MERGE = 'application/merge-patch+json';

interface Pod {
  metadata: { name: string; namespace: string; deletionTimestamp?: string; annotations?: Record<string, string> };
  spec: { nodeName?: string; hostNetwork?: boolean; containers: { name: string; image: string }[] };
  status?: { conditions?: { type: string; status: string }[]; containerStatuses?: unknown[] };
}

export class FakeKubelet {
  private watch?: WatchHandle;
  private stopped = false;
  private loop?: Promise<void>;
  private queue: Promise<void> = Promise.resolve();
  readonly nodeIps: Map<string, string>;

  constructor(
    private readonly session: ClusterSession,
    readonly nodes: string[] = ['node-a', 'node-b'],
  ) {
    this.nodeIps = new Map(nodes.map((n, i) => [n, `192.168.100.${i + 10}`]));
  }

  async start(): Promise<void> {
    for (const node of this.nodes) await this.register(node);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.watch?.stop();
    await this.loop?.catch(() => undefined);
    await this.queue;
  }

  private async register(node: string): Promise<void> {
    const now = new Date().toISOString();
    await this.session.client.request({
      method: 'PATCH',
      path: `/api/v1/nodes/${node}`,
      query: { fieldManager: 'fake-kubelet' },
      contentType: 'application/apply-patch+yaml',
      body: {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name: node,
          labels: { 'kubernetes.io/hostname': node, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' },
        },
      },
    });
    // The TaintNodesByCondition admission plugin taints new nodes not-ready; the node lifecycle controller (not run
    // here, see controlPlane.ts) would lift it once the node reports Ready.
    await this.session.client.request({
      method: 'PATCH',
      path: `/api/v1/nodes/${node}`,
      contentType: MERGE,
      body: { spec: { taints: null } },
    });
    const resources = { cpu: '4', memory: '8Gi', pods: '110' };
    await this.session.client.request({
      method: 'PATCH',
      path: `/api/v1/nodes/${node}/status`,
      contentType: MERGE,
      body: {
        status: {
          capacity: resources,
          allocatable: resources,
          addresses: [
            { type: 'InternalIP', address: this.nodeIps.get(node) },
            { type: 'Hostname', address: node },
          ],
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'KubeletReady',
              message: 'fake kubelet',
              lastHeartbeatTime: now,
              lastTransitionTime: now,
            },
          ],
        },
      },
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const list = await this.session.client.request<{ metadata: { resourceVersion: string }; items: Pod[] }>({
          method: 'GET',
          path: '/api/v1/pods',
        });
        for (const pod of list.items) this.enqueue(pod);
        this.watch = await this.session.client.watch(
          '/api/v1/pods',
          { resourceVersion: list.metadata.resourceVersion },
          (event) => {
            if (event.type === 'ADDED' || event.type === 'MODIFIED') this.enqueue(event.object as unknown as Pod);
          },
        );
        await this.watch.done;
      } catch {
        if (!this.stopped) await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  private enqueue(pod: Pod): void {
    this.queue = this.queue.then(() => this.handle(pod)).catch(() => undefined);
  }

  private async handle(pod: Pod): Promise<void> {
    if (this.stopped) return;
    const node = pod.spec.nodeName;
    if (!node || !this.nodeIps.has(node)) return;
    const path = `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`;
    try {
      if (pod.metadata.deletionTimestamp) {
        await this.session.client.request({ method: 'DELETE', path, query: { gracePeriodSeconds: 0 } });
        return;
      }
      if ((pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')) return;
      if (pod.spec.containers.some((c) => c.image.includes('unpullable')))
        return await this.markImagePullBackOff(pod, path);
      await this.markRunning(pod, path, node);
    } catch (e) {
      // The pod may be gone by now; anything else is retried by the next event.
      if (!(e instanceof ClusterError && e.status === 404)) throw e;
    }
  }

  private podIp(pod: Pod, node: string): string {
    if (pod.spec.hostNetwork) return this.nodeIps.get(node) ?? '';
    const index = this.nodes.indexOf(node);
    const last = 2 + (parseInt(pod.metadata.name.replace(/[^0-9a-f]/g, '').slice(-4) || '0', 16) % 250);
    return `10.244.${index}.${last}`;
  }

  /** An image whose name says "unpullable" never starts, as a registry that does not have it. */
  private async markImagePullBackOff(pod: Pod, path: string): Promise<void> {
    if (pod.status?.containerStatuses?.length) return;
    await this.session.client.request({
      method: 'PATCH',
      path: `${path}/status`,
      contentType: MERGE,
      body: {
        status: {
          phase: 'Pending',
          conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }],
          containerStatuses: pod.spec.containers.map((c) => ({
            name: c.name,
            image: c.image,
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` } },
          })),
        },
      },
    });
  }

  private async markRunning(pod: Pod, path: string, node: string): Promise<void> {
    const now = new Date().toISOString();
    const podIP = this.podIp(pod, node);
    const requested = pod.metadata.annotations?.['k8s.v1.cni.cncf.io/networks'];
    if (requested && !pod.metadata.annotations?.['k8s.v1.cni.cncf.io/network-status']) {
      const networks = requested
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean);
      const status = [
        { name: 'cbr0', interface: 'eth0', ips: [podIP], default: true },
        ...networks.map((n, i) => ({
          name: n.includes('/') ? n : `${pod.metadata.namespace}/${n}`,
          interface: `net${i + 1}`,
          ips: [`192.168.1.${200 + i}`],
          mac: `0a:58:c0:a8:01:${(200 + i).toString(16)}`,
        })),
      ];
      await this.session.client.request({
        method: 'PATCH',
        path,
        contentType: MERGE,
        body: { metadata: { annotations: { 'k8s.v1.cni.cncf.io/network-status': JSON.stringify(status) } } },
      });
    }
    const condition = (type: string) => ({ type, status: 'True', lastTransitionTime: now });
    await this.session.client.request({
      method: 'PATCH',
      path: `${path}/status`,
      contentType: MERGE,
      body: {
        status: {
          phase: 'Running',
          hostIP: this.nodeIps.get(node),
          podIP,
          podIPs: [{ ip: podIP }],
          startTime: now,
          conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(condition),
          containerStatuses: pod.spec.containers.map((c) => ({
            name: c.name,
            image: c.image,
            imageID: '',
            containerID: `fake://${pod.metadata.name}/${c.name}`,
            ready: true,
            started: true,
            restartCount: 0,
            state: { running: { startedAt: now } },
          })),
        },
      },
    });
  }
}
