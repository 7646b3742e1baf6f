// Stands in for the kubelets of two nodes: registers the Node objects as Ready with a podCIDR each, starts every
// pod bound to one of them and finishes graceful deletions (without that, a rolling update waits forever for the
// old pod to go; k8s-deploy.md §1.4). A pod in the pod network gets its networks from the real CNI plugins
// (podNetworks.ts: the default network, then the NADs its annotation names, read from the API server) and the
// network-status Multus would write from their results; its podIP is what the default network handed out.
import { ClusterError } from '../../../kube/errors';
import type { ClusterSession } from '../../../kube/session';
import type { WatchHandle } from '../../../kube/transport';
import { NodeNetworks, requestedNetworks, type NetworkStatus } from './podNetworks';

const MERGE = 'application/merge-patch+json';

interface Pod {
  metadata: {
    name: string;
    namespace: string;
    uid?: string;
    deletionTimestamp?: string;
    annotations?: Record<string, string>;
  };
  spec: { nodeName?: string; hostNetwork?: boolean; containers: { name: string; image: string }[] };
  status?: { conditions?: { type: string; status: string }[]; containerStatuses?: unknown[] };
}

export class FakeKubelet {
  private watch?: WatchHandle;
  private stopped = false;
  private loop?: Promise<void>;
  private queue: Promise<void> = Promise.resolve();
  readonly nodeIps: Map<string, string>;
  /** The podCIDR each node is registered with (the controller-manager's node IPAM is not run). */
  readonly podCIDRs: Map<string, string>;
  private readonly networks = new Map<string, NodeNetworks>();
  /** Pods whose networks are attached, by namespace/name/uid, with the network-status written for them. */
  private readonly started = new Map<string, NetworkStatus[]>();

  constructor(
    private readonly session: ClusterSession,
    readonly nodes: string[] = ['node-a', 'node-b'],
  ) {
    this.nodeIps = new Map(nodes.map((n, i) => [n, `192.168.100.${i + 10}`]));
    this.podCIDRs = new Map(nodes.map((n, i) => [n, `10.244.${i}.0/24`]));
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
    for (const networks of this.networks.values()) networks.dispose();
    this.networks.clear();
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
        spec: { podCIDR: this.podCIDRs.get(node), podCIDRs: [this.podCIDRs.get(node)] },
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
            if (event.type === 'DELETED') this.enqueueGone(event.object as unknown as Pod);
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

  private enqueueGone(pod: Pod): void {
    this.queue = this.queue.then(() => this.detach(pod)).catch(() => undefined);
  }

  private static key(pod: Pod): string {
    return `${pod.metadata.namespace}/${pod.metadata.name}/${pod.metadata.uid ?? ''}`;
  }

  /** The pod's sandbox goes: CNI DEL on its node (host-local frees its addresses). */
  private detach(pod: Pod): void {
    const key = FakeKubelet.key(pod);
    if (!this.started.delete(key)) return;
    this.networks.get(pod.spec.nodeName ?? '')?.detach(key);
  }

  private nodeNetworks(node: string): NodeNetworks {
    let networks = this.networks.get(node);
    if (!networks) this.networks.set(node, (networks = new NodeNetworks(node, this.podCIDRs.get(node) ?? '')));
    return networks;
  }

  private async handle(pod: Pod): Promise<void> {
    if (this.stopped) return;
    const node = pod.spec.nodeName;
    if (!node || !this.nodeIps.has(node)) return;
    const path = `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`;
    try {
      if (pod.metadata.deletionTimestamp) {
        this.detach(pod);
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

  /** An image whose name says "unpullable" never starts, as a registry that does not have it. */
  private async markImagePullBackOff(pod: Pod, path: string): Promise<void> {
    if (pod.status?.containerStatuses?.length) return;
    await this.markWaiting(pod, path, 'ImagePullBackOff', `Back-off pulling image "${pod.spec.containers[0]?.image}"`);
  }

  /**
   * Attaches the pod's networks with the real plugins (once per pod) and writes the network-status from their
   * results; a failure leaves the pod waiting in ContainerCreating with the plugin's words, as a kubelet would.
   */
  private async startNetworks(pod: Pod, path: string, node: string): Promise<NetworkStatus[] | undefined> {
    const key = FakeKubelet.key(pod);
    const known = this.started.get(key);
    if (known) return known;
    let statuses: NetworkStatus[];
    try {
      const requested = requestedNetworks(
        pod.metadata.annotations?.['k8s.v1.cni.cncf.io/networks'],
        pod.metadata.namespace,
      );
      const nads = [];
      for (const network of requested) nads.push({ network, config: await this.nadConfig(network) });
      const networks = this.nodeNetworks(node);
      try {
        statuses = networks.attach(key, nads);
      } catch (e) {
        networks.detach(key);
        throw e;
      }
    } catch (e) {
      await this.markWaiting(pod, path, 'ContainerCreating', `failed to create pod sandbox: ${(e as Error).message}`);
      return undefined;
    }
    this.started.set(key, statuses);
    await this.session.client.request({
      method: 'PATCH',
      path,
      contentType: MERGE,
      body: {
        metadata: { annotations: { 'k8s.v1.cni.cncf.io/network-status': JSON.stringify(statuses, null, '    ') } },
      },
    });
    return statuses;
  }

  /** The NAD's spec.config, as Multus reads it from the API server. */
  private async nadConfig(network: { namespace: string; name: string }): Promise<Record<string, unknown>> {
    const nad = await this.session.client.getOptional<{ spec?: { config?: string } }>(
      `/apis/k8s.cni.cncf.io/v1/namespaces/${network.namespace}/network-attachment-definitions/${network.name}`,
    );
    if (!nad?.spec?.config)
      throw new Error(
        `cannot find a network-attachment-definition (${network.name}) in namespace (${network.namespace})`,
      );
    return JSON.parse(nad.spec.config) as Record<string, unknown>;
  }

  private async markWaiting(pod: Pod, path: string, reason: string, message: string): Promise<void> {
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
            state: { waiting: { reason, message } },
          })),
        },
      },
    });
  }

  private async markRunning(pod: Pod, path: string, node: string): Promise<void> {
    const now = new Date().toISOString();
    let podIP = this.nodeIps.get(node) ?? '';
    if (!pod.spec.hostNetwork) {
      const statuses = await this.startNetworks(pod, path, node);
      if (!statuses) return;
      podIP = statuses[0]?.ips?.[0] ?? '';
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
